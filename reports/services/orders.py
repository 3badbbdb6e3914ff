"""The order workflow: draft → submitted → approved (numbered, dated, frozen) or returned → draft.

Regulation §3.1, §6.2: mentoring is organised, and pairs and groups become official, only by the director's order.
"""

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.choices import GroupStatus, Role
from mentoring.models import AcademicYear, MentoringGroup, Person, User
from mentoring.selectors import organisation as get_organisation

from .. import order_texts
from ..docx import html_to_docx
from ..models import Order, OrderCounter, OrderEvent, OrderPerson, OrderType
from ..pdf import render_html
from ..regulation import regulation_markdown

EDITABLE_FIELDS = ("title", "preamble", "body", "annex_text", "event_date", "appointee")


def _log(order: Order, action: str, user, comment: str = "") -> OrderEvent:
    event = OrderEvent.objects.create(order=order, action=action, actor=user, comment=comment)
    if action in (OrderEvent.Action.SUBMITTED, OrderEvent.Action.APPROVED, OrderEvent.Action.RETURNED):
        from ..tasks import notify_order_event

        transaction.on_commit(lambda: notify_order_event.delay(event.pk))
    return event


def _check_title(title: str) -> None:
    if not title.strip().startswith("О"):
        raise ValidationError({"title": _("The title of an order starts with «О…» (GOST R 7.0.97-2016).")})


def _check_groups(year: AcademicYear, groups) -> list[MentoringGroup]:
    groups = list(groups)
    wrong = [g for g in groups if g.year_id != year.pk or g.status != GroupStatus.PROPOSED]
    if wrong:
        raise ValidationError(
            {
                "groups": _("Only proposed pairs and groups of %(year)s can be assigned by this order: %(list)s.")
                % {"year": year, "list": ", ".join(str(g) for g in wrong)}
            }
        )
    return groups


def _check_replacements(year: AcademicYear, replacements) -> list:
    """Only granted changes of this year's groups that still await an order (Regulation §6.2)."""
    replacements = list(replacements)
    wrong = [r for r in replacements if r.group.year_id != year.pk or not r.awaits_order]
    if wrong:
        raise ValidationError(
            {"replacements": _("These changes do not await an order: %(list)s.") % {"list": ", ".join(map(str, wrong))}}
        )
    return replacements


def _standard_text(order_type, *, year, appointee, groups, event_date, changes=(), people=()) -> dict:
    org = get_organisation()
    if org is None:
        raise ValidationError(_("Fill in the school's requisites (organisation) first: they are printed on orders."))
    match order_type:
        case OrderType.ORGANISATION:
            text = order_texts.organisation_text(organisation=org, year=year, appointee=appointee)
            text["annex_text"] = regulation_markdown(organisation=org, year=year)
        case OrderType.PAIRING:
            text = order_texts.pairing_text(
                organisation=org, year=year, group_count=len(groups), change_count=len(changes)
            )
        case OrderType.FINAL_EVENT:
            text = order_texts.final_event_text(
                organisation=org, year=year, event_date=event_date, people=[p for p, _note in people]
            )
        case OrderType.REWARD:
            text = order_texts.reward_text(organisation=org, year=year, people=people)
        case _:
            raise ValidationError(_("Unknown type of order."))
    return text


@transaction.atomic
def order_create(
    *,
    year: AcademicYear,
    order_type: str,
    created_by,
    groups=(),
    replacements=(),
    people: list[tuple[Person, str]] = (),
    appointee: Person | None = None,
    event_date: datetime.date | None = None,
) -> Order:
    """A draft with the standard text generated from current data; the curator edits it before submitting."""
    groups = _check_groups(year, groups) if order_type == OrderType.PAIRING else []
    replacements = _check_replacements(year, replacements) if order_type == OrderType.PAIRING else []
    if order_type == OrderType.PAIRING and not groups and not replacements:
        raise ValidationError({"groups": _("Choose at least one proposed pair or group, or a change to confirm.")})
    if order_type == OrderType.REWARD and not people:
        raise ValidationError({"people": _("Choose the people to reward.")})
    text = _standard_text(
        order_type,
        year=year,
        appointee=appointee,
        groups=groups,
        event_date=event_date,
        changes=replacements,
        people=people,
    )
    order = Order(
        year=year,
        order_type=order_type,
        title=text["title"],
        preamble=text["preamble"],
        body="\n".join(text["items"]),
        annex_text=text.get("annex_text", ""),
        appointee=appointee,
        event_date=event_date,
        created_by=created_by,
    )
    order.full_clean()
    order.save()
    order.groups.set(groups)
    order.replacements.set(replacements)
    OrderPerson.objects.bulk_create([OrderPerson(order=order, person=p, note=note) for p, note in people])
    _ensure_counter(year)
    _log(order, OrderEvent.Action.CREATED, created_by)
    return order


def _refuse_if_frozen(order: Order) -> None:
    if order.is_frozen:
        raise ValidationError(_("An approved order cannot be changed: it is signed and registered."))
    if order.status == Order.Status.SUBMITTED:
        raise ValidationError(_("The order is with the director; it can be changed only after it is returned."))


