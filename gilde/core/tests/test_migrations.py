"""Migrations are part of the change that needs them and never edited after they land."""

from __future__ import annotations

import os
import shutil
import subprocess
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

# Migrations up to this commit had been edited after landing once (two
# 0001_initial files); from here on a landed migration stays as it is.
BASELINE = "5333fe7"
MIGRATIONS = ":(glob)gilde/*/migrations/*.py"


def _git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        ["git", *args],  # noqa: S607
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", check=True, dry_run=True, stdout=out, verbosity=1)


def test_landed_migrations_are_never_edited_or_removed():
    if shutil.which("git") is None or _git("rev-parse", "--git-dir").returncode != 0:
        if os.environ.get("CI"):
            pytest.fail("CI must run in a git checkout to check the migrations' history")
        pytest.skip("not a git checkout: the migrations' history cannot be read")
    if _git("cat-file", "-e", f"{BASELINE}^{{commit}}").returncode != 0:
        pytest.fail(f"the history must reach {BASELINE}: clone without --depth")
    changed_in_history = _git(
        "log",
        "--format=%h %s",
        "--diff-filter=MDR",
        "--name-status",
        f"{BASELINE}..HEAD",
        "--",
        MIGRATIONS,
    ).stdout.strip()
    assert not changed_in_history, f"A landed migration was changed:\n{changed_in_history}"
    changed_now = _git("diff", "--name-status", "--diff-filter=MDR", "HEAD", "--", MIGRATIONS)
    assert not changed_now.stdout.strip(), (
        f"A committed migration is being changed; add a new one instead:\n{changed_now.stdout}"
    )
