"""Queries the ORM compiles once per database connection, for the few that run on every
request (the signed-in user, their memberships).

Building a query's SQL is most of what a small query costs in Django (about 0.2 ms
on a 2-core machine, more than SQLite takes to answer it); on a page whose content
is kept (core.fragments) those queries were a third of the page's time. A prepared
query is written as an ordinary QuerySet with `Param`s where the values go; the
first call on a connection compiles it, and every call after that runs the same SQL
with its own values, through the connection's cursor (so query counting, execute
wrappers and transactions see it as any other query), turning rows into model
instances the way QuerySet iteration does (select_related included)::

    active_memberships = Prepared(
        lambda p: Membership.objects.filter(user_id=p.user, status="active")
        .select_related("network")
    )
    active_memberships(user=request.user.pk)  # a list of Memberships

The values are whole numbers (ids): `build` gets an object whose attributes stand for
them (`p.user` is a number no row has, which the compiled SQL's parameters are searched
for), so the ORM checks and converts the query as it would any other.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators


class _Placeholders:
    """`p.name` is a number that stands for the value named `name`."""

    FIRST = -(2**62)

    def __init__(self):
        self.numbers: dict[int, str] = {}

    def __getattr__(self, name: str) -> int:
        if name.startswith("_"):
            raise AttributeError(name)
        number = self.FIRST - len(self.numbers)
        self.numbers[number] = name
        return number


class Prepared:
    def __init__(self, build: Callable[[_Placeholders], QuerySet]):
        self.build = build
        self._local = threading.local()

    def __call__(self, **values: int) -> list:
        compiled = getattr(self._local, "compiled", None)
        if compiled is None or compiled[0] is not connections[compiled[1]]:
            compiled = self._compile()
            self._local.compiled = compiled
        connection, _alias, sql, params, compiler, converters, make = compiled
        with connection.cursor() as cursor:
            cursor.execute(sql, [int(values[p]) if type(p) is _Name else p for p in params])
            rows = cursor.fetchall()
        if converters:
            rows = compiler.apply_converters(rows, converters)
        return [make(row) for row in rows]

    def _compile(self):
        placeholders = _Placeholders()
        queryset = self.build(placeholders)
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        params = [
            _Name(placeholders.numbers[p])
            if isinstance(p, int) and p in placeholders.numbers
            else p
            for p in params
        ]
        named = {p for p in params if type(p) is _Name}
        if len(named) != len(placeholders.numbers):
            raise ValueError("A prepared query's values must reach its SQL as they are (ids).")
        klass_info, select = compiler.klass_info, compiler.select
        if compiler.annotation_col_map or queryset._known_related_objects or not klass_info:
            raise ValueError("A prepared query selects model rows, without annotations.")
        model = klass_info["model"]
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        names = [column[0].target.attname for column in select[start:end]]
        populators = get_related_populators(klass_info, select, queryset.db)
        db = queryset.db

        def make(row):
            obj = model.from_db(db, names, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            return obj

        # What results_iter would work out on every call: the columns' converters.
        converters = compiler.get_converters([column[0] for column in select[: compiler.col_count]])
        if compiler.has_composite_fields([column[0] for column in select]):
            raise ValueError("A prepared query selects no composite fields.")
        return connections[db], db, sql, params, compiler, converters, make


class _Name(str):
    """A compiled query's parameter that is filled in on each call."""
