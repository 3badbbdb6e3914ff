"""Pairs and groups: forming, the list and the card (members with history, petitions, ending), the export."""


from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ..choices import GroupStatus, MemberRole, MentoringType, Role
from ..forms import add_service_errors
from ..forms_groups import (
    PETITION_KINDS,
    CompleteForm,
    DecisionForm,
    GroupForm,
    GroupTermsForm,
    MemberChangeForm,
    PetitionForm,
    default_period,
)
from ..home_panels import panels_for
from ..matching import default_form, default_types, rank_mentees
from ..models import MentoringGroup, Person, ReplacementRequest, ReplacementStatus
from ..page_cache import cached_page
from ..permissions import STAFF_ROLES, get_group_for_user, role_required, user_has_role
from ..selectors import (
    current_year,
    group_card,
    groups_for_user,
    groups_with_members,
)
from ..selectors_pairing import pairing_mentees, pairing_mentors
from ..services.groups import group_complete, group_propose, group_update_terms
from ..services.membership import (
    group_member_add,
    group_member_remove,
    group_member_replace,
    replacement_decide,
    replacement_request_submit,
)
from .group_rows import group_rows_html

MEMBER_ROLES = (Role.MENTOR, Role.MENTEE, *STAFF_ROLES)
PAGE_SIZE = 50


def _mentor_choices(mentors, *, keep=()) -> list[tuple[int, str]]:
    """Mentors who can take someone (consent, a free place), labelled with their free places."""
    return [
        (
            m.person_id,
            f"{m.name} — "
            + ngettext("%(free)s place free of %(capacity)s", "%(free)s places free of %(capacity)s", m.free)
            % {"free": m.free, "capacity": m.capacity},
        )
        for m in mentors
        if (m.has_consent and m.free > 0) or m.person_id in keep
    ]


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def programme_of(group):
    """The group's programme if the programmes app gave it one (that app is to the right of this one)."""
    return getattr(group, "programme", None)  # a missing one-to-one raises an AttributeError subclass


@role_required(Role.CURATOR)
def group_create(request):
    """Form a pair or a group from the board's suggestions; it is proposed until the pairing order."""
    year = current_year()
    if year is None:
        raise Http404
    mentors, mentees = pairing_mentors(year), pairing_mentees(year)
    data = request.POST or None
    mentor_id = _int((data or request.GET).get("mentor"))
    mentor = next((m for m in mentors if m.person_id == mentor_id), None)
    ranked = rank_mentees(mentor, mentees) if mentor else [(m, None) for m in mentees]
    mentee_choices = [
        (m.person_id, f"{m.name} — {s:g}" if s is not None else m.name) for m, s in ranked if m.has_consent
    ]
    initial = {}
    if data is None:
        start, end = default_period(year)
        chosen = [_int(v) for v in request.GET.getlist("mentee")]
        first = next((m for m in mentees if m.person_id in chosen), None)
        initial = {"mentor": mentor_id, "mentees": chosen, "planned_start": start, "planned_end": end}
        if mentor and first:
            initial.update(form=default_form(mentor, first), types=default_types(mentor, first))
        else:
            initial["types"] = [MentoringType.TRADITIONAL]
    form = GroupForm(
        data,
        initial=initial,
        mentor_choices=_mentor_choices(mentors),
        mentee_choices=mentee_choices,
    )
    if data is not None and form.is_valid():
        d = form.cleaned_data
        mentor_ids = [d["mentor"], *([d["second_mentor"]] if d.get("second_mentor") else [])]
        people = Person.objects.in_bulk([*mentor_ids, *d["mentees"]])
        try:
            group = group_propose(
                year=year,
                mentors=[people[i] for i in mentor_ids],
                mentees=[people[i] for i in d["mentees"]],
                form=d["form"],
                types=d["types"],
                planned_start=d["planned_start"],
                planned_end=d["planned_end"],
                created_by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("%(group)s is proposed; it awaits the director's pairing order.") % {"group": group}
            )
            return redirect("mentoring:group_detail", pk=group.pk)
    return render(request, "mentoring/groups/form.html", {"form": form, "year": year, "mentor": mentor})


