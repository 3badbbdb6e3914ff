"""The demo school's people, consents, banks and groups. Deterministic: one seeded random generator."""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth.models import Group

from .choices import (
    PUPIL_DIRECTIONS,
    TEACHER_DIRECTIONS,
    TEACHING_CATEGORIES,
    Category,
    CompletionReason,
    GroupStatus,
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
    DEMO_TEXT_ANSWERS,
    FEMALE,
    GRADES,
    MALE,
    MENTEE_REQUESTS,
    PURPOSE,
    SUBJECTS,
    SUPPORT_NOTES,
)
from .demo_kinds import DEMO_KINDS
from .kinds import kind_profile
from .management.commands.load_questionnaires import load_bank_questionnaires
from .models import (
    AcademicYear,
    Consent,
    Contingent,
    MentoringGroup,
    Organisation,
    OrganisationKind,
    Person,
    Question,
    Questionnaire,
    User,
)
from .questionnaires import questionnaire_code_for
from .services.banks import mentee_profile_create, mentor_profile_create
from .services.groups import group_approve, group_complete, group_propose, group_start
from .services.questionnaires import response_submit
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
    _build_groups(demo, mentors_t, senior, mentees_y, mentees_s, today)
    _fill_questionnaires(demo, mentees_y[:6] + mentees_s[:14], mentors_t[:10])
    mentor_person = demo.groups[11].memberships.get(role="mentor").person
    _user("mentor", mentor_person, Role.MENTOR, demo.logins)
    mentee_person = demo.groups[11].memberships.filter(role="mentee").first().person
    _user("mentee", mentee_person, Role.MENTEE, demo.logins)
    return demo


def _fill_questionnaires(demo, mentees, mentors):
    """Needs questionnaires and mentor surveys, some online, some entered by the curator from paper."""
    load_bank_questionnaires(Questionnaire, Question)
    curator_user = demo.curator.user if demo.curator else None
    for code, people in (("mentee_needs", mentees), ("mentor_survey", mentors)):
        for n, person in enumerate(people):
            questionnaire = Questionnaire.objects.get(code=questionnaire_code_for(code, person))
            answers = {}
            for q in questionnaire.questions.order_by("number"):
                if q.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
                    codes = [c for c, _label in q.choices]
                    if q.maps_to == "capacity":
                        codes = codes[2:3]  # 3: never below what the demo pairs already use
                    picked = demo.rng.sample(codes, min(len(codes), demo.rng.randint(1, 2)))
                    answers[q] = picked if q.kind == Question.Kind.MULTIPLE else picked[0]
                elif q.kind == Question.Kind.SCALE:
                    answers[q] = demo.rng.randint(5, 10)
                elif q.maps_to == "is_ready":
                    answers[q] = "yes"  # the demo's mentors are in the bank because they said they are ready
                elif q.kind == Question.Kind.YES_NO:
                    answers[q] = demo.rng.choice(["yes", "no"])
                elif q.required or demo.rng.random() < 0.5:
                    answers[q] = demo.rng.choice(DEMO_TEXT_ANSWERS.get(q.maps_to, DEMO_TEXT_ANSWERS[""]))
            response_submit(
                questionnaire=questionnaire,
                respondent=person,
                year=demo.year,
                answers=answers,
                filled_by=curator_user if n % 3 == 0 else None,
                on_paper=n % 3 == 0,
            )


# (status, how many) of the demo's 25 pairs and groups.
GROUP_PLAN = [
    (GroupStatus.PROPOSED, 6),
    (GroupStatus.APPROVED, 5),
    (GroupStatus.ACTIVE, 8),
    (GroupStatus.COMPLETED, 4),
    (GroupStatus.TERMINATED, 2),
]


def _build_groups(demo, mentors_t, senior, mentees_y, mentees_s, today):
    rng, year = demo.rng, demo.year
    teacher_mentors, pupil_mentors = list(mentors_t), list(senior)
    young_pool, pupil_pool = list(mentees_y), list(mentees_s)
    n = 0
    for status, count in GROUP_PLAN:
        for _ in range(count):
            n += 1
            if (n % 2 or not pupil_pool) and young_pool:
                mentor, mentees, form = teacher_mentors.pop(0), [young_pool.pop(0)], MentoringForm.TEACHER_TEACHER
            elif n % 3 == 0 and pupil_mentors:
                mentor, form = pupil_mentors.pop(0), MentoringForm.STUDENT_STUDENT
                mentees = [pupil_pool.pop(0)]
            elif not pupil_pool:
                break  # no one left to pair
            else:
                mentor, form = teacher_mentors.pop(0), MentoringForm.TEACHER_STUDENT
                mentees = [pupil_pool.pop(0) for _ in range(rng.choice([1, 2]))]
            _ensure_room(year, mentor, len(mentees))
            planned_start = year.start_date + datetime.timedelta(days=60 if status == GroupStatus.PROPOSED else 45)
            group = group_propose(
                year=year,
                mentors=[mentor],
                mentees=mentees,
                form=form,
                types=[MentoringType.TRADITIONAL] if len(mentees) == 1 else [MentoringType.GROUP],
                planned_start=planned_start,
                planned_end=year.end_date,
                on=year.start_date + datetime.timedelta(days=35),
            )
            if status != GroupStatus.PROPOSED:
                group_approve(group=group, on=year.start_date + datetime.timedelta(days=40))
            if status in (GroupStatus.ACTIVE, GroupStatus.COMPLETED, GroupStatus.TERMINATED):
                group_start(group=group, on=planned_start)
            if status == GroupStatus.COMPLETED:
                group_complete(
                    group=group,
                    reason=CompletionReason.PLAN_COMPLETED,
                    on=min(today, planned_start + datetime.timedelta(days=60)),
                )
            if status == GroupStatus.TERMINATED:
                group_complete(
                    group=group,
                    reason=CompletionReason.MENTEE_INITIATIVE,
                    on=min(today, planned_start + datetime.timedelta(days=30)),
                    note="Наставляемый перешёл в другую школу",
                )
            group.refresh_from_db()
            demo.groups.append(group)


