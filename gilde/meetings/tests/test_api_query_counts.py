"""The meetings API's lists and a meeting's detail use a fixed number of queries: 3 rows or
30 the same (each is asked once before it is measured)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gilde.accounts.services import issue_token
from gilde.core.testing import make_membership, make_network, make_user
from gilde.meetings import services
from gilde.meetings.tests.conftest import plan
from gilde.meetings.tests.test_query_counts import grow

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragments_off")]


def bearer(user) -> dict:
    _token, raw = issue_token(user, "tests", by=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def measure(client, url: str, auth: dict, query=None) -> int:
    client.get(url, query, **auth)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, query, **auth)
    assert response.status_code == 200, f"{url}: {response.content}"
    return len(context.captured_queries)


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("actions", None),
        ("actions", {"status": "all", "overdue": True}),
        ("ideas", None),
        ("decisions", None),
        ("meetings", {"when": "all", "page_size": 100}),
    ],
)
def test_the_network_lists(client, network, anke, bert, path, query):
    auth = bearer(anke)
    url = f"/api/v1/networks/{network.slug}/{path}"
    grow(network, anke, bert, 3)
    small = measure(client, url, auth, query)
    grow(network, anke, bert, 27)
    assert measure(client, url, auth, query) == small


def test_my_actions_across_networks(client, network, anke, bert):
    auth = bearer(bert)
    others = []
    for i in range(4):
        other = make_network(f"Netwerk {i}")
        boss = make_user()
        make_membership(boss, other, role="coordinator")
        make_membership(bert, other)
        others.append((other, boss))
    grow(network, anke, bert, 2)
    small = measure(client, "/api/v1/me/actions", auth, {"page_size": 100})
    for other, boss in others:
        grow(other, boss, bert, 5)
    assert measure(client, "/api/v1/me/actions", auth, {"page_size": 100}) == small


def test_a_meeting_with_many_items_answers_and_outcomes(client, network, anke, bert):
    meeting = plan(network, anke)
    auth = bearer(anke)
    url = f"/api/v1/networks/{network.slug}/meetings/{meeting.pk}"

    def add(n: int) -> None:
        for i in range(n):
            person = make_user()
            make_membership(person, network)
            services.record_attendance(meeting, by=anke, present=[anke, bert, person])
            item = services.add_agenda_item(meeting, by=anke, title=f"Punt {i}", owner=person)
            services.create_action(
                network, by=anke, title=f"Actie {i}", owner=person, meeting=meeting, item=item
            )
            earlier = plan(network, anke, days=-30 - i, title=f"Eerder {i}")
            services.create_action(network, by=anke, title=f"Open {i}", owner=bert, meeting=earlier)

    add(2)
    small = measure(client, url, auth)
    add(20)
    assert measure(client, url, auth) == small
