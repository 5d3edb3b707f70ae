"""The tree and a project page ask a fixed number of queries however many sub-projects."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gilde.conftest import login
from gilde.projects import services
from gilde.projects.tests.conftest import start

pytestmark = pytest.mark.django_db


def _umbrella(network, bert, count):
    umbrella = start(network, bert, title="Subsidieaanvraag")
    groenvezel = bert.organisations.get()
    for n in range(count):
        child = start(network, bert, title=f"Deelproject {n}", parent=umbrella)
        services.add_partner(child, by=bert, organisation=groenvezel)
        services.set_budget(child, by=bert, organisation=groenvezel, planned_cents=1000 * n)
        services.add_milestone(child, by=bert, title="Mijlpaal", weight=2)
    return umbrella


def _queries(client, url):
    client.get(url)  # warm caches (sessions, memberships) the same way for both
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("route", ["projects", "project"])
def test_fifteen_sub_projects_cost_what_one_does(network, bert, route):
    client = login(bert)
    one = _umbrella(network, bert, 1)
    args = [network.slug] if route == "projects" else [network.slug, one.pk]
    few, _page = _queries(client, reverse(f"projects:{route}", args=args))
    many_root = _umbrella(network, bert, 15)
    args = [network.slug] if route == "projects" else [network.slug, many_root.pk]
    many, page = _queries(client, reverse(f"projects:{route}", args=args))
    assert "Deelproject 14" in page
    assert many == few
