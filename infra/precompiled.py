"""Querysets compiled to SQL once per process, then run with each request's values.

Django compiles a queryset to SQL every time it is evaluated. For the queries every public
page runs (an article by its id, its related stories, the front page's blocks) compiling
costs more than the database takes to answer (see bench/RESULTS.md), so they are
compiled once per process.

A ``Precompiled`` query is built once with stand-in values of the declared types; the
stand-ins are found among the compiled parameters, and each run swaps in the real values.
The rows still become model instances through Django's own iterable, so
``select_related``, ``only()``, ``prefetch_related`` and the instances behave as usual.
Keyword values without a declared type are part of the query's shape: each distinct
value compiles its own SQL (they must be hashable, e.g. a tuple of rubrik ids).

``generic_plan=True`` asks PostgreSQL to plan the statement once for any values, for
statements whose best plan does not depend on them. Left to itself PostgreSQL kept
re-planning the front page's UNION ALL on every request, planning costing more than
the work, because its estimate for an unknown moment looked worse than the custom plans.

It returns a list, never a queryset: a queryset that carried the compiled SQL could be
filtered further and silently run the old statement.

Misuse fails loudly, it never returns wrong rows. A value computed from a stand-in (say
``now - timedelta(days=2)`` for a 48-hour window) would be compiled into the SQL as a
constant computed from the stand-in: the stand-ins refuse arithmetic and ordering
(TypeError when the query is built), and every query shape is built twice with two
different sets of stand-ins; a parameter that differs between the two, other than the
stand-ins themselves, came from one of them (ValueError: pass it as its own value). The
built shapes are kept in bounded caches (``MAX_SHAPES``).
"""

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import connections

from infra.internals import compile_queryset, converters_for, run_compiled, set_prefetched

_numbers = itertools.count(1)
# Distinct query shapes kept per query (list lengths, constants): past this the cache
# starts again rather than grow with every new constant.
MAX_SHAPES = 64

REFUSED = (
    "{name}: a precompiled value cannot be computed with; compute it before the call "
    "and declare it as a value of its own (e.g. since=datetime)"
)


def _refuse(name):
    def refused(self, *args, **kwargs):
        raise TypeError(REFUSED.format(name=name))

    return refused


_ARITHMETIC = ("add", "radd", "sub", "rsub", "mul", "rmul", "truediv", "rtruediv")
_ORDERING = ("lt", "le", "gt", "ge")
_REFUSED_INT = (*_ARITHMETIC, "floordiv", "rfloordiv", "mod", "rmod", "pow", "neg", *_ORDERING)


class _StandInInt(int):
    """An int stand-in: equal to itself and usable as a parameter, nothing more."""


class _StandInDatetime(datetime):
    """A datetime stand-in: convertible for the database, refusing arithmetic and order."""


for _op in _REFUSED_INT:
    setattr(_StandInInt, f"__{_op}__", _refuse(f"__{_op}__"))
for _op in (*_ARITHMETIC[:4], *_ORDERING):
    setattr(_StandInDatetime, f"__{_op}__", _refuse(f"__{_op}__"))


def _stand_in(kind, variant=0):
    """A value of ``kind`` that no real value equals. ``variant`` 1 differs from 0 in
    every part (sign and digits; year, month, day, hour, minute, second, microsecond)."""
    number = next(_numbers)
    if kind is int:
        base = -2_147_000_000 if variant == 0 else -1_999_999_937
        return _StandInInt(base - number)  # never an id or a count, in any integer range
    if kind is datetime:
        moment = (
            datetime(1901, 2, 3, 4, 5, 6, 70_000, tzinfo=UTC)
            if variant == 0
            else datetime(1957, 8, 19, 21, 43, 17, 923_456, tzinfo=UTC)
        ) + timedelta(seconds=number)
        return _StandInDatetime(*moment.timetuple()[:6], moment.microsecond, tzinfo=UTC)
    raise TypeError(f"no stand-in for {kind!r}: declare int or datetime")


@dataclass(frozen=True)
class _Statement:
    queryset: object
    compiler: object
    sql: str
    params: tuple
    slots: tuple  # (position in params, name of the value, index in a list value or None)
    converters: dict = field(default_factory=dict)  # per connection: made once, not per run


