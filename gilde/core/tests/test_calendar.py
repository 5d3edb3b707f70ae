"""The calendar registry: what an app registers with `gilde.core.calendar` appears in a
network's feed and in a person's own feed, next to the sessions, in order of time; an
all-day entry (a due date) is written as a date; the feeds' queries do not grow with
their entries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar

from gilde.core import calendar
from gilde.core.calendar import Entry
from gilde.knowledge import services

START = datetime(2031, 3, 4, 13, 0, tzinfo=UTC)
STAMP = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture
def sources(monkeypatch):
    """Sources registered in a test are gone after it."""
    monkeypatch.setattr(calendar, "_network_sources", list(calendar._network_sources))
    monkeypatch.setattr(calendar, "_personal_sources", list(calendar._personal_sources))


def deadline(title: str, due: date, **fields) -> Entry:
    return Entry(
        uid=calendar.uid("action", title), summary=title, url="/me/actions/",
        updated_at=STAMP, due=due, **fields,
    )  # fmt: skip


def events(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    parsed = Calendar.from_ical(response.content)
    parsed.validate()
    return parsed.walk("VEVENT")


def feed_url(network) -> str:
    return reverse("network_calendar", args=[network.slug])


def personal_feed(user):
    _feed, raw = calendar.renew_feed(by=user)
    return Client().get(reverse("personal_calendar", args=[raw]))


def test_a_registered_network_source_appears_in_the_feed_in_order_of_time(
    sources, client_for, network, anke, bert
):
    asked = []

    @calendar.network_source
    def meetings(for_network, user):
        asked.append((for_network.pk, user.pk))
        return [
            Entry(
                uid=calendar.uid("meeting", 7), summary="Ledenvergadering", url="/n/x/m/7/",
                updated_at=STAMP, starts_at=START + timedelta(days=1),
                ends_at=START + timedelta(days=1, hours=2), location="Zaal 2",
            )
        ]  # fmt: skip

    services.create_session(
        network, by=anke, title="Lezing", description="x",
        starts_at=START, ends_at=START + timedelta(hours=1),
    )  # fmt: skip
    services.create_session(
        network, by=anke, title="Werkplaats", description="x",
        starts_at=START + timedelta(days=2), ends_at=START + timedelta(days=2, hours=1),
    )  # fmt: skip
    found = events(client_for(bert).get(feed_url(network)))
    assert [str(e["SUMMARY"]) for e in found] == ["Lezing", "Ledenvergadering", "Werkplaats"]
    meeting = found[1]
    assert str(meeting["UID"]) == "meeting-7@" + calendar.site_domain()
    assert str(meeting["URL"]) == "http://testserver/n/x/m/7/"
    assert str(meeting["LOCATION"]) == "Zaal 2"
    assert asked == [(network.pk, bert.pk)]


def test_a_network_source_is_asked_for_an_anonymous_visitor_too(sources, client, network):
    calendar.network_source(
        lambda _network, user: [deadline(f"{user.is_authenticated}", START.date())]
    )
    assert [str(e["SUMMARY"]) for e in events(client.get(feed_url(network)))] == ["False"]


def test_a_registered_personal_source_appears_in_the_persons_feed(sources, network, anke, bert):
    @calendar.personal_source
    def my_actions(user):
        return [deadline(f"Verslag van {user.name}", date(2031, 3, 5))]

    session = services.create_session(
        network, by=anke, title="Lezing", description="x",
        starts_at=START, ends_at=START + timedelta(hours=1),
    )  # fmt: skip
    services.register(session, by=bert)
    response = personal_feed(bert)
    found = events(response)
    assert [str(e["SUMMARY"]) for e in found] == ["Lezing", f"Verslag van {bert.name}"]
    with translation.override("nl"):
        name = _("My calendar in %(site)s") % {"site": settings.SITE_NAME}
    assert str(Calendar.from_ical(response.content)["X-WR-CALNAME"]) == name


def test_a_due_entry_is_an_all_day_event(sources, client, network):
    calendar.network_source(
        lambda _network, _user: [deadline("Offerte insturen", date(2031, 3, 4), tentative=True)]
    )
    response = client.get(feed_url(network))
    assert b"DTSTART;VALUE=DATE:20310304\r\n" in response.content
    assert b"DTEND;VALUE=DATE:20310305\r\n" in response.content
    [event] = events(response)
    assert event.decoded("DTSTART") == date(2031, 3, 4)
    assert str(event["TRANSP"]) == "TRANSPARENT"  # a deadline does not fill the day
    assert str(event["STATUS"]) == "TENTATIVE"
    assert "CATEGORIES" not in event and "LOCATION" not in event


def test_an_all_day_entry_is_placed_at_the_start_of_its_day(sources, client, network, anke):
    # 00:30 in Amsterdam on 4 March is still 3 March in UTC.
    early = datetime(2031, 3, 3, 23, 30, tzinfo=UTC)
    services.create_session(
        network, by=anke, title="Nachtlezing", description="x", visibility="public",
        starts_at=early, ends_at=early + timedelta(hours=1),
    )  # fmt: skip
    calendar.network_source(lambda _network, _user: [deadline("Deadline", date(2031, 3, 4))])
    assert [str(e["SUMMARY"]) for e in events(client.get(feed_url(network)))] == [
        "Deadline",
        "Nachtlezing",
    ]


def test_registering_a_source_twice_adds_it_once(sources, client, network):
    def source(_network, _user):
        return [deadline("Eén keer", date(2031, 3, 4))]

    calendar.network_source(source)
    calendar.network_source(source)
    assert len(events(client.get(feed_url(network)))) == 1


def test_an_entry_is_timed_or_all_day_not_both():
    times = {"starts_at": START, "ends_at": START + timedelta(hours=1)}
    base = {"uid": "x@y", "summary": "x", "url": "/", "updated_at": STAMP}
    with pytest.raises(ValueError):
        Entry(**base)
    with pytest.raises(ValueError):
        Entry(**base, starts_at=START)
    with pytest.raises(ValueError):
        Entry(**base, **times, due=date(2031, 3, 4))
    with pytest.raises(ValueError):
        Entry(**base, due=START)
    assert Entry(**base, **times).sort_key == START


def test_text_is_kept_to_its_lines_and_an_absolute_address_is_kept():
    entry = Entry(
        uid="x@y", summary="Titel\r\nBEGIN:VEVENT", url="https://elders.example/a",
        updated_at=STAMP, due=date(2031, 3, 4), description="Een\x07\n\ntwee",
        location="Zaal\n1", categories=("actie\n",),
    )  # fmt: skip
    [event] = Calendar.from_ical(calendar.calendar_bytes("Naam\nNep", [entry])).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Titel BEGIN:VEVENT"
    assert str(event["URL"]) == "https://elders.example/a"
    assert str(event["DESCRIPTION"]) == "Een\n\ntwee\n\nhttps://elders.example/a"
    assert str(event["LOCATION"]) == "Zaal 1"


# -- queries -------------------------------------------------------------------------


def _sessions(network, by, n: int, *, register=None) -> None:
    soon = timezone.now() + timedelta(days=3)
    for i in range(n):
        session = services.create_session(
            network, by=by, title=f"Sessie {i}", description="x", capacity=1 if i % 2 else None,
            starts_at=soon + timedelta(hours=i), ends_at=soon + timedelta(hours=i + 1),
            visibility="public" if i % 3 else "network",
        )  # fmt: skip
        if register is not None:
            services.register(session, by=register)


def _queries(client, url: str, expect: int) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert len(events(response)) == expect
    return len(context.captured_queries)


def test_the_network_feed_runs_as_many_queries_for_many_entries(client_for, network, anke, bert):
    member = client_for(bert)
    _sessions(network, anke, 2)
    few = _queries(member, feed_url(network), 2)
    _sessions(network, anke, 12)
    assert _queries(member, feed_url(network), 14) == few


def test_the_personal_feed_runs_as_many_queries_for_many_entries(network, anke, bert):
    _sessions(network, anke, 2, register=bert)
    _feed, raw = calendar.renew_feed(by=bert)
    url = reverse("personal_calendar", args=[raw])
    few = _queries(Client(), url, 2)
    _sessions(network, anke, 12, register=bert)
    assert _queries(Client(), url, 14) == few
