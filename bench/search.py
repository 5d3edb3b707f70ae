"""Search latency at scale: a benchmark, not a test.

    .venv/bin/python bench/search.py --items 100000                  # SQLite and PostgreSQL
    .venv/bin/python bench/search.py --items 100000 --database sqlite

For each database it sets up a fresh one of its own (SQLite: var/bench/search.sqlite3;
PostgreSQL: the database in --postgres-url, dropped and created), generates
`--items` documents of Dutch-like text with Zipfian word frequencies, loads them
into the search index through its bulk path, and then times `--queries` searches
of 1-3 words two ways:

- search: `gilde.core.search.search()` as a member of three of the twenty
  networks (and a guest in a fourth), so visibility, the total count, fetching
  the page's documents and network names, and the snippets are all included:
  the code path of the search page and the API;
- raw: the engine's own query for the same stems, the floor: FTS5 MATCH with
  bm25 ORDER BY LIMIT 20 on SQLite; @@ with ts_rank ORDER BY LIMIT 20 on PostgreSQL.

The documents are 60% articles, 25% questions, 10% sessions and 5% people,
spread over the networks, 20% public, 65% network, 10% circle and 5% private.
Query words are drawn from the content words of the vocabulary (not the
function words such as "de" and "van") with Zipfian weights, so the common
subject words, each in more than 10% of the documents, come up often.
Results are merged into bench/results/search.json; docs/performance.md shows them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "search.json"
SQLITE_PATH = ROOT / "var" / "bench" / "search.sqlite3"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/gilde_bench_search"

NETWORKS = 20
HIDDEN_NETWORKS = {18, 19}  # by position
MEMBER_OF = (0, 1, 2)  # the benchmark's user is a member here ...
GUEST_OF = 3  # ... and a guest here

FUNCTION_WORDS = """
de het een en van in op met voor te dat is zijn die niet aan er om ook als bij of door naar
uit tot over wordt worden kan we wij hun deze dit maar nog meer dan zo al wel hebben heeft
was werd kunnen moet moeten onze ons zich geen veel goed nieuwe eerste tussen onder tegen
binnen zonder waar wanneer hoe wat wie welke omdat zodat terwijl toch alleen samen daarom
echter bijvoorbeeld vooral steeds ongeveer andere grote kleine jaar jaren per twee drie vier
ze hij zij je u mijn uw hier daar nu dus want zelf iets alle elk elke gaat komen komt maken
maakt
""".split()  # noqa: SIM905 - a list of words reads best as text

DOMAIN_WORDS = """
biopolymeren biopolymeer fermentatie gefermenteerd fermenteren composiet composieten
biocomposieten recycling gerecycled recyclen bioplastic bioplastics vezels vezel vlas hennep
lignine cellulose zetmeel melkzuur biogas mest eiwitten eiwit algen zeewier bioraffinage
pyrolyse vergisting compostering hars epoxy polymelkzuur pla pha extrusie spuitgieten
printen filament grondstof grondstoffen reststroom reststromen circulair circulaire
kringloop biomassa houtvezel stro bermgras gras aardappel aardappelschillen suikerbiet
suiker biobased duurzaam duurzaamheid emissie emissies stikstof koolstof waterstof warmte
energie isolatie bouwmaterialen verpakking verpakkingen folie coating lijm kunststof
kunststoffen chemie katalysator enzymen bacterien schimmels gist mycelium zuivel wei
landbouw akkerbouw veehouderij teelt oogst proef pilot pilotfabriek demonstratie opschaling
subsidie aanvraag consortium samenwerking onderzoek lectoraat hogeschool studenten stage
innovatie ondernemers mkb coöperatie netwerk kennis kennisdeling workshop lezing training
masterclass levenscyclusanalyse lca certificering normering regelgeving markt afzet klant
keten ketenpartners logistiek transport opslag droging scheiding extractie zuivering
destillatie fractionering
""".split()  # noqa: SIM905 - a list of words reads best as text

ONSETS = ["b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "st",
          "sch", "gr", "kr", "pl", "tr", "br", "sl", "sp", "dr", "kl", "bl", "fl", "vr",
          "zw"]  # fmt: skip
VOWELS = ["a", "e", "i", "o", "u", "aa", "ee", "oo", "ie", "oe", "eu", "ui", "ij", "ou", "ei"]
CODAS = ["", "", "n", "r", "l", "k", "t", "s", "m", "nd", "rk", "lt", "ng", "cht", "ft"]
PREFIXES = ["", "", "", "", "ver", "be", "ont", "ge", "her", "over", "onder", "samen", "door"]
SUFFIXES = ["", "", "", "en", "ing", "heid", "lijk", "er", "te", "atie", "isch", "baar", "ig", "s"]


def vocabulary(rng: random.Random, size: int) -> list[str]:
    """Words by rank: function words first, then subject words with domain words among them."""
    made: set[str] = set(FUNCTION_WORDS) | set(DOMAIN_WORDS)
    generated: list[str] = []
    wanted = size - len(FUNCTION_WORDS) - len(DOMAIN_WORDS)
    while len(generated) < wanted:
        syllables = "".join(
            rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)
            for _ in range(rng.choice((1, 2, 2, 3)))
        )
        word = rng.choice(PREFIXES) + syllables + rng.choice(SUFFIXES)
        if 3 <= len(word) <= 18 and word not in made:
            made.add(word)
            generated.append(word)
    content = generated
    for word in DOMAIN_WORDS:  # spread the domain words over the common to middle ranks
        content.insert(rng.randrange(0, min(len(content), 3000)), word)
    return FUNCTION_WORDS + content


class Zipf:
    """Draw words with probability proportional to 1 / rank^s."""

    def __init__(self, words: list[str], rng: random.Random, s: float = 1.07):
        self.words, self.rng = words, rng
        self.cum = list(accumulate(1 / (rank**s) for rank in range(1, len(words) + 1)))

    def draw(self, k: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cum, k=k)


def sentences(words: list[str], rng: random.Random) -> str:
    """Words as sentences: a capital, a full stop now and then."""
    out, start = [], True
    for word in words:
        out.append(word.capitalize() if start else word)
        start = rng.random() < 0.08
        if start:
            out[-1] += "."
    return " ".join(out) + "."


# -- one database ---------------------------------------------------------------------

# What docs/performance.md asks a deployment to set for Gilde's database (or role),
# set here on the bench database: no JIT compilation (a search is short; above
# 100,000 documents its cost estimate passes jit_above_cost and compiling costs
# more than it saves), and enough work_mem for the bitmaps of the matches and of
# the visible documents to stay exact (lossy ones make PostgreSQL recheck every
# row of a page) at 1,000,000 documents.
POSTGRES_SETTINGS = {"jit": "off", "work_mem": "32MB"}


def setup_django(args, *, fresh: bool = True) -> None:
    """Point Django at the bench database (new and empty unless not `fresh`) and migrate it."""
    database, postgres_url = args.database, args.postgres_url
    if database == "sqlite":
        args.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm") if fresh else ():
            Path(str(args.sqlite_path) + suffix).unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{args.sqlite_path.resolve()}"
    else:
        import psycopg

        base, name = postgres_url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            if fresh:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
                admin.execute(f'CREATE DATABASE "{name}"')
            for setting, value in POSTGRES_SETTINGS.items():  # for the connections to come
                admin.execute(f"ALTER DATABASE \"{name}\" SET {setting} = '{value}'")
        os.environ["DATABASE_URL"] = postgres_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gilde.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


class Corpus:
    """The networks, the benchmark's user with memberships, `items` Documents and the queries.

    The documents are made batch by batch (`batches()`), so that a million of
    them never sit in memory at once; the queries are drawn after the last
    document, from the same random sequence, and are there once `batches()` is
    exhausted.
    """

    def __init__(self, items: int, seed: int):
        from gilde.core.testing import make_membership, make_network, make_user

        self.items = items
        self.rng = rng = random.Random(seed)
        self.words = vocabulary(rng, 6000)
        # Titles and text follow one Zipfian distribution over all words; people
        # search for subject words, the popular ones more often.
        self.text_words = Zipf(self.words, rng)
        self.subject_words = Zipf(self.words[len(FUNCTION_WORDS) :], rng)
        self.networks = [
            make_network(
                f"Netwerk {n:02d}", visibility="hidden" if n in HIDDEN_NETWORKS else "listed"
            )
            for n in range(NETWORKS)
        ]
        self.user = make_user("Benchmark Lid", email="bench@example.test")
        for n in MEMBER_OF:
            make_membership(self.user, self.networks[n], role="member")
        make_membership(self.user, self.networks[GUEST_OF], role="guest")
        self.queries: list[str] | None = None

    def batches(self, size: int):
        from gilde.core.search import Document

        rng, text_words, networks, user = self.rng, self.text_words, self.networks, self.user
        start = datetime(2023, 1, 1, tzinfo=UTC)
        kinds = ["article"] * 60 + ["question"] * 25 + ["session"] * 10 + ["person"] * 5
        visibilities = ["public"] * 20 + ["network"] * 65 + ["circle"] * 10 + ["private"] * 5
        lengths = {
            "article": (80, 400),
            "question": (20, 120),
            "session": (40, 150),
            "person": (15, 60),
        }
        people_per_network = 100
        documents = []
        for n in range(self.items):
            kind = rng.choice(kinds)
            position = rng.randrange(NETWORKS)
            network = networks[position]
            author = 1_000_000 + position * people_per_network + rng.randrange(people_per_network)
            if rng.random() < 0.002 and position in MEMBER_OF:
                author = user.pk
            visibility = "network" if kind == "person" else rng.choice(visibilities)
            circle = frozenset()
            if visibility == "circle":
                circle = frozenset(
                    1_000_000 + position * people_per_network + rng.randrange(people_per_network)
                    for _ in range(5)
                )
                if position in MEMBER_OF and rng.random() < 0.2:
                    circle |= {user.pk}
            low, high = lengths[kind]
            documents.append(
                Document(
                    kind=kind,
                    object_id=n + 1,
                    network_id=network.pk,
                    visibility=visibility,
                    title=" ".join(text_words.draw(rng.randint(4, 10))).capitalize(),
                    text=sentences(text_words.draw(rng.randint(low, high)), rng),
                    url=f"/n/{network.slug}/{kind}s/{n + 1}/",
                    published_at=start + timedelta(minutes=rng.randrange(3 * 365 * 24 * 60)),
                    author_id=author,
                    tags=tuple(rng.sample(DOMAIN_WORDS, rng.randint(0, 3))),
                    owner_ids=frozenset({author}),
                    circle_ids=circle,
                    network_hidden=position in HIDDEN_NETWORKS,
                )
            )
            if len(documents) == size:
                yield documents
                documents = []
        if documents:
            yield documents
        subject_words = self.subject_words
        self.queries = [
            " ".join(subject_words.draw(rng.choice((1, 1, 2, 2, 3)))) for _ in range(2000)
        ]


def state_path(args) -> Path:
    """What --reuse needs to know about the loaded bench database: size, seed, queries."""
    if args.database == "sqlite":
        return Path(f"{args.sqlite_path}.state.json")
    return SQLITE_PATH.parent / f"{args.postgres_url.rsplit('/', 1)[1]}.state.json"


RAW_SQLITE = """
SELECT rowid, bm25(core_search_fts, 10.0, 1.0, 5.0) AS score FROM core_search_fts
WHERE core_search_fts MATCH %s ORDER BY score LIMIT 20
"""
RAW_POSTGRESQL = """
SELECT d.id, ts_rank(d.search_vector, {tsquery}) AS score FROM core_searchdocument d
WHERE d.search_vector @@ ({tsquery}) ORDER BY score DESC LIMIT 20
"""


def raw_query(terms) -> tuple[str, list]:
    """The engine's own ranked query for the stems `search()` uses: the floor."""
    from django.db import connection

    from gilde.core import search

    if connection.vendor == "sqlite":
        # bm25() in ORDER BY is the fastest form FTS5 offers (faster than its rank column).
        return RAW_SQLITE, [search._fts5_query(terms)]
    tsquery, params = search._tsquery(terms)
    return RAW_POSTGRESQL.format(tsquery=tsquery), params + params


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def load(args) -> tuple:
    """A fresh bench database with the corpus in the index: (user, queries, load figures)."""
    setup_django(args)
    from django.db import reset_queries

    from gilde.core import search

    corpus = Corpus(args.items, args.seed)
    generated = indexed = 0.0
    began = time.monotonic()
    for batch in corpus.batches(10_000):
        started = time.monotonic()
        generated += started - began
        search.index_documents(batch, batch_size=1000)
        reset_queries()  # DEBUG keeps every query's SQL, the documents' text in it
        began = time.monotonic()
        indexed += began - started
    started = time.monotonic()
    search.optimise()
    indexed += time.monotonic() - started
    figures = {"generate_seconds": round(generated, 1), "index_seconds": round(indexed, 1)}
    state = {"items": args.items, "seed": args.seed, "queries": corpus.queries, **figures}
    state_path(args).parent.mkdir(parents=True, exist_ok=True)
    state_path(args).write_text(json.dumps(state) + "\n")
    return corpus.user, corpus.queries, figures


