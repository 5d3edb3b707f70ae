"""Sessions as iCalendar: one file per session, a feed per network that calendar
programs subscribe to, and each person's own feed of the sessions they registered
for. Times are written in UTC, which every calendar program reads; the calendar
also carries Europe/Amsterdam's VTIMEZONE (for X-WR-TIMEZONE, and so that a feed
without sessions still has a component, as RFC 5545 asks).

Calendar programs send no cookies, so the personal feed is found by the secret in
its address (`CalendarFeed`, only its SHA-256 stored, revocable); it then holds
what that person registered for and may still see, by `Session.objects.visible_to`.

An event's UID is the session's id at the site's domain, and its SEQUENCE goes up
with every change, so a calendar replaces the copy it has. The description is the
plain text of the rendered Markdown, not its source.

Every text that goes into a property passes `one_line` or `lines` first: iCalendar
forbids control characters, and a line break in a one-line property (a title, a
calendar's name) would break the file, or let the text start a property of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from django.conf import settings
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vText

from gilde.core.markdown import html_to_plain
from gilde.knowledge.models import Session

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


def _amsterdam() -> Timezone:
    """Europe/Amsterdam by the EU's rule since 1996 (last Sunday of March and October,
    at 01:00 UTC), as calendar programs write it themselves."""
    zone = Timezone()
    zone.add("tzid", "Europe/Amsterdam")
    for part, starts, month, offsets, name in (
        (TimezoneDaylight, datetime(1970, 3, 29, 2, 0), 3, ("+0100", "+0200"), "CEST"),
        (TimezoneStandard, datetime(1970, 10, 25, 3, 0), 10, ("+0200", "+0100"), "CET"),
    ):
        rule = part()
        rule.add("dtstart", starts)
        rule.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1SU"})
        rule["tzoffsetfrom"] = offsets[0]
        rule["tzoffsetto"] = offsets[1]
        rule.add("tzname", name)
        zone.add_component(rule)
    return zone


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", vText(one_line(name)))
    # Another site's zone comes from the tz database, as it is now.
    zone = (
        _amsterdam()
        if settings.TIME_ZONE == "Europe/Amsterdam"
        else Timezone.from_tzid(settings.TIME_ZONE)
    )
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add_component(zone)
    return calendar


def description(session: Session, url: str, note: str = "") -> str:
    """The session's description as plain text (from its rendered Markdown), then its link."""
    text = html_to_plain(session.description_html)
    return lines("\n\n".join(part for part in (note, text, url) if part))


def session_event(session: Session, url: str, *, tentative: bool = False, note: str = "") -> Event:
    """One VEVENT: when, where, what, and a link back to the session's page.

    `tentative` marks a place on the waiting list (STATUS:TENTATIVE), `note` is a line
    put before the description ("You are on the waiting list").
    """
    event = Event()
    event.add("uid", session.uid)
    event.add("sequence", session.sequence)
    event.add("dtstamp", session.updated_at.astimezone(UTC))
    event.add("last-modified", session.updated_at.astimezone(UTC))
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("summary", one_line(session.title))
    event.add("status", "TENTATIVE" if tentative else "CONFIRMED")
    event.add("description", description(session, url, note))
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


def personal_calendar(
    name: str,
    sessions: Iterable[tuple[Session, bool]],
    url_for: Callable[[Session], str],
    waiting_note: str = "",
) -> bytes:
    """A person's own feed: (session, on the waiting list) pairs; waiting is tentative."""
    calendar = _calendar(name)
    for session, waiting in sessions:
        calendar.add_component(
            session_event(
                session, url_for(session), tentative=waiting, note=waiting_note if waiting else ""
            )
        )
    return calendar.to_ical()