@role_required(*MEMBER_ROLES)
@cached_page("groups")
def group_list(request):
    year = current_year()
    qs = groups_for_user(request.user)
    is_staff = user_has_role(request.user, *STAFF_ROLES)
    status = request.GET.get("status", "")
    if is_staff and year is not None:
        qs = qs.filter(pk__in=MentoringGroup.objects.of_year(year).values("pk"))
    if status in GroupStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(groups_with_members(qs, names_only=True).order_by("-created_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "mentoring/groups/list.html",
        {
            "page": page,
            "rows": group_rows_html(page.object_list, year=year if is_staff else None),
            "year": year,
            "status": status,
            "statuses": GroupStatus.choices,
            "is_staff": is_staff,
            "can_manage": user_has_role(request.user, Role.CURATOR),
        },
    )


@role_required(*MEMBER_ROLES)
def group_detail(request, pk):
    group = get_group_for_user(request.user, pk)
    card = group_card(group)
    can_manage = user_has_role(request.user, Role.CURATOR)
    current = [m for m in card["history"] if m.left_on is None]
    context = {
        "group": group,
        "history": card["history"],
        "requests": card["requests"],
        "programme": programme_of(group),
        "type_labels": MentoringGroup._meta.get_field("types").labels(group.types),
        "can_manage": can_manage and group.is_open,
        "petition_form": None,
        "panels": panels_for("group_card", request, group.year, obj=group),
    }
    person = getattr(request.user, "person", None)
    mine = next((m for m in current if person is not None and m.person_id == person.pk), None)
    if group.is_open and (mine or can_manage):
        applicants = [mine] if mine and not can_manage else current
        context["petition_form"] = PetitionForm(
            applicant_choices=[(m.person_id, f"{m.person.full_name} — {m.get_role_display()}") for m in applicants]
        )
    if context["can_manage"]:
        mentors = pairing_mentors(group.year)
        mentor_choices = _mentor_choices(mentors)
        joining = [
            (_("Mentees awaiting a mentor"), [(f"mentee:{m.person_id}", m.name) for m in pairing_mentees(group.year)]),
            (_("Mentors"), [(f"mentor:{pk_}", label) for pk_, label in mentor_choices]),
        ]
        context.update(
            complete_form=CompleteForm(),
            member_form=MemberChangeForm(
                leaving_choices=[(m.person_id, f"{m.person.full_name} — {m.get_role_display()}") for m in current],
                joining_choices=joining,
            ),
            decision_forms=[
                (r, DecisionForm(prefix=f"r{r.pk}", mentor_choices=mentor_choices))
                for r in card["requests"]
                if r.status == ReplacementStatus.PENDING
            ],
        )
    return render(request, "mentoring/groups/detail.html", context)


@role_required(Role.CURATOR)
def group_edit_terms(request, pk):
    """The curator corrects a proposal's form, types and period before the director's order."""
    group = get_object_or_404(MentoringGroup, pk=pk)
    initial = {k: getattr(group, k) for k in ("form", "types", "planned_start", "planned_end")}
    form = GroupTermsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            group_update_terms(group=group, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(group)s is saved.") % {"group": group})
            return redirect("mentoring:group_detail", pk=pk)
    return render(request, "mentoring/groups/edit_terms.html", {"group": group, "form": form})


def _error(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@role_required(Role.CURATOR)
@require_POST
def group_end(request, pk):
    """Complete or terminate (Regulation §7.1); the mentor's places are freed."""
    group = get_object_or_404(MentoringGroup, pk=pk)
    form = CompleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a reason and a date."))
        return redirect("mentoring:group_detail", pk=pk)
    d = form.cleaned_data
    try:
        group = group_complete(group=group, reason=d["reason"], on=d["on"], note=d["note"])
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("%(group)s: %(status)s.") % {"group": group, "status": group.get_status_display()})
    return redirect("mentoring:group_detail", pk=pk)


@role_required(Role.CURATOR)
@require_POST
def group_members(request, pk):
    """Add, remove or replace a member; the ended membership stays in the history."""
    group = get_object_or_404(MentoringGroup, pk=pk)
    current_ids = list(group.memberships.filter(left_on__isnull=True).values_list("person_id", flat=True))
    form = MemberChangeForm(
        request.POST,
        leaving_choices=[(i, str(i)) for i in current_ids],
        joining_choices=[(request.POST.get("joining", ""), "")] if request.POST.get("joining") else [],
    )
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("mentoring:group_detail", pk=pk)
    d = form.cleaned_data
    role, _sep, joining_id = (d.get("joining") or "").partition(":")
    people = Person.objects.in_bulk([i for i in (d.get("leaving"), _int(joining_id)) if i])
    leaving, joining = people.get(d.get("leaving")), people.get(_int(joining_id))
    try:
        if leaving and joining:
            group_member_replace(group=group, leaving=leaving, joining=joining, reason=d["reason"], by=request.user)
        elif joining:
            if role not in MemberRole.values:
                raise ValidationError(_("Choose who joins the group."))
            group_member_add(group=group, person=joining, role=role, reason=d["reason"], by=request.user)
        else:
            group_member_remove(group=group, person=leaving, reason=d["reason"], by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The members of %(group)s were changed.") % {"group": group})
    return redirect("mentoring:group_detail", pk=pk)


@role_required(*MEMBER_ROLES)
@require_POST
def group_petition(request, pk):
    """A member's own petition (Regulation §4.1, §5.1), or one the curator records from a paper application."""
    group = get_group_for_user(request.user, pk)
    current = {m.person_id: m for m in group.memberships.filter(left_on__isnull=True)}
    person = getattr(request.user, "person", None)
    if user_has_role(request.user, Role.CURATOR):
        allowed = current
    elif person is not None and person.pk in current:
        allowed = {person.pk: current[person.pk]}
    else:
        raise Http404
    form = PetitionForm(request.POST, applicant_choices=[(i, str(i)) for i in allowed])
    if not form.is_valid():
        messages.error(request, _("Give the reason for the request."))
        return redirect("mentoring:group_detail", pk=pk)
    membership = allowed[form.cleaned_data["applicant"]]
    try:
        replacement_request_submit(
            group=group,
            applicant=membership.person,
            kind=PETITION_KINDS[membership.role],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The request is recorded; the curator will decide on it."))
    return redirect("mentoring:group_detail", pk=pk)


@role_required(Role.CURATOR)
@require_POST
def replacement_decision(request, pk):
    petition = get_object_or_404(ReplacementRequest.objects.select_related("group"), pk=pk)
    form = DecisionForm(
        request.POST,
        prefix=f"r{petition.pk}",
        mentor_choices=[(i, "") for i in [_int(request.POST.get(f"r{petition.pk}-new_mentor"))] if i],
    )
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect("mentoring:group_detail", pk=petition.group_id)
    d = form.cleaned_data
    new_mentor = Person.objects.filter(pk=d["new_mentor"]).first() if d.get("new_mentor") else None
    try:
        petition = replacement_decide(
            request=petition,
            approve=d["decision"] == "grant",
            decided_by=request.user,
            new_mentor=new_mentor,
            note=d["note"],
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Decision recorded: %(status)s.") % {"status": petition.get_status_display()})
        if petition.awaits_order:
            messages.info(
                request, _("The group was approved by order: the change will go into the next pairing order.")
            )
    return redirect("mentoring:group_detail", pk=petition.group_id)
