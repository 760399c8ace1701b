"""Every place the project reaches past the documented API of Django or a library.

Each function below touches one private or undocumented part, names it, and says why.
Nothing else in the project may do so (``tests/test_architecture.py`` fails on a private
attribute anywhere else), and ``tests/infra/test_internals.py`` checks every part used
here against the installed versions: an upgrade that moves one fails those tests, by
name, instead of a page quietly going wrong.
"""

import copy

from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init

# -- Model instances and querysets ---------------------------------------------------


class QuickLoad:
    """Model instances built from database rows without going through ``Model.__init__``.

    Django builds every loaded row with ``Model.__init__``: a loop over all the model's
    fields, each value set through its descriptor, and the pre_init/post_init signals. For
    a list of forty stories with their regions and photos that cost more than the query.
    ``QuickLoad.from_db`` puts the loaded values straight into the instance's ``__dict__``,
    which is what ``__init__`` ends up doing for the fields these models have (plain,
    foreign key and file columns: their descriptors only store the value on a new instance;
    a test checks every concrete field of every model using it). Fields
    that were not loaded stay deferred, as with ``only()``, and the signals are still sent
    whenever anything listens to them for the model.
    """

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        if pre_init.receivers and pre_init.has_listeners(cls):
            return super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        new = cls.__new__(cls)
        mark_loaded(new, db=db, fetch_mode=fetch_mode)
        new.__dict__.update(zip(field_names, values, strict=True))
        if post_init.receivers and post_init.has_listeners(cls):
            post_init.send(sender=cls, instance=new)
        return new


def mark_loaded(instance, *, db: str, fetch_mode=None) -> None:
    """Give ``instance`` the ``_state`` of a row loaded from ``db``, as ``Model.from_db``
    does (``ModelState`` and ``Model._state``)."""
    state = instance._state = ModelState()
    state.adding = False
    state.db = db
    if fetch_mode is not None:
        state.fetch_mode = fetch_mode


def database_of(instance) -> str | None:
    """The alias ``instance`` was loaded from (``_state.db``, which Django's multiple
    database guide mentions but does not make an API)."""
    return instance._state.db


def set_prefetched(instance, name: str, model, rows: list) -> None:
    """Make ``instance.<name>.all()`` return ``rows`` without a query, as
    ``prefetch_related`` leaves it (``_prefetched_objects_cache`` on the instance, a
    queryset whose ``_result_cache`` is filled and ``_prefetch_done`` set)."""
    queryset = model._default_manager.get_queryset().none()
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset


# -- SQL compilation (infra.precompiled) ----------------------------------------------


def compile_queryset(queryset, alias: str):
    """``(compiler, sql, params)`` for ``queryset`` on ``alias``: ``Query.chain``,
    ``Query.get_compiler`` and ``SQLCompiler.as_sql``, what evaluating it would run."""
    compiler = queryset.query.chain().get_compiler(using=alias)
    sql, params = compiler.as_sql()
    return compiler, sql, params


def converters_for(compiler, connection) -> dict:
    """The converters ``compiler``'s rows need on ``connection``
    (``SQLCompiler.get_converters`` of the columns in ``select[:col_count]``, which
    ``as_sql`` filled): made once per connection instead of on every run."""
    compiler = copy.copy(compiler)
    compiler.connection = connection
    return compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])


def run_compiled(queryset, compiler, sql: str, params: tuple, connection, converters) -> list:
    """The model instances of ``queryset``, from ``sql`` already compiled for it, run with
    ``params``: Django's own iterable builds them (``select_related``, ``only()`` and
    ``prefetch_related`` behave as usual), but the query hands out a copy of
    ``compiler`` whose ``as_sql`` and ``get_converters`` return what was made before.

    The queryset is copied shallowly (its ``__dict__``, with ``_query``, ``_result_cache``
    and ``_prefetch_done`` reset): cloning the query's tree cost more than the run, and
    neither is changed by running it."""
    compiler = copy.copy(compiler)
    compiler.connection = connection  # this thread's connection, not the compiling one's
    compiler.get_converters = lambda expressions: converters
    compiler.as_sql = lambda *args, **kwargs: (sql, params)
    query = object.__new__(type(queryset.query))
    query.__dict__.update(queryset.query.__dict__, get_compiler=lambda *a, **k: compiler)
    shell = object.__new__(type(queryset))
    shell.__dict__.update(queryset.__dict__, _query=query, _result_cache=None, _prefetch_done=False)
    return list(shell)


def table_reference(compiler) -> str:
    """How the statement being compiled names its own table (its initial alias, quoted
    as the compiler quotes names: ``Query.get_initial_alias`` and
    ``SQLCompiler.quote_name``, which Django 6.1 offers in place of the deprecated
    ``quote_name_unless_alias``), for SQL written against the table's columns inside a
    subquery that renames it."""
    return compiler.quote_name(compiler.query.get_initial_alias())


# -- Responses -------------------------------------------------------------------------


def give_csp(response, policy: dict) -> None:
    """Serve ``response`` under ``policy`` unless its view chose one: what
    ``django.views.decorators.csp.csp_override`` does (``_csp_config``), for a whole
    part of the site (the admin) rather than one view."""
    if not hasattr(response, "_csp_config"):
        response._csp_config = policy


# -- Caches ----------------------------------------------------------------------------


def open_cache_client(cache) -> None:
    """Build the cache backend's client now (Redis: its ``_cache`` cached property, whose
    pool connects only when first used), so a server's workers fork with it built."""
    getattr(cache, "_cache", None)


# -- django-imagekit -------------------------------------------------------------------


def imagekit_tracks_no_fields() -> bool:
    """Whether no ``ImageSpecField`` is registered (imagekit's
    ``signal_router._source_groups`` is empty): then its ``post_init``/``post_save``
    receivers, sent for every row of every model, can be disconnected."""
    from imagekit.specs.sourcegroups import signal_router

    return getattr(signal_router, "_source_groups", None) == []
