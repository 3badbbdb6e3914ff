"""People: the searchable list, the card, create and edit, export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..choices import Role
from ..downloads import bytes_download, safe_filename
from ..forms import add_service_errors
from ..forms_people import PeopleFilterForm, PersonForm
from ..home_panels import panels_for
from ..models import Person
from ..page_cache import cached_page
from ..permissions import STAFF_ROLES, role_required
from ..resources import PersonResource, dataset_bytes
from ..russian import agree
from ..selectors import consent_state_of, current_year, people_filter_options, people_list, person_card
from ..selectors_accounts import account_state
from ..services.people import EDITABLE_FIELDS, person_create, person_update
from ..signals import record_access
from .people_rows import people_rows_html

PAGE_SIZE = 50
EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def export_response(dataset, fmt: str, name: str) -> HttpResponse:
    fmt = fmt if fmt in EXPORT_TYPES else "xlsx"
    filename = safe_filename(name, f"{timezone.localdate():%Y-%m-%d}", ext=fmt)
    return bytes_download(dataset_bytes(dataset, fmt), filename, EXPORT_TYPES[fmt])


@role_required(*STAFF_ROLES)
@cached_page("people")
def people_index(request):
    form = PeopleFilterForm(request.GET or None)
    year = current_year()
    people = people_list(year=year, **form.filters())
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    for person in page:
        person.consent_state = consent_state_of(person)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "mentoring/people/list.html",
        {
            "form": form,
            "page": page,
            "rows": people_rows_html(page.object_list),
            "year": year,
            "query": query.urlencode(),
            **people_filter_options(),
        },
    )


@role_required(Role.CURATOR)
def people_export(request, fmt):
    form = PeopleFilterForm(request.GET or None)
    people = people_list(year=current_year(), **form.filters())
    dataset = PersonResource().export(people)
    ids = people.values_list("pk", flat=True)
    record_access(request, "export_people", people=ids, target=request.GET.urlencode()[:300])
    return export_response(dataset, fmt, _("People"))


@role_required(*STAFF_ROLES)
def person_detail(request, pk):
    try:
        person = person_card(pk)
    except Person.DoesNotExist:
        raise Http404 from None
    year = current_year()
    record_access(request, "view_person", people=[person.pk])
    return render(
        request,
        "mentoring/people/detail.html",
        {
            "person": person,
            "year": year,
            "consent_state": consent_state_of(person),
            "panels": panels_for("person_card", request, year, obj=person),
            "account": account_state(person),
            "in_mentor_bank": any(p.year_id == getattr(year, "pk", None) for p in person.mentor_profiles.all()),
            "in_mentee_bank": any(p.year_id == getattr(year, "pk", None) for p in person.mentee_profiles.all()),
        },
    )


@role_required(Role.CURATOR)
def person_new(request):
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = person_create(**{f: form.cleaned_data[f] for f in EDITABLE_FIELDS})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            added = agree(
                person,
                pgettext("masculine", "%(name)s is added. Record his consent next."),
                pgettext("feminine", "%(name)s is added. Record her consent next."),
                _("%(name)s is added. Record their consent next."),
            )
            messages.success(request, added % {"name": person})
            return redirect("mentoring:person_detail", pk=person.pk)
    return render(request, "mentoring/people/form.html", {"form": form})


@role_required(Role.CURATOR)
def person_edit(request, pk):
    person = get_object_or_404(Person.objects.active(), pk=pk)
    form = PersonForm(request.POST or None, instance=Person.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            person_update(person=person, **{f: form.cleaned_data[f] for f in EDITABLE_FIELDS})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("mentoring:person_detail", pk=person.pk)
    return render(request, "mentoring/people/form.html", {"form": form, "person": person})
