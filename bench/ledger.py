"""Ledger throughput: completed transfers per second, next to the floor: a benchmark, not a test.

    .venv/bin/python bench/ledger.py                     # SQLite and PostgreSQL, 1/4/16 clients
    .venv/bin/python bench/ledger.py --seconds 10        # longer runs
    .venv/bin/python bench/ledger.py --databases sqlite  # one database only
    .venv/bin/python bench/ledger.py --quick             # 2 s runs, results not written

For each database it builds a scratch database of its own (a SQLite file in
var/bench/ledger/, or a PostgreSQL database `gilde_bench_ledger` on
$PGHOST/127.0.0.1 as $PGUSER/postgres, dropped afterwards), migrates it and opens
32 members' accounts in one network with limits wide enough that every payment
goes through. Then, with 1, 4 and 16 client processes at once for `--seconds`
each, it counts:

- **service**: payments made through `gilde.exchange.services.pay`, the service
  the pages and the API use (access check, amount check, both accounts locked in
  id order, the limits checked, two balance updates, the transfer inserted);
- **floor**: the same transfer's SQL and nothing else, through the driver with no
  ORM: lock both rows in id order (`SELECT … FOR UPDATE` on PostgreSQL; `BEGIN
  IMMEDIATE` on SQLite), two UPDATEs, one INSERT, COMMIT.

Each client is its own process with its own connection; runs of the service and
the floor alternate. Afterwards `manage.py ledger_verify` must report no error
(the floor books balances and running balances exactly as the service does).
Results go to bench/results/ledger.json (`postgresql.c16.per_s`,
`postgresql.c16.floor_per_s`, `postgresql.c16.share`, the same for c1/c4 and for
sqlite); docs/performance.md shows them.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import random
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
RESULTS = ROOT / "bench" / "results" / "ledger.json"
MEMBERS = 32
CLIENTS = (1, 4, 16)
PGHOST = os.environ.get("PGHOST", "127.0.0.1")
PGUSER = os.environ.get("PGUSER", "postgres")
PGDB = "gilde_bench_ledger"


def environment(database: str, data_dir: Path) -> dict[str, str]:
    url = (
        f"postgres://{PGUSER}@{PGHOST}:5432/{PGDB}"
        if database == "postgresql"
        else f"sqlite:///{data_dir / 'gilde.sqlite3'}"
    )
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gilde.settings",
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 50,
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": url,
        "LOG_LEVEL": "ERROR",
    }


SETUP = f"""
import django; django.setup()
from django.contrib.auth import get_user_model
from gilde.networks.models import Membership, Network
network = Network.objects.create(name="Bench", slug="bench")
Network.objects.filter(pk=network.pk).update(credit_limit=-10**12, credit_ceiling=10**12)
User = get_user_model()
for n in range({MEMBERS}):
    user = User.objects.create_user(email=f"lid{{n}}@bench.test", name=f"Lid {{n}}")
    Membership.objects.create(user=user, network=network, role="member")
