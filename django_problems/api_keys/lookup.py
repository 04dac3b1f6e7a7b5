"""The key lookup of every authenticated request, compiled once.

``ApiKey.objects.select_related("owner").get(key_id=...)`` builds and compiles the same SQL on
every request: the ORM's compiler was most of what key authentication cost beyond DRF's
``TokenAuthentication`` (which compiles a smaller query). :class:`CompiledLookup` compiles the
query once per database connection and runs it with the key id as its only parameter, then
builds the objects exactly as the ORM's ``ModelIterable`` does (the same converters, the same
``select_related`` populators), so ``request.auth`` and ``request.user`` are what ``get()``
would have given. It is still one indexed query, seen by ``CaptureQueriesContext`` and
``django-debug-toolbar`` as any other.

An unknown key id builds the same objects from a row of the same shape (a decoy, dropped), so
a refused request costs about what a refused known id costs: timing does not tell an attacker
which ids exist.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import partial
from typing import Any, Final, Generic, TypeVar

from django.core.exceptions import MultipleObjectsReturned
from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]

from django_problems.conf import on_settings_change

SENTINEL: Final = "\x00django-problems-key-id\x00"
"""The placeholder the query is compiled with; replaced by the key id on each request."""


M = TypeVar("M", bound=Model)


class CompiledLookup(Generic[M]):
    """A ``queryset.get(key_id=...)`` compiled for one database connection."""

    def __init__(self, queryset: QuerySet[M]) -> None:
        self.db = queryset.db
        compiler = queryset.filter(key_id=SENTINEL).query.get_compiler(using=self.db)
        sql, params = compiler.as_sql()
        self.sql = sql
        self.params = list(params)
        self.position = self.params.index(SENTINEL)
        self.compiler = compiler
        select, klass_info = compiler.select, compiler.klass_info
        assert klass_info is not None  # a model query always has one
        fields = [column[0] for column in select[0 : compiler.col_count]]
        self.converters = compiler.get_converters(fields)
        self.model: type[M] = klass_info["model"]
        select_fields = klass_info["select_fields"]
        self.start, self.end = select_fields[0], select_fields[-1] + 1
        self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
        # Django 6.1 adds fetch modes: the populators and from_db take the queryset's.
        fetch_mode = getattr(queryset, "_fetch_mode", None)
        self.track_peers = bool(getattr(fetch_mode, "track_peers", False))
        if fetch_mode is None:
            self.from_db: Callable[..., M] = self.model.from_db
            self.related_populators = get_related_populators(klass_info, select, self.db)
        else:
            self.from_db = partial(self.model.from_db, fetch_mode=fetch_mode)
            self.related_populators = get_related_populators(
                klass_info, select, self.db, fetch_mode
            )
        self.decoy: list[Any] = [None] * len(fields)
        """A row of the query's shape: the last one found (a real key's values), else
        ``None`` everywhere."""

    def get(self, key_id: str) -> M | None:
        """The object ``get(key_id=key_id)`` gives, or ``None`` when there is none."""
        params = list(self.params)
        params[self.position] = key_id
        with self.compiler.connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchmany(2)
        if len(rows) > 1:  # key_id is unique: only a broken schema gets here
            raise MultipleObjectsReturned(f"two keys with the id {key_id!r}")
        if rows:
            self.decoy = list(rows[0])
            return self._build(rows[0])
        self._build(self.decoy)  # the same work, thrown away
        return None

    def _build(self, raw: Any) -> M:
        row = raw
        if self.converters:
            row = next(self.compiler.apply_converters([raw], self.converters))
        instance = self.from_db(self.db, self.init_list, row[self.start : self.end])
        if self.track_peers:
            instance._state.peers = [weakref.ref(instance)]  # type: ignore[attr-defined]
        for populator in self.related_populators:
            populator.populate(row, instance)
        return instance


_COMPILED: weakref.WeakKeyDictionary[Any, dict[Any, CompiledLookup[Any]]] = (
    weakref.WeakKeyDictionary()
)
"""Per database connection object (one per thread): the lookups compiled on it."""


def compiled(key: Any, queryset: Callable[[], QuerySet[M]]) -> CompiledLookup[M]:
    """The lookup of ``queryset()`` (the same query whenever it is called, identified by
    ``key``), compiled on this thread's connection to its database the first time."""
    model = queryset().model if key not in _MODELS else _MODELS[key]
    _MODELS[key] = model
    connection = connections[router.db_for_read(model)]
    per_connection = _COMPILED.get(connection)
    if per_connection is None:
        per_connection = _COMPILED[connection] = {}
    found: CompiledLookup[M] | None = per_connection.get(key)
    if found is None:
        built = queryset()
        found = per_connection[key] = CompiledLookup(built.using(router.db_for_read(model)))
    return found


_MODELS: dict[Any, type[Model]] = {}


@on_settings_change
def _forget() -> None:
    """Recompile after a setting changes (``DATABASES``, ``AUTH_USER_MODEL`` in tests)."""
    _COMPILED.clear()
    _MODELS.clear()