def _ensure_room(year, mentor, needed):
    profile = mentor.mentor_profiles.get(year=year)
    if profile.capacity < needed:
        profile.capacity = needed
        profile.save(update_fields=["capacity"])


def build_pairing(demo: DemoSchool) -> None:
    """Stage 5 of the roadmap in the demo: support for those still waiting, petitions for replacement."""
    from .choices import MenteeStatus
    from .models import MenteeProfile, ReplacementKind, User
    from .selectors_pairing import pairing_mentors
    from .services.membership import mentee_support_record, replacement_decide, replacement_request_submit

    year, rng = demo.year, demo.rng
    curator = User.objects.filter(username="curator").first()
    waiting = list(
        MenteeProfile.objects.filter(year=year, status=MenteeStatus.AWAITING).order_by("entered_on", "pk")[:6]
    )
    for i, profile in enumerate(waiting[:4]):
        for j in range(1 + i % 2):
            mentee_support_record(
                profile=profile,
                note=SUPPORT_NOTES[(i + j) % len(SUPPORT_NOTES)],
                on=profile.entered_on + datetime.timedelta(days=7 + 10 * j),
                by=curator,
            )
    login_group = demo.groups[11].pk if len(demo.groups) > 11 else None
    active = [g for g in demo.groups if g.status == GroupStatus.ACTIVE and g.pk != login_group]
    approved = [g for g in demo.groups if g.status == GroupStatus.APPROVED and g.pk != login_group]
    if len(active) < 2 or not approved:
        return
    today = min(datetime.date.today(), year.end_date)
    # A mentee's petition still awaiting the curator's decision (Regulation §5.1).
    pending_group = active[0]
    mentee = pending_group.memberships.filter(role="mentee", left_on__isnull=True).first().person
    replacement_request_submit(
        group=pending_group,
        applicant=mentee,
        kind=ReplacementKind.MENTEE_PETITION,
        reason="Прошу заменить наставника: нужен наставник по подготовке к ОГЭ по моему предмету",
        on=today,
    )
    # A mentor relieved at their request and replaced: the change awaits a new order line (§4.1, §6.2).
    relief_group = active[1]
    mentor = relief_group.memberships.filter(role="mentor", left_on__isnull=True).first().person
    relief = replacement_request_submit(
        group=relief_group,
        applicant=mentor,
        kind=ReplacementKind.MENTOR_RELIEF,
        reason="Прошу освободить от обязанностей наставника в связи с увеличением учебной нагрузки",
        on=today - datetime.timedelta(days=10),
    )
    members = set(relief_group.memberships.values_list("person_id", flat=True))
    successor = next(
        (
            m
            for m in pairing_mentors(year)
            if m.has_consent and m.free >= 1 and m.person_id not in members and m.category in TEACHING_CATEGORIES
        ),
        None,
    )
    if successor is not None:
        replacement_decide(
            request=relief,
            approve=True,
            decided_by=curator,
            new_mentor=Person.objects.get(pk=successor.person_id),
            note="Удовлетворить; наставником назначить педагога с опытом по тому же направлению",
            on=today - datetime.timedelta(days=5),
        )
    # A refused petition in an approved pair.
    refused_group = approved[0]
    mentee = refused_group.memberships.filter(role="mentee", left_on__isnull=True).first().person
    refused = replacement_request_submit(
        group=refused_group,
        applicant=mentee,
        kind=ReplacementKind.MENTEE_PETITION,
        reason="Неудобное время встреч",
        on=today - datetime.timedelta(days=20),
    )
    replacement_decide(
        request=refused,
        approve=False,
        decided_by=curator,
        note=f"Отказать: время встреч согласовано заново ({rng.choice(['вторник', 'четверг'])}, 15:00)",
    )
