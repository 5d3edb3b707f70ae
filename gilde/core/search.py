"""Full-text search: one interface, two backends (SQLite FTS5, PostgreSQL tsvector).

Apps describe what they want found as `Document`s, produced by a `Source`
registered per kind ("article", "question", "session", "person") in their
AppConfig.ready(). Services call `refresh(kind, object_id)` inside their own
transaction after a write, so the index changes in the same transaction as the
content. `search()` applies visibility inside the query, and
`may_know_person()` asks the same rules whether a person may be named.

Visibility of a document is the rule of `gilde.core.visibility` (public,
network, circle, private; owners while their membership counts; drafts indexed
as `private`), applied by its SQL twin `visible_sql`, which sits beside the
QuerySets' `visible_q` so the two are changed together.

How it is stored (`gilde.core.models`):
- `SearchDocument`: one row per (kind, object_id, network_id) with the plain
  title and text (for snippets), visibility, the network's hidden flag, tags,
  author and date. `SearchAudience` holds the owners and circle members of a
  document. Visibility is then one condition in the same SQL as the match:
  public-and-not-hidden, OR, in one of my member networks: public/network, OR
  circle and I am in its audience, OR I am an owner. The audience parts are
  uncorrelated `IN (SELECT ...)` on the user's own rows, read once per query.
  Drafts are indexed as `private`.
- SQLite: an FTS5 table `core_search_fts(title, body, tags)` whose rowid is the
  SearchDocument id, holding the *stemmed* words (below), ranked with bm25
  (title 10, body 1, tags 5). Each match is checked for visibility and filters
  in the narrow index `search_document_access` (INDEXED BY), not in the wide
  rows that carry the text: at 100,000 documents that is what keeps search
  within 1.5x of the bare FTS5 query (see docs/performance.md).
- PostgreSQL: a `search_vector` tsvector column, ranked with ts_rank. It
  holds the `dutch` configuration's analysis of title and text and, under the
  `simple` configuration, the same Python stems as SQLite (weights: title and
  tags A, body B); a query word matches through either. PostgreSQL's
  Dutch stemmer is an older Snowball version that does not relate
  "fermentatie" to "gefermenteerd"; the `simple` part makes both backends find
  the same documents. The vector is kept in the row (STORAGE MAIN), because
  ranking reads it for every visible match. Its two GIN indexes (btree_gin)
  each pair it with a column of the visibility condition, (network_id, vector)
  and (visibility, vector) for public documents of visible networks only, so
  that the planner reads the matches of each half of that condition from one
  index scan, not a bitmap of every visible document (migration 0006).
Both extra structures are created by the migrations, only on their backend.
`refresh` deletes an object's documents and inserts the new ones (with their
audience and full-text entries) inside the caller's transaction.

Stemming, the same for documents and queries: lower-case and strip diacritics
("coöperatie" = "cooperatie"), split into runs of letters and digits, and give
each word its Dutch *and* English Snowball stems (PyStemmer), both indexed.
Dutch-first text with English words in it then matches either way:
"fermentatie" and "gefermenteerd" both stem to "fermenteer" (the Snowball 3
Dutch stemmer removes the ge- of past participles), "bioplastics" and
"bioplastic" to "bioplastic" (Dutch) and "bioplast" (English). A query word
matches a document when one of its stems is among the document's stems; the
words of a query must all match. Each stem goes into the engine's query as a
quoted term, so FTS5 or tsquery operators a user types are just words.

Queries are limited to MAX_QUERY_CHARS characters and MAX_TERMS words; longer
ones, and ones without any word, raise `Invalid` with a message to show.
Snippets are made in Python, only for the hits on the page, from the stored
plain text: a window around the first matched word, HTML-escaped, with every
matched word in <mark>.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Protocol

import Stemmer
from django.apps import apps
from django.db import connection, transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from gilde.core import visibility
from gilde.core.errors import Invalid
from gilde.core.models import SearchAudience, SearchDocument

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
MAX_LIMIT = 100
MAX_OFFSET = 10_000


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
    """What an app registers per kind.

    A source may also offer `documents_for(object_ids) -> list[Document]`, the
    same for many objects in a few queries; `reindex` uses it when it is there.
    """

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
    network_name: str = ""
    network_slug: str = ""


@dataclass(frozen=True)
class Results:
    total: int
    hits: list[Hit]


_sources: dict[str, Source] = {}


def register(kind: str, source: Source) -> None:
    _sources[kind] = source


def kinds() -> list[str]:
    """The kinds that can be searched, in the order they were registered."""
    return list(_sources)


# -- words and stems ---------------------------------------------------------

WORD = re.compile(r"[^\W_]+")
MAX_WORD = 60  # longer "words" are hashes, URLs or noise


class _FoldTable(dict):
    """str.translate table: lower case without diacritics, one character for one.

    Keeping the length lets a snippet find words in the folded text and cut the
    original at the same offsets. Filled lazily, one code point at a time.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        lower = char.lower()
        if len(lower) != 1:
            lower = char
        decomposed = unicodedata.normalize("NFKD", lower)
        if len(decomposed) > 1 and all(unicodedata.combining(c) for c in decomposed[1:]):
            lower = decomposed[0]
        self[code] = lower
        return lower


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower-case `text` and strip its diacritics, keeping its length."""
    return text.lower() if text.isascii() else text.translate(_FOLD)


_local = threading.local()  # PyStemmer's stemmers are not safe to share between threads


def _stemmers() -> tuple[Stemmer.Stemmer, Stemmer.Stemmer]:
    pair = getattr(_local, "stemmers", None)
    if pair is None:
        pair = _local.stemmers = (Stemmer.Stemmer("dutch"), Stemmer.Stemmer("english"))
    return pair


@lru_cache(maxsize=200_000)
def word_stems(word: str) -> tuple[str, ...]:
    """The Dutch and English stems of a folded word (one when they agree)."""
    dutch, english = _stemmers()
    nl, en = dutch.stemWord(word), english.stemWord(word)
    return (nl,) if nl == en else (nl, en)


def words(text: str) -> list[str]:
    """The folded words of `text`, as documents and queries are split."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return [w for w in WORD.findall(fold(text)) if len(w) <= MAX_WORD]


