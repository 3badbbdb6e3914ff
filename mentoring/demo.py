"""The demo school's people, consents, banks and groups. Deterministic: one seeded random generator."""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth.models import Group

from .choices import (
    PUPIL_DIRECTIONS,
    TEACHER_DIRECTIONS,
    Category,
    MentoringForm,
    MentoringType,
    Mode,
    QualificationCategory,
    Role,
    Signatory,
)
from .consent_text import standard_fields
from .demo_data import (
    ACTIONS,
    DATA_LIST,
    FEMALE,
    GRADES,
    MALE,
    MENTEE_REQUESTS,
    PURPOSE,
    SUBJECTS,
)
from .demo_groups import build_groups, fill_questionnaires
from .demo_kinds import DEMO_KINDS
from .kinds import kind_profile
from .models import (
    AcademicYear,
    Consent,
    Contingent,
    MentoringGroup,
    Organisation,
    OrganisationKind,
    Person,
    User,
)
from .services.banks import mentee_profile_create, mentor_profile_create
from .services.withdrawal import consent_withdraw
from .services.years import academic_year_set_current, proposed_year

DEMO_PASSWORD = "demo-2026"  # noqa: S105 — printed for the demo logins, documented in the README


@dataclass
class DemoSchool:
    """What the builders made, for the next builder (programmes, roadmap) and the printed summary."""

    year: AcademicYear
    rng: random.Random
    logins: dict[str, str] = field(default_factory=dict)
    groups: list[MentoringGroup] = field(default_factory=list)
    curator: Person | None = None


def current_year_bounds(today: datetime.date) -> tuple[datetime.date, datetime.date, str]:
    return proposed_year(today)


def _name(rng: random.Random) -> tuple[str, str, str]:
    names = rng.choice([MALE, FEMALE])
    return rng.choice(names["last"]), rng.choice(names["first"]), rng.choice(names["patronymic"])


def _consent(person: Person, rng: random.Random, start: datetime.date, state: str) -> None:
    minor = person.category == Category.STUDENT
    fields = {
        "person": person,
        "purpose": PURPOSE,
        "data_list": DATA_LIST,
        "actions": ACTIONS,
        "valid_from": start,
        "valid_until": start + datetime.timedelta(days=365 * 2),
        "subject_address": f"г. Киров, ул. Ленина, д. {rng.randint(1, 120)}, кв. {rng.randint(1, 200)}",
    }
    if minor:
        parent = _name(rng)
        fields.update(
            signed_by=Signatory.REPRESENTATIVE,
            representative_name=f"{parent[0]} {parent[1]} {parent[2]}",
            representative_relation=rng.choice(["мать", "отец"]),
            representative_basis=f"свидетельство о рождении {rng.randint(100000, 999999)}",
        )
    if state == "expiring":
        fields["valid_until"] = datetime.date.today() + datetime.timedelta(days=rng.randint(3, 25))
    publishes = rng.random() < 0.6
    consent = Consent.objects.create(**fields)
    if publishes:
        # The consent to publication is a separate paper (152-ФЗ art. 10.1), signed the same day.
        Consent.objects.create(
            **{
                **fields,
                **standard_fields("publication", "https://school71.example/"),
                "kind": "publication",
                "subject_address": "",
            }
        )
    if state == "withdrawn":
        # Withdrawal goes through the service, so the demo shows what it does: an anonymised «Участник №…».
        on = min(start + datetime.timedelta(days=30), datetime.date.today())
        consent_withdraw(consent=consent, on=on, reason="письменное заявление об отзыве согласия")


def _user(username: str, person: Person | None, role: str, logins: dict) -> User:
    user = User.objects.create_user(
        username=username,
        email=f"{username}@school71.example",
        password=DEMO_PASSWORD,
        first_name=person.first_name if person else "",
        last_name=person.last_name if person else "",
    )
    # get_or_create: a flush (tests, --reset) removes the groups the roles migration made.
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    if person is not None:
        person.user = user
        person.save(update_fields=["user"])
    logins[role] = username
    return user


