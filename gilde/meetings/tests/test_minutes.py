"""Minutes: written per agenda item with their history, corrected by attendees, and
closed, which turns ACTIE/BESLUIT/IDEE lines into actions, decisions and ideas."""

import pytest

from gilde.core.errors import Conflict, Invalid, NotAllowed
from gilde.core.models import OutgoingMail
from gilde.meetings import services
from gilde.meetings.models import Action, Decision, Idea, MinutesRevision, Rsvp
from gilde.meetings.tests.conftest import plan

pytestmark = pytest.mark.django_db

MINUTES = """Sjoerd opent de avond. We bespreken de offerte voor de pilot.

ACTIE @Bert Kuipers offerte opvragen bij de drukker
BESLUIT We gaan door met de pilotinstallatie.
IDEE Gezamenlijk inkopen van vlasvezel
- [ ] @inge: LCA-rapport rondsturen
"""


def test_every_version_of_the_minutes_is_kept(network, anke):
    meeting = plan(network, anke)
    item = services.add_agenda_item(meeting, by=anke, title="Pilot")
    services.save_minutes(item, by=anke, text="Eerste versie")
    services.save_minutes(item, by=anke, text="Tweede versie")
    assert list(MinutesRevision.objects.filter(item=item).values_list("text", flat=True)) == [
        "Tweede versie",
        "Eerste versie",
    ]


def test_only_organisers_and_the_note_taker_write_minutes(network, anke, bert, inge):
    meeting = plan(network, anke, note_taker=inge)
    item = services.add_agenda_item(meeting, by=anke, title="Pilot")
    services.save_minutes(item, by=inge, text="Door de notulist")
    with pytest.raises(NotAllowed):
        services.save_minutes(item, by=bert, text="Niet van mij")
    item.refresh_from_db()
    assert item.minutes == "Door de notulist"


def test_closing_turns_the_lines_into_actions_decisions_and_ideas(network, anke, bert, inge):
    meeting = plan(network, anke)
    Rsvp.objects.create(meeting=meeting, user=bert, answer="yes")
    item = services.add_agenda_item(meeting, by=anke, title="Pilot")
    services.save_minutes(item, by=anke, text=MINUTES)
    made = services.close_meeting(meeting, by=anke, present=[anke, bert, inge])
    assert made == {"actions": 2}
    actions = {a.owner.name: a for a in Action.objects.filter(meeting=meeting)}
    assert set(actions) == {"Bert Kuipers", "Inge Bakker"}
    assert actions["Bert Kuipers"].item == item
    assert "offerte opvragen" in actions["Bert Kuipers"].title
    assert Decision.objects.get(meeting=meeting).text.startswith("We gaan door")
    assert Idea.objects.get(meeting=meeting).title.startswith("Gezamenlijk inkopen")
    meeting.refresh_from_db()
    assert meeting.minutes_final and meeting.is_closed
    # Everyone who was there gets one mail with the minutes and their own actions.
    mails = {m.to: m for m in OutgoingMail.objects.filter(subject__contains="Verslag")}
    assert set(mails) == {anke.email, bert.email, inge.email}
    assert "offerte opvragen" in mails[bert.email].text
    assert "LCA-rapport" not in mails[bert.email].text.split("Besluiten")[0]


def test_final_minutes_are_locked(network, anke):
    meeting = plan(network, anke)
    item = services.add_agenda_item(meeting, by=anke, title="Pilot")
    services.close_meeting(meeting, by=anke, present=[anke])
    with pytest.raises(Conflict):
        services.save_minutes(item, by=anke, text="Achteraf nog iets")
    with pytest.raises(Conflict):
        services.add_agenda_item(meeting, by=anke, title="Te laat")


def test_an_unknown_owner_stops_the_closing_and_nothing_is_made(network, anke):
    meeting = plan(network, anke)
    item = services.add_agenda_item(meeting, by=anke, title="Pilot")
    services.save_minutes(
        item, by=anke, text="BESLUIT We gaan door.\nACTIE @Nobody Bekend iets doen"
    )
    with pytest.raises(Invalid, match="Pilot, regel 2"):
        services.close_meeting(meeting, by=anke, present=[anke])
    meeting.refresh_from_db()
    assert not meeting.minutes_final
    assert not Decision.objects.exists() and not Action.objects.exists()


def test_attendees_propose_corrections_that_an_organiser_takes_over(network, anke, bert, inge):
    meeting = plan(network, anke)
    Rsvp.objects.create(meeting=meeting, user=bert, answer="yes")
    item = services.add_agenda_item(meeting, by=anke, title="Pilot")
    services.save_minutes(item, by=anke, text="We bespraken de pilot.")
    with pytest.raises(NotAllowed):
        services.propose_correction(item, by=inge, text="Ik was er niet")
    correction = services.propose_correction(item, by=bert, text="We bespraken de kosten.")
    with pytest.raises(NotAllowed):
        services.decide_correction(correction, by=bert, accept=True)
    services.decide_correction(correction, by=anke, accept=True)
    item.refresh_from_db()
    assert item.minutes == "We bespraken de kosten."
    assert item.revisions.first().correction == correction
    with pytest.raises(Conflict):
        services.decide_correction(correction, by=anke, accept=False)


def test_the_next_meeting_lists_the_actions_still_open(network, anke, bert, inge):
    first = plan(network, anke, days=-8)
    item = services.add_agenda_item(first, by=anke, title="Pilot")
    services.save_minutes(
        item,
        by=anke,
        text="ACTIE @Bert Kuipers offerte opvragen\nACTIE @Inge Bakker rapport rondsturen\n"
        "ACTIE @Anke Dijkstra zaal reserveren",
    )
    services.close_meeting(first, by=anke, present=[anke, bert, inge])
    done = Action.objects.get(owner=anke)
    services.set_action_status(done, by=anke, status="done")
    following = plan(network, anke, days=5)
    open_ones = list(services.open_actions_for(following))
    assert {a.owner for a in open_ones} == {bert, inge}
    assert following.items.order_by("position").first().kind == "open_actions"