def stem_text(text: str) -> str:
    """`text` as the index holds it: every word's stems, separated by spaces."""
    return " ".join(stem for word in words(text) for stem in word_stems(word))


@dataclass(frozen=True)
class Term:
    """One word of a query and the stems a document word must share with it."""

    word: str
    stems: tuple[str, ...]


def parse_query(query: str) -> list[Term]:
    """Split a query into terms, or raise Invalid with a message the user can act on."""
    query = (query or "").strip()
    if len(query) > MAX_QUERY_CHARS:
        raise Invalid(
            _("Your search is too long: use at most %(count)s characters.")
            % {"count": MAX_QUERY_CHARS},
            field="q",
        )
    unique = list(dict.fromkeys(words(query)))
    if not unique:
        raise Invalid(_("Type one or more words to search for."), field="q")
    if len(unique) > MAX_TERMS:
        raise Invalid(
            _("Search for at most %(count)s words at a time.") % {"count": MAX_TERMS}, field="q"
        )
    return [Term(word, word_stems(word)) for word in unique]


# -- the SQL -----------------------------------------------------------------
# Templates are filled (`_sql`) only with fixed SQL and placeholders built here;
# every value, the query's words included, travels as a parameter.

SQLITE_DELETE = "DELETE FROM core_search_fts WHERE rowid IN ({ids})"
SQLITE_INSERT = "INSERT INTO core_search_fts (rowid, title, tags, body) VALUES (%s, %s, %s, %s)"
SQLITE_OPTIMISE = "INSERT INTO core_search_fts (core_search_fts) VALUES ('optimize')"
# Full-text rows without their document: left by a database flush (tests), which
# knows only the tables of models.
SQLITE_ORPHANS = (
    "DELETE FROM core_search_fts WHERE rowid NOT IN (SELECT id FROM core_searchdocument)"
)
POSTGRESQL_VECTORS = """
UPDATE core_searchdocument AS d SET search_vector =
    setweight(to_tsvector('dutch', d.title), 'A')
    || setweight(to_tsvector('simple', v.title), 'A')
    || setweight(to_tsvector('simple', v.tags), 'A')
    || setweight(to_tsvector('dutch', d.text), 'B')
    || setweight(to_tsvector('simple', v.body), 'B')
FROM (VALUES {rows}) AS v (id, title, tags, body)
WHERE d.id = v.id
"""
POSTGRESQL_OPTIMISE = "ANALYZE core_searchdocument"
# Outside a transaction also VACUUM: every document is written twice (the row,
# then its vector), and the GIN index cannot take the second write in place, so
# a bulk load leaves a dead row version and a second entry in every index per
# document until vacuumed (see docs/performance.md).
POSTGRESQL_VACUUM = "VACUUM (ANALYZE) core_searchdocument, core_searchaudience"

