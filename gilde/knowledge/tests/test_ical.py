"""iCalendar: a file per session and the per-network feed calendar programs subscribe to.

Calendar programs send no cookies: the feed shows public sessions. The signed
`?token=` links of before are gone (404); a person's own feed is in
test_personal_calendar.py.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from gilde.core.testing import make_membership, make_network
from gilde.knowledge import services
from gilde.knowledge.models import Session
from gilde.networks.models import Network

START = datetime(2031, 3, 4, 13, 0, tzinfo=UTC)  # 14:00 in Amsterdam


def url(name, network, *args):
    return reverse(f"knowledge:{name}", args=[network.slug, *args])


def feed_url(network):
    return reverse("network_calendar", args=[network.slug])


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
    found = events(client.get(feed_url(network)))
    assert list(found) == ["Open lezing"]
    assert str(found["Open lezing"]["LOCATION"]) == "https://meet.example.test/lezing"


def test_a_logged_in_member_sees_the_members_only_sessions_in_the_feed(
    client_for, network, bert, members_only, public
):
    found = events(client_for(bert).get(feed_url(network)))
    assert set(found) == {"Ledenavond", "Open lezing"}


def test_an_old_signed_personal_link_is_gone(client, network, bert, public):
    """The signed links could not be revoked; the personal feed replaced them."""
    from django.core import signing

    old = signing.dumps({"u": bert.pk, "n": network.pk}, salt="gilde.calendar")
    assert client.get(feed_url(network), {"token": old}).status_code == 404
    assert client.get(feed_url(network), {"token": "nonsense"}).status_code == 404


def test_a_hidden_networks_feed_is_404_logged_out(client, client_for, anke, bert):
    hidden = make_network("Stille Kring", visibility="hidden")
    make_membership(bert, hidden)
    services.create_session(
        hidden, by=bert, title="Stil overleg", description="x",
        starts_at=timezone.now() + timedelta(days=1), ends_at=timezone.now() + timedelta(days=2),
    )  # fmt: skip
    assert client.get(feed_url(hidden)).status_code == 404
    assert list(events(client_for(bert).get(feed_url(hidden)))) == ["Stil overleg"]


def test_the_uid_carries_the_sites_domain_and_an_edit_raises_the_sequence(
    client_for, settings, network, anke, bert, members_only
):
    settings.SITE_URL = "https://gilde.example.nl"
    event = events(client_for(bert).get(url("session_ics", network, members_only.pk)))
    assert str(event["Ledenavond"]["UID"]) == f"session-{members_only.pk}@gilde.example.nl"
    assert event["Ledenavond"].decoded("SEQUENCE") == 0
    services.update_session(members_only, by=anke, location="Emmen")
    services.update_session(members_only, by=anke, location="Assen")
    event = events(client_for(bert).get(url("session_ics", network, members_only.pk)))
    assert event["Ledenavond"].decoded("SEQUENCE") == 2
    assert str(event["Ledenavond"]["LOCATION"]) == "Assen"


def test_the_description_is_plain_text_not_markdown(client_for, network, anke, bert):
    session = services.create_session(
        network, by=anke, title="Lezing", starts_at=START, ends_at=START + timedelta(hours=1),
        description="## Programma\n\nEen **korte** inleiding, zie [de site](https://vlas.example).\n\n"
        "- koffie\n- lezing",
    )  # fmt: skip
    event = events(client_for(bert).get(url("session_ics", network, session.pk)))["Lezing"]
    text = str(event["DESCRIPTION"])
    assert text.startswith(
        "Programma\n\nEen korte inleiding, zie de site (https://vlas.example).\n\n"
        "- koffie\n- lezing"
    )
    assert "**" not in text and "##" not in text


def test_a_feed_without_sessions_still_validates(client, network):
    response = client.get(feed_url(network))
    calendar = Calendar.from_ical(response.content)
    calendar.validate()
    assert calendar.walk("VEVENT") == []
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]


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
    # A single line break is a space in Markdown, as on the page.
    assert str(event["DESCRIPTION"]).startswith("Regel een regel twee\n\nhttp")
    assert str(calendar["X-WR-CALNAME"]) == "Lezing BEGIN:VEVENT SUMMARY:Nep"
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", response.content)


def test_a_line_break_in_a_network_name_still_gives_a_valid_feed(client, network, public):
    Network.objects.filter(pk=network.pk).update(name="Biobased\nNoord")
    found = events(client.get(feed_url(network)))
    assert list(found) == ["Open lezing"]


def test_a_title_with_a_line_break_is_stored_on_one_line(client_for, network, anke, bert):
    session = services.create_session(
        network, by=anke, title="  Lezing\nover\tvlas ", description="x",
        starts_at=START, ends_at=START + timedelta(hours=1), location="Zaal\r\n1",
    )  # fmt: skip
    assert (session.title, session.location) == ("Lezing over vlas", "Zaal 1")
    found = events(client_for(bert).get(url("session_ics", network, session.pk)))
    assert list(found) == ["Lezing over vlas"]
