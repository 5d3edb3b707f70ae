"""Dates on a Dutch page are written the Dutch way: day and month names in lower case.

Django's "M" capitalises the month ("wo 23 Dec 2026"); the templates use "N"
(Django's Dutch abbreviations, lower case) and "F". The test renders every date
format the templates use, in Dutch, for every month, and reads a real page.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from gilde.knowledge import services

GILDE = Path(__file__).resolve().parents[2]
FORMAT = re.compile(r"""\|date:["']([^"']+)["']""")


def template_formats() -> set[str]:
    return {
        found
        for path in GILDE.rglob("templates/**/*")
        if path.suffix in (".html", ".txt")
        for found in FORMAT.findall(path.read_text(encoding="utf-8"))
    }


def test_every_date_format_in_the_templates_is_lower_case_in_dutch():
    formats = template_formats() - {"c", "Ymd"}
    assert formats, "no date formats found: the scan is broken"
    capitalised = []
    with translation.override("nl"):
        for month in range(1, 13):
            moment = datetime(2026, month, 23, 14, 30)
            for fmt in formats:
                shown = Template(f'{{{{ d|date:"{fmt}" }}}}').render(Context({"d": moment}))
                if re.search(r"[A-Z]", shown):
                    capitalised.append((fmt, shown))
    assert capitalised == []


def test_the_scan_notices_a_capitalised_month():
    with translation.override("nl"):
        shown = Template('{{ d|date:"D j M Y" }}').render(Context({"d": datetime(2026, 12, 23)}))
    assert shown == "wo 23 Dec 2026"  # what "M" does, and why the templates use "N"


def test_the_session_list_shows_a_lower_case_month(client, network, bert):
    starts = timezone.make_aware(datetime(2026, 12, 23, 14, 0)) + timedelta(days=365)
    services.create_session(
        network, by=bert, title="Kerstlezing", description="Over vezels.", visibility="public",
        starts_at=starts, ends_at=starts + timedelta(hours=2),
    )  # fmt: skip
    page = client.get(reverse("knowledge:sessions", args=[network.slug])).content.decode()
    # As a word: a CSRF token in the page may hold the letters "Dec".
    assert "23 dec 2027" in page and not re.search(r"\bDec\b", page)