# Visibility is `gilde.core.visibility.visible_sql`: the SQL twin of the QuerySets' rule.

# One page of matches with the total, in one query. On SQLite the CROSS JOIN
# keeps the FTS5 table as the outer loop: match first, then look each match up
# by id in the narrow index for visibility and filters (see SearchDocument), so
# bm25 is computed for visible matches only. The rank column is bm25 with the
# column weights (title, body, tags); it is negative, lower is better.
SQLITE_PAGE = """
SELECT d.id, -f.rank AS score, COUNT(*) OVER ()
FROM core_search_fts f CROSS JOIN core_searchdocument d INDEXED BY search_document_access
    ON d.id = f.rowid
WHERE f.core_search_fts MATCH %s AND f.rank MATCH 'bm25(10.0, 1.0, 5.0)' AND {where}
ORDER BY score DESC, d.published_at DESC, d.id
LIMIT %s OFFSET %s
"""
# On PostgreSQL the tsquery is written out twice (not in a subquery) so that the
# planner sees its words and picks the GIN index; the matches are ranked in a
# materialised CTE so that the count runs over narrow rows, not over the vectors.
POSTGRESQL_PAGE = """
WITH matches AS MATERIALIZED (
    SELECT d.id, d.published_at, ts_rank(d.search_vector, {tsquery}) AS score
    FROM core_searchdocument d
    WHERE d.search_vector @@ ({tsquery}) AND {where}
)
SELECT id, score, COUNT(*) OVER () FROM matches
ORDER BY score DESC, published_at DESC, id
LIMIT %s OFFSET %s
"""
SQLITE_COUNT = """
SELECT COUNT(*)
FROM core_search_fts f CROSS JOIN core_searchdocument d INDEXED BY search_document_access
    ON d.id = f.rowid
WHERE f.core_search_fts MATCH %s AND {where}
"""
POSTGRESQL_COUNT = """
SELECT COUNT(*) FROM core_searchdocument d WHERE d.search_vector @@ ({tsquery}) AND {where}
"""
# Whether any document by or about a person is visible: who may know that person.
AUTHOR_VISIBLE = "SELECT 1 FROM core_searchdocument d WHERE d.author_id = %s AND {where} LIMIT 1"


def _sql(template: str, **fragments: str) -> str:
    return template.format(**fragments)


def _placeholders(values: Sequence) -> str:
    return ", ".join(["%s"] * len(values))


# -- writing the index -------------------------------------------------------


def _source(kind: str) -> Source:
    try:
        return _sources[kind]
    except KeyError:
        raise ValueError(f"No search source registered for {kind!r}") from None


