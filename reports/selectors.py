"""Reads of the reports app that carry a rule: who may see which document or order, and what an order prints."""

from django.db.models import BooleanField, ExpressionWrapper, F, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from mentoring.choices import Category, GroupStatus, MemberRole, Role
from mentoring.models import AcademicYear, GroupMembership, MentoringGroup
from mentoring.permissions import user_has_role
from mentoring.selectors import organisation

from .documents import get_kind
from .models import GeneratedDocument, Order, OrderType

# Who sees the register of orders; only the curator prepares them, only the director approves.
ORDER_READERS = (Role.CURATOR, Role.DIRECTOR, Role.METHODICAL_COUNCIL)


def document_for_user(user, pk) -> GeneratedDocument:
    """A job the user may see (and download), or 404 — never a 403 that confirms it exists."""
    document = get_object_or_404(GeneratedDocument.objects.select_related("requested_by"), pk=pk)
    if not user.is_authenticated:
        raise Http404
    try:
        spec = get_kind(document.kind)
    except LookupError as exc:
        raise Http404 from exc
    if user.is_superuser:
        return document
    own = document.requested_by_id == user.pk
    shared = user_has_role(user, *spec.shared_with)
    if not (own or shared) or not spec.may_request(user, document.params):
        raise Http404
    return document


def documents_of_user(user, limit: int = 20) -> QuerySet[GeneratedDocument]:
    return GeneratedDocument.objects.filter(requested_by=user).order_by("-requested_at")[:limit]


def order_for_user(user, pk) -> Order:
    if not user_has_role(user, *ORDER_READERS):
        raise Http404
    return get_object_or_404(Order.objects.select_related("year", "appointee", "created_by"), pk=pk)


def orders_register(year: AcademicYear) -> QuerySet[Order]:
    return Order.objects.filter(year=year).select_related("created_by").order_by("number", "created_at")


def proposed_groups(year: AcademicYear) -> QuerySet[MentoringGroup]:
    """Groups the pairing order may list: proposals of the year (Regulation §6.2)."""
    return _groups_with_members(MentoringGroup.objects.filter(year=year, status=GroupStatus.PROPOSED)).order_by("pk")


def _groups_with_members(queryset, on=None):
    """Groups with the members they had on a day (today: the current ones), for tables and the order's annex."""
    if on is None:
        current = GroupMembership.objects.filter(left_on__isnull=True)
    else:
        current = GroupMembership.objects.filter(Q(left_on__isnull=True) | Q(left_on__gte=on), joined_on__lte=on)
    current = current.select_related("person")
    return queryset.select_related("programme").prefetch_related(Prefetch("memberships", queryset=current))


def _names(memberships, role) -> str:
    return ", ".join(m.person.short_name for m in memberships if m.role == role)


def _detail(person) -> str:
    """The annex's «класс или должность»: a pupil's class, otherwise the position."""
    if person.category == Category.STUDENT and person.grade:
        return f"{person.grade} класс"
    return person.position or person.grade


def _annex_people(memberships, role) -> list[dict]:
    return [{"name": m.person.full_name, "detail": _detail(m.person)} for m in memberships if m.role == role]


def _group_rows(order: Order, on) -> list[dict]:
    rows = []
    groups = _groups_with_members(order.groups.all(), on=on).order_by("pk")
    for number, group in enumerate(groups, start=1):
        members = list(group.memberships.all())
        programme = getattr(group, "programme", None)
        rows.append(
            {
                "number": number,
                "group_id": group.pk,
                "mentors": _names(members, MemberRole.MENTOR),
                "mentees": _names(members, MemberRole.MENTEE),
                # The annex columns (GOST order annex): full name with position, or with class for a pupil.
                "mentor_people": _annex_people(members, MemberRole.MENTOR),
                "mentee_people": _annex_people(members, MemberRole.MENTEE),
                "form": group.form_label,
                "period": f"{group.planned_start:%d.%m.%Y} – {group.planned_end:%d.%m.%Y}",
                "period_from": f"{group.planned_start:%d.%m.%Y}",
                "period_to": f"{group.planned_end:%d.%m.%Y}",
                "programme": programme.title if programme else "персонализированная программа (разрабатывается)",
                "people": [
                    {"name": m.person.full_name, "position": _detail(m.person), "role": m.role, "id": m.person_id}
                    for m in members
                ],
            }
        )
    return rows


