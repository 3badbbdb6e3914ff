"""THE publication rule of the public section (Regulation §8.2, 152-ФЗ art. 9): every public view reads here.

- A case (and the results of its programme) is public only when its pair or group is completed AND the curator
  published it.
- A person's name or photo is public only while the person's consent to publication (152-ФЗ art. 10.1, a separate
  document from the processing consent; for a minor signed by the representative) is in force. No such consent, a
  withdrawn or expired one, or an anonymised person: roles only («наставник — педагог (математика)»). The
  processing consent is never read here.
- Fail closed: a published case whose text mentions a member who may not be named is not shown at all.

Each function runs a fixed number of queries whatever the amount of data (tests check it).
"""

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from mentoring.choices import Category, ConsentKind, GroupStatus, MemberRole
from mentoring.models import Consent, GroupMembership, MentoringGroup, Person
from mentoring.russian import FEMALE, person_gender
from mentoring.selectors import valid_consent_q
from programmes.models import Programme

from ..models import Case, Memo, NewsItem, PublicDocument, SitePage

NEWS_PAGE_SIZE = 10
OPEN_PUBLIC_STATUSES = (GroupStatus.APPROVED, GroupStatus.ACTIVE)


# --- Consent to publication -----------------------------------------------------------------------------


def may_publish_expr(on: datetime.date | None = None, *, person_ref: str = "pk"):
    """True while the person has a consent to publication in force (the publication consent only)."""
    return Exists(
        Consent.objects.filter(valid_consent_q(on, kind=ConsentKind.PUBLICATION), person_id=OuterRef(person_ref))
    )


def people_with_publication_flag(on: datetime.date | None = None) -> QuerySet[Person]:
    return Person.objects.annotate(may_publish=may_publish_expr(on))


def person_may_be_published(person: Person, on: datetime.date | None = None) -> bool:
    if person.is_anonymised:
        return False
    return people_with_publication_flag(on).filter(pk=person.pk, may_publish=True).exists()


def _publishable(person: Person) -> bool:
    return bool(getattr(person, "may_publish", False)) and person.anonymised_at is None


def role_description(person: Person, role: str) -> str:
    """A member described without personal data: their role and what they teach or which class they are in."""
    role_label = _("mentor") if role == MemberRole.MENTOR else _("mentee")
    if person.category == Category.STUDENT:
        digits = "".join(ch for ch in person.grade if ch.isdigit())
        if person_gender(person) == FEMALE:
            what = pgettext("feminine", "pupil of class %(grade)s") if digits else pgettext("feminine", "pupil")
        else:
            what = _("pupil of class %(grade)s") if digits else _("pupil")
        what = what % {"grade": digits} if digits else what
    elif person.category == Category.EXTERNAL:
        what = _("external participant")
    else:
        base = _("young specialist") if person.category == Category.YOUNG_SPECIALIST else _("teacher")
        what = f"{base} ({person.subject})" if person.subject else base
    return f"{role_label} — {what}"


def member_label(person: Person, role: str) -> str:
    """«наставник — Иванова Анна Петровна, педагог (математика)» with consent, the role description without."""
    described = role_description(person, role)
    if not _publishable(person):
        return described
    role_part, what = described.split(" — ", 1)
    return f"{role_part} — {person.full_name}, {what}"


def _mentions(text: str, person: Person) -> bool:
    """Whether free text names the person: their surname as a whole word, any case ending left aside."""
    if not person.last_name or person.anonymised_at is not None:
        return False
    stem = re.escape(person.last_name[:-1] if len(person.last_name) > 4 else person.last_name)
    return re.search(rf"(?<!\w){stem}\w{{0,3}}(?!\w)", text, flags=re.IGNORECASE) is not None


def _image_visible(item) -> bool:
    """An image is public only while everyone marked as shown in it may be published."""
    return bool(item.image) and all(_publishable(p) for p in item.people_in_image.all())


# --- Cases (best practices) -----------------------------------------------------------------------------


@dataclass
class PublicCase:
    case: Case
    participants: list[str]
    image_visible: bool
    facts: dict = field(default_factory=dict)

    def __getattr__(self, name):
        return getattr(self.case, name)


