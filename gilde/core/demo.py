"""Demo data is seeded app by app: each app registers a seeder in its AppConfig.ready().

`manage.py seed_demo` (in networks) seeds people and networks first, then runs
the registered seeders in order, so a higher app (knowledge, …) adds its own
demo content without the lower app importing it.

Content lives in data files, not in Python: `load(app, name, schema)` reads
`<app>/demo/<name>` (YAML, a list of entries) and checks every entry against a
schema, so a typo gives one clear error naming the file and the entry. A text
field marked `markdown=True` may instead be given as `<field>_file:`, a path to
a Markdown file next to the YAML file, for bodies too long to read inline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.apps import apps

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


@dataclass(frozen=True)
class Field:
    """One key of an entry: its type, whether it must be there, and the values it may take."""

    type: type | tuple[type, ...] = str
    required: bool = True
    default: object = None
    choices: tuple | None = None
    markdown: bool = False


def _label(entry: dict, position: int, key: str | None) -> str:
    name = entry.get(key) if key else None
    return f"entry {position}" + (f" ({name})" if isinstance(name, str | int) else "")


def _check(entry, position: int, schema: dict[str, Field], key, folder: Path, where: str) -> dict:
    if not isinstance(entry, dict):
        raise DemoDataError(f"{where}: entry {position} is not a mapping of keys to values")
    label = _label(entry, position, key)
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
        # values are validated by the spec's type before they are stored.
        cleaned[name] = value  # type: ignore[assignment]
    return cleaned


def folder(app: str) -> Path:
    """The demo data folder of an app, by its label (`networks`) or name (`gilde.networks`)."""
    config = apps.get_app_config(app.rsplit(".", 1)[-1])
    return Path(config.path) / "demo"


def load(app: str, name: str, schema: dict[str, Field], *, key: str | None = None) -> list[dict]:
    """The entries of `<app>/demo/<name>`, each checked against `schema`.

    `key` names the field that identifies an entry in error messages.
    Raises DemoDataError naming the file and the entry.
    """
    return load_path(folder(app) / name, schema, key=key)


def load_path(path: Path, schema: dict[str, Field], *, key: str | None = None) -> list[dict]:
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
