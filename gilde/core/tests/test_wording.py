"""One word for one thing in Dutch: "Inloggen" for the account, "Aanmelden" for a session.

"Aanmelden" used to mean both (allauth's stock Dutch says it for logging in), so a person
looking for a session's sign-up button found the login page, and the other way round.
"""

from pathlib import Path

import polib
from django.conf import settings

GILDE = Path(settings.BASE_DIR) / "gilde"
ACCOUNT_WORDS = ("log in", "login", "sign in", "log on", "logged in")


def _dutch():
    return polib.pofile(str(GILDE / "locale/nl/LC_MESSAGES/django.po"))


def test_aanmelden_in_the_catalogue_is_about_sessions_only():
    wrong = [
        (e.msgid, e.msgstr)
        for e in _dutch()
        if "aanmeld" in (e.msgstr + " ".join(e.msgstr_plural.values())).lower()
        and "regist" not in e.msgid.lower()
    ]
    assert not wrong, f"'Aanmelden' for something other than a session: {wrong}"


def test_logging_in_is_inloggen_in_the_catalogue():
    wrong = [
        (e.msgid, e.msgstr)
        for e in _dutch()
        if any(word in e.msgid.lower() for word in ACCOUNT_WORDS) and "aanmeld" in e.msgstr.lower()
    ]
    assert not wrong, f"logging in called 'aanmelden': {wrong}"


def test_no_template_says_aanmelden_outside_the_catalogue():
    """Dutch typed straight into a template would escape the catalogue tests above."""
    hits = [
        str(path.relative_to(GILDE))
        for path in GILDE.rglob("*.html")
        if "aanmeld" in path.read_text().lower()
    ]
    hits += [
        str(path.relative_to(GILDE))
        for path in GILDE.rglob("*.txt")
        if "templates" in path.parts and "aanmeld" in path.read_text().lower()
    ]
    assert not hits, hits
