"""The ledger's lists use a fixed number of queries, however many rows they show.

Each test measures a page with a few rows, adds many more (with other members), and
measures again; every request is made once before it is measured.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gilde.core.testing import make_membership, make_user
from gilde.exchange import services
from gilde.exchange.models import Account

pytestmark = pytest.mark.usefixtures("fragments_off")


def measure(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return len(context.captured_queries)


def trade(network, bert, n: int) -> None:
    """`n` payments from Bert to new members, and `n` requests of theirs to Bert."""
    mine = services.account_of(bert, network)
    for _ in range(n):
        other = make_user()
        make_membership(other, network)
        theirs = services.account_of(other, network)
        services.pay(Account.objects.get(pk=mine.pk), theirs, 1, by=bert, description="Hulp")
        services.request_payment(theirs, mine, 1, by=other, description="Vraag")


@pytest.mark.parametrize(
    "path", ["exchange/", "exchange/statement/", "exchange/statement.csv", "exchange/pay/"]
)
def test_member_pages(network, bert, client_for, path):
    client = client_for(bert)
    url = f"/n/{network.slug}/{path}"
    trade(network, bert, 3)
    small = measure(client, url)
    trade(network, bert, 27)
    assert measure(client, url) == small


def test_overview(network, anke, bert, client_for):
    client = client_for(anke)
    url = f"/n/{network.slug}/exchange/overview/"
    trade(network, bert, 3)
    small = measure(client, url)
    trade(network, bert, 27)
    assert measure(client, url) == small


@pytest.mark.parametrize("path", ["transfers", "accounts", "accounts/mine"])
def test_api_lists(network, anke, bert, client_for, path):
    client = client_for(anke)
    url = f"/api/v1/networks/{network.slug}/{path}"
    trade(network, bert, 3)
    small = measure(client, url)
    trade(network, bert, 27)
    assert measure(client, url) == small


def test_api_statement(network, bert, client_for):
    client = client_for(bert)
    mine = services.account_of(bert, network)
    url = f"/api/v1/networks/{network.slug}/accounts/{mine.pk}/statement"
    trade(network, bert, 3)
    small = measure(client, url)
    trade(network, bert, 27)
    assert measure(client, url) == small