def _case_queryset(on: datetime.date | None = None) -> QuerySet[Case]:
    members = GroupMembership.objects.select_related("person").annotate(
        may_publish=may_publish_expr(on, person_ref="person_id")
    )
    return (
        Case.objects.filter(is_published=True, group__status=GroupStatus.COMPLETED)
        .select_related("group")
        .prefetch_related(
            Prefetch("group__memberships", queryset=members),
            Prefetch("people_in_image", queryset=people_with_publication_flag(on)),
        )
        .order_by("-published_at", "-pk")
    )


def _public_case(case: Case) -> PublicCase | None:
    # Mentors first, then mentees, in the order they joined.
    memberships = sorted(case.group.memberships.all(), key=lambda m: (m.role != MemberRole.MENTOR, m.joined_on, m.pk))
    # Regulation §8.2 + 152-ФЗ: the curator's text must not name a member who has not consented.
    text = f"{case.title}\n{case.summary}\n{case.body}\n{case.image_alt}"
    for m in memberships:
        m.person.may_publish = m.may_publish
        if not _publishable(m.person) and _mentions(text, m.person):
            return None
    seen, participants = set(), []
    for m in memberships:
        if m.person_id not in seen:
            seen.add(m.person_id)
            participants.append(member_label(m.person, m.role))
    group = case.group
    facts = {
        "form": group.form_label,
        "types": ", ".join(MentoringGroup._meta.get_field("types").labels(group.types)),
        "period": (group.planned_start, group.ended_on),
    }
    return PublicCase(case=case, participants=participants, image_visible=_image_visible(case), facts=facts)


def published_cases(on: datetime.date | None = None) -> list[PublicCase]:
    """The best-practices library: 3 queries (cases, members with consent flags, people in images)."""
    return [pc for pc in (_public_case(c) for c in _case_queryset(on)) if pc is not None]


def published_case(slug: str, on: datetime.date | None = None) -> PublicCase | None:
    case = _case_queryset(on).filter(slug=slug).first()
    return _public_case(case) if case else None


def case_is_public(case: Case, on: datetime.date | None = None) -> bool:
    return published_case(case.slug, on) is not None


# --- News, pages, memos, documents ------------------------------------------------------------------------


@dataclass
class PublicNews:
    item: NewsItem
    image_visible: bool

    def __getattr__(self, name):
        return getattr(self.item, name)


def _news_queryset(on: datetime.date | None = None) -> QuerySet[NewsItem]:
    return (
        NewsItem.objects.filter(is_published=True)
        .prefetch_related(Prefetch("people_in_image", queryset=people_with_publication_flag(on)))
        .order_by("-published_at", "-pk")
    )


def published_news(*, limit: int | None = None, offset: int = 0) -> list[PublicNews]:
    qs = _news_queryset()
    qs = qs[offset : offset + limit] if limit is not None else qs
    return [PublicNews(item=n, image_visible=_image_visible(n)) for n in qs]


def published_news_count() -> int:
    return NewsItem.objects.filter(is_published=True).count()


def published_news_item(slug: str) -> PublicNews | None:
    item = _news_queryset().filter(slug=slug).first()
    return PublicNews(item=item, image_visible=_image_visible(item)) if item else None


def upcoming_announcements(limit: int = 3) -> list[NewsItem]:
    return list(
        NewsItem.objects.filter(is_published=True, is_announcement=True, event_date__gte=timezone.localdate()).order_by(
            "event_date", "pk"
        )[:limit]
    )


def published_pages() -> QuerySet[SitePage]:
    return SitePage.objects.filter(is_published=True).order_by("position", "title")


def published_page(slug: str) -> SitePage | None:
    return published_pages().filter(slug=slug).first()


def published_memos() -> QuerySet[Memo]:
    return Memo.objects.filter(is_published=True).order_by("audience", "position", "title")


def published_memo(slug: str) -> Memo | None:
    return published_memos().filter(slug=slug).first()


def published_documents() -> QuerySet[PublicDocument]:
    return PublicDocument.objects.filter(is_published=True).order_by("kind", "position", "title")


def published_document(pk: int) -> PublicDocument | None:
    return published_documents().filter(pk=pk).first()


def _not_publishable():
    return (
        Person.objects.annotate(ok=may_publish_expr()).filter(Q(ok=False) | Q(anonymised_at__isnull=False)).values("pk")
    )


