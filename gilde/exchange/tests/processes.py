"""Ledger clients in OS processes of their own, on the running test's database.

Used by test_concurrency.py and test_crash.py (with `django_db(transaction=True)`, so
that what the test writes is committed and other connections see it). On PostgreSQL
the children connect to the test database by its name. On SQLite the test database
lives in this process's memory, which no other process can open: `shared_database`
copies it into a file with SQLite's backup API (as `manage.py backup` does), the
children work on the file, and on leaving the block the file is copied back, so the
test reads the children's writes through its own connection (verify() included).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


def _postgres_url(settings: dict) -> str:
    auth = quote(settings["USER"] or "", safe="")
    if settings["PASSWORD"]:
        auth += ":" + quote(settings["PASSWORD"], safe="")
    host = settings["HOST"] or "localhost"
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{auth}@{host}{port}/{quote(settings['NAME'], safe='')}"


@contextmanager
def shared_database(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment for child processes to use this test's database. Leave the block
    only once they have ended."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gilde.settings",
        "PYTHONPATH": str(ROOT),
        "DATA_DIR": str(tmp_path / "data"),
        # Production settings: no query log kept in each client's memory.
        "DEBUG": "0",
        "SECRET_KEY": "ledger-clients-" + "x" * 40,
    }
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = _postgres_url(connection.settings_dict)
        yield env
        return
    assert connection.vendor == "sqlite", connection.vendor
    connection.ensure_connection()
    if not connection.is_in_memory_db():
        # pytest-xdist's workers name theirs relative to the working directory.
        env["DATABASE_URL"] = f"sqlite:///{Path(connection.settings_dict['NAME']).resolve()}"
        yield env
        return
    path = tmp_path / "shared.sqlite3"
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)
        # What the production settings' init_command would do on every connection; done
        # once here, so that eight clients opening the file do not all convert it at once.
        copy.execute("PRAGMA journal_mode=WAL")
    finally:
        copy.close()
    env["DATABASE_URL"] = f"sqlite:///{path}"
    try:
        yield env
    finally:
        copy = sqlite3.connect(path)
        try:
            copy.backup(connection.connection)
        finally:
            copy.close()


def start_client(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen:
    """`python -m gilde.exchange.tests.ledger_client --log LOG ARGS`, its stderr next to
    the log (LOG.stderr), for the failure message."""
    stderr = open(log.with_suffix(".stderr"), "wb")  # noqa: SIM115 - the child writes it
    try:
        return subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
            [sys.executable, "-m", "gilde.exchange.tests.ledger_client", "--log", str(log), *args],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr,
        )  # fmt: skip
    finally:
        stderr.close()


def read_log(log: Path) -> list[dict]:
    """The complete lines of a client's log (a client killed while writing leaves half a
    line, which it had not confirmed)."""
    if not log.exists():
        return []
    text = log.read_text(encoding="utf-8")
    lines = text.split("\n")
    return [json.loads(line) for line in lines[:-1]]


def stderr_of(log: Path) -> str:
    path = log.with_suffix(".stderr")
    return path.read_text(errors="replace")[-3000:] if path.exists() else ""
