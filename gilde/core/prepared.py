"""Queries the ORM compiles once per database connection, for the few that run on every
request (the signed-in user, their memberships).

Building a query's SQL is most of what a small query costs in Django (about 0.2 ms
on a 2-core machine, more than SQLite takes to answer it); on a page whose content
is kept (core.fragments) those queries were a third of the page's time. A prepared
query is written as an ordinary QuerySet with placeholders where the values go; the
first call on a connection compiles it, and every call after that runs the same SQL
with its own values, through the connection's cursor (so query counting, execute
wrappers and transactions see it as any other query), turning rows into model
instances the way QuerySet iteration does (select_related included)::

    active_memberships = Prepared(
        lambda p: Membership.objects.filter(user_id=p.user, status="active")
        .select_related("network")
    )
    active_memberships(user=request.user.pk)  # a list of Memberships

`build` gets an object that stands for the values: `p.user` for a whole number (an
id: a number no row has), `p.text("slug")` for a string (one no row holds); the
compiled SQL's parameters are searched for them, so the ORM checks and converts the
query as it would any other.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators


class _Placeholders:
    """`p.name` is a number, `p.text("name")` a string, that stands for the value `name`."""

    FIRST = -(2**62)

    def __init__(self):
        self.numbers: dict[int | str, _Name] = {}

    def __getattr__(self, name: str) -> int:
        if name.startswith("_"):
            raise AttributeError(name)
        number = self.FIRST - len(self.numbers)
        self.numbers[number] = _Name(name, int)
        return number

    def text(self, name: str) -> str:
        text = f"\x00gilde.prepared.{name}.{len(self.numbers)}\x00"
        self.numbers[text] = _Name(name, str)
        return text


class Prepared:
    def __init__(self, build: Callable[[_Placeholders], QuerySet]):
        self.build = build
        self._local = threading.local()

    def __call__(self, **values: int | str) -> list:
        compiled = getattr(self._local, "compiled", None)
        if compiled is None or compiled[0] is not connections[compiled[1]]:
            compiled = self._compile()
            self._local.compiled = compiled
        connection, _alias, sql, params, compiler, converters, make = compiled
        with connection.cursor() as cursor:
            cursor.execute(sql, [p.kind(values[p]) if type(p) is _Name else p for p in params])
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
            placeholders.numbers[p] if isinstance(p, int | str) and p in placeholders.numbers else p
            for p in params
        ]
        named = {p for p in params if type(p) is _Name}
        if len(named) != len(placeholders.numbers):
            raise ValueError("A prepared query's values must reach its SQL as they are.")
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
    """A compiled query's parameter that is filled in on each call, as an int or a str."""

    kind: type

    def __new__(cls, name: str, kind: type):
        self = super().__new__(cls, name)
        self.kind = kind
        return self