def refresh(kind: str, object_id: int) -> None:
    """Bring the index up to date for one object (call inside the writing transaction)."""
    documents = _source(kind).documents(object_id)
    with transaction.atomic():
        _delete(SearchDocument.objects.filter(kind=kind, object_id=object_id))
        _insert(documents)


def remove(kind: str, object_id: int) -> None:
    """Drop an object's documents from the index."""
    with transaction.atomic():
        _delete(SearchDocument.objects.filter(kind=kind, object_id=object_id))


def set_network_hidden(network_id: int, hidden: bool) -> None:
    """A network became hidden (or visible): its public documents follow at once."""
    documents = SearchDocument.objects.filter(network_id=network_id)
    documents.exclude(network_hidden=hidden).update(network_hidden=hidden)


def remove_network(network_id: int) -> None:
    """Drop every document of a network that is being deleted."""
    with transaction.atomic():
        _delete(SearchDocument.objects.filter(network_id=network_id))


def _delete(documents, chunk: int = 500) -> None:
    """Delete documents with their audience and full-text entries."""
    ids = list(documents.values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        some = ids[start : start + chunk]
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(_sql(SQLITE_DELETE, ids=_placeholders(some)), some)
        SearchDocument.objects.filter(pk__in=some).delete()  # and their audience, by cascade


def _tag_key(name: str) -> str:
    return " ".join(name.replace("|", " ").split()).lower()


def _insert(documents: Sequence[Document]) -> None:
    """Write documents, their audience and their full-text entries (bulk, a few queries)."""
    if not documents:
        return
    rows = SearchDocument.objects.bulk_create(
        [
            SearchDocument(
                kind=d.kind,
                object_id=d.object_id,
                network_id=d.network_id,
                visibility=d.visibility,
                network_hidden=d.network_hidden,
                title=d.title[:300],
                text=d.text,
                tags="|" + "|".join(_tag_key(t) for t in d.tags) + "|" if d.tags else "",
                author_id=d.author_id,
                published_at=d.published_at,
                url=d.url[:500],
            )
            for d in documents
        ]
    )
    audience = []
    for row, document in zip(rows, documents, strict=True):
        circle = document.circle_ids if document.visibility == "circle" else frozenset()
        for user_id in document.owner_ids | circle:
            audience.append(
                SearchAudience(
                    document=row, user_id=user_id, is_owner=user_id in document.owner_ids
                )
            )
    SearchAudience.objects.bulk_create(audience)
    entries = [
        (row.pk, stem_text(d.title), stem_text(" ".join(d.tags)), stem_text(d.text))
        for row, d in zip(rows, documents, strict=True)
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            ids = [entry[0] for entry in entries]
            cursor.execute(_sql(SQLITE_DELETE, ids=_placeholders(ids)), ids)  # see SQLITE_ORPHANS
            cursor.executemany(SQLITE_INSERT, entries)
        elif connection.vendor == "postgresql":
            rows_sql = ", ".join(["(%s::bigint, %s, %s, %s)"] * len(entries))
            cursor.execute(
                _sql(POSTGRESQL_VECTORS, rows=rows_sql),
                [value for entry in entries for value in entry],
            )


def index_documents(documents: Sequence[Document], *, batch_size: int = 500) -> int:
    """Add documents in bulk, without replacing anything (reindexing and benchmarks)."""
    for start in range(0, len(documents), batch_size):
        with transaction.atomic():
            _insert(documents[start : start + batch_size])
    return len(documents)


def optimise() -> None:
    """Tidy the full-text index after a bulk load or reindex.

    SQLite drops orphaned full-text rows and merges its FTS5 segments;
    PostgreSQL updates its statistics and, outside a transaction, vacuums.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(SQLITE_ORPHANS)
            cursor.execute(SQLITE_OPTIMISE)
        elif connection.vendor == "postgresql":
            vacuum = not connection.in_atomic_block  # VACUUM cannot run in a transaction
            cursor.execute(POSTGRESQL_VACUUM if vacuum else POSTGRESQL_OPTIMISE)


def reindex(kind: str, *, batch_size: int = 500) -> int:
    """Rebuild the documents of one kind; returns how many there are now.

    Works in batches, each in its own transaction, so that search keeps working
    while it runs: each batch replaces the documents of its objects, and at the
    end the documents of objects that no longer exist are dropped.
    """
    source = _source(kind)
    many = getattr(source, "documents_for", None)
    last_old = SearchDocument.objects.filter(kind=kind).order_by("-pk").values_list("pk", flat=True)
    # a name reused for the first id (an int) of the queryset.
    last_old = last_old.first() or 0  # type: ignore[assignment]
    object_ids = list(source.all_object_ids())
    count = 0
    for start in range(0, len(object_ids), batch_size):
        batch = object_ids[start : start + batch_size]
        if many is not None:
            documents = many(batch)
        else:
            documents = [d for object_id in batch for d in source.documents(object_id)]
        with transaction.atomic():
            _delete(SearchDocument.objects.filter(kind=kind, object_id__in=batch))
            _insert(documents)
        count += len(documents)
    stale = SearchDocument.objects.filter(kind=kind, pk__lte=last_old)
    while True:
        with transaction.atomic():
            chunk = list(stale.values_list("pk", flat=True)[:batch_size])
            if not chunk:
                break
            _delete(SearchDocument.objects.filter(pk__in=chunk))
    return count


def fill_if_empty(*, using: str = "default") -> int:
    """Index everything when the index holds nothing but there is content; returns the count.

    Run after migrations, so an upgrade or a restore never leaves search empty.
    """
    if using != "default" or SearchDocument.objects.exists():
        return 0
    count = sum(reindex(kind) for kind in kinds())
    if count:
        optimise()
    return count


# -- searching ---------------------------------------------------------------


def _tag_filter_key(tag: str) -> str:
    """The stored form of the tag `tag` names: its name (or slug, or synonym) resolved."""
    found = apps.get_model("accounts", "Tag").objects.resolve(tag)
    return "|" + _tag_key(found.name if found else tag) + "|"


def _filters(*, kinds, tag, author_id, network_id, since, until) -> tuple[list[str], list]:
    clauses: list[str] = []
    params: list = []
    if kinds:
        clauses.append(f"d.kind IN ({_placeholders(kinds)})")
        params += list(kinds)
    if tag:
        position = "instr(d.tags, %s)" if connection.vendor == "sqlite" else "strpos(d.tags, %s)"
        clauses.append(f"{position} > 0")
        params.append(_tag_filter_key(tag))
    if author_id is not None:
        clauses.append("d.author_id = %s")
        params.append(author_id)
    if network_id is not None:
        clauses.append("d.network_id = %s")
        params.append(network_id)
    adapt = connection.ops.adapt_datetimefield_value
    if since is not None:
        clauses.append("d.published_at >= %s")
        params.append(adapt(since))
    if until is not None:
        clauses.append("d.published_at < %s")
        params.append(adapt(until))
    return clauses, params


def _fts5_query(terms: Sequence[Term]) -> str:
    """An FTS5 MATCH expression: each term's stems OR'ed, the terms AND'ed, all quoted."""

    def quoted(stem: str) -> str:
        return '"' + stem.replace('"', '""') + '"'

    return " AND ".join("(" + " OR ".join(quoted(s) for s in t.stems) + ")" for t in terms)


def _tsquery(terms: Sequence[Term]) -> tuple[str, list]:
    """A tsquery expression: per term its Dutch parse OR its stems, the terms AND'ed."""

    def lexeme(stem: str) -> str:
        return "'" + stem.replace("\\", "\\\\").replace("'", "''") + "'"

    parts, params = [], []
    for term in terms:
        parts.append("(plainto_tsquery('dutch', %s) || to_tsquery('simple', %s))")
        params += [term.word, " | ".join(lexeme(s) for s in term.stems)]
    return " && ".join(parts), params


def _ranked_ids(terms, where: str, params: list, limit: int, offset: int) -> list[tuple]:
    """(id, score, total) for one page of matches, best first."""
    if connection.vendor == "sqlite":
        sql = _sql(SQLITE_PAGE, where=where)
        params = [_fts5_query(terms), *params, limit, offset]
    else:
        tsquery, tsparams = _tsquery(terms)
        sql = _sql(POSTGRESQL_PAGE, tsquery=tsquery, where=where)
        params = [*tsparams, *tsparams, *params, limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _count(terms, where: str, params: list) -> int:
    if connection.vendor == "sqlite":
        sql = _sql(SQLITE_COUNT, where=where)
        params = [_fts5_query(terms), *params]
    else:
        tsquery, tsparams = _tsquery(terms)
        sql = _sql(POSTGRESQL_COUNT, tsquery=tsquery, where=where)
        params = [*tsparams, *params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


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
    """The documents `user` may see that match every word of `query`, best first.

    Raises Invalid for a query that is too long or has no words. Runs a fixed
    number of queries whatever the number of hits: the ranked page with its
    total, the page's documents, and the names of their networks.
    """
    terms = parse_query(query)
    kinds = list(dict.fromkeys(kinds))
    unknown = [kind for kind in kinds if kind not in _sources]
    if unknown:
        raise Invalid(_("Unknown kind: %(kind)s") % {"kind": ", ".join(unknown)}, field="kind")
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, min(int(offset), MAX_OFFSET))

    visible, params = visibility.visible_sql(user)
    clauses, filter_params = _filters(
        kinds=kinds,
        tag=tag,
        author_id=author_id,
        network_id=network_id,
        since=since,
        until=until,
    )
    where = " AND ".join([visible, *clauses])
    rows = _ranked_ids(terms, where, params + filter_params, limit, offset)
    if not rows:
        total = 0
        if offset:  # past the last page: still say how many there are
            total = _count(terms, where, params + filter_params)
        return Results(total=total, hits=[])

    fields = ("id", "kind", "object_id", "network_id", "title", "text", "url", "published_at")
    documents = {
        row["id"]: row
        for row in SearchDocument.objects.filter(pk__in=[r[0] for r in rows]).values(*fields)
    }
    networks = {
        pk: (name, slug)
        for pk, name, slug in apps.get_model("networks", "Network")
        .objects.filter(pk__in={d["network_id"] for d in documents.values()})
        .values_list("pk", "name", "slug")
    }
    hits = []
    for document_id, score, _total in rows:
        document = documents[document_id]
        name, slug = networks.get(document["network_id"], ("", ""))
        hits.append(
            Hit(
                kind=document["kind"],
                object_id=document["object_id"],
                network_id=document["network_id"],
                title=document["title"],
                snippet=snippet(document["text"], terms),
                url=document["url"],
                published_at=document["published_at"],
                score=float(score),
                network_name=name,
                network_slug=slug,
            )
        )
    return Results(total=rows[0][2], hits=hits)


def may_know_person(user, person_id: int) -> bool:
    """Whether `user` may see who the person `person_id` is (their name, say).

    Yes for themselves, and when they may find something by or about that
    person: the person's profile, which members and coordinators of a network
    where the person is an active member or coordinator find (the member
    directory's rule), or an item the person wrote that `user` may see. Nobody
    else learns a name from an id, not even whether the id is someone's.
    """
    if user is not None and user.is_authenticated and user.pk == person_id:
        return True
    visible, params = visibility.visible_sql(user)
    with connection.cursor() as cursor:
        cursor.execute(_sql(AUTHOR_VISIBLE, where=visible), [person_id, *params])
        return cursor.fetchone() is not None


# Of some people, those with a visible document by or about them; of some objects, the visible.
KNOWN_PEOPLE = (
    "SELECT DISTINCT d.author_id FROM core_searchdocument d "
    "WHERE d.author_id IN ({ids}) AND {where}"
)
VISIBLE_OBJECTS = (
    "SELECT DISTINCT d.kind, d.object_id FROM core_searchdocument d WHERE ({pairs}) AND {where}"
)


def known_people(user, person_ids: Iterable[int | None]) -> set[int]:
    """Of `person_ids`, those `user` may know (`may_know_person`), in one query for a list."""
    wanted = {person_id for person_id in person_ids if person_id is not None}
    known = {user.pk} & wanted if user is not None and user.is_authenticated else set()
    rest = sorted(wanted - known)
    if not rest:
        return known
    visible, params = visibility.visible_sql(user)
    sql = _sql(KNOWN_PEOPLE, ids=_placeholders(rest), where=visible)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*rest, *params])
        return known | {row[0] for row in cursor.fetchall()}


def visible_objects(user, refs: Iterable[tuple[str, int | None]]) -> set[tuple[str, int]]:
    """Of the (kind, id) pairs, those whose search documents `user` may see, in one query.

    For lists that name objects of several kinds (the audit log) and must not name
    what the viewer may not see; a kind no search source is registered for is never
    visible here.
    """
    wanted = sorted(
        {(kind, object_id) for kind, object_id in refs if kind in _sources and object_id}
    )
    if not wanted:
        return set()
    pairs = " OR ".join(["(d.kind = %s AND d.object_id = %s)"] * len(wanted))
    visible, params = visibility.visible_sql(user)
    sql = _sql(VISIBLE_OBJECTS, pairs=pairs, where=visible)
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for pair in wanted for value in pair] + params)
        return {(kind, object_id) for kind, object_id in cursor.fetchall()}


