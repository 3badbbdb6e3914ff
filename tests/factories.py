"""factory-boy factories for the core models. People get a valid consent unless `consent=None`."""

import datetime

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from mentoring.choices import Category, MentoringForm, MentoringType, Signatory
from mentoring.models import (
    AcademicYear,
    Consent,
    GroupMembership,
    MenteeProfile,
    MentoringGroup,
    MentorProfile,
    Organisation,
    Person,
    User,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("singleton",)

    singleton = True
    full_name = "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 1»"
    short_name = "МБОУ СШ № 1"
    address = "610000, г. Киров, ул. Школьная, д. 1"
    city = "г. Киров"
    director_name = "А. А. Директорова"


class AcademicYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AcademicYear
        django_get_or_create = ("title",)

    title = factory.LazyFunction(lambda: _year_bounds()[2])
    start_date = factory.LazyFunction(lambda: _year_bounds()[0])
    end_date = factory.LazyFunction(lambda: _year_bounds()[1])
    is_current = True


def _year_bounds():
    today = timezone.localdate()
    y = today.year if today.month >= 8 else today.year - 1
    return datetime.date(y, 9, 1), datetime.date(y + 1, 5, 31), f"{y}/{y + 1}"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    last_name = factory.Sequence(lambda n: f"Иванов{n}")
    first_name = "Иван"
    patronymic = "Иванович"
    category = Category.TEACHER
    position = "учитель"
    subject = "математика"
    birth_date = datetime.date(1985, 5, 5)
    career_start_year = 2010
    email = factory.Sequence(lambda n: f"person{n}@school.example")

    # A valid consent by default; `PersonFactory(consent=None)` makes a person without one.
    consent = factory.RelatedFactory("tests.factories.ConsentFactory", factory_related_name="person")


class StudentFactory(PersonFactory):
    category = Category.STUDENT
    grade = "7Б"
    subject = ""
    position = ""
    career_start_year = None
    birth_date = factory.LazyFunction(lambda: timezone.localdate().replace(day=1) - datetime.timedelta(days=365 * 13))
    email = ""


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    person = factory.SubFactory(PersonFactory, consent=None)
    purpose = "участие в программе наставничества"
    data_list = "ФИО, дата рождения, контакты"
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    valid_until = None
    signed_by = factory.LazyAttribute(lambda o: Signatory.REPRESENTATIVE if o.person.is_minor else Signatory.SELF)
    representative_name = factory.LazyAttribute(lambda o: "Петрова Анна Сергеевна" if o.person.is_minor else "")
    representative_relation = factory.LazyAttribute(lambda o: "мать" if o.person.is_minor else "")
    representative_basis = factory.LazyAttribute(lambda o: "свидетельство о рождении" if o.person.is_minor else "")


class PublicationConsentFactory(ConsentFactory):
    """The separate consent to publication on the school site (152-ФЗ art. 10.1)."""

    kind = "publication"
    purpose = "информирование о реализации целевой модели наставничества"
    data_list = "фамилия, имя, отчество; фотография; роль; результаты программы"
    publication_place = "раздел «Наставничество» официального сайта: https://school.example/"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@school.example")
    password = factory.django.Password("secret-pass-123")

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        for name in extracted or []:
            obj.groups.add(Group.objects.get_or_create(name=name)[0])

    @factory.post_generation
    def person(obj, create, extracted, **kwargs):
        if extracted is not None:
            extracted.user = obj
            extracted.save(update_fields=["user"])


class MentorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorProfile

    person = factory.SubFactory(PersonFactory)
    year = factory.SubFactory(AcademicYearFactory)
    directions = factory.LazyFunction(lambda: ["methodical", "professional"])
    capacity = 2


class MenteeProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MenteeProfile

    person = factory.SubFactory(PersonFactory, category=Category.YOUNG_SPECIALIST, career_start_year=2025)
    year = factory.SubFactory(AcademicYearFactory)
    requests = factory.LazyFunction(lambda: ["methodical"])
    entered_on = factory.LazyFunction(timezone.localdate)


class GroupFactory(factory.django.DjangoModelFactory):
    """A proposed pair: a mentor and a mentee, both in the year's banks, with memberships."""

    class Meta:
        model = MentoringGroup
        skip_postgeneration_save = True

    year = factory.SubFactory(AcademicYearFactory)
    form = MentoringForm.TEACHER_TEACHER
    types = factory.LazyFunction(lambda: [MentoringType.TRADITIONAL])
    planned_start = factory.LazyAttribute(lambda o: o.year.start_date + datetime.timedelta(days=60))
    planned_end = factory.LazyAttribute(lambda o: o.year.end_date)

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        if not create:
            return
        mentor = MentorProfileFactory(year=obj.year).person
        mentee = MenteeProfileFactory(year=obj.year, status="paired").person
        joined = obj.year.start_date
        GroupMembership.objects.create(group=obj, person=mentor, role="mentor", joined_on=joined)
        GroupMembership.objects.create(group=obj, person=mentee, role="mentee", joined_on=joined)
