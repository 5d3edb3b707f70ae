"""A consistent snapshot of the database (and the media folder) while Gilde runs."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import tarfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


def pg_environment(db: dict) -> dict:
    """libpq's variables for `db`: the password travels in the environment, never in argv."""
    env = dict(os.environ)
    for key, name in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if db.get(key):
            env[name] = str(db[key])
    return env


class Command(BaseCommand):
    help = (
        "Write a consistent snapshot of the database to a folder: SQLite through its online "
        "backup API, PostgreSQL through pg_dump (custom format); plus the media folder as a tar."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="Folder the snapshot is written to.")
        parser.add_argument("--no-media", action="store_true", help="Leave the media folder out.")

    def handle(self, *args, output, no_media=False, **options):
        folder = Path(output)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / ".gilde-backup-probe"
            probe.write_text("")
            probe.unlink()
        except OSError as exc:
            raise CommandError(f"Cannot write to {folder}: {exc.strerror or exc}") from exc
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        if connection.vendor == "sqlite":
            target = folder / f"gilde-{stamp}.sqlite3"
            self.sqlite_backup(target)
        elif connection.vendor == "postgresql":
            target = folder / f"gilde-{stamp}.dump"
            self.pg_dump(target)
        else:  # pragma: no cover - Gilde runs on these two
            raise CommandError(f"No backup for the {connection.vendor} database.")
        self.stdout.write(f"Database: {target}")
        media = Path(settings.MEDIA_ROOT)
        if not no_media and media.is_dir():
            archive = folder / f"media-{stamp}.tar.gz"
            with tarfile.open(archive, "w:gz") as tar:
                tar.add(media, arcname="media")
            self.stdout.write(f"Media: {archive}")

    def sqlite_backup(self, target: Path) -> None:
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            # Page by page from the live database; writers may go on meanwhile.
            connection.connection.backup(destination)
        finally:
            destination.close()

    def pg_dump(self, target: Path) -> None:
        db = connection.settings_dict
        command = ["pg_dump", "--format=custom", "--no-owner", f"--file={target}", db["NAME"]]
        try:
            # The arguments come from settings, not from a request.
            result = subprocess.run(command, env=pg_environment(db), capture_output=True, text=True)  # noqa: S603
        except FileNotFoundError as exc:
            raise CommandError(
                "pg_dump is not installed (Debian: apt-get install postgresql-client)."
            ) from exc
        if result.returncode != 0:
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
