"""No personal data leaves the school: a marker planted in every personal field must not reach the package.

The fields are found by introspection, so a field added later is covered without touching this test: every text,
e-mail and JSON field of every model of the school's apps that describes or points at a person (the person itself,
an account, or a model with a foreign key to either), every row. Dates of the person (birth date…) get a marker date.
The only text the package carries on purpose is listed in SENT_ON_PURPOSE, each with the reason it is not personal.
"""

import datetime
import json

import pytest
from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Cast, Concat, Substr

from federation.package.build import package_build
from mentoring.models import Person
from reports.services import order_approve
from tests import factories, factories_groups, factories_programmes, factories_roadmap
from tests.factories_public import case, completed_group
from tests.factories_reports import pairing_order

pytestmark = pytest.mark.django_db
MARK = "PDMK"
MARK_DATE = datetime.date(1911, 11, 11)
SCHOOL_APPS = ("mentoring", "programmes", "roadmap", "reports")
# Texts the package sends by design (FEDERATION.md): they are the institution's documents, not a person's data.
SENT_ON_PURPOSE = {
    ("reports", "order"): {"title", "number_label"},  # approved orders: number and title only (no annexes)
    ("reports", "case"): {"title", "summary", "body", "slug"},  # cleared for publication by the curator (§8.2)
    ("roadmap", "roadmapitem"): {"title", "period_label", "result_document", "responsible_text"},  # the plan itself
    ("roadmap", "roadmapstage"): {"title"},
}


def person_models():
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for model in apps.get_models():
        if model._meta.app_label not in SCHOOL_APPS and model is not user_model:
            continue
        points = any(
            isinstance(f, models.ForeignKey) and f.related_model in (Person, user_model) for f in model._meta.fields
        )
        if model in (Person, user_model) or points:
            yield model


def _plant(model, field) -> bool:
    if isinstance(field, models.JSONField):
        value = models.Value([MARK], output_field=field)
    elif isinstance(field, models.EmailField):
        value = Concat(models.Value(MARK.lower()), Cast("pk", models.CharField()), models.Value("@pdmk.example"))
    else:
        value = Substr(Concat(models.Value(MARK), Cast("pk", models.CharField())), 1, field.max_length or 10_000)
    try:
        with transaction.atomic():
            model.objects.update(**{field.name: value})
    except IntegrityError:
        return False
    return True


def plant_markers() -> tuple[list[str], list[str]]:
    planted, refused = [], []
    for model in person_models():
        on_purpose = SENT_ON_PURPOSE.get((model._meta.app_label, model._meta.model_name), set())
        for field in model._meta.concrete_fields:
            name = f"{model._meta.label}.{field.name}"
            coded = getattr(field, "choices", None) or getattr(field, "choice_class", None)  # codes, not text
            if field.name in on_purpose or field.primary_key or coded:
                continue
            if model is Person and isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
                model.objects.update(**{field.name: MARK_DATE})
                planted.append(name)
            elif isinstance(field, models.CharField | models.TextField | models.JSONField):
                if isinstance(field, models.CharField) and (field.max_length or 99) < len(MARK) + 1:
                    continue
                (planted if _plant(model, field) else refused).append(name)
    return planted, refused


def a_full_school():
    """People in every role with consents and representatives, banks, pairs with programmes, meetings and
    feedback, an approved order naming people, a published case, a roadmap with responsible people."""
    factories.OrganisationFactory()
    year = factories.AcademicYearFactory()
    curator = factories.UserFactory(roles=["curator"], username="curator")
    director = factories.UserFactory(roles=["director"], username="director")
    groups = [factories_programmes.ActiveGroupFactory(year=year) for _ in range(2)]
    for group in groups:
        programme = factories_programmes.ProgrammeFactory(group=group)
        factories_programmes.ActivityFactory(programme=programme)
        factories_programmes.MeetingFactory(group=group)
    factories_groups.BankMentorFactory(year=year)
    factories_groups.PupilMenteeFactory(year=year)
    order_approve(order=pairing_order(year=year, curator=curator), user=director)
    case(completed_group(year=year), by=curator)
    stage = factories_roadmap.RoadmapStageFactory(year=year)
    responsible = factories.PersonFactory()
    factories_roadmap.RoadmapItemFactory(stage=stage, responsible_person=responsible, responsible_role="curator")
    return year


def test_no_marker_planted_in_a_personal_field_reaches_the_package():
    a_full_school()
    planted, refused = plant_markers()
    # The test would prove nothing without the obvious fields of a person.
    for name in (
        "mentoring.Person.last_name",
        "mentoring.Person.first_name",
        "mentoring.Person.email",
        "mentoring.Person.birth_date",
        "mentoring.Consent.representative_name",
        "programmes.Meeting.notes",
    ):
        assert name in planted, f"{name} not planted; planted: {planted}"  # fmt: skip
    assert Person.objects.filter(last_name__startswith=MARK).count() == Person.objects.count() > 5
    package = package_build()
    text = json.dumps(package, ensure_ascii=False)
    assert MARK.lower() not in text.lower(), [line for line in text.split(",") if MARK.lower() in line.lower()][:5]
    assert MARK_DATE.isoformat() not in text
    assert package["roadmap"]["items"] and package["orders"] and package["cases"]  # the package is not empty
    assert refused == [], f"fields a marker could not be written to (constraints): {refused}"
