"""Sessions as iCalendar: one file per session and a feed per network that calendar
programs subscribe to. Times are written in UTC, which every calendar program reads.

Calendar programs send no cookies, so a member's personal feed carries a signed
token naming the member and the network; the feed then holds what that member may
see, by the same `Session.objects.visible_to` as the pages.

Every text that goes into a property passes `one_line` or `lines` first: iCalendar
forbids control characters, and a line break in a one-line property (a title, a
calendar's name) would break the file, or let the text start a property of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import UTC

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from icalendar import Calendar, Event, vText

from gilde.knowledge.models import Session

TOKEN_SALT = "gilde.calendar"  # noqa: S105 - a salt, not a secret
PRODID = "-//Gilde//Kennis//NL"


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def one_line(text) -> str:
    """Text for a one-line property: line breaks and control characters become one space."""
    return " ".join(_CONTROL.sub(" ", str(text or "")).split())


def lines(text) -> str:
    """Text that may span lines (a description): breaks become newlines, which iCalendar
    escapes; other control characters become spaces."""
    parts = _BREAKS.split(str(text or ""))
    return "\n".join(_CONTROL.sub(" ", part).rstrip() for part in parts).strip()


def calendar_token(user, network) -> str:
    """The secret part of a member's personal feed URL for `network`."""
    return signing.dumps({"u": user.pk, "n": network.pk}, salt=TOKEN_SALT)


def user_from_token(token: str, network):
    """The active user a token was made for, or None if it is forged or for another network."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("n") != network.pk:
        return None
    return get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", vText(one_line(name)))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def session_event(session: Session, url: str) -> Event:
    """One VEVENT: when, where, what, and a link back to the session's page."""
    event = Event()
    event.add("uid", session.uid)
    event.add("dtstamp", session.updated_at.astimezone(UTC))
    event.add("last-modified", session.updated_at.astimezone(UTC))
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("summary", one_line(session.title))
    event.add("description", lines(f"{session.description}\n\n{url}"))
    event.add("url", one_line(url))
    where = one_line(session.location) or one_line(session.online_url)
    if where:
        event.add("location", where)
    event.add("categories", [one_line(session.get_kind_display())])
    return event


def session_calendar(session: Session, url: str) -> bytes:
    calendar = _calendar(session.title)
    calendar.add_component(session_event(session, url))
    return calendar.to_ical()


def network_calendar(
    name: str, sessions: Iterable[Session], url_for: Callable[[Session], str]
) -> bytes:
    calendar = _calendar(name)
    for session in sessions:
        calendar.add_component(session_event(session, url_for(session)))
    return calendar.to_ical()
