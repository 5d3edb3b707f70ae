"""Messages are plain text: shown escaped, with their web addresses made into links.

Only http(s) addresses become links (never javascript: or data:), with
rel="nofollow noopener noreferrer ugc"; everything else is escaped, and blank
lines and line breaks are kept as paragraphs and <br>.
"""

from __future__ import annotations

import re

from django.utils.html import escape, format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe

URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
# Punctuation that ends a sentence rather than the address it follows.
TRAILING = ".,;:!?'\""
LONGEST_SHOWN = 60


def _trim(url: str) -> str:
    while url:
        closing = url[-1] == ")" and url.count(")") > url.count("(")
        if url[-1] not in TRAILING and not closing:
            break
        url = url[:-1]
    return url


def linkify(text: str | None) -> SafeString:
    """`text` as safe HTML: escaped, its http(s) addresses linked, its lines kept."""
    text = text or ""
    parts: list[str] = []
    position = 0
    for match in URL.finditer(text):
        url = _trim(match.group(0))
        if len(url) <= len("https://"):
            continue
        parts.append(escape(text[position : match.start()]))
        shown = url if len(url) <= LONGEST_SHOWN else url[: LONGEST_SHOWN - 1] + "…"
        parts.append(
            format_html('<a href="{}" rel="nofollow noopener noreferrer ugc">{}</a>', url, shown)
        )
        position = match.start() + len(url)
    parts.append(escape(text[position:]))
    # Every part is escaped or built by format_html; linebreaks adds only <p> and <br>.
    return mark_safe(linebreaks("".join(parts), autoescape=False))  # noqa: S308
