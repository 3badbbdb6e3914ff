"""The indicators about feedback: forms received against forms due, and satisfaction scores."""

from django.db.models import Avg, Case, CharField, Count, Exists, FloatField, OuterRef, Q, Value, When
from django.db.models.functions import Cast

from mentoring.choices import MemberRole
from mentoring.models import Answer, GroupMembership, MentoringGroup, Question, Questionnaire

from .scope import Scope, counted_person_ids, pct


def feedback(scope: Scope) -> dict:
    """Feedback forms received against forms due, by kind (one query)."""
    from programmes.models import FeedbackRequest

    # The forms due within the year: a group carried over into the next year brings the forms due there to it,
    # so a year that has ended keeps its figures.
    carried_here = Exists(
        MentoringGroup.carried_into.through.objects.filter(
            mentoringgroup_id=OuterRef("group_id"), academicyear_id=scope.year.pk
        )
    )
    qs = FeedbackRequest.objects.filter(
        Q(group__year=scope.year, due_date__lte=scope.year.end_date)
        | Q(carried_here, due_date__gte=scope.year.start_date, due_date__lte=scope.year.end_date),
        required=True,
        person_id__in=counted_person_ids(scope),
    ).exclude(status=FeedbackRequest.Status.CANCELLED)
    if scope.form:
        qs = qs.filter(group__form=scope.form)
    if scope.category:
        qs = qs.filter(person__category=scope.category)
    done = Q(status=FeedbackRequest.Status.DONE)
    found = {
        row["kind"]: row
        for row in qs.values("kind")
        .annotate(
            due=Count("pk", filter=done | Q(due_date__lte=scope.day)),
            received=Count("pk", filter=done),
            overdue=Count("pk", filter=Q(status=FeedbackRequest.Status.PENDING, due_date__lt=scope.day)),
        )
        .order_by()
    }
    rows = []
    for code, label in FeedbackRequest.Kind.choices:
        row = found.get(code, {})
        due, received = row.get("due", 0), row.get("received", 0)
        rows.append(
            {
                "kind": code,
                "label": str(label),
                "due": due,
                "received": received,
                "overdue": row.get("overdue", 0),
                "percent": pct(received, due),
            }
        )
    due, received = sum(r["due"] for r in rows), sum(r["received"] for r in rows)
    return {"rows": rows, "due": due, "received": received, "percent": pct(received, due)}


def satisfaction(scope: Scope) -> dict:
    """Average score per satisfaction question, for mentors and for mentees (one query).

    The respondent's role is the questionnaire's audience; for a questionnaire meant for anyone, the role the
    respondent had in the group the response is about."""
    mentor_in_group = Exists(
        GroupMembership.objects.filter(
            group_id=OuterRef("response__group_id"), person_id=OuterRef("response__respondent_id"), role="mentor"
        )
    )
    role = Case(
        When(response__questionnaire__audience=Questionnaire.Audience.MENTOR, then=Value(MemberRole.MENTOR)),
        When(response__questionnaire__audience=Questionnaire.Audience.MENTEE, then=Value(MemberRole.MENTEE)),
        When(mentor_in_group, then=Value(MemberRole.MENTOR)),
        default=Value(MemberRole.MENTEE),
        output_field=CharField(),
    )
    qs = Answer.objects.filter(
        question__kind=Question.Kind.SCALE,
        response__questionnaire__kind=Questionnaire.Kind.SATISFACTION,
        response__year=scope.year,
        response__respondent_id__in=counted_person_ids(scope),
        value__isnull=False,
    )
    if scope.form:
        qs = qs.filter(response__group__form=scope.form)
    if scope.category:
        qs = qs.filter(response__respondent__category=scope.category)
    rows = list(
        qs.annotate(role=role)
        .values("role", "question__questionnaire__title", "question__number", "question__text")
        .annotate(
            average=Avg(Cast("value", FloatField())), answers=Count("pk"), respondents=Count("response", distinct=True)
        )
        .order_by("role", "question__questionnaire__title", "question__number")
    )
    result = {}
    for code in (MemberRole.MENTOR, MemberRole.MENTEE):
        questions = [
            {
                "number": r["question__number"],
                "text": r["question__text"],
                "questionnaire": r["question__questionnaire__title"],
                "average": round(r["average"], 2),
                "answers": r["answers"],
            }
            for r in rows
            if r["role"] == code
        ]
        answers = sum(q["answers"] for q in questions)
        # Weighted by answers, this equals the mean of every score given (rows are questions, not people).
        overall = sum(r["average"] * r["answers"] for r in rows if r["role"] == code) / answers if answers else None
        result[str(code)] = {
            "questions": questions,
            "answers": answers,
            "respondents": max((r["respondents"] for r in rows if r["role"] == code), default=0),
            "average": round(overall, 2) if overall is not None else None,
        }
    return result
