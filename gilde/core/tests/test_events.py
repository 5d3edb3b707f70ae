"""What every kind of event shares (gilde.core.events): places, the waiting list's order,
freed places offered down that list, and an event's calendar identity. Knowledge's
sessions use them; their behaviour is tested in gilde/knowledge/tests/test_services.py."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from gilde.core import calendar, events
from gilde.core.testing import make_membership, make_user
from gilde.knowledge import services
from gilde.knowledge.models import Registration, Session


def test_places_left_and_full():
    assert events.places_left(None, 40) is None and not events.is_full(None, 40)
    assert events.places_left(3, 1) == 2 and not events.is_full(3, 2)
    assert events.places_left(3, 4) == 0 and events.is_full(3, 3)


def test_freed_places_go_down_the_list_past_whoever_cannot_take_one():
    offered = []

    def promote(name):
        offered.append(name)
        return name != "kan niet"

    moved = events.move_up(["eerste", "kan niet", "tweede", "derde"], 2, promote)
    assert moved == 2
    assert offered == ["eerste", "kan niet", "tweede"]
    assert events.move_up(["a", "b"], None, lambda _row: True) == 2
    assert events.move_up(["a"], 0, lambda _row: True) == 0


def test_the_waiting_list_is_first_come_first_served(network, anke, bert):
    ria = make_user("Ria Veenstra")
    make_membership(ria, network)
    soon = timezone.now() + timedelta(days=2)
    session = services.create_session(
        network, by=anke, title="Werkplaats", description="x", capacity=1,
        starts_at=soon, ends_at=soon + timedelta(hours=1),
    )  # fmt: skip
    services.register(session, by=anke)
    first = services.register(session, by=bert)
    second = services.register(session, by=ria)
    waiting = Registration.objects.filter(session=session, status="waitlisted")
    assert [events.queue_position(waiting, r) for r in (first, second)] == [1, 2]
    # The same moment: the earlier row first.
    Registration.objects.filter(pk=second.pk).update(created_at=first.created_at)
    second.refresh_from_db()
    assert [events.queue_position(waiting, r) for r in (first, second)] == [1, 2]


def test_an_events_uid_carries_its_kind_and_the_sites_domain(settings, network, anke):
    settings.SITE_URL = "https://gilde.example.nl"
    soon = timezone.now() + timedelta(days=2)
    session = services.create_session(
        network, by=anke, title="Lezing", description="x",
        starts_at=soon, ends_at=soon + timedelta(hours=1), online_url="https://meet.example/x",
    )  # fmt: skip
    assert session.uid == f"session-{session.pk}@gilde.example.nl"
    assert session.uid == calendar.uid("session", session.pk)
    assert session.where == "https://meet.example/x"
    assert Session.objects.in_feeds().upcoming().get() == session
