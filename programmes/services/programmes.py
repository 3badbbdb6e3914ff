"""Programmes: created from the template, planned, agreed, extended, completed (Regulation §1.2, §7)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.choices import CompletionReason
from mentoring.constraints import constraint_errors
from mentoring.models import MentoringGroup, Person
from mentoring.permissions import require_manager
from mentoring.services.consents import ensure_valid_consent
from mentoring.services.groups import group_complete

from ..models import (
    Programme,
    ProgrammeActivity,
    ProgrammeChange,
    ProgrammeTemplate,
    PublishPart,
)
from ..permissions import ensure_can_edit_group_work
from .common import (
    NOTE_FIELDS,
    _d,
    _ensure_mutual_consent,
    _ensure_open_programme,
    _record_change,
    add_months,
    current_members,
    programme_period_check,
)
from .feedback import feedback_requests_sync

# --- Programmes ---------------------------------------------------------------------------------------------


@transaction.atomic
def programme_create_from_template(
    *,
    group: MentoringGroup,
    by,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    template: ProgrammeTemplate | None = None,
) -> Programme:
    """Start the group's programme from the school's template, as a draft the mentor and curator complete."""
    ensure_can_edit_group_work(by, group)
    group = MentoringGroup.objects.select_for_update().get(pk=group.pk)
    if not group.is_open:
        raise ValidationError(_("This pair or group has ended; a programme cannot be started for it."))
    if Programme.objects.filter(group=group).exists():
        raise ValidationError(_("This pair or group already has a programme."))
    for membership in current_members(group):
        ensure_valid_consent(membership.person)
    if template is None:
        from ..selectors import template_for_form

        template = template_for_form(group.form)  # issue 15 §5: the template of the pair's form
    if template is None:
        raise ValidationError(_("There is no programme template yet: the curator creates one first."))
    end_date = end_date or add_months(start_date, template.months)
    programme_period_check(start_date, end_date)
    programme = Programme(
        group=group,
        template=template,
        start_date=start_date,
        end_date=end_date,
        status=Programme.Status.DRAFT,
        **{name: getattr(template, name) for name in NOTE_FIELDS},
    )
    programme.full_clean()
    programme.save()
    ProgrammeActivity.objects.bulk_create(activities_from_template(programme, template))
    return programme


def activities_from_template(programme: Programme, template: ProgrammeTemplate) -> list[ProgrammeActivity]:
    """The programme's plan copied from the template (unsaved): each activity due in its week counted from the
    programme's start, never past its end."""
    return [
        ProgrammeActivity(
            programme=programme,
            direction=a.direction,
            title=a.title,
            expected_result=a.expected_result,
            due_date=min(programme.start_date + datetime.timedelta(weeks=a.week), programme.end_date),
            position=a.position,
        )
        for a in template.activities.all()
    ]


@transaction.atomic
def programme_update(*, programme: Programme, by, **fields) -> Programme:
    """Edit the explanatory note and the period while the programme is a draft."""
    ensure_can_edit_group_work(by, programme.group)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status != Programme.Status.DRAFT:
        raise ValidationError(
            _("The programme is agreed: change it by mutual consent (extension or change of the plan).")
        )
    unknown = set(fields) - set(NOTE_FIELDS) - {"start_date", "end_date"}
    if unknown:
        raise ValueError(f"not editable: {unknown}")
    for name, value in fields.items():
        setattr(programme, name, value)
    programme_period_check(programme.start_date, programme.end_date)
    programme.full_clean()
    with constraint_errors():
        programme.save()
    return programme


def _validate_activity(programme: Programme, row: dict) -> None:
    due = row.get("due_date")
    if due and not programme.start_date <= due <= programme.effective_end:
        raise ValidationError(
            _("«%(title)s»: the due date must fall within the programme, %(start)s – %(end)s.")
            % {"title": row.get("title", ""), "start": _d(programme.start_date), "end": _d(programme.effective_end)}
        )


