"""Programmes, meetings and feedback for the demo school's approved, active and finished groups.

Deterministic (the demo's seeded generator) and dated relative to today, so the demo always shows: drafts and
agreed programmes with progress, the usual meeting sequence, joint-work feedback filled and one still due, two
silent groups on the curator's dashboard, overdue forms, an extension by mutual consent, completed programmes
with satisfaction answers, and one best practice.
"""

import datetime

from django.utils import timezone

from mentoring.choices import GroupStatus, MemberRole
from mentoring.models import Question, Questionnaire, User

from . import services
from .loading import load_questionnaires, load_templates
from .models import (
    FeedbackRequest,
    Meeting,
    Programme,
    ProgrammeActivity,
    ProgrammeTemplate,
    ProgrammeTemplateActivity,
    PublishPart,
)

TOPICS = [
    "Анализ посещённого урока",
    "Технологическая карта урока",
    "Приёмы работы с дисциплиной",
    "Подготовка к родительскому собранию",
    "Цифровые ресурсы для урока",
    "Подготовка открытого урока",
]
NOTES = [
    "Разобрали этапы урока, наметили изменения в мотивационном этапе.",
    "Составили карту урока на следующую неделю, наставляемый проведёт его самостоятельно.",
    "Обсудили ситуации на уроках в 7Б, договорились о единых требованиях.",
    "Подготовили план собрания и памятку для родителей.",
    "Попробовали интерактивные задания, наставляемый подготовит два своих.",
]
TEXT_ANSWERS = [
    "Удалось разобрать все запланированные вопросы.",
    "Нужно больше времени на практику.",
    "Хотелось бы посетить ещё урок наставника.",
]


def build(demo) -> None:
    load_questionnaires(Questionnaire, Question)
    load_templates(ProgrammeTemplate, ProgrammeTemplateActivity)
    template = ProgrammeTemplate.objects.get(code="default")
    curator = User.objects.get(username="curator")
    mentor_user = User.objects.filter(username="mentor").select_related("person").first()
    today = timezone.localdate()
    rng = demo.rng
    active_seen = 0
    for group in demo.groups:
        if group.status == GroupStatus.PROPOSED:
            continue
        programme = _programme(group, template, today)
        if group.status == GroupStatus.APPROVED:
            continue
        if group.status == GroupStatus.ACTIVE:
            active_seen += 1
            silent = active_seen in (3, 6)  # two groups that stopped meeting: flagged on the dashboard
            _meetings(group, programme, today, rng, silent=silent, mentor_user=mentor_user)
            _progress(programme, today)
        else:
            _meetings(group, programme, group.ended_on, rng, final=group.status == GroupStatus.COMPLETED, ended=True)
    _extension(demo, curator)
    services.feedback_requests_sync(today=today)
    _fill_feedback(rng, curator, mentor_user, today)
    _best_practice(curator)


def _programme(group, template, today) -> Programme:
    start = group.planned_start
    end = min(group.planned_end, services.add_months(start, 12))
    if end < services.add_months(start, 3):
        end = services.add_months(start, 3)
    status = {
        GroupStatus.APPROVED: Programme.Status.DRAFT,
        GroupStatus.ACTIVE: Programme.Status.AGREED,
        GroupStatus.COMPLETED: Programme.Status.COMPLETED,
        GroupStatus.TERMINATED: Programme.Status.TERMINATED,
    }[group.status]
    programme = Programme(
        group=group,
        template=template,
        start_date=start,
        end_date=end,
        status=status,
        agreed_on=start if status != Programme.Status.DRAFT else None,
        **{name: getattr(template, name) for name in services.NOTE_FIELDS},
    )
    if status == Programme.Status.COMPLETED:
        programme.completed_on = group.ended_on
        programme.results_summary = (
            "Наставляемый провёл открытый урок, освоил составление технологических карт; затруднения в работе "
            "с дисциплиной в основном преодолены."
        )
        programme.mentor_report = (
            "Программа выполнена в полном объёме. Проведено 9 встреч, из них 5 — совместная работа. "
            "Наставляемый уверенно планирует уроки и использует цифровые ресурсы."
        )
    programme.full_clean()
    programme.save()
    activities = services.activities_from_template(programme, template)
    if status == Programme.Status.COMPLETED:
        for activity in activities:
            activity.status = ProgrammeActivity.Status.DONE
            activity.done_on = min(activity.due_date, group.ended_on or today)
    ProgrammeActivity.objects.bulk_create(activities)
    return programme


