"""Reads of the audit trail: the journal of changes and of looks at personal data, described in plain Russian.

Every page runs a constant number of queries: the page count and the page itself, whose rows carry the previous
version (for the diff) and the author's name and role (journal_sql for changes, annotations for reads).
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import Group
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from mentoring.choices import Role
from mentoring.models import Person, User

from .journal_sql import ROLE_ORDER, ChangeList, ChangeQuery, change_page
from .models import AccessEvent
from .tracking import TRACKED

TRACKED_BY_LABEL = {spec.model._meta.label: spec.model for spec in TRACKED}
HIDDEN_FIELDS = {"id", "created_at", "updated_at", "pgh_id", "pgh_obj", "pgh_context"}


def tracked_model_choices() -> list[tuple[str, str]]:
    return sorted(
        ((label, str(model._meta.verbose_name).capitalize()) for label, model in TRACKED_BY_LABEL.items()),
        key=lambda c: c[1],
    )


@dataclass
class JournalFilters:
    person: Person | None = None
    model: str = ""
    user: User | None = None
    action: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def change_events(filters: JournalFilters, *, only_user: User | None = None) -> ChangeList:
    user = only_user or filters.user
    return ChangeList(
        ChangeQuery(
            related_to=filters.person,
            model=filters.model,
            user_id=user.pk if user is not None else None,
            label=filters.action if filters.action in ("insert", "update", "delete") else "",
            date_from=filters.date_from,
            date_to=filters.date_to + datetime.timedelta(days=1) if filters.date_to else None,
        )
    )


def access_events(filters: JournalFilters, *, only_user: User | None = None):
    qs = AccessEvent.objects.all()
    user = only_user or filters.user
    if user is not None:
        qs = qs.filter(user=user)
    if filters.person is not None:
        qs = qs.filter(people__contains=[filters.person.pk])
    if filters.action and filters.action not in ("insert", "update", "delete"):
        qs = qs.filter(action=filters.action)
    if filters.date_from:
        qs = qs.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(at__date__lte=filters.date_to)
    return with_actors(qs, F("user_id")).order_by("-at", "-pk")


# --- Plain Russian -------------------------------------------------------------------------------------------


@dataclass
class Actor:
    role: str
    name: str
    female: bool

    def __str__(self):
        return f"{self.role} {self.name}".strip()


# until the grammar service lands: the gender of a Russian patronymic
FEMALE_PATRONYMIC_ENDINGS = ("вна", "чна", "кызы")


def with_actors(qs, user_ref):
    """Annotate each event with its author's name parts and main role: the page stays one query."""
    rank = Case(*[When(name=r, then=Value(i)) for i, r in enumerate(ROLE_ORDER)], default=Value(99))
    person = Person.objects.filter(user_id=OuterRef("actor_id"))
    return qs.annotate(
        actor_id=user_ref,
        actor_last=Subquery(person.values("last_name")[:1]),
        actor_first=Subquery(person.values("first_name")[:1]),
        actor_patronymic=Subquery(person.values("patronymic")[:1]),
        actor_username=Subquery(User.objects.filter(pk=OuterRef("actor_id")).values("username")[:1]),
        actor_role=Subquery(
            Group.objects.filter(user=OuterRef("actor_id")).annotate(rank=rank).order_by("rank").values("name")[:1]
        ),
    )


def _actor(row) -> Actor | None:
    if not getattr(row, "actor_username", None):
        return None
    role = str(Role(row.actor_role).label).lower() if row.actor_role in Role.values else ""
    if row.actor_last:
        initials = "".join(f" {n[0]}." for n in (row.actor_first, row.actor_patronymic) if n)
        name = f"{row.actor_last}{initials}"
    else:
        name = row.actor_username
    # the grammar service decides gender from the patronymic the same way
    female = (row.actor_patronymic or "").endswith(FEMALE_PATRONYMIC_ENDINGS)
    return Actor(role, name, female)