"""


def prepare(database: str, env: dict[str, str], data_dir: Path) -> None:
    if database == "postgresql":
        drop_postgres()
        subprocess.run(["createdb", "-h", PGHOST, "-U", PGUSER, PGDB], check=True)  # noqa: S603,S607
    else:
        shutil.rmtree(data_dir, ignore_errors=True)
        data_dir.mkdir(parents=True)
    manage = [PY, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, check=True)  # noqa: S603
    subprocess.run([PY, "-c", SETUP], env=env, check=True, cwd=ROOT)  # noqa: S603


def drop_postgres() -> None:
    subprocess.run(  # noqa: S603 - fixed arguments
        ["dropdb", "-h", PGHOST, "-U", PGUSER, "--if-exists", PGDB],  # noqa: S607 - on PATH
        check=True,
        capture_output=True,
    )


# -- the clients ---------------------------------------------------------------


def service_client(env, seconds, ready, start, results, seed):
    """Payments through the service, between random pairs of the bench members."""
    os.environ.update(env)
    import django

    django.setup()
    from gilde.core.errors import DomainError
    from gilde.exchange import services
    from gilde.exchange.models import Account

    accounts = list(Account.objects.with_holder().filter(network__slug="bench", kind="member"))
    holders = {account.pk: account.holder for account in accounts}
    rng = random.Random(seed)  # noqa: S311 - benchmark, not secrets
    ready.release()
    start.wait()
    done = refused = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        payer, payee = rng.sample(accounts, 2)
        try:
            services.pay(
                payer, payee, rng.randint(1, 120), by=holders[payer.pk], description="Bench"
            )
            done += 1
        except DomainError:
            refused += 1
    results.put((done, refused))


def floor_client(env, seconds, ready, start, results, seed):
    """The same transfer's SQL through the driver: lock, two updates, one insert."""
    database = "postgresql" if env["DATABASE_URL"].startswith("postgres") else "sqlite"
    if database == "postgresql":
        import psycopg

        connection = psycopg.connect(f"host={PGHOST} user={PGUSER} dbname={PGDB}")
        mark, lock = "%s", " FOR UPDATE"
    else:
        import sqlite3

        path = env["DATABASE_URL"].removeprefix("sqlite:///")
        connection = sqlite3.connect(path, timeout=20, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        mark, lock = "?", ""
    cursor = connection.cursor()
    cursor.execute(
        "SELECT a.id, a.network_id FROM exchange_account a JOIN networks_network n "  # noqa: S608 - fixed text
        f"ON n.id = a.network_id WHERE n.slug = {mark} AND a.kind = 'member'",
        ("bench",),
    )
    rows = cursor.fetchall()
    ids = [row[0] for row in rows]
    network_id = rows[0][1]
    if database == "postgresql":
        connection.commit()
    # Fixed SQL text: only the driver's placeholder and FOR UPDATE differ per database.
    select = f"SELECT id, balance FROM exchange_account WHERE id IN ({mark}, {mark})"  # noqa: S608
    select += f" ORDER BY id{lock}"
    update = f"UPDATE exchange_account SET balance = {mark} WHERE id = {mark}"  # noqa: S608
    insert = (
        "INSERT INTO exchange_transfer (network_id, payer_id, payee_id, amount, kind, status, "  # noqa: S608
        "description, reference, created_at, decided_at, payer_balance, payee_balance) "
        f"VALUES ({', '.join([mark] * 12)})"
    )
    rng = random.Random(seed)  # noqa: S311 - benchmark, not secrets
    ready.release()
    start.wait()
    done = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        payer, payee = rng.sample(ids, 2)
        amount = rng.randint(1, 120)
        if database == "sqlite":
            cursor.execute("BEGIN IMMEDIATE")
        low, high = sorted((payer, payee))
        cursor.execute(select, (low, high))
        balances = dict(cursor.fetchall())
        payer_balance, payee_balance = balances[payer] - amount, balances[payee] + amount
        cursor.execute(update, (payer_balance, payer))
        cursor.execute(update, (payee_balance, payee))
        now = datetime.now(UTC)
        stamp = now if database == "postgresql" else now.isoformat(" ")
        cursor.execute(
            insert,
            (network_id, payer, payee, amount, "payment", "completed", "Floor", "", stamp, stamp,
             payer_balance, payee_balance),
        )  # fmt: skip
        if database == "sqlite":
            cursor.execute("COMMIT")
        else:
            connection.commit()
        done += 1
    connection.close()
    results.put((done, 0))


def run(client, env, clients: int, seconds: float) -> tuple[float, int]:
    """Start `clients` processes, let them all begin at once, and count what completed."""
    context = multiprocessing.get_context("spawn")
    ready, start, results = context.Semaphore(0), context.Event(), context.Queue()
    processes = [
        context.Process(target=client, args=(env, seconds, ready, start, results, n))
        for n in range(clients)
    ]
    for process in processes:
        process.start()
    for _ in processes:
        if not ready.acquire(timeout=120):
            raise SystemExit("a client did not start")
    began = time.monotonic()
    start.set()
    totals = [results.get(timeout=seconds + 120) for _ in processes]
    elapsed = time.monotonic() - began
    for process in processes:
        process.join()
        if process.exitcode:
            raise SystemExit(f"a client failed (exit {process.exitcode})")
    done = sum(t[0] for t in totals)
    refused = sum(t[1] for t in totals)
    return done / max(elapsed, seconds), refused


def verify(env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [PY, str(ROOT / "manage.py"), "ledger_verify"], env=env, capture_output=True, text=True
    )
    report = (result.stdout + result.stderr).strip().splitlines()[-1]
    if result.returncode != 0:
        raise SystemExit(f"ledger_verify failed after the benchmark: {report}")
    return report


def bench_database(database: str, seconds: float) -> dict:
    data_dir = ROOT / "var" / "bench" / "ledger"
    env = environment(database, data_dir)
    prepare(database, env, data_dir)
    figures: dict = {}
    try:
        for clients in CLIENTS:
            per_s, refused = run(service_client, env, clients, seconds)
            floor_per_s, _ = run(floor_client, env, clients, seconds)
            figures[f"c{clients}"] = {
                "per_s": round(per_s, 1),
                "floor_per_s": round(floor_per_s, 1),
                "share": round(per_s / floor_per_s, 3) if floor_per_s else None,
                "refused": refused,
            }
            print(
                f"{database:10} c{clients:<3} service {per_s:8.1f}/s   floor {floor_per_s:8.1f}/s"
                f"   {per_s / floor_per_s:6.1%}",
                flush=True,
            )
        figures["ledger_verify"] = verify(env)
        print(f"{database:10} {figures['ledger_verify']}", flush=True)
    finally:
        if database == "postgresql":
            drop_postgres()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--quick", action="store_true", help="2 s runs; nothing is written")
    options = parser.parse_args()
    seconds = 2 if options.quick else options.seconds
    results: dict = {
        "command": "python bench/ledger.py " + " ".join(sys.argv[1:]),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}",
        "seconds": seconds,
        "members": MEMBERS,
    }
    for database in options.databases.split(","):
        results[database] = bench_database(database, seconds)
    if not options.quick:
        RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
