"""The mentee and mentor banks of an academic year: columns of the federal forms, counts, who waits."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ..choices import MenteeStatus, MentorStatus, Role
from ..filters import query_choice, query_id, query_text
from ..forms import add_service_errors
from ..forms_banks import MenteeProfileForm, MentorProfileForm
from ..models import AcademicYear, MenteeProfile, MentorProfile, Person, Questionnaire
from ..page_cache import cached_page
from ..permissions import role_required
from ..questionnaires import bank_initial
from ..resources import MenteeBankResource, MentorBankResource
from ..selectors import current_year, organisation
from ..selectors_banks import (
    bank_entries,
    bank_page_rows,
    bank_status_counts,
    mentee_bank,
    mentees_without_mentor,
    mentor_bank,
)
from ..services.banks import mentee_profile_create, mentee_profile_update, mentor_profile_create, mentor_profile_update
from ..signals import record_access
from .bank_rows import mentee_rows_html, mentor_rows_html, waiting_items_html
from .people import PAGE_SIZE, export_response

BANK_VIEWERS = (Role.CURATOR, Role.DIRECTOR, Role.METHODICAL_COUNCIL)
WAITING = (MenteeStatus.AWAITING, MenteeStatus.SUPPORTED)  # as `mentees_without_mentor` reads them


def _year(request) -> AcademicYear | None:
    pk = query_id(request.GET, "year")
    return get_object_or_404(AcademicYear, pk=pk) if pk else current_year()


def _bank_page(request, kind: str):
    year = _year(request)
    if year is None:
        return render(request, "mentoring/banks/no_year.html")
    statuses = MenteeStatus.choices if kind == "mentees" else MentorStatus.choices
    status, search = query_choice(request.GET, "status", statuses), query_text(request.GET, "q")
    page = Paginator(bank_entries(kind, year, status=status, search=search), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = bank_page_rows(kind, year, list(page.object_list))
    rows_html = (mentee_rows_html if kind == "mentees" else mentor_rows_html)(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    counts = bank_status_counts(kind, year)
    context = {
        "kind": kind,
        "year": year,
        "years": AcademicYear.objects.all(),
        "page": page,
        "rows_html": rows_html,
        "counts": counts,
        "status": status,
        "q": search,
        "query": query.urlencode(),
        "statuses": statuses,
    }
    if kind == "mentees":
        # Just what the list shows: whole people and profiles cost more to load than to query.
        waiting = mentees_without_mentor(year).only(
            "year", "person", "status", "entered_on", "person__last_name", "person__first_name", "person__patronymic"
        )
        waiting_count = sum(n for value, _label, n in counts["items"] if value in WAITING)  # no second count
        context.update(waiting_html=waiting_items_html(waiting[:PAGE_SIZE]), waiting_count=waiting_count)
    return render(request, f"mentoring/banks/{kind}.html", context)


@role_required(*BANK_VIEWERS)
@cached_page("mentee-bank")
def mentee_bank_view(request):
    return _bank_page(request, "mentees")


@role_required(*BANK_VIEWERS)
@cached_page("mentor-bank")
def mentor_bank_view(request):
    return _bank_page(request, "mentors")


@role_required(Role.CURATOR, Role.DIRECTOR)
def bank_export(request, kind, fmt):
    if kind not in ("mentees", "mentors"):
        raise Http404
    year = _year(request)
    if year is None:
        return redirect("mentoring:mentee_bank")
    if kind == "mentees":
        org = organisation()
        entries = mentee_bank(year)
        dataset = MenteeBankResource(place=org.short_name if org else "").export(entries)
    else:
        entries = mentor_bank(year)
        dataset = MentorBankResource().export(entries)
    record_access(request, "export_bank", people=entries.values_list("person_id", flat=True), target=f"{kind} {year}")
    bank = _("Mentee bank") if kind == "mentees" else _("Mentor bank")
    return export_response(dataset, fmt, f"{bank} {year.title.replace('/', '-')}")


def _bank_form(request, *, person, form_class, instance, save, title, initial=None):
    extra = {"person": person} if form_class is MenteeProfileForm else {}
    form = form_class(request.POST or None, instance=instance, initial=initial, **extra)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data or instance is None}
        if "status" in form.fields and form.fields["status"].disabled:
            fields.pop("status", None)
        try:
            save(fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The bank entry of %(name)s is saved.") % {"name": person})
            return redirect("mentoring:person_detail", pk=person.pk)
    return render(request, "mentoring/banks/entry_form.html", {"form": form, "person": person, "title": title})


@role_required(Role.CURATOR)
def mentee_add(request, person_pk):
    person = get_object_or_404(Person.objects.active(), pk=person_pk)
    year = current_year()
    if year is None:
        return render(request, "mentoring/banks/no_year.html")
    return _bank_form(
        request,
        person=person,
        form_class=MenteeProfileForm,
        instance=None,
        save=lambda f: mentee_profile_create(person=person, year=year, **f),
        title=_("Add to the mentee bank %(year)s") % {"year": year},
        initial=bank_initial(person, Questionnaire.Kind.MENTEE_NEEDS),
    )


@role_required(Role.CURATOR)
def mentor_add(request, person_pk):
    person = get_object_or_404(Person.objects.active(), pk=person_pk)
    year = current_year()
    if year is None:
        return render(request, "mentoring/banks/no_year.html")
    return _bank_form(
        request,
        person=person,
        form_class=MentorProfileForm,
        instance=None,
        save=lambda f: mentor_profile_create(person=person, year=year, **f),
        title=_("Add to the mentor bank %(year)s") % {"year": year},
        initial=bank_initial(person, Questionnaire.Kind.MENTOR_SURVEY),
    )


@role_required(Role.CURATOR)
def mentee_edit(request, pk):
    profile = get_object_or_404(MenteeProfile.objects.select_related("person", "year"), pk=pk)
    return _bank_form(
        request,
        person=profile.person,
        form_class=MenteeProfileForm,
        instance=profile,
        save=lambda f: mentee_profile_update(profile=MenteeProfile.objects.get(pk=pk), **f),
        title=_("Mentee bank entry, %(year)s") % {"year": profile.year},
    )


@role_required(Role.CURATOR)
def mentor_edit(request, pk):
    profile = get_object_or_404(MentorProfile.objects.select_related("person", "year"), pk=pk)
    return _bank_form(
        request,
        person=profile.person,
        form_class=MentorProfileForm,
        instance=profile,
        save=lambda f: mentor_profile_update(profile=MentorProfile.objects.get(pk=pk), **f),
        title=_("Mentor bank entry, %(year)s") % {"year": profile.year},
    )