def _verb(label: str, actor: Actor | None) -> str:
    female = actor is not None and actor.female
    if label == "insert":
        return pgettext("audit female", "created") if female else pgettext("audit male", "created")
    if label == "delete":
        return pgettext("audit female", "deleted") if female else pgettext("audit male", "deleted")
    return pgettext("audit female", "changed") if female else pgettext("audit male", "changed")


def _value(field, value) -> str:
    if value in (None, ""):
        return "—"
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return pgettext("audit value", "yes") if value else pgettext("audit value", "no")
    if hasattr(field, "get_internal_type") and field.get_internal_type() == "DateField":
        try:
            return formats.date_format(datetime.date.fromisoformat(str(value)), "d.m.Y")
        except ValueError:
            return str(value)
    return str(value)[:120]


def _object_label(model, data: dict) -> str:
    if model is Person:
        initials = "".join(f" {n[0]}." for n in (data.get("first_name"), data.get("patronymic")) if n)
        return f"{model._meta.verbose_name} {data.get('last_name', '')}{initials}".strip()
    for key in ("number_label", "title", "username"):
        if data.get(key):
            return f"{model._meta.verbose_name} «{str(data[key])[:60]}»"
    return f"{model._meta.verbose_name} №{data.get('id', '')}"


@dataclass
class Line:
    at: datetime.datetime
    actor: Actor | None
    source: str
    sentence: str
    changes: list[tuple[str, str, str]]


def _row_actor(row: dict) -> Actor | None:
    if not row.get("username"):
        return None
    role = str(Role(row["role"]).label).lower() if row.get("role") in Role.values else ""
    if row.get("last_name"):
        initials = "".join(f" {n[0]}." for n in (row.get("first_name"), row.get("patronymic")) if n)
        name = f"{row['last_name']}{initials}"
    else:
        name = row["username"]
    return Actor(role, name, (row.get("patronymic") or "").endswith(FEMALE_PATRONYMIC_ENDINGS))


def describe_changes(rows) -> list[Line]:
    lines = []
    for row in rows:
        model = TRACKED_BY_LABEL.get(row["model"]) or apps.get_model(row["model"])
        context = row.get("context") or {}
        actor = _row_actor(row)
        source = (
            _("job %(name)s") % {"name": context["job"]}
            if "job" in context
            else _("command %(name)s") % {"name": context["command"]}
            if "command" in context
            else ""
        )
        changes = []
        if row["pgh_label"] == "update" and row.get("prev"):
            for field in model._meta.concrete_fields:
                if field.name in HIDDEN_FIELDS:
                    continue
                old, new = row["prev"].get(field.attname), row["data"].get(field.attname)
                if old != new:
                    changes.append((str(field.verbose_name), _value(field, old), _value(field, new)))
        who = str(actor) if actor else (source or _("unknown (outside the application)"))
        sentence = f"{who} {_verb(row['pgh_label'], actor)} {_object_label(model, row['data'])}"
        lines.append(Line(row["pgh_created_at"], actor, source, sentence, changes))
    return lines


def describe_reads(events) -> list[Line]:
    lines = []
    for event in events:
        actor = _actor(event)
        what = event.get_action_display()
        count = ngettext("%(count)s person", "%(count)s people", event.count) % {"count": event.count}
        sentence = " ".join(filter(None, [str(actor) if actor else _("deleted account"), what, count]))
        lines.append(Line(event.at, actor, event.ip or "", sentence, []))
    return lines


def person_history(person: Person, limit: int = 10) -> list[Line]:
    """The card's panel: the person's latest changes with their authors, in one query."""
    return describe_changes(change_page(ChangeQuery(related_to=person), 0, limit))


def group_history(group, limit: int = 10) -> list[Line]:
    return describe_changes(change_page(ChangeQuery(related_to=group), 0, limit))


def journal_users():
    staff = [Role.DIRECTOR, Role.CURATOR, Role.METHODICAL_COUNCIL, Role.SITE_EDITOR]
    return User.objects.filter(Q(groups__name__in=staff) | Q(is_superuser=True)).distinct().order_by("last_name")