def _change_rows(order: Order) -> list[dict]:
    """Changes in approved pairs and groups that the order confirms: who leaves, who joins, why."""
    changes = order.replacements.select_related("group", "leaving", "joining").order_by("decided_at", "pk")
    return [
        {
            "number": number,
            "group": str(change.group),
            "role": str(change.get_role_display()),
            "leaving": change.leaving.full_name if change.leaving else "",
            "joining": change.joining.full_name if change.joining else "",
            "reason": change.reason,
            "people": [
                {"name": p.full_name, "position": _detail(p), "id": p.pk} for p in (change.leaving, change.joining) if p
            ],
        }
        for number, change in enumerate(changes, start=1)
    ]


def _roadmap_rows(year: AcademicYear) -> list[dict]:
    from mentoring.kinds import current_kind_profile
    from roadmap.models import RoadmapItem

    items = RoadmapItem.objects.filter(stage__year=year).select_related("stage", "responsible_person")
    return [
        {
            "stage": f"{item.stage.number}. {item.stage.title}",
            "title": item.title,
            "period": item.period_label or f"до {item.period_end:%d.%m.%Y}",
            "responsible": item.responsible_person.short_name
            if item.responsible_person
            else (current_kind_profile().role_label(item.responsible_role) if item.responsible_role else ""),
            "result": item.result_document,
        }
        for item in items.order_by("stage__number", "position", "pk")
    ]


def order_annex_data(order: Order, on=None) -> dict:
    """Everything the order prints besides its text; frozen into `order.annex_data` on approval."""
    on = on or order.date or timezone.localdate()
    people = [
        {"name": op.person.full_name, "position": _detail(op.person), "note": op.note, "id": op.person_id}
        for op in order.people.select_related("person")
    ]
    data = {"groups": [], "people": people, "roadmap": [], "regulation": order.annex_text}
    if order.order_type == OrderType.PAIRING:
        data["groups"] = _group_rows(order, on)
        data["changes"] = _change_rows(order)
    if order.order_type == OrderType.ORGANISATION:
        data["roadmap"] = _roadmap_rows(order.year)
    data["acquainted"] = _acquainted(order, data)
    return data


def year_curator(year: AcademicYear):
    """The year's curator: the appointee of its latest organisation order (approved first), else the person of
    an active account with the curator role. One query: the appointee, when there is one, sorts first."""
    from mentoring.models import Person

    appointee = Subquery(
        Order.objects.filter(year=year, order_type=OrderType.ORGANISATION, appointee__isnull=False)
        .order_by(F("date").desc(nulls_last=True), "-created_at")
        .values("appointee_id")[:1]
    )
    return (
        Person.objects.active()
        .filter(Q(pk=appointee) | Q(user__is_active=True, user__groups__name=Role.CURATOR))
        .annotate(appointed=ExpressionWrapper(Q(pk=appointee), output_field=BooleanField()))
        .order_by(F("appointed").desc(nulls_last=True), "pk")
        .first()
    )


def _tasks_curator(order: Order) -> bool:
    return any(
        item.lower().startswith(("куратору", "назначить куратором")) or " куратору " in item.lower()
        for item in order.items()
    )


def _acquainted(order: Order, data: dict) -> list[dict]:
    """The sheet «С приказом ознакомлены»: everyone the order appoints or gives a task, once each, in order of
    appearance — the appointee, the curator when an item tasks «Куратору…», the people named, the members."""
    candidates = []
    if order.appointee_id:
        candidates.append(
            {"name": order.appointee.full_name, "position": order.appointee.position, "id": order.appointee_id}
        )
    if _tasks_curator(order):
        curator = year_curator(order.year)
        if curator is not None:
            candidates.append({"name": curator.full_name, "position": curator.position, "id": curator.pk})
    candidates += data["people"]
    for row in data["groups"] + data.get("changes", []):
        candidates += row["people"]
    seen, result = set(), []
    for person in candidates:
        key = person.get("id") or person["name"]
        if key not in seen:
            seen.add(key)
            result.append({"name": person["name"], "position": person["position"]})
    return result