class Precompiled:
    def __init__(self, build, *, generic_plan=False, **kinds):
        """``build(**values)`` returns the queryset; ``kinds`` names the values that vary
        from run to run and their types (``int``, ``datetime``, or a list of ints written
        ``[int]``: one statement per length)."""
        self.build = build
        self.kinds = kinds
        self.generic_plan = generic_plan
        self._built: dict = {}
        self._statements: dict = {}

    def __call__(self, *, using: str | None = None, **values) -> list:
        shape = tuple(
            (name, len(values[name]) if isinstance(kind, list) else None)
            for name, kind in self.kinds.items()
        )
        constants = tuple((name, value) for name, value in values.items() if name not in self.kinds)
        built = self._built.get((shape, constants))
        if built is None:
            built = _bounded(self._built)[(shape, constants)] = self._build(shape, dict(constants))
        queryset, stand_ins = built[0]
        alias = using or queryset.db
        statement = self._statements.get((shape, constants, alias))
        if statement is None:
            statement = self._compile(queryset.using(alias), stand_ins, alias)
            _check_nothing_derived(
                statement, self._compile(built[1][0].using(alias), built[1][1], alias)
            )
            _bounded(self._statements)[(shape, constants, alias)] = statement
        connection = connections[alias]
        if not (self.generic_plan and connection.vendor == "postgresql"):
            return _run(statement, connection, values)
        with connection.cursor() as cursor:
            cursor.execute("SET plan_cache_mode = force_generic_plan")
            try:
                return _run(statement, connection, values)
            finally:
                cursor.execute("RESET plan_cache_mode")

    def _build(self, shape, constants):
        """The queryset built with stand-ins, twice: with each of the two variants."""
        built = []
        for variant in (0, 1):
            stand_ins = {}
            for name, length in shape:
                kind = self.kinds[name]
                if isinstance(kind, list):
                    stand_ins[name] = [_stand_in(kind[0], variant) for _ in range(length)]
                else:
                    stand_ins[name] = _stand_in(kind, variant)
            built.append((self.build(**stand_ins, **constants), stand_ins))
        return tuple(built)

    @staticmethod
    def _compile(queryset, stand_ins, alias) -> _Statement:
        connection = connections[alias]
        compiler, sql, params = compile_queryset(queryset, alias)
        slots = []
        for name, stand_in in stand_ins.items():
            items = stand_in if isinstance(stand_in, list) else [stand_in]
            for index, item in enumerate(items):
                adapted = _adapt(connection, item)
                found = [i for i, param in enumerate(params) if param == adapted]
                if not found:
                    raise ValueError(f"{name!r} does not reach the SQL of {queryset.model}")
                slot_index = index if isinstance(stand_in, list) else None
                slots += [(position, name, slot_index) for position in found]
        return _Statement(queryset, compiler, sql, tuple(params), tuple(sorted(slots)))


def _check_nothing_derived(statement, twin) -> None:
    """Built with other stand-ins, the statement may differ only where they stand."""
    slots = {position for position, _name, _index in statement.slots}
    derived = [
        position
        for position, (one, other) in enumerate(zip(statement.params, twin.params, strict=True))
        if position not in slots and one != other
    ]
    if derived or statement.sql != twin.sql:
        raise ValueError(
            f"a value computed from a precompiled value reaches the SQL of "
            f"{statement.queryset.model.__name__} (parameters {derived}): compute it "
            "before the call and declare it as a value of its own"
        )


def _bounded(cache: dict) -> dict:
    if len(cache) >= MAX_SHAPES:
        cache.clear()
    return cache


def _run(statement, connection, values) -> list:
    params = list(statement.params)
    for position, name, index in statement.slots:
        value = values[name] if index is None else values[name][index]
        params[position] = _adapt(connection, value)
    converters = statement.converters.get(id(connection))
    if converters is None:
        converters = statement.converters[id(connection)] = converters_for(
            statement.compiler, connection
        )
    return run_compiled(
        statement.queryset, statement.compiler, statement.sql, tuple(params), connection, converters
    )


def _adapt(connection, value):
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def prefetched(instance, name: str, rows: list) -> None:
    """Give ``instance.<name>.all()`` rows fetched by a precompiled query, as
    ``prefetch_related`` would have: the template reads them without a query.

    The queryset only holds the rows (building the related manager's own filtered
    queryset cost more than the query): read it, never filter it further."""
    model = getattr(instance, name).model  # the related model (for tags: taggit's Tag)
    set_prefetched(instance, name, model, rows)
