"""Figures whose SQL is compiled once per process, then only executed.

Compiling a query of many subqueries costs the ORM milliseconds of CPU, far more than PostgreSQL takes to answer
it (the start checklist: 3.3 ms to compile, 0.2 ms to run), and the home pages ask for such figures on every
first view after a write. A figure's compiled SQL and parameters are kept under a key, and the next call only
runs them.

The key must name every input of the query (a year's id, a day). Everything else the query is built from must be
constant for the process: choices, role names, model structure, never the clock or a setting. Only for figures:
the values come back as the database driver gives them (numbers, booleans, strings, dates), without the ORM's
field conversions.
"""

from collections.abc import Callable

from django.db import connections
from django.db.models import QuerySet

_MAX_ENTRIES = 256
_compiled: dict[tuple, tuple[str, str, tuple]] = {}


def _rows(key: tuple, compile_sql: Callable[[], tuple[str, str, tuple]]) -> list[dict]:
    entry = _compiled.get(key)
    if entry is None:
        if len(_compiled) >= _MAX_ENTRIES:  # the keys hold days: old ones are dropped wholesale, rarely
            _compiled.clear()
        entry = _compiled[key] = compile_sql()
    alias, sql, params = entry
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def values_once(key: tuple, build: Callable[[], QuerySet]) -> list[dict]:
    """The rows of `build()`, a `.values()` queryset, as dicts keyed by column name (name annotations as the
    keys you want; a plain field comes back under its column's name)."""

    def compile_sql():
        queryset = build()
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
        return queryset.db, sql, tuple(params)

    return _rows(("values", *key), compile_sql)


def aggregate_once(key: tuple, build: Callable[[], tuple[QuerySet, dict]]) -> dict:
    """`queryset.aggregate(**aggregates)` for `build()` → (queryset, aggregates), as Django runs it for a plain
    queryset (no slicing, distinct or grouping): one row, no GROUP BY."""

    def compile_sql():
        queryset, aggregates = build()
        query = queryset.query.chain()
        if query.is_sliced or query.distinct or query.group_by is not None or query.combinator:
            raise ValueError("aggregate_once takes a plain queryset")
        query.clear_ordering(force=True)
        query.clear_select_clause()
        for alias, aggregate in aggregates.items():
            query.add_annotation(aggregate, alias, select=True)
        sql, params = query.get_compiler(queryset.db).as_sql()
        return queryset.db, sql, tuple(params)

    return _rows(("aggregate", *key), compile_sql)[0]
