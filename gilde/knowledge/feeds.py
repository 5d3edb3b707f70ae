"""Sessions in calendars: each session as a `gilde.core.calendar.Entry`, for its own
.ics file (on its page and in the registration mail) and for the two feeds core
serves, which this module's sources fill (registered in KnowledgeConfig.ready()).

A session is an entry at its own times, where it is held (or its online link), its
kind as category, and the plain text of its rendered description. In someone's own
feed a place on the waiting list is tentative, its description starting with a note.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from gilde.core import calendar, events
from gilde.core.calendar import Entry
from gilde.core.markdown import html_to_plain
from gilde.knowledge.models import Registration, Session


def path(session: Session) -> str:
    """The session's page (its network must be loaded: select_related)."""
    return reverse("knowledge:session", args=[session.network.slug, session.pk])


def entry(session: Session, url: str, *, tentative: bool = False, note: str = "") -> Entry:
    """The session as a calendar entry; `note` is put before its description."""
    text = html_to_plain(session.description_html)
    return events.entry(
        session,
        url=url,
        description="\n\n".join(part for part in (note, text) if part),
        categories=[session.get_kind_display()],
        tentative=tentative,
    )


def session_calendar(session: Session, url: str) -> bytes:
    """One session's own .ics file; `url` is the absolute address of its page."""
    return calendar.calendar_bytes(session.title, [entry(session, url)])


def network_entries(network, user) -> Iterator[Entry]:
    """The network's sessions that `user` may see, for the network's feed (one query)."""
    sessions = (
        Session.objects.visible_to(user)
        .in_feeds()
        .filter(network=network)
        .select_related("network")
        .order_by("starts_at", "pk")
    )
    for session in sessions:
        yield entry(session, path(session))


def personal_entries(user) -> Iterator[Entry]:
    """The sessions `user` registered for or waits for, in every network, that they may
    still see (one query). A place on the waiting list is tentative."""
    waiting = Registration.Status.WAITLISTED
    sessions = (
        Session.objects.visible_to(user)
        .filter(
            registrations__user=user,
            registrations__status__in=[Registration.Status.REGISTERED, waiting],
        )
        .in_feeds()
        .annotate(my_status=F("registrations__status"))
        .select_related("network")
        .order_by("starts_at", "pk")
    )
    note = _("You are on the waiting list.")
    for session in sessions:
        on_list = session.my_status == waiting
        yield entry(session, path(session), tentative=on_list, note=note if on_list else "")


def register_sources() -> None:
    calendar.network_source(network_entries)
    calendar.personal_source(personal_entries)