def _meetings(group, programme, until, rng, *, silent=False, final=False, ended=False, mentor_user=None) -> None:
    """Introduction, trial and planning a week apart, then joint work every one or two weeks up to `until`."""
    members = [m.person for m in group.memberships.all()]
    day = group.planned_start + datetime.timedelta(days=1)
    kinds = (
        [Meeting.Kind.INTRODUCTION]
        if silent
        else [Meeting.Kind.INTRODUCTION, Meeting.Kind.TRIAL, Meeting.Kind.PLANNING]
    )
    schedule = []
    for kind in kinds:
        if day <= until:
            schedule.append((kind, day))
        day += datetime.timedelta(days=rng.choice([5, 6, 7]))
    while not silent and day <= until - datetime.timedelta(days=2 if final else 0):
        schedule.append((Meeting.Kind.JOINT_WORK, day))
        day += datetime.timedelta(days=rng.choice([7, 10, 14]))
    if final:
        schedule.append((Meeting.Kind.FINAL, until))
    elif not silent and not ended:  # the next meeting, already planned
        schedule.append((Meeting.Kind.JOINT_WORK, until + datetime.timedelta(days=rng.choice([2, 3, 5]))))
    for n, (kind, date) in enumerate(schedule):
        meeting = Meeting.objects.create(
            group=group,
            kind=kind,
            date=date,
            format=rng.choice(["in_person", "in_person", "online"]),
            topic=TOPICS[n % len(TOPICS)] if kind == Meeting.Kind.JOINT_WORK else "",
            notes=rng.choice(NOTES) if date <= until and kind == Meeting.Kind.JOINT_WORK else "",
            logged_by=mentor_user if mentor_user and mentor_user.person in members else None,
        )
        if date <= until:
            meeting.attendees.set(members if rng.random() < 0.85 else members[:1])
        if kind == Meeting.Kind.JOINT_WORK:
            services._meeting_feedback_create(meeting)


def _progress(programme, today) -> None:
    for activity in programme.activities.filter(due_date__lte=today + datetime.timedelta(days=14)):
        activity.status = ProgrammeActivity.Status.DONE
        activity.done_on = min(activity.due_date, today)
        activity.save(update_fields=["status", "done_on"])


def _extension(demo, curator) -> None:
    programme = Programme.objects.filter(status=Programme.Status.AGREED).order_by("pk").first()
    if programme is None:
        return
    members = [m.person for m in programme.group.memberships.filter(left_on__isnull=True)]
    services.programme_extend(
        programme=programme,
        by=curator,
        new_end=programme.end_date + datetime.timedelta(days=30),
        agreed=members,
        agreed_on=programme.start_date + datetime.timedelta(days=20),
        reason="Наставляемый будет на курсах повышения квалификации в марте; открытый урок переносится.",
    )


def _answers(questionnaire, rng) -> dict:
    answers = {}
    for q in questionnaire.questions.all():
        match q.kind:
            case Question.Kind.SCALE:
                answers[q] = rng.choice([7, 8, 8, 9, 9, 10, 6])
            case Question.Kind.YES_NO:
                answers[q] = "yes" if rng.random() < 0.85 else "no"
            case Question.Kind.SINGLE:
                answers[q] = rng.choice(q.choices)[0]
            case Question.Kind.MULTIPLE:
                answers[q] = [c[0] for c in rng.sample(q.choices, 2)]
            case _:
                if q.required or rng.random() < 0.5:
                    answers[q] = rng.choice(TEXT_ANSWERS)
    return answers


def _fill_feedback(rng, curator, mentor_user, today) -> None:
    """Most forms come back; the mentor login keeps its latest form to fill, some others are left overdue."""
    pending = (
        FeedbackRequest.objects.filter(status=FeedbackRequest.Status.PENDING, opens_on__lte=today)
        .select_related("questionnaire", "person", "group")
        .order_by("pk")
    )
    mentor_person = mentor_user.person if mentor_user else None
    latest_of_mentor = (
        pending.filter(person=mentor_person, kind=FeedbackRequest.Kind.MEETING).order_by("-opens_on").first()
        if mentor_person
        else None
    )
    # One mentor has not sent any form back: their forms show as overdue on the curator's dashboard.
    laggard = (
        pending.filter(kind=FeedbackRequest.Kind.MEETING, required=True, group__status=GroupStatus.ACTIVE)
        .exclude(person=mentor_person)
        .values_list("group_id", flat=True)
        .first()
    )
    for request in pending:
        if request == latest_of_mentor or request.group_id == laggard:
            continue
        chance = 0.6 if request.role == MemberRole.MENTEE and not request.required else 0.85
        if rng.random() > chance:
            continue
        own = mentor_person is not None and request.person_id == mentor_person.pk
        services.feedback_submit(
            feedback=request, by=mentor_user if own else curator, answers=_answers(request.questionnaire, rng)
        )


def _best_practice(curator) -> None:
    programme = Programme.objects.filter(status=Programme.Status.COMPLETED).order_by("pk").first()
    if programme is not None:
        services.programme_mark_best_practice(
            programme=programme,
            by=curator,
            is_best_practice=True,
            case_description=(
                "Молодой учитель за два месяца освоил технологические карты уроков и провёл открытый урок "
                "для методического объединения. Работа строилась на взаимопосещении уроков и разборе их записей."
            ),
            publish_parts=[PublishPart.NOTE, PublishPart.RESULTS],
        )
