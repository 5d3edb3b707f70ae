"""The boards and "Mijn acties" use a fixed number of queries: 3 rows or 30 the same
(each page is asked once before it is measured)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gilde.conftest import login
from gilde.core.testing import make_membership, make_network, make_user
from gilde.meetings import services
from gilde.meetings.tests.conftest import plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragments_off")]


def measure(client, url: str, query=None) -> int:
    client.get(url, query)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, query)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return len(context.captured_queries)


def grow(network, coordinator, owner, n: int) -> None:
    """`n` actions from `n` meetings, each with a new member involved, and `n` ideas."""
    for i in range(n):
        person = make_user()
        make_membership(person, network)
        meeting = plan(network, coordinator, days=-i - 10, title=f"Overleg {i}")
        services.create_action(
            network, by=coordinator, title=f"Actie {i}", owner=owner, meeting=meeting,
            due_on=timezone.localdate() + timedelta(days=i - 5), involved=[person],
        )  # fmt: skip
        idea = services.raise_idea(network, by=person, title=f"Idee {i}")
        services.support_idea(idea, by=owner)


@pytest.mark.parametrize("page", ["actions", "ideas", "decisions", "meetings"])
def test_the_network_boards(network, anke, bert, page):
    client = login(anke)
    url = f"/n/{network.slug}/{page}/"
    grow(network, anke, bert, 3)
    small = measure(client, url)
    grow(network, anke, bert, 27)
    assert measure(client, url) == small


def test_the_actions_board_filtered(network, anke, bert):
    client = login(anke)
    url = f"/n/{network.slug}/actions/"
    query = {"owner": bert.pk, "status": "all", "overdue": "on"}
    grow(network, anke, bert, 3)
    small = measure(client, url, query)
    grow(network, anke, bert, 27)
    assert measure(client, url, query) == small


def test_my_actions_across_networks(network, anke, bert):
    client = login(bert)
    others = []
    for i in range(4):
        other = make_network(f"Netwerk {i}")
        boss = make_user()
        make_membership(boss, other, role="coordinator")
        make_membership(bert, other)
        others.append((other, boss))
    grow(network, anke, bert, 2)
    small = measure(client, "/my/actions/")
    for other, boss in others:
        grow(other, boss, bert, 5)
    assert measure(client, "/my/actions/") == small


def test_a_meeting_page_with_many_items_and_actions(network, anke, bert):
    meeting = plan(network, anke)
    client = login(anke)
    url = f"/n/{network.slug}/meetings/{meeting.pk}/"

    def add(n):
        for i in range(n):
            item = services.add_agenda_item(meeting, by=anke, title=f"Punt {i}", owner=bert)
            services.save_minutes(item, by=anke, text=f"Besproken {i}")
            services.create_action(network, by=anke, title=f"A{i}", owner=bert, meeting=meeting)

    add(2)
    small = measure(client, url)
    add(20)
    assert measure(client, url) == small


def test_my_actions_with_500_actions_in_5_networks(network, anke, bert):
    """The issue's measure: "Mijn acties" with 500 actions across 5 networks asks no more
    than with 5 (the rows are made in bulk: what is measured is the page)."""
    from gilde.meetings.models import Action

    networks = [(network, anke)]
    for i in range(4):
        other = make_network(f"Netwerk {i}")
        boss = make_user()
        make_membership(boss, other, role="coordinator")
        make_membership(bert, other)
        networks.append((other, boss))
    today = timezone.localdate()

    def add(per_network: int) -> None:
        rows = []
        for net, boss in networks:
            meeting = plan(net, boss, days=-3, title="Overleg")
            for i in range(per_network):
                rows.append(
                    Action(
                        network=net, title=f"Actie {i}", owner=bert, created_by=boss,
                        meeting=meeting if i % 2 else None,
                        due_on=today + timedelta(days=i - per_network // 2),
                        status="in_progress" if i % 3 == 0 else "open",
                    )
                )  # fmt: skip
        Action.objects.bulk_create(rows)

    client = login(bert)
    add(1)
    small = measure(client, "/my/actions/")
    add(99)
    assert Action.objects.filter(owner=bert).count() == 500
    response = client.get("/my/actions/")
    assert response.content.decode().count('<tr id="action-') == 500  # all shown
    assert measure(client, "/my/actions/") == small
