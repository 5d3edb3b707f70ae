"""Put a snapshot written by `manage.py backup` back: the database, and the media folder."""

from __future__ import annotations

import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from gilde.core.management.commands.backup import pg_environment


class Command(BaseCommand):
    help = (
        "Replace the database with a snapshot from `manage.py backup` (a .sqlite3 or .dump "
        "file), and the media folder with its tar when --media is given. Stop Gilde first."
    )

    def add_arguments(self, parser):
        parser.add_argument("snapshot", help="The .sqlite3 (SQLite) or .dump (PostgreSQL) file.")
        parser.add_argument("--media", help="The media-….tar.gz written beside it.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, snapshot, media=None, yes=False, **options):
        source = Path(snapshot)
        if not source.is_file():
            raise CommandError(f"No snapshot at {source}.")
        if not yes:
            answer = input("This replaces every row of the database. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        if connection.vendor == "sqlite":
            self.sqlite_restore(source)
        elif connection.vendor == "postgresql":
            self.pg_restore(source)
        else:  # pragma: no cover
            raise CommandError(f"No restore for the {connection.vendor} database.")
        if media:
            with tarfile.open(media, "r:gz") as tar:
                tar.extractall(Path(settings.MEDIA_ROOT).parent, filter="data")
        self.stdout.write(f"Restored from {source}.")

    def sqlite_restore(self, source: Path) -> None:
        try:
            snapshot = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            snapshot.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            raise CommandError(f"{source} is not a SQLite snapshot: {exc}") from exc
        connection.ensure_connection()
        try:
            snapshot.backup(connection.connection)
        finally:
            snapshot.close()

    def pg_restore(self, source: Path) -> None:
        db = connection.settings_dict
        connection.close()
        command = [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={db['NAME']}",
            str(source),
        ]
        try:
            # The arguments come from settings, not from a request.
            result = subprocess.run(command, env=pg_environment(db), capture_output=True, text=True)  # noqa: S603
        except FileNotFoundError as exc:
            raise CommandError(
                "pg_restore is not installed (Debian: apt-get install postgresql-client)."
            ) from exc
        if result.returncode != 0:
            raise CommandError(f"pg_restore failed: {result.stderr.strip()}")
