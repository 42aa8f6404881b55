"""Queries built by the ORM once per shape, then run again with new values.

Building a queryset with its visibility annotation and subqueries, and compiling it to SQL,
costs the klantbeeld more time than PostgreSQL needs to answer it. The SQL depends only on
the query's *shape*: which filters are present, and what the user's roles give (levels per
domein, grants, department): the same shape, the same SQL with other parameter values.

``rijen(sleutel, bouw, **waarden)`` builds ``bouw(**stand_ins)`` once per shape, with
stand-in values nobody can have (negative ids, dates in 1901), finds where they sit among
the SQL parameters, and from then on runs the kept SQL with the real values put in their
place, converting the rows with the ORM's own converters. The queryset, and so the decision
what a user may see, stays in the selector; ``sleutel`` must hold everything else the query
depends on (``visibility.gebruiker_sleutel(user)`` for the user's part). If a stand-in
cannot be found among the parameters, the query simply runs through the ORM.
"""

import threading
from collections import OrderedDict
from datetime import UTC, date, datetime, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.utils import timezone

_MAX = 1024
_kept: OrderedDict = OrderedDict()
_lock = threading.Lock()


def _stand_in(index: int, value):
    if isinstance(value, bool):
        raise TypeError("booleans are part of the shape, not values")
    if isinstance(value, int):
        return -7_024_000 - index  # within a 32-bit integer column's range
    if isinstance(value, datetime):
        return datetime(1901, 1, 1, tzinfo=UTC) + timedelta(microseconds=index + 1)
    if isinstance(value, date):
        return date(1901, 1, 1) + timedelta(days=index + 1)
    raise TypeError(f"no stand-in for {type(value).__name__}")


class _Voorbereid:
    def __init__(self, queryset, stand_ins):
        compiler = queryset.query.get_compiler(using=queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # a stand-in the ORM refuses: run through the ORM instead
            self.compleet = False
            return
        self.db = queryset.db
        self.sql = sql
        self.params = list(params)
        self.posities = []
        gevonden = set()
        for i, param in enumerate(self.params):
            for name, stand_in in stand_ins.items():
                if type(param) is type(stand_in) and param == stand_in:
                    self.posities.append((i, name))
                    gevonden.add(name)
        self.compleet = gevonden == set(stand_ins)
        query = queryset.query
        # as ValuesIterable names the columns
        self.namen = (
            list(query.selected)
            if query.selected
            else [*query.extra_select, *query.values_select, *query.annotation_select]
        )
        self.compiler = compiler
        self.converters = compiler.get_converters(
            [s[0] for s in compiler.select[: compiler.col_count]]
        )

    def uitvoeren(self, waarden):
        params = list(self.params)
        for i, name in self.posities:
            params[i] = waarden[name]
        with connections[self.db].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(map(list, rows), self.converters)
        return [dict(zip(self.namen, row, strict=True)) for row in rows]


def rijen(sleutel: tuple, bouw, **waarden) -> list[dict]:
    """The rows of ``bouw(**waarden)`` (a ``values()`` queryset) as dicts. ``None`` values
    are part of the shape (a filter left out), the others are parameters."""
    shape = (
        sleutel,
        timezone.get_current_timezone_name(),
        tuple(sorted(name for name, value in waarden.items() if value is None)),
    )
    kept = _kept.get(shape)
    if kept is None:
        stand_ins = {
            name: (None if value is None else _stand_in(i, value))
            for i, (name, value) in enumerate(sorted(waarden.items()))
        }
        kept = _Voorbereid(bouw(**stand_ins), {k: v for k, v in stand_ins.items() if v is not None})
        with _lock:
            _kept[shape] = kept
            while len(_kept) > _MAX:
                _kept.popitem(last=False)
    if not kept.compleet:
        return list(bouw(**waarden))
    return kept.uitvoeren(waarden)


def vergeten():
    """Drops every kept query (tests; a schema change)."""
    with _lock:
        _kept.clear()