def reuse(args) -> tuple:
    """The bench database a previous run loaded with the same --items and --seed."""
    path = state_path(args)
    state = json.loads(path.read_text()) if path.exists() else {}
    if (state.get("items"), state.get("seed")) != (args.items, args.seed):
        sys.exit(f"--reuse: no bench database of {args.items} items (seed {args.seed}) in {path}")
    setup_django(args, fresh=False)  # migrates, if there is news
    from django.contrib.auth import get_user_model

    from gilde.core import search
    from gilde.core.models import SearchDocument

    if SearchDocument.objects.count() != args.items:
        sys.exit("--reuse: the bench database does not hold the documents it should; load it anew")
    search.optimise()
    user = get_user_model().objects.get(email="bench@example.test")
    figures = {k: state[k] for k in ("generate_seconds", "index_seconds")}
    return user, state["queries"], {**figures, "reused": True}


def run_one(args) -> dict:
    user, queries, figures = reuse(args) if args.reuse else load(args)
    from django.db import connection

    from gilde.core import access, search

    def time_search(query: str) -> tuple[float, int]:
        access.forget_memberships(user)  # a page looks its memberships up once per request
        began = time.perf_counter()
        results = search.search(user, query, limit=20)
        return (time.perf_counter() - began) * 1000, results.total

    def time_raw(query: str) -> float:
        sql, params = raw_query(search.parse_query(query))
        began = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()
        return (time.perf_counter() - began) * 1000

    for query in queries[:30]:  # warm the caches
        time_search(query)
        time_raw(query)
    search_ms, raw_ms, totals = [], [], []
    for query in queries[30 : 30 + args.queries]:
        raw_ms.append(time_raw(query))
        elapsed, total = time_search(query)
        search_ms.append(elapsed)
        totals.append(total)

    def summary(values: list[float]) -> dict:
        return {
            "p50": round(percentile(values, 50), 2),
            "p95": round(percentile(values, 95), 2),
            "max": round(max(values), 2),
        }

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version"
        )
        version = cursor.fetchone()[0]
        settings = {}
        if connection.vendor == "postgresql":
            for setting in POSTGRES_SETTINGS:  # as the timed connection had them
                cursor.execute(f"SHOW {setting}")
                settings[setting] = cursor.fetchone()[0]
    result = {
        "engine": f"{connection.vendor} {version}",
        **({"settings": settings} if settings else {}),
        "items": args.items,
        "queries": len(search_ms),
        "search_ms": summary(search_ms),
        "raw_ms": summary(raw_ms),
        "p50_ratio": round(percentile(search_ms, 50) / percentile(raw_ms, 50), 2),
        "p95_ratio": round(percentile(search_ms, 95) / percentile(raw_ms, 95), 2),
        "visible_matches": {
            "median": int(statistics.median(totals)),
            "p95": int(percentile(totals, 95)),
            "max": max(totals),
        },
        **figures,
    }
    print(json.dumps(result, indent=2))
    return result


