"""The decision log is a search source: found as the meeting is seen."""

import pytest

from gilde.core import search
from gilde.meetings import services
from gilde.meetings.tests.conftest import plan

pytestmark = pytest.mark.django_db


def _close_with(network, anke, text, **fields):
    meeting = plan(network, anke, **fields)
    item = services.add_agenda_item(meeting, by=anke, title="Pilot")
    services.save_minutes(item, by=anke, text=text)
    services.close_meeting(meeting, by=anke, present=[anke])
    return meeting


def test_decisions_are_found_by_members_and_not_by_others(network, anke, bert, otto, gea):
    _close_with(network, anke, "BESLUIT We kopen een extruder voor de pilotinstallatie.")
    for reader in (anke, bert):
        hits = search.search(reader, "extruder", kinds=["decision"]).hits
        assert [h.title for h in hits] == ["We kopen een extruder voor de pilotinstallatie."]
    for reader in (otto, gea, None):
        assert search.search(reader, "extruder", kinds=["decision"]).hits == []


def test_a_circle_meetings_decisions_reach_only_its_circle(network, anke, bert, inge):
    _close_with(
        network, anke, "BESLUIT Het bestuur verhoogt de contributie.",
        visibility="circle", invited=[inge],
    )  # fmt: skip
    assert search.search(inge, "contributie", kinds=["decision"]).total == 1
    assert search.search(anke, "contributie", kinds=["decision"]).total == 1
    assert search.search(bert, "contributie", kinds=["decision"]).total == 0
