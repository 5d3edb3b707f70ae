"""The person page of a network shows the person's follow-through: the share of their actions
done on or before their due date over the last 12 months, with its trend."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gilde.conftest import login
from gilde.meetings import services
from gilde.meetings.models import Action
from gilde.meetings.tests.conftest import plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragments_off")]


def test_the_rate_on_the_person_page(network, anke, bert, gea):
    today = timezone.localdate()
    on_time = services.create_action(network, by=anke, title="Op tijd", owner=bert, due_on=today)
    services.set_action_status(on_time, by=bert, status="done")
    late = services.create_action(network, by=anke, title="Te laat", owner=bert, due_on=today)
    Action.objects.filter(pk=late.pk).update(due_on=today - timedelta(days=3))
    services.create_action(network, by=anke, title="Van Anke", owner=anke, due_on=today)

    page = login(anke).get(f"/n/{network.slug}/members/{bert.pk}/").content.decode()
    assert "<strong>50 %</strong>" in page
    assert "(1 van 2 acties" in page
    assert "<svg" in page
    assert f"/n/{network.slug}/actions/?owner={bert.pk}&amp;status=all" in page


def test_actions_of_a_meeting_the_viewer_may_not_see_do_not_count(network, anke, bert, inge):
    today = timezone.localdate()
    board = plan(network, anke, visibility="circle", invited=[bert])
    hidden = services.create_action(
        network, by=anke, title="Bestuurszaak", owner=bert, meeting=board, due_on=today
    )
    services.set_action_status(hidden, by=bert, status="done")
    url = f"/n/{network.slug}/members/{bert.pk}/"
    assert "<strong>100 %</strong>" in login(anke).get(url).content.decode()
    page = login(inge).get(url).content.decode()
    assert "geen acties" in page and "100 %" not in page
