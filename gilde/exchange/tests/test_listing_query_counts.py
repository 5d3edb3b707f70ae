"""The lists of offers and wants use a fixed number of queries: 3 listings or 30, by 3 owners
or 30, with tags, the same count (each request is made once before it is measured)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gilde.core.testing import make_membership, make_user
from gilde.exchange import services

pytestmark = pytest.mark.usefixtures("fragments_off")


def measure(client, url: str, query=None) -> int:
    client.get(url, query)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, query)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return len(context.captured_queries)


def place(network, n: int, *, owner=None) -> None:
    """`n` listings, each by a new member unless `owner` is given, with two tags each."""
    for i in range(n):
        user = owner
        if user is None:
            user = make_user()
            make_membership(user, network)
        services.create_listing(
            network,
            by=user,
            kind="offer" if i % 2 else "want",
            title=f"Hulp {i}",
            description="Hulp bij een **subsidieaanvraag**",
            tags=["subsidies", f"thema {i}"],
            price=30 + i,
            visibility="public" if i % 3 else "network",
        )


@pytest.mark.parametrize(
    "query", [None, {"kind": "offer"}, {"tag": "subsidies"}, {"q": "subsidieaanvraag"}]
)
def test_the_listings_page(network, bert, client_for, query):
    client = client_for(bert)
    url = f"/n/{network.slug}/exchange/listings/"
    place(network, 3)
    small = measure(client, url, query)
    place(network, 27)
    assert measure(client, url, query) == small


def test_the_listings_page_for_anonymous_visitors(network):
    url = f"/n/{network.slug}/exchange/listings/"
    place(network, 3)
    small = measure(Client(), url)
    place(network, 27)
    assert measure(Client(), url) == small


def test_my_own_listings(network, bert, client_for):
    client = client_for(bert)
    url = f"/n/{network.slug}/exchange/listings/"
    place(network, 3, owner=bert)
    small = measure(client, url, {"mine": "on"})
    place(network, 27, owner=bert)
    assert measure(client, url, {"mine": "on"}) == small


def test_the_person_page(network, anke, bert, client_for):
    client = client_for(anke)
    url = f"/n/{network.slug}/members/{bert.pk}/"
    place(network, 3, owner=bert)
    small = measure(client, url)
    place(network, 27, owner=bert)
    assert measure(client, url) == small


@pytest.mark.parametrize("query", [None, {"tag": "subsidies"}, {"q": "subsidieaanvraag"}])
def test_the_api_list(network, anke, client_for, query):
    client = client_for(anke)
    url = f"/api/v1/networks/{network.slug}/listings"
    place(network, 3)
    small = measure(client, url, query)
    place(network, 27)
    assert measure(client, url, query) == small
