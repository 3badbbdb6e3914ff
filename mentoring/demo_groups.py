"""The demo school's pairs and groups in every status, the questionnaires they answered, and stage 5 of the
roadmap (support of those still waiting, petitions for replacement); called by `demo.build_school` and the
`demo_school` command with the school it built."""

import datetime

from .choices import TEACHING_CATEGORIES, CompletionReason, GroupStatus, MentoringForm, MentoringType
from .demo_data import DEMO_TEXT_ANSWERS, SUPPORT_NOTES
from .management.commands.load_questionnaires import load_bank_questionnaires
from .models import Person, Question, Questionnaire
from .questionnaires import questionnaire_code_for
from .services.groups import group_approve, group_complete, group_propose, group_start
from .services.questionnaires import response_submit


def fill_questionnaires(demo, mentees, mentors):
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


def build_groups(demo, mentors_t, senior, mentees_y, mentees_s, today):
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


def build_pairing(demo) -> None:
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