def build_school(
    today: datetime.date | None = None, seed: int = 2026, kind: str = OrganisationKind.SCHOOL
) -> DemoSchool:
    """A school, or another kind of organisation the demo knows (demo_kinds.py): a kindergarten has educators,
    specialists and young specialists, no pupils, and pairs «педагог – педагог»."""
    today = today or datetime.date.today()
    rng = random.Random(seed)
    spec, profile = DEMO_KINDS[kind], kind_profile(kind)
    Organisation.objects.create(**spec.organisation, kind=kind, director_position=profile.head_title)
    start, end, title = current_year_bounds(today)
    year = academic_year_set_current(year=AcademicYear.objects.create(title=title, start_date=start, end_date=end))
    demo = DemoSchool(year=year, rng=rng)
    consent_start = start - datetime.timedelta(days=20)

    teachers, young, students = [], [], []
    for i in range(spec.staff):
        last, first, patr = _name(rng)
        category, position, subject = spec.staff_member(i)
        career = today.year - (rng.randint(0, 2) if category == Category.YOUNG_SPECIALIST else rng.randint(4, 35))
        person = Person.objects.create(
            last_name=last,
            first_name=first,
            patronymic=patr,
            category=category,
            position=position,
            subject=subject if spec.kindergarten else SUBJECTS[i % len(SUBJECTS)],
            career_start_year=career,
            birth_date=datetime.date(career - rng.randint(22, 24), rng.randint(1, 12), rng.randint(1, 28)),
            email=f"teacher{i + 1}@school71.example",
            phone=f"+7 912 {rng.randint(100, 999)}-{rng.randint(10, 99)}-{i:02d}",
            workplace=spec.organisation["short_name"],
        )
        (young if category == Category.YOUNG_SPECIALIST else teachers).append(person)
    for i in range(300 if profile.has_pupils else 0):
        last, first, patr = _name(rng)
        grade = GRADES[i % len(GRADES)]
        age = int(grade[:-1]) + 6
        students.append(
            Person.objects.create(
                last_name=last,
                first_name=first,
                patronymic=patr,
                category=Category.STUDENT,
                grade=grade,
                birth_date=datetime.date(today.year - age - 1, rng.randint(1, 12), rng.randint(1, 28)),
                workplace="МБОУ СОШ № 71",
            )
        )
    # The whole school (the register holds only those in the programme): the denominators of the shares.
    Contingent.objects.create(
        year=year,
        pupils_total=len(students) + 340 if profile.has_pupils else 0,  # a kindergarten counts its staff only
        pupils_10_18=len(students) + 40 if profile.has_pupils else 0,
        pupils_15_19=sum(1 for s in students if int(s.grade[:-1]) >= 9) + 10 if profile.has_pupils else 0,
        teachers=len(teachers) + len(young) + 6,
        young_teachers=len(young) + 1,
    )
    # Consents: most valid, some missing, some expiring soon, a few withdrawn.
    for idx, person in enumerate([*teachers, *young, *students]):
        roll = (idx * 7919) % 100
        state = "missing" if roll < 6 else "withdrawn" if roll < 9 else "expiring" if roll < 13 else "valid"
        if state != "missing":
            _consent(person, rng, consent_start, state)

    curator = teachers[0]
    curator.position = spec.curator_position
    curator.save(update_fields=["position"])
    demo.curator = curator
    director = Person.objects.create(
        last_name=spec.head[0],
        first_name=spec.head[1],
        patronymic=spec.head[2],
        category=Category.TEACHER,
        position=spec.head_position,
        workplace=spec.organisation["short_name"],
        email="director@school71.example",
    )
    _consent(director, rng, consent_start, "valid")
    _user("curator", curator, Role.CURATOR, demo.logins)
    _user("director", director, Role.DIRECTOR, demo.logins)
    _user("methodist", teachers[1], Role.METHODICAL_COUNCIL, demo.logins)
    _user("editor", None, Role.SITE_EDITOR, demo.logins)
    User.objects.create_superuser("admin", "admin@school71.example", DEMO_PASSWORD)

    valid = set(Person.objects.with_valid_consent().values_list("pk", flat=True))
    mentors_t = [p for p in teachers[2:] if p.pk in valid][:30]
    senior = [p for p in students if p.grade[:-1] in ("10", "11") and p.pk in valid][:15]
    mentees_y = [p for p in young if p.pk in valid]
    if not profile.has_pupils:  # staff new to the kindergarten are mentees too
        mentees_y += [p for p in teachers[32:] if p.pk in valid and p not in mentors_t]
    mentees_s = [p for p in students if p.grade[:-1] in ("5", "6", "7", "8") and p.pk in valid][:55]

    def directions(person):
        return list(PUPIL_DIRECTIONS if person.category == Category.STUDENT else TEACHER_DIRECTIONS)

    for person in mentors_t + senior:
        mentor_profile_create(
            person=person,
            year=year,
            directions=rng.sample(directions(person), rng.randint(2, 4)),
            competencies=f"Опыт работы: {person.subject or 'учебная деятельность'}",
            qualification_category=rng.choice(QualificationCategory.values) if person in mentors_t else "none",
            capacity=rng.choice([1, 2, 2, 3]),
            preferred_forms=[MentoringForm.TEACHER_TEACHER if person in mentors_t else MentoringForm.STUDENT_STUDENT],
            preferred_types=rng.sample(MentoringType.values, 2),
            preferred_mode=rng.choice(Mode.values),
            training_completed=rng.random() < 0.7,
        )
    for person in mentees_y + mentees_s:
        mentee_profile_create(
            person=person,
            year=year,
            requests=rng.sample(directions(person), rng.randint(1, 3)),
            request_text=rng.choice(MENTEE_REQUESTS),
            preferred_form=MentoringForm.TEACHER_TEACHER
            if person in mentees_y
            else rng.choice([MentoringForm.STUDENT_STUDENT, MentoringForm.TEACHER_STUDENT]),
            preferred_mode=rng.choice(Mode.values),
            entered_on=start + datetime.timedelta(days=rng.randint(20, 50)),
        )
    build_groups(demo, mentors_t, senior, mentees_y, mentees_s, today)
    fill_questionnaires(demo, mentees_y[:6] + mentees_s[:14], mentors_t[:10])
    mentor_person = demo.groups[11].memberships.get(role="mentor").person
    _user("mentor", mentor_person, Role.MENTOR, demo.logins)
    mentee_person = demo.groups[11].memberships.filter(role="mentee").first().person
    _user("mentee", mentee_person, Role.MENTEE, demo.logins)
    return demo
