"""Pages for programmes, meetings and feedback. Objects are looked up through the user's scope (404 otherwise)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentoring.choices import Role
from mentoring.forms import add_service_errors
from mentoring.permissions import MANAGER_ROLES, STAFF_ROLES, role_required
from mentoring.questionnaires import QuestionnaireForm, answer_label
from mentoring.selectors import current_year

from . import forms, selectors, services
from .models import Programme, ProgrammeTemplate
from .permissions import (
    can_edit_group_work,
    ensure_can_edit_group_work,
    get_feedback_for_user,
    get_group_for_user,
    get_meeting_for_user,
    get_programme_for_user,
    is_manager,
    person_of,
)

MEMBER_ROLES = (Role.MENTOR, Role.MENTEE)
SEQUENCE_HINTS = {
    "no_introduction": _("Usually the introductory meeting comes first; the meeting is logged anyway."),
    "final_without_work": _("A final meeting before any joint work is unusual; the meeting is logged anyway."),
}


@role_required(*STAFF_ROLES)
def programme_list(request):
    year = current_year()
    groups = selectors.staff_groups_overview(year)
    return render(
        request, "programmes/list.html", {"year": year, "groups": groups, "can_manage": is_manager(request.user)}
    )


@role_required(*MEMBER_ROLES)
def my_work(request):
    overview = selectors.member_overview(person_of(request.user))
    return render(request, "programmes/my.html", {"overview": overview})


@login_required
def programme_detail(request, pk):
    programme = get_programme_for_user(request.user, pk)
    context = selectors.programme_page(programme)
    context.update(
        can_edit=can_edit_group_work(request.user, programme.group),
        can_manage=is_manager(request.user),
        statuses=programme.activities.model.Status,
    )
    return render(request, "programmes/detail.html", context)


@login_required
def programme_start(request, group_pk):
    group = get_group_for_user(request.user, group_pk)
    ensure_can_edit_group_work(request.user, group)
    initial = {"start_date": group.planned_start, "template": selectors.template_for_form(group.form)}
    form = forms.ProgrammeStartForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create_from_template(group=group, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The programme was started from the template. Complete it and the plan."))
            return redirect("programmes:detail", pk=programme.pk)
    return render(request, "programmes/start.html", {"group": group, "form": form})


@login_required
def programme_edit(request, pk):
    programme = get_programme_for_user(request.user, pk)
    ensure_can_edit_group_work(request.user, programme.group)
    form = forms.ProgrammeNoteForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.programme_update(programme=programme, by=request.user, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The programme was saved."))
            return redirect("programmes:detail", pk=programme.pk)
    return render(request, "programmes/edit.html", {"programme": programme, "form": form})


@login_required
def plan_edit(request, pk):
    programme = get_programme_for_user(request.user, pk)
    ensure_can_edit_group_work(request.user, programme.group)
    agreed = programme.status == programme.Status.AGREED
    data = request.POST or None
    formset = forms.ActivityFormSet(data, queryset=programme.activities.all(), prefix="activities")
    consent = forms.MutualConsentForm(data, group=programme.group, initial={"agreed_on": timezone.localdate()})
    if request.method == "POST" and formset.is_valid() and consent.is_valid():
        rows = [
            {**f.cleaned_data, "id": f.instance.pk, "delete": f.cleaned_data.get("DELETE", False)}
            for f in formset.forms
            if f.has_changed() or f.instance.pk
        ]
        try:
            services.programme_plan_save(
                programme=programme,
                by=request.user,
                rows=[r for r in rows if r.get("title") or r["delete"]],
                agreed=list(consent.cleaned_data["agreed"]),
                agreed_on=consent.cleaned_data["agreed_on"],
                note=consent.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(consent, error)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect("programmes:detail", pk=programme.pk)
    return render(
        request,
        "programmes/plan.html",
        {"programme": programme, "formset": formset, "consent": consent, "agreed": agreed},
    )


@require_POST
@role_required(*MANAGER_ROLES)
def programme_agree(request, pk):
    programme = get_programme_for_user(request.user, pk)
    try:
        services.programme_agree(programme=programme, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The programme is agreed."))
    return redirect("programmes:detail", pk=programme.pk)


@login_required
def programme_extend(request, pk):
    programme = get_programme_for_user(request.user, pk)
    ensure_can_edit_group_work(request.user, programme.group)
    form = forms.ExtendForm(request.POST or None, group=programme.group, initial={"agreed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.programme_extend(
                programme=programme,
                by=request.user,
                new_end=data["new_end"],
                agreed=list(data["agreed"]),
                agreed_on=data["agreed_on"],
                reason=data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The extension was recorded."))
            return redirect("programmes:detail", pk=programme.pk)
    return render(request, "programmes/extend.html", {"programme": programme, "form": form})


@require_POST
@login_required
def activity_status(request, pk, activity_pk):
    programme = get_programme_for_user(request.user, pk)
    activity = get_object_or_404(programme.activities, pk=activity_pk)
    try:
        services.activity_set_status(activity=activity, by=request.user, status=request.POST.get("status", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{programme.get_absolute_url()}#activity-{activity.pk}")


@login_required
def programme_report(request, pk):
    programme = get_programme_for_user(request.user, pk)
    ensure_can_edit_group_work(request.user, programme.group)
    form = forms.ReportForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_report_submit(programme=programme, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The report was saved."))
            return redirect("programmes:detail", pk=programme.pk)
    return render(request, "programmes/report.html", {"programme": programme, "form": form})


@require_POST
@role_required(*MANAGER_ROLES)
def programme_complete(request, pk):
    """Complete; a plan not done asks for confirmation first, showing what is left («done 3 of 9»)."""
    programme = get_programme_for_user(request.user, pk)
    confirmed = request.POST.get("confirm") == "1"
    try:
        services.programme_complete(programme=programme, by=request.user, unfinished_confirmed=confirmed)
    except ValidationError as error:
        if error.code == "plan_unfinished":
            context = {"programme": programme, "message": error.messages[0]}
            context["left"] = services.plan_unfinished(programme)
            return render(request, "programmes/complete_confirm.html", context)
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The programme is completed; satisfaction questionnaires are now due."))
    return redirect("programmes:detail", pk=programme.pk)


@role_required(*MANAGER_ROLES)
def best_practice(request, pk):
    programme = get_programme_for_user(request.user, pk)
    initial = {
        "is_best_practice": programme.is_best_practice,
        "case_description": programme.case_description,
        "publish_parts": programme.publish_parts,
    }
    form = forms.BestPracticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_mark_best_practice(programme=programme, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("programmes:detail", pk=programme.pk)
    return render(request, "programmes/best_practice.html", {"programme": programme, "form": form})


@login_required
def programme_document(request, pk):
    """The programme as it will be printed (the PDF is made by the document engine from the same template)."""
    programme = get_programme_for_user(request.user, pk)
    return render(request, "documents/programme.html", selectors.programme_document_context(programme))


@login_required
def meeting_create(request, group_pk):
    group = get_group_for_user(request.user, group_pk)
    ensure_can_edit_group_work(request.user, group)
    programme = Programme.objects.filter(group=group).first()
    past = set(group.meetings.filter(date__lte=timezone.localdate()).values_list("kind", flat=True))
    initial = {
        "kind": selectors.suggested_meeting_kind(past, programme, timezone.localdate()),
        "date": timezone.localdate(),
        "format": programme.mode if programme else None,
        "attendees": [m.person_id for m in services.current_members(group)],
    }
    form = forms.MeetingForm(request.POST or None, group=group, initial=initial)
    return _save_meeting(request, form, group, programme, meeting=None)


@login_required
def meeting_edit(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    ensure_can_edit_group_work(request.user, meeting.group)
    form = forms.MeetingForm(request.POST or None, group=meeting.group, instance=meeting)
    programme = Programme.objects.filter(group=meeting.group).first()
    return _save_meeting(request, form, meeting.group, programme, meeting=meeting)


def _save_meeting(request, form, group, programme, meeting):
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("kind", "date", "format", "topic", "notes")}
        data["attendees"] = list(form.cleaned_data["attendees"])
        hint = selectors.meeting_sequence_note(group, data["kind"]) if meeting is None else None
        try:
            if meeting is None:
                meeting = services.meeting_log(group=group, by=request.user, **data)
            else:
                meeting = services.meeting_update(meeting=meeting, by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if hint:
                messages.info(request, SEQUENCE_HINTS[hint])
            own = meeting.feedback_requests.filter(person=person_of(request.user), status="pending").first()
            if own is not None and own.opens_on <= timezone.localdate():
                messages.success(request, _("The meeting was logged. Please fill the short feedback form."))
                return redirect("programmes:feedback", pk=own.pk)
            messages.success(request, _("The meeting was logged."))
            return redirect("programmes:detail", pk=programme.pk) if programme else redirect("programmes:my")
    return render(request, "programmes/meeting_form.html", {"group": group, "form": form, "meeting": meeting})


@login_required
def feedback_fill(request, pk):
    feedback = get_feedback_for_user(request.user, pk)
    own = feedback.person_id == getattr(person_of(request.user), "pk", None)
    if feedback.status != feedback.Status.PENDING or not (own or is_manager(request.user)):
        answers = []
        if feedback.response_id:
            answers = [
                (a.question, answer_label(a.question, a.value))
                for a in feedback.response.answers.select_related("question").order_by("question__number")
            ]
        return render(request, "programmes/feedback_view.html", {"feedback": feedback, "answers": answers})
    form = QuestionnaireForm(request.POST or None, questionnaire=feedback.questionnaire)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(feedback=feedback, by=request.user, answers=form.answers())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you! The form was sent."))
            return redirect("programmes:my" if own else "programmes:watch")
    return render(request, "programmes/feedback_form.html", {"feedback": feedback, "form": form, "own": own})


@role_required(*STAFF_ROLES)
def watch(request):
    year = current_year()
    today = timezone.localdate()
    return render(
        request,
        "programmes/watch.html",
        {
            "groups": selectors.inactive_groups(today=today, year=year),
            "forms": selectors.overdue_feedback(today=today, year=year),
            "counts": selectors.feedback_counts(today=today, year=year),
            "today": today,
        },
    )


@role_required(*MANAGER_ROLES)
def template_edit(request):
    """One template per form of mentoring; `?template=<pk>` chooses which one, the first by default."""
    templates = list(ProgrammeTemplate.objects.order_by("pk"))
    chosen = request.GET.get("template", "")
    template = next((t for t in templates if chosen.isdigit() and t.pk == int(chosen)), None)
    template = template or next((t for t in templates if t.is_active), None) or ProgrammeTemplate(code="default")
    form = forms.TemplateForm(request.POST or None, instance=template)
    formset = forms.TemplateActivityFormSet(request.POST or None, instance=template, prefix="activities")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            form.save()
            formset.save()
        messages.success(request, _("The programme template was saved."))
        return redirect(f"{reverse('programmes:template')}?template={template.pk}")
    return render(
        request,
        "programmes/template_edit.html",
        {"form": form, "formset": formset, "templates": templates, "template": template},
    )
