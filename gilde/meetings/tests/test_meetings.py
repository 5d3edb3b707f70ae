"""Planning a meeting, its agenda, answers and attendance, and who may do what."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gilde.core.errors import Conflict, Invalid, NotAllowed, NotFound
from gilde.meetings import services
from gilde.meetings.models import AgendaItem, Meeting, Rsvp
from gilde.meetings.tests.conftest import plan

pytestmark = pytest.mark.django_db


def test_a_new_meeting_opens_with_the_open_actions(network, anke):
    meeting = plan(network, anke, days=3)
    first = meeting.items.get()
    assert first.kind == AgendaItem.Kind.OPEN_ACTIONS
    assert first.kind == "open_actions"
    assert list(meeting.organisers.all()) == [anke]


def test_a_meeting_that_ends_before_it_starts_is_refused(network, anke):
    starts = timezone.now() + timedelta(days=2)
    with pytest.raises(Invalid, match="eindigen na"):
        services.create_meeting(
            network,
            by=anke,
            title="Omgekeerd",
            starts_at=starts,
            ends_at=starts - timedelta(hours=1),
        )
    assert not Meeting.objects.exists()


def test_guests_and_outsiders_plan_no_meetings(network, gea, otto):
    for person in (gea, otto):
        with pytest.raises(NotAllowed):
            plan(network, person, days=2)


def test_a_circle_meeting_is_seen_by_the_invited_and_coordinators_only(network, anke, bert, inge):
    meeting = plan(network, bert, days=2, visibility="circle", invited=[inge])
    assert set(Meeting.objects.visible_to(inge)) == {meeting}
    assert set(Meeting.objects.visible_to(anke)) == {meeting}  # coordinator
    other = plan(network, anke, days=2, visibility="circle", invited=[anke])
    assert other not in Meeting.objects.visible_to(bert)
    with pytest.raises(NotFound):
        services.answer(other, by=bert, answer="yes")


def test_agenda_items_move_up_and_down_but_open_actions_stays_first(network, anke):
    meeting = plan(network, anke, days=2)
    one = services.add_agenda_item(meeting, by=anke, title="Begroting")
    two = services.add_agenda_item(meeting, by=anke, title="Pilotinstallatie")
    services.move_agenda_item(two, by=anke, direction="up")
    services.move_agenda_item(two, by=anke, direction="up")  # cannot pass "Open actions"
    titles = list(meeting.items.order_by("position").values_list("title", flat=True))
    assert titles[1:] == ["Pilotinstallatie", "Begroting"]
    services.move_agenda_item(one, by=anke, direction="up")
    titles = list(meeting.items.order_by("position").values_list("title", flat=True))
    assert titles[1:] == ["Begroting", "Pilotinstallatie"]


def test_members_who_do_not_run_the_meeting_do_not_change_its_agenda(network, anke, bert):
    meeting = plan(network, anke, days=2)
    with pytest.raises(NotAllowed):
        services.add_agenda_item(meeting, by=bert, title="Mijn punt")


def test_a_full_meeting_refuses_another_yes(network, anke, bert, inge):
    meeting = plan(network, anke, days=2, capacity=1)
    services.answer(meeting, by=bert, answer="yes")
    with pytest.raises(Conflict, match="vol"):
        services.answer(meeting, by=inge, answer="yes")
    services.answer(meeting, by=inge, answer="maybe")
    assert Rsvp.objects.get(meeting=meeting, user=inge).answer == "maybe"


def test_the_next_meeting_of_a_series_keeps_standing_items(network, anke):
    first = plan(network, anke, days=-20)
    services.start_series(first, by=anke, title="Ledenavond", frequency="monthly", week_of_month=1)
    services.add_agenda_item(first, by=anke, title="Rondvraag", standing=True)
    services.add_agenda_item(first, by=anke, title="Eenmalig")
    following = services.plan_next_meeting(first, by=anke)
    assert following.series_id == first.series_id
    assert [(i.kind, i.title) for i in following.items.order_by("position")][1:] == [
        ("topic", "Rondvraag")
    ]
    assert (
        timezone.localtime(following.starts_at).weekday()
        == timezone.localtime(first.starts_at).weekday()
    )
    assert timezone.localtime(following.starts_at).day <= 7
    with pytest.raises(Conflict):
        services.plan_next_meeting(first, by=anke)


def test_the_open_actions_item_keeps_its_name(network, anke):
    meeting = plan(network, anke, days=3)
    item = meeting.items.get(kind=AgendaItem.Kind.OPEN_ACTIONS)
    title = item.title
    with pytest.raises(Conflict, match="Openstaande acties"):
        services.update_agenda_item(item, by=anke, title="Iets anders")
    services.update_agenda_item(item, by=anke, duration_minutes=10)
    item.refresh_from_db()
    assert item.title == title and item.duration_minutes == 10


def test_a_network_is_removed_with_its_meetings_and_their_agenda(network, anke):
    meeting = plan(network, anke)
    services.add_agenda_item(meeting, by=anke, title="Begroting")
    network.delete()
    assert not Meeting.objects.exists()
