"""A person's own calendar link: the sessions they registered for, in every network,
offered as webcal:// and https. Only the SHA-256 of its secret is stored; making a new
link stops the old one, and a stopped or unknown link is 404."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from gilde.core import calendar
from gilde.core.models import CalendarFeed
from gilde.core.testing import make_membership, make_network
from gilde.knowledge import services
from gilde.knowledge.models import Session

SOON = timezone.now() + timedelta(days=3)


def _session(network, by, title, **fields):
    return services.create_session(
        network, by=by, title=title, description="x",
        starts_at=SOON, ends_at=SOON + timedelta(hours=2), **fields,
    )  # fmt: skip


def feed(raw: str):
    return Client().get(reverse("personal_calendar", args=[raw]))


def titles(response) -> dict[str, str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    calendar.validate()
    return {str(e["SUMMARY"]): str(e["STATUS"]) for e in calendar.walk("VEVENT")}


@pytest.fixture
def other(bert):
    network = make_network("Groene Chemie Emmen")
    make_membership(bert, network)
    return network


def test_the_page_makes_a_link_shown_once_as_webcal_and_https(client_for, bert):
    browser = client_for(bert)
    page = browser.get(reverse("my_calendar")).content.decode()
    assert "webcal://" not in page
    page = browser.post(reverse("my_calendar")).content.decode()
    [raw] = re.findall(r'href="webcal://testserver/calendar/([\w-]+)\.ics"', page)
    assert f'value="http://testserver/calendar/{raw}.ics"' in page
    stored = CalendarFeed.objects.get(user=bert)
    assert stored.token_hash == CalendarFeed.hash(raw) and raw not in stored.token_hash
    again = browser.get(reverse("my_calendar")).content.decode()
    assert raw not in again  # shown only once


def test_the_feed_has_what_i_registered_for_across_networks(network, other, anke, bert, gea):
    mine = _session(network, anke, "Ledenavond")
    elsewhere = _session(other, bert, "Emmer overleg")
    full = _session(network, anke, "Werkplaats", capacity=1)
    _session(network, anke, "Niet voor mij")
    cancelled = _session(network, anke, "Afgezegd")
    for session in (mine, elsewhere, cancelled):
        services.register(session, by=bert)
    services.register(full, by=anke)
    services.register(full, by=bert)  # waiting list
    services.cancel_registration(cancelled, by=bert)
    _feed, raw = calendar.renew_feed(by=bert)
    assert titles(feed(raw)) == {
        "Ledenavond": "CONFIRMED",
        "Emmer overleg": "CONFIRMED",
        "Werkplaats": "TENTATIVE",
    }


def test_a_session_i_can_no_longer_see_drops_out(network, other, anke, bert):
    here = _session(network, anke, "Ledenavond")
    there = _session(other, bert, "Emmer overleg")
    services.register(here, by=bert)
    services.register(there, by=bert)
    _feed, raw = calendar.renew_feed(by=bert)
    bert.memberships.filter(network=network).update(status="left")
    assert set(titles(feed(raw))) == {"Emmer overleg"}


def test_an_unknown_link_is_404(db):
    assert feed("nonsense").status_code == 404
    assert feed(CalendarFeed.generate()).status_code == 404


def test_a_new_link_stops_the_old_one(bert):
    _feed, old = calendar.renew_feed(by=bert)
    _feed, new = calendar.renew_feed(by=bert)
    assert feed(old).status_code == 404
    assert feed(new).status_code == 200
    assert CalendarFeed.objects.filter(user=bert, revoked_at__isnull=True).count() == 1


def test_stopping_the_link_makes_it_404(client_for, bert):
    _feed, raw = calendar.renew_feed(by=bert)
    response = client_for(bert).post(reverse("my_calendar_revoke"), {"confirm": "yes"})
    assert response.status_code == 302
    assert feed(raw).status_code == 404
    page = client_for(bert).get(reverse("my_calendar")).content.decode()
    assert reverse("my_calendar_revoke") not in page  # nothing left to stop


def test_a_deactivated_persons_link_is_404(bert):
    _feed, raw = calendar.renew_feed(by=bert)
    bert.is_active = False
    bert.save(update_fields=["is_active"])
    assert feed(raw).status_code == 404


def test_a_link_belongs_to_one_person(network, anke, bert):
    session = _session(network, anke, "Ledenavond")
    services.register(session, by=anke)
    _feed, raw = calendar.renew_feed(by=bert)
    assert titles(feed(raw)) == {}
    assert Session.objects.count() == 1
