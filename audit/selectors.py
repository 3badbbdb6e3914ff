"""Reads of the audit trail: the journal of changes and of looks at personal data, described in plain Russian.

Every page runs a constant number of queries: the events of one page (pghistory's Events across our event
tables, with the diff to the previous version), the page count, and the users and roles named on the page.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from pghistory.models import Events

from mentoring.choices import Role
from mentoring.models import Person, User

from .models import EVENT_MODELS, AccessEvent
from .tracking import TRACKED

EVENT_LABELS = {m._meta.label for m in EVENT_MODELS.values()}
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


def change_events(filters: JournalFilters, *, only_user: User | None = None):
    qs = Events.objects.across(*EVENT_MODELS.values())
    if filters.person is not None:
        qs = qs.references(filters.person)
    qs = qs.filter(pgh_obj_model__in=TRACKED_BY_LABEL) if not filters.model else qs.filter(pgh_obj_model=filters.model)
    user = only_user or filters.user
    if user is not None:
        qs = qs.filter(pgh_context__user=user.pk)
    if filters.action in ("insert", "update", "delete"):
        qs = qs.filter(pgh_label=filters.action)
    if filters.date_from:
        qs = qs.filter(pgh_created_at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(pgh_created_at__date__lte=filters.date_to)
    return qs.order_by("-pgh_created_at", "-pgh_id")


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
    return qs.order_by("-at", "-pk")


# --- Plain Russian -------------------------------------------------------------------------------------------


@dataclass
class Actor:
    role: str
    name: str
    female: bool

    def __str__(self):
        return f"{self.role} {self.name}".strip()


ROLE_ORDER = [Role.DIRECTOR, Role.CURATOR, Role.METHODICAL_COUNCIL, Role.SITE_EDITOR, Role.MENTOR, Role.MENTEE]


def actors_for(user_ids) -> dict[int, Actor]:
    """Who the users are, for the sentences: role, short name, grammatical gender (two queries)."""
    users = {u.pk: u for u in User.objects.filter(pk__in={i for i in user_ids if i}).select_related("person")}
    roles: dict[int, set[str]] = {}
    for user_id, name in Group.objects.filter(user__in=users).values_list("user", "name"):
        roles.setdefault(user_id, set()).add(name)
    result = {}
    for pk, user in users.items():
        person = getattr(user, "person", None)
        role = next((r for r in ROLE_ORDER if r in roles.get(pk, ())), None)
        role_label = str(Role(role).label).lower() if role else ("администратор" if user.is_superuser else "")
        name = person.short_name if person else user.get_username()
        female = bool(person and person.patronymic.endswith(("вна", "чна", "кызы")))
        result[pk] = Actor(role_label, name, female)
    return result


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
        return _("yes") if value else _("no")
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


def describe_changes(events) -> list[Line]:
    events = list(events)
    actors = actors_for(e.pgh_context.get("user") for e in events if e.pgh_context)
    lines = []
    for event in events:
        model = TRACKED_BY_LABEL.get(event.pgh_obj_model) or apps.get_model(event.pgh_obj_model)
        context = event.pgh_context or {}
        actor = actors.get(context.get("user"))
        source = (
            _("job %(name)s") % {"name": context["job"]}
            if "job" in context
            else _("command %(name)s") % {"name": context["command"]}
            if "command" in context
            else ""
        )
        changes = []
        if event.pgh_label == "update" and event.pgh_diff:
            for name, (old, new) in event.pgh_diff.items():
                if name in HIDDEN_FIELDS:
                    continue
                try:
                    field = model._meta.get_field(name.removesuffix("_id"))
                except LookupError:
                    continue
                changes.append((str(field.verbose_name), _value(field, old), _value(field, new)))
        who = str(actor) if actor else (source or _("unknown (outside the application)"))
        sentence = f"{who} {_verb(event.pgh_label, actor)} {_object_label(model, event.pgh_data)}"
        lines.append(Line(event.pgh_created_at, actor, source, sentence, changes))
    return lines


def describe_reads(events) -> list[Line]:
    events = list(events)
    actors = actors_for(e.user_id for e in events)
    lines = []
    for event in events:
        actor = actors.get(event.user_id)
        what = event.get_action_display()
        count = ngettext("%(count)s person", "%(count)s people", event.count) % {"count": event.count}
        sentence = " ".join(filter(None, [str(actor) if actor else _("deleted account"), what, count]))
        lines.append(Line(event.at, actor, event.ip or "", sentence, []))
    return lines


def person_history(person: Person, limit: int = 10) -> list[Line]:
    """The card's panel: the person's latest changes, in one query (plus the authors')."""
    return describe_changes(change_events(JournalFilters(person=person))[:limit])


def group_history(group, limit: int = 10) -> list[Line]:
    events = Events.objects.across(*EVENT_MODELS.values()).references(group).order_by("-pgh_created_at", "-pgh_id")
    return describe_changes(events[:limit])


def journal_users():
    staff = [Role.DIRECTOR, Role.CURATOR, Role.METHODICAL_COUNCIL, Role.SITE_EDITOR]
    return User.objects.filter(Q(groups__name__in=staff) | Q(is_superuser=True)).distinct().order_by("last_name")
