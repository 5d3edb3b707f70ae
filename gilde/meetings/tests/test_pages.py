"""The meeting pages as their users use them: plan, set the agenda, answer, write the
minutes with a preview, close, and tick an action off on "Mijn acties"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gilde.conftest import login
from gilde.meetings import services
from gilde.meetings.models import Action, Decision, Meeting
from gilde.meetings.tests.conftest import plan

pytestmark = pytest.mark.django_db


def test_a_coordinator_plans_a_meeting_on_the_page(network, anke, bert):
    client = login(anke)
    starts = (timezone.localtime() + timedelta(days=7)).replace(second=0, microsecond=0)
    response = client.post(
        reverse("meetings:meeting_new", args=[network.slug]),
        {
            "title": "Ledenavond maart",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "location": "Zernike Campus",
            "visibility": "network",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:meeting", args=[network.slug, meeting.pk])
    page = client.get(response["Location"])
    assert "Ledenavond maart" in page.content.decode()
    assert "Openstaande acties" in page.content.decode()


def test_a_meeting_that_ends_before_it_starts_is_refused_on_the_page(network, anke):
    client = login(anke)
    starts = timezone.localtime() + timedelta(days=7)
    response = client.post(
        reverse("meetings:meeting_new", args=[network.slug]),
        {
            "title": "Omgekeerd",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "visibility": "network",
        },
    )
    assert response.status_code == 200
    assert "moet eindigen na het begin" in response.content.decode()
    assert not Meeting.objects.exists()


def test_members_answer_and_the_counts_show(network, anke, bert):
    meeting = plan(network, anke, days=3)
    client = login(bert)
    url = reverse("meetings:meeting_rsvp", args=[network.slug, meeting.pk])
    assert client.post(url, {"answer": "yes"}).status_code == 302
    page = client.get(reverse("meetings:meeting", args=[network.slug, meeting.pk]))
    assert "1 ja" in page.content.decode()
    assert client.post(url, {"answer": "perhaps"}).status_code == 302
    assert meeting.rsvps.get(user=bert).answer == "yes"


def test_every_page_of_the_meetings_opens_for_a_coordinator(network, anke, bert):
    meeting = plan(network, anke)
    item = services.add_agenda_item(meeting, by=anke, title="Pilot")
    action = services.create_action(network, by=anke, title="Offerte", owner=bert)
    client = login(anke)
    slug = network.slug
    for url in (
        reverse("meetings:meetings", args=[slug]),
        reverse("meetings:meeting", args=[slug, meeting.pk]),
        reverse("meetings:meeting_edit", args=[slug, meeting.pk]),
        reverse("meetings:meeting_close", args=[slug, meeting.pk]),
        reverse("meetings:item_edit", args=[slug, meeting.pk, item.pk]),
        reverse("meetings:minutes", args=[slug, meeting.pk, item.pk]),
        reverse("meetings:actions", args=[slug]),
        reverse("meetings:action_new", args=[slug]),
        reverse("meetings:action", args=[slug, action.pk]),
        reverse("meetings:ideas", args=[slug]),
        reverse("meetings:decisions", args=[slug]),
        reverse("meetings:my_actions"),
    ):
        assert client.get(url).status_code == 200, url


def test_the_owner_ticks_an_action_off_on_my_actions(network, anke, bert):
    action = services.create_action(
        network,
        by=anke,
        title="LCA-rapport rondsturen",
        owner=bert,
        due_on=timezone.localdate() + timedelta(days=3),
    )
    client = login(bert)
    page = client.get(reverse("meetings:my_actions")).content.decode()
    assert "LCA-rapport rondsturen" in page
    response = client.post(
        reverse("meetings:action_status", args=[network.slug, action.pk]),
        {"status": "done", "next": reverse("meetings:my_actions")},
    )
    assert response["Location"] == reverse("meetings:my_actions")
    action.refresh_from_db()
    assert action.status == "done" and action.done_on == timezone.localdate()


def test_someone_else_cannot_tick_off_an_action(network, anke, bert, inge):
    action = services.create_action(network, by=anke, title="Offerte", owner=bert)
    login(inge).post(
        reverse("meetings:action_status", args=[network.slug, action.pk]), {"status": "done"}
    )
    action.refresh_from_db()
    assert action.status == "open"


def test_an_outsider_gets_404_for_a_meeting(network, anke, otto):
    meeting = plan(network, anke)
    response = login(otto).get(reverse("meetings:meeting", args=[network.slug, meeting.pk]))
    assert response.status_code == 404
    assert not Decision.objects.exists() and not Action.objects.exists()
