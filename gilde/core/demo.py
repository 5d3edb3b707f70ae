"""Demo data is seeded app by app: each app registers a seeder in its AppConfig.ready().

`manage.py seed_demo` (in networks) seeds people and networks first, then runs
the registered seeders in order, so a higher app (knowledge, …) adds its own
demo content without the lower app importing it.
"""

from collections.abc import Callable

_seeders: list[tuple[int, str, Callable[[], str]]] = []


def register(name: str, seeder: Callable[[], str], *, order: int = 100) -> None:
    """`seeder()` runs inside seed_demo's transaction and returns a line for its report."""
    if any(existing == name for _order, existing, _fn in _seeders):
        return
    _seeders.append((order, name, seeder))
    _seeders.sort(key=lambda entry: entry[0])


def run_all() -> list[str]:
    return [seeder() for _order, _name, seeder in _seeders]