def _snapshot(order: Order) -> tuple:
    """What an edit may change: the text fields, the groups, the changes and the people with their notes."""
    return (
        tuple(getattr(order, name) for name in EDITABLE_FIELDS if name != "appointee"),
        order.appointee_id,
        tuple(sorted(order.groups.values_list("pk", flat=True))),
        tuple(sorted(order.replacements.values_list("pk", flat=True))),
        tuple(sorted(order.people.values_list("person_id", "note"))),
    )


@transaction.atomic
def order_update(*, order: Order, user, groups=None, replacements=None, people=None, **fields) -> Order:
    """Edit a draft or a returned order. A change makes a returned order a draft again and is logged «edited»."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    _refuse_if_frozen(order)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {unknown}")
    before = _snapshot(order)
    for name, value in fields.items():
        setattr(order, name, value)
    _check_title(order.title)
    order.full_clean()
    order.save()
    if order.order_type == OrderType.PAIRING and (groups is not None or replacements is not None):
        groups = _check_groups(order.year, order.groups.all() if groups is None else groups)
        replacements = _check_replacements(
            order.year, order.replacements.select_related("group") if replacements is None else replacements
        )
        if not groups and not replacements:
            raise ValidationError({"groups": _("Choose at least one proposed pair or group, or a change to confirm.")})
        order.groups.set(groups)
        order.replacements.set(replacements)
    if people is not None:
        order.people.all().delete()
        OrderPerson.objects.bulk_create([OrderPerson(order=order, person=p, note=note) for p, note in people])
    if _snapshot(order) != before:
        if order.status != Order.Status.DRAFT:
            order.status = Order.Status.DRAFT
            order.save(update_fields=["status", "updated_at"])
        _log(order, OrderEvent.Action.EDITED, user)
    return order


@transaction.atomic
def order_submit(*, order: Order, user) -> Order:
    order = Order.objects.select_for_update().get(pk=order.pk)
    if not order.is_editable:
        raise ValidationError(_("Only a draft or a returned order can be submitted."))
    _check_title(order.title)
    if not order.items():
        raise ValidationError({"body": _("The order has no items.")})
    if order.order_type == OrderType.PAIRING:
        _check_groups(order.year, order.groups.all())
        _check_replacements(order.year, order.replacements.select_related("group"))
        if not order.groups.exists() and not order.replacements.exists():
            raise ValidationError({"groups": _("Choose at least one proposed pair or group, or a change to confirm.")})
    order.status = Order.Status.SUBMITTED
    order.return_comment = ""
    order.save(update_fields=["status", "return_comment", "updated_at"])
    _log(order, OrderEvent.Action.SUBMITTED, user)
    return order


@transaction.atomic
def order_return(*, order: Order, user, comment: str) -> Order:
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status != Order.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted order can be returned."))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what to correct: the curator reads this comment.")})
    order.status = Order.Status.RETURNED
    order.return_comment = comment.strip()
    order.save(update_fields=["status", "return_comment", "updated_at"])
    _log(order, OrderEvent.Action.RETURNED, user, comment=order.return_comment)
    return order


def _ensure_counter(year: AcademicYear) -> None:
    try:
        with transaction.atomic():  # a savepoint: a concurrent creation is not an error
            OrderCounter.objects.get_or_create(year=year)
    except IntegrityError:
        pass


def _next_number(year: AcademicYear) -> int:
    """Lock the year's counter row: a second approval waits here until the first commits."""
    _ensure_counter(year)
    counter = OrderCounter.objects.select_for_update().get(year=year)
    used = Order.objects.filter(year=year).aggregate(m=Max("number"))["m"] or 0
    counter.last_number = max(counter.last_number, used) + 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@transaction.atomic
def order_approve(*, order: Order, user, on: datetime.date | None = None) -> Order:
    """Number, date and freeze the order; the pairing order approves its groups in the same transaction.

    The year's counter stays locked only for this transaction: the frozen PDF is rendered after it commits, from
    the data frozen here (services.order_pdf); until it is attached the order is «being prepared».
    """
    from mentoring.services.groups import group_approve
    from mentoring.services.membership import replacement_mark_ordered
    from roadmap.services import roadmap_items_complete_for_order

    from ..selectors import order_annex_data

    order = Order.objects.select_for_update().select_related("year").get(pk=order.pk)
    if order.status != Order.Status.SUBMITTED:
        raise ValidationError(_("Only an order submitted for approval can be approved."))
    on = on or timezone.localdate()
    org = get_organisation()
    # Regulation §6.2: the groups become official by this very order; a group no longer proposed stops it all.
    if order.order_type == OrderType.PAIRING:
        groups = _check_groups(order.year, order.groups.all())
        order.annex_data = order_annex_data(order, on=on)  # the table as signed: taken before the groups change
        for group in groups:
            group_approve(group=group, on=on)
        for change in order.replacements.all():
            replacement_mark_ordered(request=change, on=on)
    else:
        order.annex_data = order_annex_data(order, on=on)
    _register_and_freeze(order, on=on, org=org)
    roadmap_items_complete_for_order(
        year=order.year,
        order_type=order.order_type,
        on=on,
        note=_("Order no. %(number)s of %(date)s") % {"number": order.number_label, "date": f"{on:%d.%m.%Y}"},
        order_number=order.number_label,
    )
    _log(order, OrderEvent.Action.APPROVED, user)
    return order


