"""The environment the suite runs in is the one CI asked for."""

import os
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.db import connection


@pytest.mark.django_db
def test_suite_runs_on_the_database_ci_asked_for():
    expected = os.environ.get("GILDE_EXPECT_DATABASE")
    if expected is None:
        pytest.skip("GILDE_EXPECT_DATABASE is not set: any database will do outside CI")
    assert connection.vendor == expected


def test_dutch_catalogue_is_complete():
    po = polib.pofile(str(Path(settings.BASE_DIR) / "gilde/locale/nl/LC_MESSAGES/django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"Untranslated Dutch entries: {untranslated[:10]}"
    assert not fuzzy, f"Fuzzy Dutch entries: {fuzzy[:10]}"
    assert po.percent_translated() == 100


def test_dutch_catalogue_holds_every_string_of_the_code(tmp_path, monkeypatch):
    """`make messages` would add nothing: every marked string is in the catalogue."""
    import shutil

    from django.core.management import call_command

    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext's xgettext is needed to extract strings (Debian: gettext)")
    source = Path(settings.BASE_DIR) / "gilde"
    copy = tmp_path / "gilde"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "vendor", "*.mo"))
    monkeypatch.chdir(copy)
    monkeypatch.setattr(settings, "LOCALE_PATHS", [copy / "locale"])
    call_command("makemessages", locale=["nl"], no_obsolete=True, no_location=True, verbosity=0)
    extracted = {e.msgid for e in polib.pofile(str(copy / "locale/nl/LC_MESSAGES/django.po"))}
    current = {e.msgid for e in polib.pofile(str(source / "locale/nl/LC_MESSAGES/django.po"))}
    missing = sorted(extracted - current)
    assert not missing, f"Run `make messages` and translate: {missing[:10]}"
