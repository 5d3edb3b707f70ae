"""The account pages and mails speak Gilde's informal Dutch, and name the site, not its host.

"Inloggen" is the account, "Aanmelden" is for sessions; no "u"/"uw"; allauth's mails
greet without "Hallo van 127.0.0.1:8101!". The catalogue is checked as a whole too.
"""

from __future__ import annotations

import re

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

FORMAL = re.compile(r"\b(u|uw|U|Uw)\b|a\.u\.b\.")
ACCOUNT_AANMELDEN = re.compile(r"\b[Aa]f?anmeld|\b[Aa]fmeld")


def main_text(response) -> str:
    html = response.content.decode()
    return re.sub(r"<[^>]+>", " ", html[html.index("<main") : html.index("</main>")])


@pytest.mark.parametrize(
    "name", ["account_login", "account_signup", "account_reset_password", "account_logout"]
)
def test_account_pages_say_inloggen_and_je(db, name):
    client = Client()
    text = main_text(client.get(reverse(name), follow=True))
    assert not FORMAL.search(text), FORMAL.search(text)
    assert not ACCOUNT_AANMELDEN.search(text), text


def test_the_login_page_says_inloggen():
    page = Client().get(reverse("account_login"))
    text = main_text(page)
    assert "Inloggen" in text
    assert "Nog geen account?" in text


def test_the_confirmation_mail_names_the_site_not_the_host(db, mailoutbox, settings):
    settings.SITE_URL = "https://gilde.example.nl"
    Client().post(
        reverse("account_signup"),
        {"email": "nina@vezelwerk.example", "password1": "Vezels-Emmen-2024!"},
        HTTP_HOST="127.0.0.1",
    )
    body = "\n".join(m.body for m in mailoutbox)
    assert mailoutbox, "no confirmation mail"
    assert "127.0.0.1" not in body.split("http")[0]  # the greeting, before any link
    assert "Hallo van" not in body
    assert settings.SITE_NAME in body and "gilde.example.nl" in body
    assert not FORMAL.search(body)
    assert mailoutbox[0].subject.startswith(f"[{settings.SITE_NAME}] ")


def test_the_dutch_catalogue_keeps_aanmelden_for_sessions():
    po = polib.pofile(str(settings.BASE_DIR / "gilde/locale/nl/LC_MESSAGES/django.po"))
    for entry in po:
        if re.search(r"[Aa]anmeld", entry.msgstr):
            assert re.search(r"[Rr]egist", entry.msgid), (entry.msgid, entry.msgstr)
        assert not FORMAL.search(entry.msgstr), (entry.msgid, entry.msgstr)