@transaction.atomic
def order_set_public(*, order: Order, user, is_public: bool) -> Order:
    """The director shows an approved order in the site's documents or takes it down (Regulation §8).

    An order is marked public only when the site can show it: nobody it names lacks consent to publication
    (152-ФЗ). Otherwise the director is told who blocks it and why, and nothing is marked.
    """
    from ..public.selectors import order_publication_blockers

    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status != Order.Status.APPROVED:
        raise ValidationError(_("Only an approved order can be published on the site."))
    if is_public and not order.is_public:
        blockers = order_publication_blockers(order)
        if blockers:
            raise ValidationError(
                _("The order cannot be shown on the site; it names people who may not be named there: %(list)s.")
                % {"list": "; ".join(f"{b.name} — {b.reason}" for b in blockers)}
            )
    if order.is_public != is_public:
        order.is_public = is_public
        order.save(update_fields=["is_public"])
        _log(order, OrderEvent.Action.PUBLISHED if is_public else OrderEvent.Action.UNPUBLISHED, user)
    return order


def _register_and_freeze(order: Order, *, on: datetime.date, org) -> None:
    """Give the next number of the year and the date, freeze what the order prints, and queue its PDF's rendering
    for after the commit (the counter's lock is not held while WeasyPrint works)."""
    from ..selectors import order_print_snapshot
    from .order_pdf import order_pdf_enqueue_on_commit

    order.number = _next_number(order.year)
    order.number_label = f"{order.number}{org.order_number_suffix if org else ''}"
    order.date = on
    order.status = Order.Status.APPROVED
    order.annex_data = {**(order.annex_data or {}), "printed": order_print_snapshot(order)}
    order.pdf_error = ""
    order.pdf_queued_at = timezone.now()
    order.pdf_requeues = 0
    order.full_clean()
    order.save()
    order_pdf_enqueue_on_commit(order)


def order_docx_render(order: Order) -> bytes:
    """The order as a Word file rendered now (a draft, marked «ПРОЕКТ»), from the same HTML as its PDF."""
    from ..selectors import order_document_context

    return html_to_docx([render_html("documents/order.html", order_document_context(order))], title=order.title)


def order_docx_bytes(order: Order) -> bytes:
    """An approved order's stored Word copy. An order approved before Word copies existed gets one once, rendered
    from its frozen data (text and annex_data, which never change after approval), and keeps it from then on."""
    if not order.is_frozen:
        return order_docx_render(order)
    if not order.docx:
        with transaction.atomic():
            locked = Order.objects.select_for_update().get(pk=order.pk)
            if not locked.docx:
                data = order_docx_render(locked)
                locked.docx.save(f"{locked.pk}.docx", ContentFile(data), save=False)
                locked.docx_checksum = hashlib.sha256(data).hexdigest()
                locked.save(update_fields=["docx", "docx_checksum"])
            order = locked
    with order.docx.open("rb") as handle:
        return handle.read()


def order_event_notify(*, event_id: int) -> bool:
    """Send the email an event calls for, once. Returns whether a message went out."""
    with transaction.atomic():
        event = (
            OrderEvent.objects.select_for_update(of=("self",))
            .select_related("order", "actor")
            .filter(pk=event_id)
            .first()
        )
        if event is None or event.notified_at is not None:
            return False
        order = event.order
        if event.action == OrderEvent.Action.SUBMITTED:
            recipients = User.objects.filter(groups__name=Role.DIRECTOR, is_active=True)
            subject = _("Order for approval: %(title)s") % {"title": order.title}
        else:
            preparers = order.events.filter(action__in=[OrderEvent.Action.CREATED, OrderEvent.Action.SUBMITTED])
            recipients = User.objects.filter(pk__in=preparers.values("actor_id"), is_active=True)
            if event.action == OrderEvent.Action.APPROVED:
                subject = _("Order approved: no. %(number)s «%(title)s»") % {
                    "number": order.number_label,
                    "title": order.title,
                }
            else:
                subject = _("Order returned for revision: %(title)s") % {"title": order.title}
        addresses = sorted({u.email for u in recipients if u.email})
        if addresses:
            body = render_to_string(
                "reports/email/order_event.txt", {"event": event, "order": order, "site_url": settings.SITE_URL}
            )
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
        event.notified_at = timezone.now()
        event.save(update_fields=["notified_at"])
        return bool(addresses)


def group_held_by_submitted_order(group) -> str | None:
    """A proposal listed in a pairing order that is with the director stays as the director sees it (§6.2)."""
    order = Order.objects.filter(status=Order.Status.SUBMITTED, groups=group).first()
    if order is None:
        return None
    return _(
        "%(group)s is listed in the order «%(title)s», which is with the director. Ask the director to return "
        "the order first, then change the group."
    ) % {"group": group, "title": order.title}