@transaction.atomic
def programme_plan_save(
    *,
    programme: Programme,
    by,
    rows: list[dict],
    agreed: list[Person] | None = None,
    agreed_on: datetime.date | None = None,
    note: str = "",
) -> list[ProgrammeActivity]:
    """Save the plan of activities. A draft changes freely; an agreed plan changes by mutual consent (§7.2).

    Each row: {"id": pk or None, "delete": bool, "direction", "title", "due_date", "expected_result", "position"}.
    """
    ensure_can_edit_group_work(by, programme.group)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    _ensure_open_programme(programme)
    existing = {a.pk: a for a in programme.activities.all()}
    added, changed, removed = [], [], []
    for row in rows:
        activity = existing.get(row.get("id")) if row.get("id") else None
        if row.get("id") and activity is None:
            raise ValidationError(_("An activity of another programme cannot be changed here."))
        if row.get("delete"):
            if activity is not None:
                removed.append(activity)
            continue
        _validate_activity(programme, row)
        values = {k: row.get(k) for k in ("direction", "title", "due_date", "expected_result", "position")}
        values["expected_result"] = values["expected_result"] or ""
        values["position"] = values["position"] or 0
        if activity is None:
            activity = ProgrammeActivity(programme=programme, **values)
            added.append(activity)
        elif any(getattr(activity, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(activity, k, v)
            changed.append(activity)
        else:
            continue
        activity.full_clean()
    if not (added or changed or removed):
        return list(programme.activities.all())
    if programme.status == Programme.Status.AGREED:
        who = _ensure_mutual_consent(programme.group, agreed or [])
        if agreed_on is None:
            raise ValidationError({"agreed_on": _("Give the date the change was agreed.")})
        parts = [
            *[_("added: %(title)s") % {"title": a.title} for a in added],
            *[_("changed: %(title)s") % {"title": a.title} for a in changed],
            *[_("removed: %(title)s") % {"title": a.title} for a in removed],
        ]
        description = "; ".join(parts) + (f". {note.strip()}" if note.strip() else "")
        _record_change(
            programme=programme,
            kind=ProgrammeChange.Kind.PLAN,
            description=description,
            agreed=who,
            agreed_on=agreed_on,
            by=by,
        )
    for activity in added + changed:
        activity.save()
    ProgrammeActivity.objects.filter(pk__in=[a.pk for a in removed]).delete()
    return list(programme.activities.all())


@transaction.atomic
def programme_agree(*, programme: Programme, by, on: datetime.date | None = None) -> Programme:
    """The curator marks the draft agreed: from then on changes need mutual consent."""
    require_manager(by)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status != Programme.Status.DRAFT:
        raise ValidationError(_("Only a draft programme can be agreed."))
    if not programme.activities.exists():
        raise ValidationError(_("Add at least one activity to the plan before agreeing the programme."))
    for membership in current_members(programme.group):
        ensure_valid_consent(membership.person)
    programme_period_check(programme.start_date, programme.end_date)
    programme.status = Programme.Status.AGREED
    programme.agreed_on = on or timezone.localdate()
    programme.full_clean()
    programme.save()
    return programme


@transaction.atomic
def programme_extend(
    *,
    programme: Programme,
    by,
    new_end: datetime.date,
    agreed: list[Person],
    agreed_on: datetime.date,
    reason: str,
) -> ProgrammeChange:
    """Regulation §7.2: the period is extended by mutual consent of the mentor and the mentee(s)."""
    ensure_can_edit_group_work(by, programme.group)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status != Programme.Status.AGREED:
        raise ValidationError(_("Only an agreed programme is extended; in a draft, change the end date."))
    previous = programme.effective_end
    if new_end <= previous:
        raise ValidationError({"new_end": _("The new end must be after %(date)s.") % {"date": _d(previous)}})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the programme is extended.")})
    who = _ensure_mutual_consent(programme.group, agreed)
    programme.extended_until = new_end
    programme.full_clean()
    programme.save(update_fields=["extended_until", "updated_at"])
    return _record_change(
        programme=programme,
        kind=ProgrammeChange.Kind.EXTENSION,
        description=reason.strip(),
        agreed=who,
        agreed_on=agreed_on,
        by=by,
        previous_end=previous,
        new_end=new_end,
    )


@transaction.atomic
def activity_set_status(
    *, activity: ProgrammeActivity, by, status: str, on: datetime.date | None = None
) -> ProgrammeActivity:
    """The mentor (or curator) marks the progress of an activity of an agreed programme."""
    ensure_can_edit_group_work(by, activity.programme.group)
    activity = ProgrammeActivity.objects.select_for_update().select_related("programme").get(pk=activity.pk)
    if activity.programme.status != Programme.Status.AGREED:
        raise ValidationError(_("Progress is marked once the curator has agreed the programme."))
    if status not in ProgrammeActivity.Status.values:
        raise ValidationError(_("Unknown status."))
    activity.status = status
    activity.done_on = (on or timezone.localdate()) if status == ProgrammeActivity.Status.DONE else None
    activity.full_clean()
    activity.save(update_fields=["status", "done_on"])
    return activity


@transaction.atomic
def programme_report_submit(*, programme: Programme, by, mentor_report: str, results_summary: str) -> Programme:
    """The mentor's short report and the results achieved, before the curator completes the programme."""
    ensure_can_edit_group_work(by, programme.group)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status != Programme.Status.AGREED:
        raise ValidationError(_("The report is written for an agreed programme that is under way."))
    programme.mentor_report = mentor_report.strip()
    programme.results_summary = results_summary.strip()
    programme.full_clean()
    programme.save(update_fields=["mentor_report", "results_summary", "updated_at"])
    return programme


def plan_unfinished(programme: Programme) -> list[ProgrammeActivity]:
    """The plan's activities neither done nor cancelled."""
    return list(
        programme.activities.exclude(
            status__in=[ProgrammeActivity.Status.DONE, ProgrammeActivity.Status.CANCELLED]
        ).order_by("due_date", "pk")
    )


@transaction.atomic
def programme_complete(
    *, programme: Programme, by, on: datetime.date | None = None, unfinished_confirmed: bool = False
) -> Programme:
    """Regulation §7.1: the plan is done; the group completes and satisfaction questionnaires become due.

    A plan not done yet may still be completed (§7.1 lets the curator end it), but only once that is confirmed.
    """
    require_manager(by)
    programme = Programme.objects.select_for_update().select_related("group").get(pk=programme.pk)
    on = on or timezone.localdate()
    if programme.status != Programme.Status.AGREED:
        raise ValidationError(_("Only an agreed programme under way can be completed."))
    if not programme.mentor_report or not programme.results_summary:
        raise ValidationError(_("The mentor's report and the results achieved are needed to complete the programme."))
    left = plan_unfinished(programme)
    if left and not unfinished_confirmed:
        counted = programme.activities.exclude(status=ProgrammeActivity.Status.CANCELLED).count()
        raise ValidationError(
            _("The plan is not done: %(done)s of %(total)s done. Confirm to complete the programme anyway.")
            % {"done": counted - len(left), "total": counted},
            code="plan_unfinished",
        )
    if programme.group.is_open:
        group_complete(group=programme.group, reason=CompletionReason.PLAN_COMPLETED, on=on)
    programme.status = Programme.Status.COMPLETED
    programme.completed_on = on
    programme.full_clean()
    programme.save()
    feedback_requests_sync(today=on, group_ids=[programme.group_id])
    return programme


@transaction.atomic
def programme_mark_best_practice(
    *, programme: Programme, by, is_best_practice: bool, case_description: str = "", publish_parts: list[str] = ()
) -> Programme:
    """The curator adds a completed programme to the best practices and chooses what may be published (§8)."""
    require_manager(by)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if is_best_practice:
        if programme.status != Programme.Status.COMPLETED:
            raise ValidationError(_("Only a completed programme can be a best practice (Regulation §8.2)."))
        if not case_description.strip():
            raise ValidationError({"case_description": _("Describe the case in a few sentences.")})
    programme.is_best_practice = is_best_practice
    programme.case_description = case_description.strip()
    programme.publish_parts = [p for p in PublishPart.values if p in set(publish_parts)] if is_best_practice else []
    programme.full_clean()
    programme.save()
    return programme
