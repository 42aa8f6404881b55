"""Queries built by the ORM once per shape, then run again with new values.

Building a queryset with its visibility annotation and subqueries, and compiling it to SQL,
costs the klantbeeld more time than PostgreSQL needs to answer it. The SQL depends only on
the query's *shape*: the code that builds it, the constants it closes over, which filters
are present, and what the user's roles give. The same shape, the same SQL with other
parameter values.

``rijen(bouw, user=user, **waarden)`` builds ``bouw(user, **stand_ins)`` once per shape,
with stand-in values nobody can have (negative ids, dates in 1901, text starting with ⁂; a
list of ids as one array parameter, ``veld__een_van`` of ``core.lookups``), finds where they sit
among the SQL parameters, and from then on runs the kept SQL with the real values put in
their place, converting the rows with the ORM's own converters.

The key is derived here, never by the caller:

* the shape of ``bouw``: its code object and the values it closes over. Only plain values
  (numbers, text, dates, tuples of those, classes, module-level functions) may be closed
  over; anything else (a
  user, a model instance, a list) is refused, because its part of the SQL could change
  without the key changing. Pass such a thing as ``user=`` or as a value;
* which values are ``None`` (a filter left out) and the current time zone;
* for ``user=``: every part a domain app registered with ``sleuteldeel`` (in its
  ``AppConfig.ready``): permissions the levels per domein and the medewerker, cases the
  live zaak grants. A domain whose visibility depends on something else of the user
  registers that too.

With ``KCC_VOORBEREID_CONTROLE`` on (the test settings), every call also builds the query
afresh through the ORM and compares its SQL with the kept one: a user-dependent part that no
registered key part covers fails the test that reaches it.

The ORM is asked for its SQL through the compiler (``query.get_compiler().as_sql()``) and
its row converters (``get_converters``/``apply_converters``): the parts of Django's query
machinery this module relies on, all in ``_Voorbereid``; ``tests/core`` pins them. If a
stand-in cannot be found among the parameters, the query simply runs through the ORM.
"""

import datetime as dt
import enum
import threading
import types
from collections import OrderedDict
from collections.abc import Callable, Hashable

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.utils import timezone

_MAX = 1024
_kept: OrderedDict = OrderedDict()
_lock = threading.Lock()
_sleuteldelen: list[Callable[[object], Hashable]] = []

_WAARDEN = (type(None), bool, int, float, str, dt.date, dt.time, dt.timedelta, enum.Enum, type)


class OnveiligeSleutel(TypeError):
    """``bouw`` closes over something whose part of the SQL the key cannot see."""


class SleutelMist(AssertionError):
    """The kept SQL differs from what the ORM builds now: the key misses a part."""


def sleuteldeel(deel: Callable[[object], Hashable]) -> Callable[[object], Hashable]:
    """Registers a part of the user that shapes visibility SQL (``deel(user)`` → hashable).
    Called from a domain app's ``AppConfig.ready``; registering twice is a no-op."""
    with _lock:
        if deel not in _sleuteldelen:
            _sleuteldelen.append(deel)
            _kept.clear()
    return deel


def gebruiker_sleutel(user) -> tuple:
    """Everything registered about the user that shapes a visibility query."""
    return tuple(deel(user) for deel in _sleuteldelen)


def _waarde(value, pad: str):
    if isinstance(value, tuple | frozenset):
        return type(value)(_waarde(v, pad) for v in value)
    if isinstance(value, _WAARDEN):
        return value
    if isinstance(value, types.FunctionType) and value.__closure__ is None:
        return value  # a module-level function: code, like ``bouw`` itself
    raise OnveiligeSleutel(
        f"{pad} closes over a {type(value).__name__}: its part of the SQL is not in the key. "
        "Pass it as user= or as a value of rijen()."
    )


def _vorm(bouw) -> tuple:
    code = getattr(bouw, "__code__", None)
    if code is None:
        raise OnveiligeSleutel(f"{bouw!r} is not a plain function")
    pad = f"{bouw.__module__}.{bouw.__qualname__}"
    cellen = tuple(
        _waarde(cel.cell_contents, f"{pad} ({naam})")
        for naam, cel in zip(code.co_freevars, bouw.__closure__ or (), strict=True)
    )
    standaard = _waarde(tuple(bouw.__defaults__ or ()), pad)
    kw = _waarde(tuple(sorted((bouw.__kwdefaults__ or {}).items())), pad)
    return (code, cellen, standaard, kw)


def _stand_in(index: int, value):
    if isinstance(value, bool):
        raise TypeError("booleans are part of the shape, not values")
    if isinstance(value, int):
        return -7_024_000 - index  # within a 32-bit integer column's range
    if isinstance(value, dt.datetime):
        return dt.datetime(1901, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=index + 1)
    if isinstance(value, dt.date):
        return dt.date(1901, 1, 1) + dt.timedelta(days=index + 1)
    if isinstance(value, str):
        return f"\u2042kcc-stand-in-{index}"  # ⁂: text nobody types
    if isinstance(value, list):  # one array parameter (``__een_van``), whatever its length
        return [-7_024_000 - index]
    raise TypeError(f"no stand-in for {type(value).__name__}")


def _sql(queryset):
    return queryset.query.get_compiler(using=queryset.db).as_sql()


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

    def controleren(self, queryset):
        """The SQL the ORM builds now must be the kept SQL (with the same stand-ins)."""
        try:
            sql, params = _sql(queryset)
        except EmptyResultSet:
            sql, params = None, ()
        if (sql, list(params)) != (self.sql, self.params):
            raise SleutelMist(
                "The kept query differs from the one the ORM builds now: a part of what "
                "shapes it is not in the key (register it with core.voorbereid.sleuteldeel)."
            )


_GEEN_GEBRUIKER = object()


def rijen(bouw, *, user=_GEEN_GEBRUIKER, **waarden) -> list[dict]:
    """The rows of ``bouw(**waarden)`` (a ``values()`` queryset) as dicts; with ``user=``,
    of ``bouw(user, **waarden)``. ``None`` values are part of the shape (a filter left
    out), the others are parameters."""
    met_gebruiker = user is not _GEEN_GEBRUIKER
    shape = (
        _vorm(bouw),
        gebruiker_sleutel(user) if met_gebruiker else None,
        timezone.get_current_timezone_name(),
        tuple(sorted(name for name, value in waarden.items() if value is None)),
    )

    def bouwen(**kw):
        return bouw(user, **kw) if met_gebruiker else bouw(**kw)

    kept = _kept.get(shape)
    controle = kept is not None and getattr(settings, "KCC_VOORBEREID_CONTROLE", False)
    stand_ins = {}
    if kept is None or controle:
        stand_ins = {
            name: (None if value is None else _stand_in(i, value))
            for i, (name, value) in enumerate(sorted(waarden.items()))
        }
    if kept is None:
        kept = _Voorbereid(
            bouwen(**stand_ins), {k: v for k, v in stand_ins.items() if v is not None}
        )
        with _lock:
            _kept[shape] = kept
            while len(_kept) > _MAX:
                _kept.popitem(last=False)
    elif controle and kept.compleet:
        kept.controleren(bouwen(**stand_ins))
    if not kept.compleet:
        return list(bouwen(**waarden))
    return kept.uitvoeren(waarden)


def vergeten():
    """Drops every kept query (tests; a schema change)."""
    with _lock:
        _kept.clear()