# -- snippets ----------------------------------------------------------------

SNIPPET_BEFORE = 60
SNIPPET_LENGTH = 240
MAX_CANDIDATES = 2000


def _matched_spans(text: str, terms: Sequence[Term]) -> list[tuple[int, int]]:
    """(start, end) of the words in `text` that share a stem with a term, in order.

    Candidates are found with one regular expression over the folded text (a
    word containing the first letters of a term or of one of its stems), so only
    a few words are stemmed, however long the text.
    """
    wanted = {stem for term in terms for stem in term.stems}
    prefixes = {p[:4] for term in terms for p in (term.word, *term.stems) if p}
    needle = re.compile("|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True)))
    folded = fold(text)
    spans: list[tuple[int, int]] = []
    last_end = -1
    for examined, found in enumerate(needle.finditer(folded)):
        if examined >= MAX_CANDIDATES:
            break
        start, end = found.span()
        if start < last_end:
            continue  # inside a word already looked at
        while start > 0 and folded[start - 1].isalnum():
            start -= 1
        while end < len(folded) and folded[end].isalnum():
            end += 1
        last_end = end
        word = folded[start:end]
        if len(word) <= MAX_WORD and wanted.intersection(word_stems(word)):
            spans.append((start, end))
    return spans


def snippet(text: str, terms: Sequence[Term]) -> SafeString:
    """Safe HTML: a window of `text` around the first matched word, matches in <mark>."""
    if not text:
        return mark_safe("")  # noqa: S308 - constant empty string
    spans = _matched_spans(text, terms)
    first = spans[0][0] if spans else 0
    start = max(0, first - SNIPPET_BEFORE)
    if start > 0:  # begin at a word
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + SNIPPET_LENGTH)
    if end < len(text):  # end at a word
        space = text.rfind(" ", max(start, first), end)
        end = space if space > first else end
    pieces = ["…" if start > 0 else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        pieces += [escape(text[cursor:span_start]), "<mark>", escape(text[span_start:span_end])]
        pieces.append("</mark>")
        cursor = span_end
    pieces += [escape(text[cursor:end]), "…" if end < len(text) else ""]
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of text is escaped above
