"""Full-text search: one interface, two backends (SQLite FTS5, PostgreSQL tsvector).

Apps describe what they want found as `Document`s, produced by a `Source`
registered per kind ("article", "question", "session", "person") in their
AppConfig.ready(). Services call `refresh(kind, object_id)` inside their own
transaction after a write, so the index changes in the same transaction as the
content. `search()` applies visibility inside the query.

Visibility of a document, for a user:
- `public` and the network is not hidden: everyone, also logged out;
- `public` or `network`: members and coordinators of `network_id`;
- `circle`: members of the network who are in `circle_ids`;
- always: the people in `owner_ids` (author, co-authors; drafts are indexed
  as `private` so only they find them).

THIS MODULE IS A PLACEHOLDER for the interface; the backends follow.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class Document:
    kind: str
    object_id: int
    network_id: int
    visibility: str  # public, network, circle, private
    title: str
    text: str  # plain text (see gilde.core.markdown.to_text)
    url: str
    published_at: datetime
    author_id: int | None = None
    tags: tuple[str, ...] = ()
    owner_ids: frozenset[int] = field(default_factory=frozenset)
    circle_ids: frozenset[int] = field(default_factory=frozenset)
    network_hidden: bool = False


class Source(Protocol):
    def documents(self, object_id: int) -> list[Document]:
        """The documents for one object; [] when it is gone or not to be found."""

    def all_object_ids(self) -> Iterable[int]:
        """Every object id of this kind, for a full reindex."""


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    network_id: int
    title: str
    snippet: str  # safe HTML: escaped text with <mark> around matched words
    url: str
    published_at: datetime
    score: float


@dataclass(frozen=True)
class Results:
    total: int
    hits: list[Hit]


_sources: dict[str, Source] = {}


def register(kind: str, source: Source) -> None:
    _sources[kind] = source


def refresh(kind: str, object_id: int) -> None:
    """Bring the index up to date for one object (call inside the writing transaction)."""


def remove(kind: str, object_id: int) -> None:
    """Drop an object's documents from the index."""


def search(
    user,
    query: str,
    *,
    kinds: Iterable[str] = (),
    tag: str | None = None,
    author_id: int | None = None,
    network_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Results:
    return Results(total=0, hits=[])
