"""Meetings and actions in calendars (gilde.core.calendar): each meeting's own .ics, the
network's feed (the meetings a reader may see), and a person's own feed: the meetings
they answered yes or maybe to, and the due dates of the actions they own, as all-day
entries. Each source runs one query."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from gilde.core import calendar, events
from gilde.core.calendar import Entry
from gilde.core.markdown import html_to_plain
from gilde.meetings.models import Action, Meeting


def path(meeting: Meeting) -> str:
    return reverse("meetings:meeting", args=[meeting.network.slug, meeting.pk])


def entry(meeting: Meeting, url: str, *, tentative: bool = False) -> Entry:
    return events.entry(
        meeting,
        url=url,
        description=html_to_plain(meeting.description_html),
        categories=(str(_("meeting")),),
        tentative=tentative,
    )


def action_entry(action: Action) -> Entry:
    """An open action's due date, all day."""
    assert action.due_on is not None
    return Entry(
        uid=calendar.uid("action", action.pk),
        sequence=0,
        updated_at=action.updated_at,
        due=action.due_on,
        summary=_("Action: %(title)s") % {"title": action.title},
        description=action.description,
        url=reverse("meetings:action", args=[action.network.slug, action.pk]),
        categories=(str(_("action")),),
    )


def meeting_calendar(meeting: Meeting, url: str) -> bytes:
    return calendar.calendar_bytes(meeting.title, [entry(meeting, url)])


def _in_feeds(meetings):
    return meetings.in_feeds().select_related("network")


def network_entries(network, user) -> Iterator[Entry]:
    for meeting in _in_feeds(Meeting.objects.visible_to(user).filter(network=network)):
        yield entry(meeting, path(meeting))


def personal_entries(user) -> Iterator[Entry]:
    """Meetings `user` said yes (or maybe: tentative) to, and their open actions' due dates."""
    meetings = _in_feeds(
        Meeting.objects.visible_to(user).filter(
            rsvps__user=user, rsvps__answer__in=[Meeting.Rsvp.YES, Meeting.Rsvp.MAYBE]
        )
    ).annotate(my_answer=F("rsvps__answer"))
    for meeting in meetings:
        yield entry(meeting, path(meeting), tentative=meeting.my_answer == Meeting.Rsvp.MAYBE)
    actions = (
        Action.objects.visible_to(user)
        .open()
        .filter(owner=user, due_on__isnull=False, due_on__gte=calendar.since().date())
        .select_related("network")
    )
    for action in actions:
        yield action_entry(action)


def register_sources() -> None:
    calendar.network_source(network_entries)
    calendar.personal_source(personal_entries)
