"""Demo data is seeded app by app: each app registers a seeder in its AppConfig.ready().

`manage.py seed_demo` (in networks) seeds people and networks first, then runs
the registered seeders in order, so a higher app (knowledge, …) adds its own
demo content without the lower app importing it.

Content lives in data files, not in Python: `load(app, name, schema)` reads
`<app>/demo/<name>` (YAML, a list of entries) and checks every entry against a
schema, so a typo gives one clear error naming the file and the entry. A text
field marked `markdown=True` may instead be given as `<field>_file:`, a path to
a Markdown file next to the YAML file, for bodies too long to read inline.

Seeders write through the services, with the demo person who acts as the acting
user, so the services' rules (access, visibility, revisions, the search index)
apply to the demo content as to any other. `refused(entry)` turns a service's
refusal into an error naming the entry's file, and `without_mail()` drops the
notifications those services queue (see there why).
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.apps import apps
from django.db import transaction

from gilde.core.errors import DomainError

_seeders: list[tuple[int, str, Callable[[], str]]] = []


def register(name: str, seeder: Callable[[], str], *, order: int = 100) -> None:
    """`seeder()` runs inside seed_demo's transaction and returns a line for its report."""
    if any(existing == name for _order, existing, _fn in _seeders):
        return
    _seeders.append((order, name, seeder))
    _seeders.sort(key=lambda entry: entry[0])


def run_all() -> list[str]:
    return [seeder() for _order, _name, seeder in _seeders]


class DemoDataError(ValueError):
    """A demo data file that cannot be read or has an entry that does not fit its schema."""


class Entry(dict):
    """One checked entry of a demo data file; `where` names the file and the entry for errors."""

    where: str = ""

    def error(self, message: str) -> DemoDataError:
        return DemoDataError(f"{self.where}: {message}")


@contextmanager
def refused(entry: Entry) -> Iterator[None]:
    """A service refusing what an entry asks (a non-member writing, a full session…) is a data
    error in that entry: say so with its file and position instead of a bare DomainError."""
    try:
        yield
    except DomainError as exc:
        raise entry.error(f"refused by the service: {exc.message}") from exc


@contextmanager
def without_mail() -> Iterator[None]:
    """Seed without mailing anyone.

    The services notify people when their transaction commits: followers of a
    new answer or comment, whoever registers for a session, the coordinators of
    a join request. The demo people are invented, and `make run` should not
    print a hundred mails, so this drops what was queued inside the block: the
    `transaction.on_commit` callbacks registered in it (every such callback in
    the services sends mail or deletes an uploaded file, which seeding never
    does) and the outbox rows it wrote. Use it inside the seed's transaction.
    The callback list is Django's own (`connection.run_on_commit`, also what
    `TestCase.captureOnCommitCallbacks` reads).
    """
    from gilde.core.models import OutgoingMail

    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("without_mail() works inside a transaction only.")
    queued = len(connection.run_on_commit)
    last_mail = OutgoingMail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    yield
    del connection.run_on_commit[queued:]
    OutgoingMail.objects.filter(pk__gt=last_mail).delete()


@dataclass(frozen=True)
class Field:
    """One key of an entry: its type, whether it must be there, and the values it may take."""

    type: type | tuple[type, ...] = str
    required: bool = True
    default: object = None
    choices: tuple | None = None
    markdown: bool = False
    # For a list: the type of its items, or the schema (a dict of Fields) each item must fit.
    items: builtins.type | dict | None = None


def _label(entry: dict, position: int, key: str | None) -> str:
    name = entry.get(key) if key else None
    return f"entry {position}" + (f" ({name})" if isinstance(name, str | int) else "")


def _check(
    entry, position: int, schema: dict[str, Field], key, folder: Path, where: str, name="entry"
) -> Entry:
    if not isinstance(entry, dict):
        raise DemoDataError(f"{where}: {name} {position} is not a mapping of keys to values")
    label = _label(entry, position, key).replace("entry", name, 1)
    allowed = set(schema) | {f"{name}_file" for name, spec in schema.items() if spec.markdown}
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise DemoDataError(f"{where}, {label}: unknown key {', '.join(unknown)}")
    cleaned = {}
    for name, spec in schema.items():
        file_key = f"{name}_file"
        if spec.markdown and file_key in entry:
            if name in entry:
                raise DemoDataError(f"{where}, {label}: give {name} or {file_key}, not both")
            body = folder / str(entry[file_key])
            try:
                cleaned[name] = body.read_text(encoding="utf-8")
            except OSError as exc:
                raise DemoDataError(f"{where}, {label}: cannot read {file_key} {body}") from exc
            continue
        if name not in entry:
            if spec.required:
                raise DemoDataError(f"{where}, {label}: missing key {name}")
            # a pydantic default is Any at run time.
            cleaned[name] = spec.default() if callable(spec.default) else spec.default  # type: ignore[assignment]
            continue
        value = entry[name]
        types = spec.type if isinstance(spec.type, tuple) else (spec.type,)
        # YAML's true/false are bools, which Python also counts as ints.
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            kind = " or ".join(t.__name__ for t in types)
            raise DemoDataError(f"{where}, {label}: {name} must be of type {kind}, not {value!r}")
        if spec.choices is not None and value not in spec.choices:
            choices = ", ".join(map(str, spec.choices))
            raise DemoDataError(f"{where}, {label}: {name} {value!r} is not one of {choices}")
        if spec.items is not None:
            # `spec.type` is list for a field with items, checked just above.
            value = _check_items(value, spec.items, name, folder, f"{where}, {label}")  # type: ignore[arg-type]
        cleaned[name] = value
    cleaned = Entry(cleaned)
    cleaned.where = f"{where}, {label}"
    return cleaned


def _check_items(values: list, items, name: str, folder: Path, where: str) -> list:
    """The items of a list field, each of type `items` or fitting the schema `items`."""
    if isinstance(items, dict):
        return [
            _check(value, position, items, None, folder, where, name=f"{name} item")
            for position, value in enumerate(values, start=1)
        ]
    for position, value in enumerate(values, start=1):
        if not isinstance(value, items) or (isinstance(value, bool) and items is not bool):
            raise DemoDataError(
                f"{where}: {name} item {position} must be of type {items.__name__}, not {value!r}"
            )
    return values


def folder(app: str) -> Path:
    """The demo data folder of an app, by its label (`networks`) or name (`gilde.networks`)."""
    config = apps.get_app_config(app.rsplit(".", 1)[-1])
    return Path(config.path) / "demo"


def load(app: str, name: str, schema: dict[str, Field], *, key: str | None = None) -> list[Entry]:
    """The entries of `<app>/demo/<name>`, each checked against `schema`.

    `key` names the field that identifies an entry in error messages.
    Raises DemoDataError naming the file and the entry.
    """
    return load_path(folder(app) / name, schema, key=key)


def load_path(path: Path, schema: dict[str, Field], *, key: str | None = None) -> list[Entry]:
    path = Path(path)
    where = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DemoDataError(f"{where}: cannot read the file ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise DemoDataError(f"{where}: not valid YAML: {exc}") from exc
    if data is None:
        return []
    if not isinstance(data, list):
        raise DemoDataError(f"{where}: expected a list of entries")
    return [
        _check(entry, position, schema, key, path.parent, where)
        for position, entry in enumerate(data, start=1)
    ]
