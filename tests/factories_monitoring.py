"""Schools for the monitoring tests: a small one with known answers, and a bulk generator of any size.

`bulk_school` writes with bulk_create (a few queries per table), so a school of 2,000 people and 300 groups takes
seconds; the benchmark uses it too.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from mentoring.choices import Category, CompletionReason, GroupStatus, MentoringForm, MentoringType, Signatory
from mentoring.models import (
    AcademicYear,
    Answer,
    Consent,
    Contingent,
    GroupMembership,
    MenteeProfile,
    MentoringGroup,
    Person,
    Question,
    Questionnaire,
    Response,
)
from programmes.models import FeedbackRequest, Meeting, Programme
from tests import factories


def born_aged(years: int, on: datetime.date | None = None) -> datetime.date:
    """A birth date giving exactly `years` full years on `on` (born a month after that birthday)."""
    on = on or timezone.localdate()
    return on.replace(year=on.year - years) - datetime.timedelta(days=30)


def person(category=Category.TEACHER, *, age=None, consent="valid", career_start_year=2005, **kwargs) -> Person:
    """A person whose consent is "valid", "withdrawn" (five days ago) or None."""
    today = timezone.localdate()
    extra = {"birth_date": born_aged(age)} if age is not None else {}
    if category == Category.STUDENT:
        extra.update(grade="7А", career_start_year=None)
    else:
        extra.update(career_start_year=career_start_year)
    p = factories.PersonFactory(category=category, consent=None, **extra, **kwargs)
    if consent is not None:
        factories.ConsentFactory(
            person=p,
            withdrawn_on=today - datetime.timedelta(days=5) if consent == "withdrawn" else None,
        )
    return p


def group(year, *, mentors, mentees, status=GroupStatus.ACTIVE, form=MentoringForm.TEACHER_TEACHER, types=None):
    """A group in a given status written directly (the services are tested elsewhere; here only the data counts)."""
    approved = status != GroupStatus.PROPOSED
    closed = status in (GroupStatus.COMPLETED, GroupStatus.TERMINATED)
    ended = year.start_date + datetime.timedelta(days=50)
    g = MentoringGroup.objects.create(
        year=year,
        form=form,
        types=types or [MentoringType.TRADITIONAL],
        status=status,
        planned_start=year.start_date + datetime.timedelta(days=10),
        planned_end=year.end_date,
        approved_on=year.start_date + datetime.timedelta(days=5) if approved else None,
        ended_on=ended if closed else None,
        completion_reason=(
            CompletionReason.PLAN_COMPLETED
            if status == GroupStatus.COMPLETED
            else CompletionReason.MENTEE_INITIATIVE
            if status == GroupStatus.TERMINATED
            else ""
        ),
    )
    left = ended if closed else None
    for p in mentors:
        GroupMembership.objects.create(group=g, person=p, role="mentor", joined_on=year.start_date, left_on=left)
    for p in mentees:
        GroupMembership.objects.create(group=g, person=p, role="mentee", joined_on=year.start_date, left_on=left)
    return g


def satisfaction_questionnaire(audience: str, code: str | None = None) -> Questionnaire:
    q = Questionnaire.objects.create(
        code=code or f"test_satisfaction_{audience}",
        kind=Questionnaire.Kind.SATISFACTION,
        audience=audience,
        title=f"Удовлетворённость ({audience})",
    )
    Question.objects.create(questionnaire=q, number=1, text="Насколько эффективной была программа?", kind="scale")
    Question.objects.create(questionnaire=q, number=2, text="Насколько комфортной была работа?", kind="scale")
    Question.objects.create(questionnaire=q, number=3, text="Что изменить?", kind="long_text", required=False)
    return q


def respond(questionnaire, respondent, year, group, scores: dict[int, object]) -> Response:
    response = Response.objects.create(questionnaire=questionnaire, respondent=respondent, year=year, group=group)
    questions = {q.number: q for q in questionnaire.questions.all()}
    Answer.objects.bulk_create([Answer(response=response, question=questions[n], value=v) for n, v in scores.items()])
    return response


def feedback_request(g, p, role, *, kind="meeting", meeting=None, status="pending", due_in_days=-3, required=True):
    today = timezone.localdate()
    questionnaire = Questionnaire.objects.filter(kind=Questionnaire.Kind.MEETING_FEEDBACK).first() or (
        Questionnaire.objects.create(code="test_meeting_fb", kind="meeting_feedback", title="Обратная связь")
    )
    due = today + datetime.timedelta(days=due_in_days)
    return FeedbackRequest.objects.create(
        group=g,
        person=p,
        role=role,
        kind=kind,
        questionnaire=questionnaire,
        meeting=meeting if kind == "meeting" else None,
        required=required,
        opens_on=due - datetime.timedelta(days=7),
        due_date=due,
        status=status,
        completed_at=timezone.now() if status == "done" else None,
    )


@dataclass
class KnownSchool:
    """The constructed school of tests/monitoring/test_indicators.py; see `known_school` for the expected answers."""

    year: AcademicYear
    people: dict[str, Person] = field(default_factory=dict)
    groups: dict[str, MentoringGroup] = field(default_factory=dict)


def known_school(year: AcademicYear, *, contingent: bool = True) -> KnownSchool:
    """Eleven counted people, three excluded, six groups. Expected figures (reference day = today), against a
    contingent that matches the register (5 pupils, all 10–18, two of them 15–19; 6 teachers, 3 young) unless
    `contingent=False`:

    participants: mentors T1 T2 T3 S2 (4); mentees Y1 T2 S1 S3 Y3 (5); T2 both; 8 distinct.
    students 10–18: S1 S2 S3 S4 W1 → mentees S1 S3: 2/5 = 40 %; students 15–19: S2 S4 → mentor S2: 1/2 = 50 %;
    young teachers: Y1 Y3 (young specialists), Y2 (teacher, 2 years of service) → mentees Y1 Y3: 2/3 = 66.7 %;
    involved: 8 of 11 = 72.7 %. Excluded: S5 (withdrew consent; a mentee of G2), S6 (no consent), A1 (anonymised).
    groups: G1 active, G2 completed, G3 active, G4 proposed, G5 active, G6 terminated (mentee's initiative).
    """
    s = KnownSchool(year=year)
    if contingent:
        Contingent.objects.create(
            year=year, pupils_total=5, pupils_10_18=5, pupils_15_19=2, teachers=6, young_teachers=3
        )
    today = timezone.localdate()
    P = s.people
    P["T1"] = person(Category.TEACHER, last_name="Наставникова")
    P["T2"] = person(Category.TEACHER, last_name="Двойнова")
    P["T3"] = person(Category.TEACHER, last_name="Опытнов")
    P["Y1"] = person(Category.YOUNG_SPECIALIST, career_start_year=year.start_date.year, last_name="Молодова")
    P["Y2"] = person(Category.TEACHER, career_start_year=year.start_date.year - 2, last_name="Начинаев")
    P["Y3"] = person(Category.YOUNG_SPECIALIST, career_start_year=year.start_date.year - 1, last_name="Стажёрова")
    P["S1"] = person(Category.STUDENT, age=12, last_name="Ученикова")
    P["S2"] = person(Category.STUDENT, age=16, last_name="Старшеклассников")
    P["S3"] = person(Category.STUDENT, age=11, last_name="Младшеклассникова")
    P["S4"] = person(Category.STUDENT, age=17, last_name="Выпускников")
    P["W1"] = person(Category.STUDENT, age=13, last_name="Ожидаев")
    P["S5"] = person(Category.STUDENT, age=14, consent="withdrawn", last_name="Отозвавшая")
    P["S6"] = person(Category.STUDENT, age=13, consent=None, last_name="Безсогласия")
    P["A1"] = person(Category.TEACHER, last_name="Обезличенный")
    Person.objects.filter(pk=P["A1"].pk).update(anonymised_at=timezone.now())

    G = s.groups
    G["G1"] = group(year, mentors=[P["T1"]], mentees=[P["Y1"]])
    G["G2"] = group(
        year,
        mentors=[P["T2"]],
        mentees=[P["S1"], P["S5"]],
        status=GroupStatus.COMPLETED,
        form=MentoringForm.TEACHER_STUDENT,
        types=[MentoringType.GROUP],
    )
    G["G3"] = group(
        year, mentors=[P["T3"]], mentees=[P["T2"]], types=[MentoringType.TRADITIONAL, MentoringType.REVERSE]
    )
    G["G4"] = group(year, mentors=[P["T1"]], mentees=[P["Y2"]], status=GroupStatus.PROPOSED)
    G["G5"] = group(year, mentors=[P["S2"]], mentees=[P["S3"]], form=MentoringForm.STUDENT_STUDENT)
    G["G6"] = group(
        year, mentors=[P["T3"]], mentees=[P["Y3"]], status=GroupStatus.TERMINATED, types=[MentoringType.SHORT_TERM]
    )

    # Meetings: G1 three, G2 one, G5 two in the year (plus one before the year and one tomorrow, not counted).
    def meet(g, days_after_start, kind="joint_work"):
        return Meeting.objects.create(
            group=g, kind=kind, date=year.start_date + datetime.timedelta(days=days_after_start)
        )

    m1 = meet(G["G1"], 10, "introduction")
    meet(G["G1"], 20, "trial")
    meet(G["G1"], 30)
    meet(G["G2"], 15, "introduction")
    meet(G["G5"], 12, "introduction")
    meet(G["G5"], 40)
    meet(G["G5"], -10)
    Meeting.objects.create(group=G["G5"], kind="joint_work", date=today + datetime.timedelta(days=1))

    # Feedback (meeting kind): T1 filled, Y1 overdue, S5 filled but excluded, a cancelled and a not-yet-due form.
    feedback_request(G["G1"], P["T1"], "mentor", meeting=m1, status="done")
    feedback_request(G["G1"], P["Y1"], "mentee", meeting=m1)
    m2 = Meeting.objects.get(group=G["G2"])
    feedback_request(G["G2"], P["S5"], "mentee", meeting=m2, status="done")
    feedback_request(G["G2"], P["S1"], "mentee", meeting=m2, status="cancelled")
    feedback_request(G["G2"], P["T2"], "mentor", meeting=m2, due_in_days=5)
    # Satisfaction forms: T2 filled, S1 overdue.
    feedback_request(G["G2"], P["T2"], "mentor", kind="satisfaction", status="done")
    feedback_request(G["G2"], P["S1"], "mentee", kind="satisfaction")

    # Satisfaction: mentors T1 (8, 6) and T3 (10, 8); mentee Y1 (7); S5's answer (1) is excluded.
    qm, qe = satisfaction_questionnaire("mentor"), satisfaction_questionnaire("mentee")
    respond(qm, P["T1"], year, G["G1"], {1: 8, 2: 6, 3: "больше встреч"})
    respond(qm, P["T3"], year, G["G3"], {1: 10, 2: 8})
    respond(qe, P["Y1"], year, G["G1"], {1: 7})
    respond(qe, P["S5"], year, G["G2"], {1: 1, 2: 1})

    # Waiting: W1 awaiting 40 days, S4 supported 100 days; S6 (no consent) is not counted.
    MenteeProfile.objects.create(person=P["W1"], year=year, entered_on=today - datetime.timedelta(days=40))
    MenteeProfile.objects.create(
        person=P["S4"], year=year, status="supported", entered_on=today - datetime.timedelta(days=100)
    )
    MenteeProfile.objects.create(person=P["S6"], year=year, entered_on=today - datetime.timedelta(days=10))
    return s


# --- Bulk generator ------------------------------------------------------------------------------------------------


def bulk_school(year: AcademicYear, *, people: int, groups: int, seed: int = 8, with_programmes: bool = True) -> dict:
    """A school of `people` people (a quarter teachers) and up to `groups` approved groups with meetings, feedback,
    satisfaction answers and programmes. Deterministic; a fixed number of bulk queries per table."""
    rng = random.Random(seed)
    today = timezone.localdate()
    n_teachers = max(3, people // 4)
    persons = []
    for i in range(people):
        teacher = i < n_teachers
        category = (Category.YOUNG_SPECIALIST if i % 7 == 0 else Category.TEACHER) if teacher else Category.STUDENT
        persons.append(
            Person(
                last_name=f"Фамилия{i}",
                first_name=rng.choice(["Анна", "Иван", "Мария", "Пётр", "Ольга"]),
                patronymic="Сергеевна" if i % 2 else "Сергеевич",
                category=category,
                grade="" if teacher else f"{rng.randint(5, 11)}А",
                birth_date=born_aged(rng.randint(24, 60) if teacher else rng.randint(10, 17)),
                career_start_year=(today.year - rng.randint(0, 30)) if teacher else None,
                position="учитель" if teacher else "",
                subject="математика" if teacher else "",
            )
        )
    persons = Person.objects.bulk_create(persons)
    consent_from = year.start_date - datetime.timedelta(days=20)
    Consent.objects.bulk_create(
        [
            Consent(
                person=p,
                purpose="участие в программе наставничества",
                data_list="ФИО, дата рождения",
                valid_from=consent_from,
                signed_by=Signatory.REPRESENTATIVE if p.category == Category.STUDENT else Signatory.SELF,
                representative_name="Родитель" if p.category == Category.STUDENT else "",
                representative_basis="свидетельство о рождении" if p.category == Category.STUDENT else "",
                withdrawn_on=consent_from + datetime.timedelta(days=10) if i % 50 == 49 else None,
            )
            for i, p in enumerate(persons)
            if i % 40 != 39  # every 40th person has no consent
        ]
    )
    teachers, students = persons[:n_teachers], persons[n_teachers:]
    senior = [t for t in teachers if t.category == Category.TEACHER]  # mentors; young specialists are mentees
    statuses = [GroupStatus.ACTIVE] * 6 + [GroupStatus.COMPLETED] * 2 + [GroupStatus.TERMINATED, GroupStatus.APPROVED]
    forms = [MentoringForm.TEACHER_TEACHER, MentoringForm.TEACHER_STUDENT, MentoringForm.STUDENT_STUDENT]
    group_rows, member_plan = [], []
    mentee_pool = list(students) + [t for t in teachers if t.category == Category.YOUNG_SPECIALIST]
    rng.shuffle(mentee_pool)
    for n in range(min(groups, len(mentee_pool) // 2)):
        status = statuses[n % len(statuses)]
        closed = status in (GroupStatus.COMPLETED, GroupStatus.TERMINATED)
        mentor = senior[n % len(senior)]
        mentees = [mentee_pool.pop() for _ in range(1 + (n % 3 == 0))]
        form = forms[n % len(forms)]
        if form == MentoringForm.STUDENT_STUDENT and students:
            mentor = students[(n * 7) % len(students)]
            if mentor in mentees:
                mentor = senior[n % len(senior)]
        group_rows.append(
            MentoringGroup(
                year=year,
                form=form,
                types=[MentoringType.GROUP] if len(mentees) > 1 else [MentoringType.TRADITIONAL],
                status=status,
                planned_start=year.start_date + datetime.timedelta(days=10),
                planned_end=year.end_date,
                approved_on=year.start_date + datetime.timedelta(days=5),
                ended_on=year.start_date + datetime.timedelta(days=60) if closed else None,
                completion_reason=(
                    CompletionReason.PLAN_COMPLETED
                    if status == GroupStatus.COMPLETED
                    else CompletionReason.MENTOR_INITIATIVE
                    if status == GroupStatus.TERMINATED
                    else ""
                ),
            )
        )
        member_plan.append((mentor, mentees))
    group_rows = MentoringGroup.objects.bulk_create(group_rows)
    memberships, meetings, programmes = [], [], []
    for g, (mentor, mentees) in zip(group_rows, member_plan, strict=True):
        memberships.append(GroupMembership(group=g, person=mentor, role="mentor", joined_on=year.start_date))
        memberships += [GroupMembership(group=g, person=m, role="mentee", joined_on=year.start_date) for m in mentees]
        for k in range(rng.randint(0, 6)):
            day = year.start_date + datetime.timedelta(days=5 + 9 * k)
            if day <= today:
                meetings.append(Meeting(group=g, kind="introduction" if k == 0 else "joint_work", date=day))
        if with_programmes:
            start = year.start_date + datetime.timedelta(days=10)
            completed = g.status == GroupStatus.COMPLETED
            programmes.append(
                Programme(
                    group=g,
                    title=f"Программа пары № {g.pk}",
                    goals="Освоить методику проектной деятельности и подготовить открытый урок.",
                    tasks="Посетить уроки наставника; разработать проект; провести открытый урок.",
                    planned_results="Открытый урок, проект, методическая разработка.",
                    results_summary="Проведён открытый урок; разработка опубликована." if completed else "",
                    mentor_report=("Наставляемый освоил методику; план выполнен полностью. " * 3) if completed else "",
                    start_date=start,
                    end_date=start + datetime.timedelta(days=200),
                    status=Programme.Status.COMPLETED if completed else Programme.Status.AGREED,
                    agreed_on=start,
                    completed_on=year.start_date + datetime.timedelta(days=60) if completed else None,
                    is_best_practice=completed and g.pk % 4 == 0,
                )
            )
    GroupMembership.objects.bulk_create(memberships)
    Meeting.objects.bulk_create(meetings)
    Programme.objects.bulk_create(programmes)
    MenteeProfile.objects.bulk_create(
        [
            MenteeProfile(person=p, year=year, entered_on=today - datetime.timedelta(days=rng.randint(1, 120)))
            for p in mentee_pool[: max(1, len(mentee_pool) // 5)]
        ]
    )
    qm = Questionnaire.objects.filter(kind="satisfaction", audience="mentor").first() or satisfaction_questionnaire(
        "mentor"
    )
    qe = Questionnaire.objects.filter(kind="satisfaction", audience="mentee").first() or satisfaction_questionnaire(
        "mentee"
    )
    responses, answer_plan = [], []
    for g, (mentor, mentees) in zip(group_rows, member_plan, strict=True):
        if g.status != GroupStatus.COMPLETED:
            continue
        for who, q in [(mentor, qm), *[(m, qe) for m in mentees]]:
            responses.append(Response(questionnaire=q, respondent=who, year=year, group=g))
            answer_plan.append(q)
    responses = Response.objects.bulk_create(responses)
    scale = {q.pk: list(q.questions.filter(kind="scale")) for q in (qm, qe)}
    Answer.objects.bulk_create(
        [
            Answer(response=r, question=question, value=rng.randint(5, 10))
            for r, q in zip(responses, answer_plan, strict=True)
            for question in scale[q.pk]
        ]
    )
    return {"people": len(persons), "groups": len(group_rows), "meetings": len(meetings)}
