"""iCalendar: a file per session and the per-network feed calendar programs subscribe to.

Calendar programs send no cookies: the feed shows public sessions, or with a
member's signed token everything that member may see.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from gilde.core.testing import make_membership, make_network
from gilde.knowledge import feeds, services
from gilde.knowledge.models import Session
from gilde.networks.models import Network

START = datetime(2031, 3, 4, 13, 0, tzinfo=UTC)  # 14:00 in Amsterdam


def url(name, network, *args):
    return reverse(f"knowledge:{name}", args=[network.slug, *args])


@pytest.fixture
def members_only(network, anke):
    return services.create_session(
        network, by=anke, title="Ledenavond", description="Alleen voor leden.",
        starts_at=START, ends_at=START + timedelta(hours=2), location="Groningen",
    )  # fmt: skip


@pytest.fixture
def public(network, anke):
    return services.create_session(
        network, by=anke, title="Open lezing", description="Voor iedereen.", visibility="public",
        starts_at=START + timedelta(days=7), ends_at=START + timedelta(days=7, hours=1),
        online_url="https://meet.example.test/lezing",
    )  # fmt: skip


def events(response) -> dict:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_a_session_file_has_one_event_at_the_right_time(client_for, network, bert, members_only):
    response = client_for(bert).get(url("session_ics", network, members_only.pk))
    assert "attachment" in response["Content-Disposition"]
    found = events(response)
    assert list(found) == ["Ledenavond"]
    event = found["Ledenavond"]
    assert event.decoded("DTSTART") == START
    assert b"DTSTART:20310304T130000Z" in response.content
    assert event.decoded("DTEND") == START + timedelta(hours=2)
    assert str(event["LOCATION"]) == "Groningen"
    assert str(event["UID"]) == members_only.uid
    assert str(event["URL"]).endswith(url("session", network, members_only.pk))


def test_a_session_file_is_404_for_who_may_not_see_the_session(
    client, client_for, network, otto, members_only
):
    for browser in (client, client_for(otto)):
        assert browser.get(url("session_ics", network, members_only.pk)).status_code == 404


def test_the_feed_without_a_token_has_only_public_sessions(client, network, members_only, public):
    found = events(client.get(url("network_calendar", network)))
    assert list(found) == ["Open lezing"]
    assert str(found["Open lezing"]["LOCATION"]) == "https://meet.example.test/lezing"


def test_a_members_personal_feed_has_the_members_only_sessions_without_a_cookie(
    client_for, network, bert, members_only, public
):
    page = client_for(bert).get(url("sessions", network)).content.decode()
    token = feeds.calendar_token(bert, network)
    assert f"?token={token}" in page
    found = events(Client().get(url("network_calendar", network), {"token": token}))
    assert set(found) == {"Ledenavond", "Open lezing"}


def test_a_bad_token_is_404(client, network, bert, public):
    token = feeds.calendar_token(bert, network)
    assert client.get(url("network_calendar", network), {"token": token + "x"}).status_code == 404
    assert client.get(url("network_calendar", network), {"token": "nonsense"}).status_code == 404


def test_a_token_for_another_network_is_404(client, network, bert, public):
    other = make_network("Ander Netwerk")
    make_membership(bert, other)
    token = feeds.calendar_token(bert, other)
    assert client.get(url("network_calendar", network), {"token": token}).status_code == 404


def test_a_former_members_token_shows_only_public_sessions(
    client, network, bert, members_only, public
):
    token = feeds.calendar_token(bert, network)
    bert.memberships.update(status="left")
    found = events(client.get(url("network_calendar", network), {"token": token}))
    assert list(found) == ["Open lezing"]


def test_a_hidden_networks_feed_is_404_without_a_members_token(client, anke, bert):
    hidden = make_network("Stille Kring", visibility="hidden")
    make_membership(bert, hidden)
    services.create_session(
        hidden, by=bert, title="Stil overleg", description="x",
        starts_at=timezone.now() + timedelta(days=1), ends_at=timezone.now() + timedelta(days=2),
    )  # fmt: skip
    assert client.get(url("network_calendar", hidden)).status_code == 404
    token = feeds.calendar_token(bert, hidden)
    assert list(events(client.get(url("network_calendar", hidden), {"token": token}))) == [
        "Stil overleg"
    ]


# -- text in the properties --------------------------------------------------


def test_a_line_break_in_a_title_still_gives_a_valid_file(client_for, network, anke, bert):
    """Written before titles were kept to one line, or loaded from elsewhere."""
    session = services.create_session(
        network, by=anke, title="Lezing", description="Regel een\r\nregel twee\x07",
        starts_at=START, ends_at=START + timedelta(hours=1), location="Zaal 1",
    )  # fmt: skip
    Session.objects.filter(pk=session.pk).update(
        title="Lezing\nBEGIN:VEVENT\r\nSUMMARY:Nep", location="Zaal\n1\x1b"
    )
    response = client_for(bert).get(url("session_ics", network, session.pk))
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Lezing BEGIN:VEVENT SUMMARY:Nep"
    assert str(event["LOCATION"]) == "Zaal 1"
    assert str(event["DESCRIPTION"]).startswith("Regel een\nregel twee\n\nhttp")
    assert str(calendar["X-WR-CALNAME"]) == "Lezing BEGIN:VEVENT SUMMARY:Nep"
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", response.content)


def test_a_line_break_in_a_network_name_still_gives_a_valid_feed(client, network, public):
    Network.objects.filter(pk=network.pk).update(name="Biobased\nNoord")
    found = events(client.get(url("network_calendar", network)))
    assert list(found) == ["Open lezing"]


def test_a_title_with_a_line_break_is_stored_on_one_line(client_for, network, anke, bert):
    session = services.create_session(
        network, by=anke, title="  Lezing\nover\tvlas ", description="x",
        starts_at=START, ends_at=START + timedelta(hours=1), location="Zaal\r\n1",
    )  # fmt: skip
    assert (session.title, session.location) == ("Lezing over vlas", "Zaal 1")
    found = events(client_for(bert).get(url("session_ics", network, session.pk)))
    assert list(found) == ["Lezing over vlas"]