def _roadmap_table_html(year):
    """The roadmap app's own printed table (its partial with its context)."""
    from roadmap.selectors import roadmap_document_context

    # Rendered by Django with autoescaping on, so the result is safe to embed.
    return mark_safe(render_to_string("documents/partials/roadmap_table.html", roadmap_document_context(year)))  # noqa: S308


ORGANISATION_PRINTED = ("full_name", "short_name", "city", "head_title", "director_name")


def order_print_snapshot(order: Order) -> dict:
    """What else the order prints that could change after approval: the school's requisites and, for the
    organisation order, the roadmap table. Frozen with the annex data, so the PDF rendered after the approval
    commits prints what was signed."""
    org = organisation()
    snapshot = {"organisation": {name: getattr(org, name) for name in ORGANISATION_PRINTED} if org else None}
    if order.order_type == OrderType.ORGANISATION:
        snapshot["roadmap_table_html"] = str(_roadmap_table_html(order.year))
    return snapshot


def order_document_context(order: Order) -> dict:
    """What documents/order.html needs; an approved order prints only its frozen data."""
    from .order_texts import close_preamble
    from .regulation import regulation_html

    frozen = order.annex_data if order.is_frozen and order.annex_data else None
    printed = frozen.get("printed") if frozen else None
    # The school first: reading it also gives the kind of organisation, which names the groups' form in the annex.
    school = (printed or {}).get("organisation") or organisation()
    data = frozen or order_annex_data(order)
    context = {
        "organisation": school,
        "order": order,
        "preamble": close_preamble(order.preamble),
        "items": order.items(),
        "annex": data,
        "regulation_html": regulation_html(data.get("regulation", "")),
        "is_draft": not order.is_frozen,
        "roadmap_table_html": None,
    }
    if printed and "roadmap_table_html" in printed:
        # Rendered by Django with autoescaping on when the order was approved, so it is safe to embed.
        context["roadmap_table_html"] = mark_safe(printed["roadmap_table_html"])  # noqa: S308
    # The roadmap app's own table while the order is still rendered; once its PDF is stored, nothing renders.
    elif order.order_type == OrderType.ORGANISATION and not order.pdf:
        context["roadmap_table_html"] = _roadmap_table_html(order.year)
    return context


def orders_awaiting_director() -> QuerySet[Order]:
    return Order.objects.filter(status=Order.Status.SUBMITTED).select_related("year").order_by("updated_at")


def orders_needing_curator() -> QuerySet[Order]:
    return Order.objects.filter(status__in=[Order.Status.RETURNED, Order.Status.DRAFT]).order_by("-updated_at")


# --- contexts of the other documents ------------------------------------------------------------------------------


def consent_form_document_context(person_id: int, forms: str = "both") -> dict:
    """A person's pre-filled consent forms: processing (152-ФЗ art. 9 part 4) and publication (art. 10.1)."""
    from mentoring.models import Person
    from mentoring.selectors_consent_forms import consent_form_context

    context = consent_form_context(Person.objects.get(pk=person_id), forms=forms)
    return {**context, "organisation": organisation(), "address": context["subject_address"]}


def questionnaire_blank_context(questionnaire_id: int) -> dict:
    """A blank to fill by hand, built from the questionnaire's questions as data."""
    from mentoring.models import Questionnaire

    questionnaire = Questionnaire.objects.prefetch_related("questions").get(pk=questionnaire_id)
    questions = []
    for question in questionnaire.questions.all():
        options = [label for _code, label in (question.choices or [])]
        if question.kind == "yes_no":
            options = ["да", "нет"]
        questions.append({"q": question, "options": options, "scale": range(1, 11) if question.kind == "scale" else ()})
    return {"organisation": organisation(), "questionnaire": questionnaire, "questions": questions}
