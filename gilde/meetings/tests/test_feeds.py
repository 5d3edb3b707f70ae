"""Meetings in calendars: each meeting's .ics, the network's feed, and a person's own feed
with the meetings they come to and the due dates of their open actions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from gilde.conftest import login
from gilde.core import calendar
from gilde.meetings import services
from gilde.meetings.tests.conftest import plan

pytestmark = pytest.mark.django_db


def _summaries(content: bytes) -> list[str]:
    return [str(c["summary"]) for c in Calendar.from_ical(content).walk("VEVENT")]


def test_a_meeting_has_its_own_ics(network, anke, bert):
    meeting = plan(network, anke, days=3, title="Ledenavond april", location="Emmen")
    response = login(bert).get(reverse("meetings:meeting_ics", args=[network.slug, meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["summary"]) == "Ledenavond april" and str(event["location"]) == "Emmen"


def test_the_network_feed_holds_the_meetings_a_reader_may_see(network, anke, bert, inge):
    plan(network, anke, days=3, title="Open avond")
    plan(network, anke, days=4, title="Bestuur", visibility="circle", invited=[inge])
    assert {e.summary for e in calendar.network_entries(network, bert)} >= {"Open avond"}
    assert "Bestuur" not in {e.summary for e in calendar.network_entries(network, bert)}
    assert "Bestuur" in {e.summary for e in calendar.network_entries(network, inge)}
    assert not [e for e in calendar.network_entries(network, None) if e.summary == "Open avond"]


def test_my_feed_holds_my_meetings_and_my_due_dates(network, anke, bert):
    coming = plan(network, anke, days=3, title="Ledenavond")
    maybe = plan(network, anke, days=10, title="Excursie")
    plan(network, anke, days=5, title="Niet voor mij")
    services.answer(coming, by=bert, answer="yes")
    services.answer(maybe, by=bert, answer="maybe")
    due = timezone.localdate() + timedelta(days=4)
    services.create_action(network, by=anke, title="Offerte opvragen", owner=bert, due_on=due)
    entries = {e.summary: e for e in calendar.personal_entries(bert)}
    assert set(entries) == {"Ledenavond", "Excursie", "Actie: Offerte opvragen"}
    assert entries["Excursie"].tentative and not entries["Ledenavond"].tentative
    assert entries["Actie: Offerte opvragen"].due == due
    content = calendar.calendar_bytes("Bert", entries.values())
    assert b"DTSTART;VALUE=DATE:" + due.strftime("%Y%m%d").encode() in content