def _public_orders_queryset():
    """Approved orders marked public that name nobody without consent to publication (fail closed, 152-ФЗ).

    An order names people directly, as its appointee, through the pairs and groups it approves and through the
    changes in them it confirms. `order_publication_blockers` names the same people for the director.
    """
    from mentoring.models import ReplacementRequest

    from ..models import Order, OrderPerson

    not_publishable = _not_publishable()
    changes = ReplacementRequest.objects.filter(orders=OuterRef("pk")).filter(
        Q(leaving__in=not_publishable) | Q(joining__in=not_publishable)
    )
    return (
        Order.objects.filter(status=Order.Status.APPROVED, is_public=True)
        .exclude(pdf="")  # its frozen PDF is still being prepared
        .exclude(Exists(OrderPerson.objects.filter(order=OuterRef("pk"), person__in=not_publishable)))
        .exclude(appointee__in=not_publishable)
        .exclude(Exists(GroupMembership.objects.filter(group__orders=OuterRef("pk"), person__in=not_publishable)))
        .exclude(Exists(changes))
        .order_by("-date", "-pk")
    )


@dataclass(frozen=True)
class PublicationBlocker:
    person_id: int
    name: str
    reason: str


def order_publication_blockers(order) -> list[PublicationBlocker]:
    """Who keeps an order off the site, and why (3 queries): the director sees it before and after publishing."""
    named = Q(pk=order.appointee_id) if order.appointee_id else Q(pk__in=[])
    named |= Q(pk__in=order.people.values("person_id"))
    named |= Q(pk__in=GroupMembership.objects.filter(group__orders=order).values("person_id"))
    named |= Q(pk__in=order.replacements.values("leaving_id")) | Q(pk__in=order.replacements.values("joining_id"))
    people = (
        Person.objects.filter(named)
        .annotate(
            may_publish=may_publish_expr(),
            has_consent=Exists(Consent.objects.filter(valid_consent_q(), person_id=OuterRef("pk"))),
        )
        .order_by("last_name", "first_name", "pk")
    )
    blockers = []
    for person in people:
        if person.anonymised_at is not None:
            reason = _("withdrew the consent; their data are anonymised")
        elif not person.has_consent:
            reason = _("has no valid personal-data consent")
        elif not person.may_publish:
            reason = _("the consent does not allow publication")
        else:
            continue
        blockers.append(PublicationBlocker(person_id=person.pk, name=person.full_name, reason=reason))
    return blockers


def published_orders() -> list:
    return list(_public_orders_queryset())


def published_order(pk: int):
    return _public_orders_queryset().filter(pk=pk).first()


def order_file(order):
    """The approved order's stored, frozen PDF."""
    return order.pdf or None


# --- What the editors see -----------------------------------------------------------------------------


def completed_groups_without_case() -> QuerySet[MentoringGroup]:
    """Candidates for a new case: completed pairs and groups that have none yet; those whose programme the
    curator marked a best practice (the bank of practices, programmes app) come first."""
    best = Exists(Programme.objects.filter(group=OuterRef("pk"), is_best_practice=True))
    return (
        MentoringGroup.objects.filter(status=GroupStatus.COMPLETED, public_case__isnull=True)
        .annotate(is_best_practice=best)
        .select_related("year")
        .order_by("-is_best_practice", "-ended_on", "-pk")
    )


def case_draft_from_programme(group: MentoringGroup) -> dict:
    """A new case starts from what the curator wrote when marking the programme a best practice."""
    programme = Programme.objects.filter(group=group).first()
    if programme is None:
        return {}
    return {
        "title": programme.title,
        "summary": (programme.case_description or programme.goals)[:300],
        "body": programme.case_description or programme.results_summary,
    }


def case_members_without_publication_consent(case: Case) -> list[Person]:
    members = people_with_publication_flag().filter(memberships__group_id=case.group_id).distinct()
    return [p for p in members if not _publishable(p)]


def published_news_item_by_pk(pk: int) -> PublicNews | None:
    item = _news_queryset().filter(pk=pk).first()
    return PublicNews(item=item, image_visible=_image_visible(item)) if item else None


def published_case_by_pk(pk: int, on: datetime.date | None = None) -> PublicCase | None:
    case = _case_queryset(on).filter(pk=pk).first()
    return _public_case(case) if case else None