# -- all of it ------------------------------------------------------------------------


def machine() -> dict:
    def run(*command: str) -> str:
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        return done.stdout.strip()

    cpuinfo = Path("/proc/cpuinfo")
    models = [
        line.split(":", 1)[1].strip()
        for line in (cpuinfo.read_text().splitlines() if cpuinfo.exists() else [])
        if line.startswith("model name")
    ]
    return {
        "uname": run("uname", "-a"),
        "cpu": models[0] if models else platform.processor(),
        "nproc": int(run("nproc") or 0),
        "python": platform.python_version(),
    }


def save(database: str, result: dict, command: str) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    data.update(
        {
            "benchmark": "bench/search.py",
            "goal": "search() p95 < 30 ms at 100,000 items on SQLite and PostgreSQL",
            "machine": machine(),
        }
    )
    result = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "command": command, **result}
    data.setdefault("results", {})[database] = result
    RESULTS.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--sqlite-path", type=Path, default=SQLITE_PATH)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--no-save", action="store_true", help="print only")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time the bench database the last run loaded (same --items and --seed), "
        "migrated to now, instead of loading a new one",
    )
    args = parser.parse_args()
    if args.database == "both":
        for database in ("sqlite", "postgres"):
            command = [sys.executable, __file__, *sys.argv[1:], "--database", database]
            subprocess.run(command, check=True)  # noqa: S603 - this script, same arguments
        return
    result = run_one(args)
    if not args.no_save:
        command = (
            f"bench/search.py --items {args.items} --queries {args.queries}"
            f" --database {args.database}"
        )
        if args.database == "sqlite" and args.sqlite_path != SQLITE_PATH:
            command += f" --sqlite-path {args.sqlite_path}"
        if args.database == "postgres" and args.postgres_url != DEFAULT_POSTGRES_URL:
            command += f" --postgres-url {args.postgres_url}"
        if args.reuse:
            command += " --reuse"
        name = "sqlite" if args.database == "sqlite" else "postgresql"
        if args.items != 100_000:  # the goal's size keeps the plain key; others beside it
            name += f"_{args.items}"
        save(name, result, command)


if __name__ == "__main__":
    main()
