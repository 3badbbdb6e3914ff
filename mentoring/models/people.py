import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import Category, ConsentKind, GrammaticalGender, Signatory
from ..constraints import ConstraintMessages

ADULT_AGE = 18


class User(ConstraintMessages, AbstractUser):
    """An account; logs in by username or email. What a person *is* lives in Person."""

    email = models.EmailField(_("email address"), blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""), name="user_email_unique_ci"),
        ]

    def role_names(self) -> set[str]:
        """Role codes of this user, cached on the instance (one query per request)."""
        if not hasattr(self, "_role_names"):
            self._role_names = set(self.groups.values_list("name", flat=True)) if self.pk else set()
        return self._role_names

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_names() & set(roles))


class PersonQuerySet(models.QuerySet):
    def with_valid_consent(self, on: datetime.date | None = None):
        from ..selectors import valid_consent_q

        return self.filter(valid_consent_q(on, prefix="consents__")).distinct()

    def active(self):
        return self.filter(anonymised_at__isnull=True)


class Person(ConstraintMessages, models.Model):
    """Anyone the programme deals with: teachers, young specialists, students, external mentors."""

    last_name = models.CharField(_("surname"), max_length=100)
    first_name = models.CharField(_("name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    # Russian grammar (mentoring.russian): how documents decline the name and agree words with the person.
    gender = models.CharField(
        _("grammatical gender"),
        max_length=1,
        choices=GrammaticalGender.choices,
        default=GrammaticalGender.AUTO,
        blank=True,
        help_text=_("Set it when there is no patronymic or the documents get it wrong."),
    )
    surname_indeclinable = models.BooleanField(
        _("the surname does not decline"), default=False, help_text=_("For example: Дурново, Шевчук for a woman.")
    )
    name_cases = models.JSONField(
        _("full name in the cases"),
        default=dict,
        blank=True,
        help_text=_("Explicit forms that replace the automatic declension, by case code."),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    position = models.CharField(_("position"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    grade = models.CharField(_("class"), max_length=100, blank=True, help_text=_("For students, e.g. 7Б"))
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    career_start_year = models.PositiveSmallIntegerField(
        _("year the teaching career started"), null=True, blank=True, help_text=_("Gives the years of service.")
    )
    workplace = models.CharField(_("place of work or study"), max_length=300, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    representative_contacts = models.CharField(
        _("contacts of the parent or legal representative"), max_length=300, blank=True
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "patronymic"]
        indexes = [models.Index(fields=["last_name", "first_name"]), models.Index(fields=["category", "grade"])]
        constraints = [
            models.CheckConstraint(condition=~Q(category=Category.STUDENT) | ~Q(grade=""), name="student_has_class"),
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email="") & Q(anonymised_at__isnull=True), name="person_email_unique_ci"
            ),
            models.CheckConstraint(condition=Q(gender__in=["", "m", "f"]), name="person_gender_known_value"),
            models.CheckConstraint(
                condition=Q(career_start_year__isnull=True)
                | Q(career_start_year__gte=1940, career_start_year__lte=2100),
                name="person_career_start_plausible",
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def short_name(self) -> str:
        """«Иванов И. И.» as orders print it."""
        initials = "".join(f"{p[0]}. " for p in (self.first_name, self.patronymic) if p).strip()
        return f"{self.last_name} {initials}".strip()

    @property
    def gender_code(self) -> str:
        """"m", "f" or "" (mentoring.russian.gender): the explicit field, else the patronymic, else the name."""
        from ..russian import person_gender

        return person_gender(self)

    @property
    def category_label(self) -> str:
        """The category as the kind of organisation calls it (mentoring.kinds: «Студент» in a college), agreeing
        with the person («Обучающаяся» for a girl)."""
        from ..kinds import current_kind_profile
        from ..russian import FEMALE, person_gender

        feminine = self.category == Category.STUDENT and person_gender(self) == FEMALE
        return current_kind_profile().category_label(self.category, feminine=feminine)

    @property
    def unit_phrase(self) -> str:
        """The class (association, group) as documents print it: «7Б класса» (mentoring.kinds)."""
        from ..kinds import current_kind_profile

        return current_kind_profile().unit_phrase(self.grade)

    def age_on(self, day: datetime.date) -> int | None:
        if not self.birth_date:
            return None
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def is_minor(self) -> bool:
        """Unknown birth dates of students count as minors: a parent must sign (152-ФЗ art. 9)."""
        age = self.age_on(timezone.localdate())
        if age is None:
            return self.category == Category.STUDENT
        return age < ADULT_AGE

    def service_years_on(self, day: datetime.date) -> int | None:
        return None if self.career_start_year is None else max(0, day.year - self.career_start_year)

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None


def consent_scan_path(instance, filename):
    # The stored name carries no personal data; the original file name is dropped.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"consents/{instance.person_id}/{timezone.now():%Y%m%d%H%M%S}.{ext}"


class Consent(ConstraintMessages, models.Model):
    """A written consent signed by the person or a representative: to processing (152-ФЗ art. 9 part 4) or,
    as a separate document, to publication of data permitted for dissemination (art. 10.1).

    Both kinds live in one table so they share the scan, the withdrawal and the person's card; every reader
    says which kind it reads through `mentoring.selectors.valid_consent_q(kind=…)` (processing by default).
    """

    person = models.ForeignKey(Person, verbose_name=_("whose data"), on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(
        _("kind of consent"), max_length=20, choices=ConsentKind.choices, default=ConsentKind.PROCESSING
    )
    signed_by = models.CharField(_("signed by"), max_length=20, choices=Signatory.choices, default=Signatory.SELF)
    representative_name = models.CharField(_("representative's full name"), max_length=300, blank=True)
    representative_relation = models.CharField(
        _("relation"), max_length=100, blank=True, help_text=_("mother, father, guardian…")
    )
    representative_basis = models.CharField(
        _("basis of authority"), max_length=300, blank=True, help_text=_("e.g. birth certificate series and number")
    )
    subject_address = models.CharField(_("address"), max_length=500, blank=True)
    identity_document = models.CharField(
        _("identity document"), max_length=300, blank=True, help_text=_("type, number, date of issue and issuer")
    )
    purpose = models.TextField(_("purpose of processing"))
    data_list = models.TextField(_("personal data processed"))
    actions = models.TextField(_("actions with the data and means of processing"), blank=True)
    publication_place = models.CharField(
        _("where the data is published"),
        max_length=500,
        blank=True,
        help_text=_("For a consent to publication: the address of the school site's «Наставничество» section."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True, help_text=_("Empty: until withdrawn."))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    scan = models.FileField(_("signed scan"), upload_to=consent_scan_path, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("personal-data consent")
        verbose_name_plural = _("personal-data consents")
        ordering = ["-valid_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ConsentKind.values),
                name="consent_kind_known",
                violation_error_message=_("Unknown kind of consent."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=ConsentKind.PUBLICATION) | ~Q(publication_place=""),
                name="publication_consent_names_place",
                violation_error_message=_(
                    "A consent to publication names where the data is published: the address of the site section."
                ),
            ),
            models.CheckConstraint(
                condition=Q(signed_by=Signatory.SELF) | (~Q(representative_name="") & ~Q(representative_basis="")),
                name="consent_representative_named",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="consent_valid_until_after_from",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("valid_from")),
                name="consent_withdrawn_after_from",
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_kind_display()} — {self.valid_from:%d.%m.%Y}"

    @property
    def is_publication(self) -> bool:
        return self.kind == ConsentKind.PUBLICATION

    def is_valid_on(self, day: datetime.date) -> bool:
        return (
            self.valid_from <= day
            and (self.valid_until is None or self.valid_until >= day)
            and (self.withdrawn_on is None or self.withdrawn_on > day)
        )
