"""The school's own settings: requisites, the contingent of a year, and the first-run setup."""

import datetime

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..choices import Category, Role
from ..models import AcademicYear, Contingent, Organisation, Person, User
from ..models.organisation import head_position_for
from .accounts import username_propose
from .people import person_create
from .years import academic_year_create, academic_year_set_current

ORGANISATION_FIELDS = (
    "full_name",
    "short_name",
    "kind",
    "address",
    "city",
    "phone",
    "email",
    "website",
    "director_name",
    "director_position",
    "order_number_suffix",
)
CONTINGENT_FIELDS = ("pupils_total", "pupils_10_18", "pupils_15_19", "teachers", "young_teachers")


@transaction.atomic
def organisation_save(*, logo=None, clear_logo: bool = False, **fields) -> Organisation:
    """Create or update the one organisation row. The head's position follows the kind (empty, or still the usual
    title of the former kind) and stays editable: a position typed by hand is kept."""
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise ValueError(f"not organisation fields: {sorted(unknown)}")
    org = Organisation.objects.select_for_update().first() or Organisation()
    former_default = head_position_for(org.kind)
    for name, value in fields.items():
        setattr(org, name, value.strip() if isinstance(value, str) else value)
    if org.director_position in ("", former_default):
        org.director_position = head_position_for(org.kind)
    old_logo = org.logo.name if org.logo else ""
    if clear_logo:
        org.logo = ""
    if logo is not None:
        org.logo = logo
    org.full_clean()
    org.save()
    if old_logo and old_logo != org.logo.name:
        # The replaced file goes once the row no longer points to it (after commit: a rollback keeps it).
        storage = org.logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo))
    return org


@transaction.atomic
def contingent_save(*, year: AcademicYear, **numbers) -> Contingent:
    """The contingent of a year (one row per year); the bands and the young specialists fit inside the totals."""
    contingent = Contingent.objects.select_for_update().filter(year=year).first() or Contingent(year=year)
    for name in CONTINGENT_FIELDS:
        setattr(contingent, name, numbers.get(name))
    errors = {}
    total = contingent.pupils_total or 0
    for band in ("pupils_10_18", "pupils_15_19"):
        if (getattr(contingent, band) or 0) > total:
            errors[band] = _("Cannot be more than the pupils in all (%(n)s).") % {"n": total}
    if (contingent.young_teachers or 0) > (contingent.teachers or 0):
        errors["young_teachers"] = _("Cannot be more than the teachers (%(n)s).") % {"n": contingent.teachers or 0}
    if errors:
        raise ValidationError(errors)
    contingent.full_clean()
    contingent.save()
    return contingent


def _give_role(user: User, role: str) -> None:
    # setup runs before anyone may use the Roles page (role_grant wants an acting director): the group directly
    user.groups.add(Group.objects.get_or_create(name=role)[0])


def _curator_account_for(person: Person) -> Person:
    """An account without a usable password (the person sets it through an invitation) with the curator's role."""
    user = User(
        username=username_propose(person), email=person.email, first_name=person.first_name, last_name=person.last_name
    )
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ValidationError({"curator_email": _("An account with this e-mail already exists.")}) from exc
    person.user = user
    person.save(update_fields=["user"])
    _give_role(user, Role.CURATOR)
    return person


@transaction.atomic
def curator_appoint_new(*, last_name: str, first_name: str, patronymic: str = "", email: str = "") -> Person:
    """A curator who is not yet on record: their person and an account."""
    person = person_create(
        last_name=last_name, first_name=first_name, patronymic=patronymic, email=email, category=Category.TEACHER
    )
    return _curator_account_for(person)


@transaction.atomic
def curator_appoint_self(*, user: User, last_name: str, first_name: str, patronymic: str = "") -> Person:
    """The administrator who sets the school up is its curator: their account gets a person and the role."""
    person = getattr(user, "person", None)
    if person is None:
        person = person_create(
            last_name=last_name,
            first_name=first_name,
            patronymic=patronymic,
            email=user.email,
            category=Category.TEACHER,
        )
        person.user = user
        person.save(update_fields=["user"])
        user.first_name, user.last_name = user.first_name or first_name, user.last_name or last_name
        user.save(update_fields=["first_name", "last_name"])
    _give_role(user, Role.CURATOR)
    return person


@transaction.atomic
def curator_appoint_existing(*, person: Person) -> Person:
    """A person already on record becomes the curator; without an account they get one."""
    if person.user is None:
        return _curator_account_for(person)
    _give_role(person.user, Role.CURATOR)
    return person


@transaction.atomic
def school_setup(
    *,
    user: User,
    organisation: dict,
    year_title: str,
    year_start: datetime.date,
    year_end: datetime.date,
    curator: dict,
) -> Organisation:
    """First run: the requisites, the current year and the curator in one transaction; refused once set up."""
    if Organisation.objects.select_for_update().exists():
        raise ValidationError(_("The school is already set up: change its requisites in the school settings."))
    org = organisation_save(**organisation)
    existing = AcademicYear.objects.filter(title__iexact=year_title.strip()).first()
    if existing is None:
        academic_year_create(title=year_title, start_date=year_start, end_date=year_end, make_current=True)
    else:
        academic_year_set_current(year=existing)
    mode = curator.get("mode")
    if mode == "existing":
        curator_appoint_existing(person=curator["person"])
    elif mode == "new":
        curator_appoint_new(
            last_name=curator["last_name"],
            first_name=curator["first_name"],
            patronymic=curator.get("patronymic", ""),
            email=curator.get("email", ""),
        )
    else:
        curator_appoint_self(
            user=user,
            last_name=curator["last_name"],
            first_name=curator["first_name"],
            patronymic=curator.get("patronymic", ""),
        )
    return org
