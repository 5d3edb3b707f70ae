"""Calendars in iCalendar (RFC 5545): the writer every app's events go through, and the
registry that fills the two feeds people subscribe to.

Apps describe what goes into a calendar as `Entry`s: a timed event (`starts_at`,
`ends_at`) or an all-day one (`due`, a date: a deadline or a to-do, written as an
all-day VEVENT, which every calendar program shows; VTODO is not). `calendar_bytes`
writes them. Times are written in UTC, which every calendar program reads; the
calendar also carries the site's VTIMEZONE (for X-WR-TIMEZONE, and so that a feed
without entries still has a component, as RFC 5545 asks).

Two feeds are built from what apps register in their AppConfig.ready():
- `network_source(fn)`: fn(network, user) gives what `user` (perhaps anonymous: a
  calendar program sends no cookie) may see of that network, from `since()` on;
  served at /n/<slug>/sessions.ics.
- `personal_source(fn)`: fn(user) gives what that person registered or answered for,
  in every network, that they may still see, from `since()` on; served at the secret
  address of their `CalendarFeed` (gilde.core.models), /calendar/<secret>.ics;
  `renew_feed` and `revoke_feed` make and stop that address.
A source runs a fixed number of queries, whatever the number of entries (the feeds
have query-count tests), and is called with the reader's language active.

An entry's UID is `uid(kind, pk)`: the row's id at the site's own domain. Its SEQUENCE
goes up with every change, so a calendar replaces the copy it has. Its description is
plain text (the plain text of rendered Markdown, never its source); the entry's
address is added after it.

Every text that goes into a property passes `one_line` or `lines` first: iCalendar
forbids control characters, and a line break in a one-line property (a title, a
calendar's name) would break the file, or let the text start a property of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vText

from gilde.core.errors import NotAllowed
from gilde.core.models import CalendarFeed

# Kept as it was when only sessions had calendars: it names the product that wrote the
# file, and calendar programs ignore it.
PRODID = "-//Gilde//Kennis//NL"

# How far back the feeds reach: a calendar keeps what it was shown, so a year of
# history is plenty, and it keeps the feeds small.
HISTORY = timedelta(days=365)


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


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def uid(kind: str, pk) -> str:
    """Globally unique (RFC 5545): a row's kind and id at the site's own domain."""
    return f"{kind}-{pk}@{site_domain()}"


def since() -> datetime:
    """The feeds hold what ends at or after this moment."""
    return timezone.now() - HISTORY


@dataclass(frozen=True)
class Entry:
    """One VEVENT, timed (`starts_at` and `ends_at`) or all day (`due`).

    `url` is absolute or a path on this site (the feed makes it absolute); `description`
    is plain text; `tentative` writes STATUS:TENTATIVE (a place on a waiting list, a
    "maybe") instead of CONFIRMED.
    """

    uid: str
    summary: str
    url: str
    updated_at: datetime  # DTSTAMP and LAST-MODIFIED
    sequence: int = 0
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    due: date | None = None
    description: str = ""
    location: str = ""
    categories: tuple[str, ...] = ()
    tentative: bool = False

    def __post_init__(self):
        timed = self.starts_at is not None or self.ends_at is not None
        if timed and (self.starts_at is None or self.ends_at is None or self.due is not None):
            raise ValueError("An Entry has both starts_at and ends_at, or due alone.")
        if not timed and (self.due is None or isinstance(self.due, datetime)):
            raise ValueError("An Entry without times has a date (not a datetime) as due.")

    @property
    def sort_key(self) -> datetime:
        """When it starts; an all-day entry at the start of its day, in the site's zone."""
        if self.due is not None:
            return datetime.combine(self.due, time(), tzinfo=timezone.get_default_timezone())
        return self.starts_at  # type: ignore[return-value]


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


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _event(entry: Entry, absolute: Callable[[str], str]) -> Event:
    url = entry.url if urlsplit(entry.url).scheme else absolute(entry.url)
    event = Event()
    event.add("uid", entry.uid)
    event.add("sequence", entry.sequence)
    event.add("dtstamp", entry.updated_at.astimezone(UTC))
    event.add("last-modified", entry.updated_at.astimezone(UTC))
    if entry.due is not None:
        # All day (VALUE=DATE); the end is the next day, exclusive, as RFC 5545 counts it.
        # A deadline takes no time: calendars show the day as free (TRANSP).
        event.add("dtstart", entry.due)
        event.add("dtend", entry.due + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    else:
        event.add("dtstart", entry.starts_at.astimezone(UTC))  # type: ignore[union-attr]
        event.add("dtend", entry.ends_at.astimezone(UTC))  # type: ignore[union-attr]
    event.add("summary", one_line(entry.summary))
    event.add("status", "TENTATIVE" if entry.tentative else "CONFIRMED")
    event.add("description", lines("\n\n".join(part for part in (entry.description, url) if part)))
    event.add("url", one_line(url))
    where = one_line(entry.location)
    if where:
        event.add("location", where)
    if entry.categories:
        event.add("categories", [one_line(category) for category in entry.categories])
    return event


def calendar_bytes(
    name: str, entries: Iterable[Entry], *, absolute: Callable[[str], str] = _site_url
) -> bytes:
    """A calendar named `name` holding `entries`, in the order given.

    `absolute` makes an entry's path into an address (a view passes
    `request.build_absolute_uri`; the default puts SITE_URL before it, for mail).
    """
    calendar = _calendar(name)
    for entry in entries:
        calendar.add_component(_event(entry, absolute))
    return calendar.to_ical()


# -- the feeds' sources ------------------------------------------------------------

NetworkSource = Callable[..., Iterable[Entry]]  # fn(network, user)
PersonalSource = Callable[..., Iterable[Entry]]  # fn(user)

_network_sources: list[NetworkSource] = []
_personal_sources: list[PersonalSource] = []


def network_source(fn: NetworkSource) -> NetworkSource:
    """Register fn(network, user) -> entries for the network's feed; usable as a decorator.
    Registering the same function again changes nothing."""
    if fn not in _network_sources:
        _network_sources.append(fn)
    return fn


def personal_source(fn: PersonalSource) -> PersonalSource:
    """Register fn(user) -> entries for a person's own feed; usable as a decorator.
    Registering the same function again changes nothing."""
    if fn not in _personal_sources:
        _personal_sources.append(fn)
    return fn


def _in_order(groups: Iterable[Iterable[Entry]]) -> list[Entry]:
    # Stable: entries that start together keep their source's order, sources theirs.
    return sorted((entry for group in groups for entry in group), key=lambda e: e.sort_key)


def network_entries(network, user) -> list[Entry]:
    """What `user` may see of `network` in a calendar, from every source, by start."""
    return _in_order(source(network, user) for source in _network_sources)


def personal_entries(user) -> list[Entry]:
    """What `user` takes part in, from every source, by start."""
    return _in_order(source(user) for source in _personal_sources)


# -- the personal feed's link ------------------------------------------------------


def renew_feed(*, by) -> tuple[CalendarFeed, str]:
    """Make someone's calendar link, revoking the one they had. Returns (feed, secret):
    the secret in the link is returned once and never stored (only its SHA-256)."""
    if not getattr(by, "is_authenticated", False):
        raise NotAllowed(_("Log in to make a calendar link."))
    raw = CalendarFeed.generate()
    with transaction.atomic():
        CalendarFeed.objects.filter(user=by, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        feed = CalendarFeed.objects.create(user=by, token_hash=CalendarFeed.hash(raw))
    return feed, raw


def revoke_feed(*, by) -> int:
    """Stop someone's calendar link; returns how many links were stopped (0 or 1)."""
    if not getattr(by, "is_authenticated", False):
        raise NotAllowed(_("Log in to make a calendar link."))
    with transaction.atomic():
        return CalendarFeed.objects.filter(user=by, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
