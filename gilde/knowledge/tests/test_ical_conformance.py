"""Every calendar Gilde writes is read by three independent parsers: icalendar (and its
RFC 5545 validation), vobject and ics. The sessions are the awkward ones: Markdown over
many lines, a line break slipped into a title, non-ASCII, one edited twice; and a
network without sessions, whose feed must still be a valid calendar.
"""

import warnings
from datetime import UTC, datetime, timedelta

import ics
import pytest
import vobject
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from gilde.core import calendar
from gilde.core.testing import make_membership, make_network
from gilde.knowledge import services
from gilde.knowledge.models import Session

START = datetime(2031, 3, 4, 13, 0, tzinfo=UTC)

MARKDOWN = """## Programma

Een **korte** inleiding over *vlas* en hennep, met [de site](https://vlas.example/ä?x=1&y=2).

- koffie ☕ en thee
- lezing door Zoë Ünal; daarna: vragen, borrel

> Komma's, puntkomma's; en een backslash \\ horen er ook bij.

```
code   met spaties
```
"""


def url(name, network, *args):
    return reverse(f"knowledge:{name}", args=[network.slug, *args])


def feed_url(network):
    return reverse("network_calendar", args=[network.slug])


@pytest.fixture
def sessions(network, anke, bert):
    made = [
        services.create_session(
            network, by=anke, title="Vlas en hennep: de keten", description=MARKDOWN,
            starts_at=START, ends_at=START + timedelta(hours=2),
            location="Café De Zwaan, Groningen",
        ),
        services.create_session(
            network, by=anke, title="Open lezing", description="Voor iedereen.",
            visibility="public",
            starts_at=START + timedelta(days=7), ends_at=START + timedelta(days=7, hours=1),
            online_url="https://meet.example.test/lezing",
        ),
        services.create_session(
            network, by=anke, title="Werkplaats", description="Eerste versie.", capacity=1,
            starts_at=START + timedelta(days=14), ends_at=START + timedelta(days=14, hours=3),
        ),
    ]  # fmt: skip
    # A title with a line break, as loaded from elsewhere before titles were kept to one line.
    Session.objects.filter(pk=made[1].pk).update(title="Open lezing\r\nBEGIN:VEVENT\nSUMMARY:Nep")
    edited = made[2]
    services.update_session(edited, by=anke, description="Tweede versie,\nnu **vet**.")
    services.update_session(edited, by=anke, location="Emmen — zaal ½")
    for session in made:
        services.register(session, by=bert)
    services.register(edited, by=anke)  # full: the waiting list
    return made


def _calendars(client_for, network, anke, bert, sessions) -> dict[str, bytes]:
    empty = make_network("Lege Kring")
    make_membership(bert, empty)
    _feed, token = calendar.renew_feed(by=bert)
    _feed, anke_token = calendar.renew_feed(by=anke)
    member = client_for(bert)
    found = {
        "network feed": member.get(feed_url(network)),
        "public feed": Client().get(feed_url(network)),
        "empty network": member.get(feed_url(empty)),
        "personal feed": Client().get(reverse("personal_calendar", args=[token])),
        "personal, waiting": Client().get(reverse("personal_calendar", args=[anke_token])),
    }
    for session in sessions:
        found[f"session {session.pk}"] = member.get(url("session_ics", network, session.pk))
    for name, response in found.items():
        assert response.status_code == 200, name
        assert response["Content-Type"] == "text/calendar; charset=utf-8", name
    return {name: response.content for name, response in found.items()}


def test_every_calendar_passes_three_parsers(client_for, network, anke, bert, sessions):
    calendars = _calendars(client_for, network, anke, bert, sessions)
    counts = {}
    for name, content in calendars.items():
        text = content.decode("utf-8")
        assert "\r\n" in text and not any(len(line.encode()) > 75 for line in text.split("\r\n"))

        calendar = Calendar.from_ical(content)
        calendar.validate()  # icalendar 7: PRODID, VERSION and at least one component
        events = calendar.walk("VEVENT")
        for event in events:
            assert event.get("UID") and event.get("DTSTART") and event.get("DTSTAMP"), name

        parsed = vobject.readOne(text)
        assert parsed.name == "VCALENDAR"
        vevents = list(getattr(parsed, "vevent_list", []))
        for vevent in vevents:
            assert vevent.dtstart.value and vevent.uid.value, name
        assert len(vevents) == len(events), name

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            read = ics.Calendar(text)
        assert len(read.events) == len(events), name
        counts[name] = len(events)

    assert counts["network feed"] == 3
    assert counts["public feed"] == 1
    assert counts["empty network"] == 0
    assert counts["personal feed"] == 3
    assert counts["personal, waiting"] == 1


def test_the_parsers_agree_on_what_the_events_say(client_for, network, anke, bert, sessions):
    calendars = _calendars(client_for, network, anke, bert, sessions)
    long, titled, edited = sessions
    feed = calendars["network feed"].decode()

    by_uid = {str(e["UID"]): e for e in Calendar.from_ical(feed).walk("VEVENT")}
    first = by_uid[long.uid]
    description = str(first["DESCRIPTION"])
    assert description.startswith("Programma\n\nEen korte inleiding over vlas en hennep")
    assert "de site (https://vlas.example/%C3%A4?x=1&y=2)" in description  # as Markdown links it
    assert "- koffie ☕ en thee\n- lezing door Zoë Ünal; daarna: vragen, borrel" in description
    assert "backslash \\ horen" in description
    assert "**" not in description and "##" not in description
    assert str(first["LOCATION"]) == "Café De Zwaan, Groningen"
    assert str(by_uid[titled.uid]["SUMMARY"]) == "Open lezing BEGIN:VEVENT SUMMARY:Nep"
    assert by_uid[edited.uid].decoded("SEQUENCE") == 2
    assert by_uid[long.uid].decoded("SEQUENCE") == 0

    vevents = {v.uid.value: v for v in vobject.readOne(feed).vevent_list}
    assert vevents[long.uid].description.value == description
    assert vevents[titled.uid].summary.value == "Open lezing BEGIN:VEVENT SUMMARY:Nep"
    assert vevents[edited.uid].location.value == "Emmen — zaal ½"
    assert vevents[edited.uid].dtstart.value == START + timedelta(days=14)
    assert int(vevents[edited.uid].sequence.value) == 2

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        read = {event.uid: event for event in ics.Calendar(feed).events}
    assert read[long.uid].name == "Vlas en hennep: de keten"
    assert read[long.uid].description == description
    assert read[edited.uid].begin == START + timedelta(days=14)

    waiting = Calendar.from_ical(calendars["personal, waiting"]).walk("VEVENT")
    assert [str(e["STATUS"]) for e in waiting] == ["TENTATIVE"]
