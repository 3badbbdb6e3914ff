"""The change journal as one SQL query over every event table, fast at any size.

pghistory's `Events` aggregate computes the diff of every event before it pages, which took minutes at 100,000
events. Here the union of the event tables is ordered by an index on each table (`pgh_created_at, pgh_id`), so
PostgreSQL merges them lazily and builds the JSON of a row and of its previous version only for the rows of the
page. The author's name and main role come from joins in the same query.
"""

import json
from dataclasses import dataclass

from django.db import connection
from django.db.models import ForeignKey

from mentoring.choices import Role

from .models import EVENT_MODELS

ROLE_ORDER = [Role.DIRECTOR, Role.CURATOR, Role.METHODICAL_COUNCIL, Role.SITE_EDITOR, Role.MENTOR, Role.MENTEE]


@dataclass(frozen=True)
class ChangeQuery:
    related_to: object = None  # a model instance: its own events and those of rows pointing at it
    model: str = ""  # the tracked model's label, e.g. "mentoring.Person"
    user_id: int | None = None
    label: str = ""  # insert / update / delete
    date_from: object = None
    date_to: object = None


def _branches(q: ChangeQuery):
    for tracked, event_model in EVENT_MODELS.items():
        label = tracked._meta.label
        if q.model and label != q.model:
            continue
        where, params = [], []
        if q.related_to is not None:
            target = type(q.related_to)
            columns = ["pgh_obj_id"] if tracked is target else []
            columns += [
                f.column
                for f in event_model._meta.concrete_fields
                if isinstance(f, ForeignKey) and f.name != "pgh_obj" and f.related_model is target
            ]
            if not columns:
                continue
            where.append("(" + " OR ".join(f"e.{c} = %s" for c in columns) + ")")
            params += [q.related_to.pk] * len(columns)
        if q.user_id is not None:
            where.append("e.pgh_context_id IN (SELECT id FROM pghistory_context WHERE metadata->>'user' = %s)")
            params.append(str(q.user_id))
        if q.label:
            where.append("e.pgh_label = %s")
            params.append(q.label)
        if q.date_from:
            where.append("e.pgh_created_at >= %s")
            params.append(q.date_from)
        if q.date_to:
            where.append("e.pgh_created_at < %s")
            params.append(q.date_to)
        yield label, event_model._meta.db_table, " AND ".join(where) or "TRUE", params


def history_kept() -> bool:
    """The change history is written by PostgreSQL triggers: on another database (the SQLite demo) there is none,
    and the journal's SQL is PostgreSQL's."""
    return connection.vendor == "postgresql"


def change_count(q: ChangeQuery) -> int:
    if not history_kept():
        return 0
    parts, params = [], []
    for _label, table, where, branch_params in _branches(q):
        parts.append(f"SELECT count(*) AS n FROM {table} e WHERE {where}")  # noqa: S608 — names from our models
        params += branch_params
    if not parts:
        return 0
    with connection.cursor() as cursor:
        union = " UNION ALL ".join(parts)
        cursor.execute(f"SELECT coalesce(sum(n), 0) FROM ({union}) counts", params)  # noqa: S608
        return int(cursor.fetchone()[0])


def change_page(q: ChangeQuery, offset: int, limit: int) -> list[dict]:
    """Two steps in one statement: the page's keys from the union of narrow rows (ordered and cut first), then the
    JSON of those rows and of their previous versions (by the (pgh_obj_id, pgh_id) index) — never for the rest."""
    if not history_kept():
        return []
    keys, key_params, rows_sql = [], [], []
    for label, table, where, branch_params in _branches(q):
        keys.append(f"SELECT %s::text AS model, e.pgh_id, e.pgh_created_at FROM {table} e WHERE {where}")  # noqa: S608
        key_params += [label, *branch_params]
        rows_sql.append(
            f"SELECT k.model, e.pgh_id, e.pgh_created_at, e.pgh_label, e.pgh_context_id, to_jsonb(e) AS data, "  # noqa: S608
            f"(SELECT to_jsonb(p) FROM {table} p WHERE p.pgh_obj_id = e.pgh_obj_id AND p.pgh_id < e.pgh_id "
            f"ORDER BY p.pgh_obj_id DESC, p.pgh_id DESC LIMIT 1) AS prev "
            f"FROM page_keys k JOIN {table} e ON e.pgh_id = k.pgh_id WHERE k.model = %s"
        )
    if not keys:
        return []
    labels = [label for label, _table, _where, _params in _branches(q)]
    rank = " ".join(f"WHEN %s THEN {i}" for i in range(len(ROLE_ORDER)))
    # Table and column names come from our models; every value is a parameter.
    sql = f"""
        WITH page_keys AS MATERIALIZED (
            {" UNION ALL ".join(keys)} ORDER BY pgh_created_at DESC, pgh_id DESC LIMIT %s OFFSET %s
        ), page AS ({" UNION ALL ".join(rows_sql)})
        SELECT page.*, c.metadata AS context, u.username, u.is_superuser, per.last_name, per.first_name,
               per.patronymic,
               (SELECT g.name FROM auth_group g JOIN mentoring_user_groups ug ON ug.group_id = g.id
                WHERE ug.user_id = u.id ORDER BY CASE g.name {rank} ELSE 99 END LIMIT 1) AS role
        FROM page
        LEFT JOIN pghistory_context c ON c.id = page.pgh_context_id
        LEFT JOIN mentoring_user u ON u.id = (c.metadata->>'user')::bigint
        LEFT JOIN mentoring_person per ON per.user_id = u.id
        ORDER BY page.pgh_created_at DESC, page.pgh_id DESC"""  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*key_params, limit, offset, *labels, *[str(r) for r in ROLE_ORDER]])
        names = [col.name for col in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:  # Django hands jsonb back as text, for JSONField to decode
        for key in ("data", "prev", "context"):
            if isinstance(row[key], str):
                row[key] = json.loads(row[key])
    return rows


class ChangeList:
    """Sliceable and countable, for Django's Paginator: one count query and one page query."""

    def __init__(self, q: ChangeQuery):
        self.q = q
        self._count = None

    def count(self) -> int:
        if self._count is None:
            self._count = change_count(self.q)
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        if isinstance(item, slice):
            start = item.start or 0
            return change_page(self.q, start, (item.stop if item.stop is not None else start + 50) - start)
        return change_page(self.q, item, 1)[0]
