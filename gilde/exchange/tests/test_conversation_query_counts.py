"""Mijn gesprekken and a conversation use a fixed number of queries, however many
conversations, messages and agreements they show (3 rows against 30)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gilde.core.testing import make_membership, make_user
from gilde.exchange import services
from gilde.exchange.tests.conftest import due

pytestmark = pytest.mark.usefixtures("fragments_off")


def measure(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return len(context.captured_queries)


def conversations_with(network, bert, n: int) -> None:
    """`n` new members each write to Bert, and he answers some."""
    for i in range(n):
        other = make_user()
        make_membership(other, network)
        conversation, *_ = services.start_conversation(
            network, by=other, with_user=bert, body="Hoi Bert", topic=f"Vraag {i}"
        )
        if i % 2:
            services.send_message(conversation, by=bert, body="Dag!")


def test_my_conversations(client_for, network, bert):
    client = client_for(bert)
    conversations_with(network, bert, 3)
    small = measure(client, f"/n/{network.slug}/exchange/conversations/")
    conversations_with(network, bert, 27)
    large = measure(client, f"/n/{network.slug}/exchange/conversations/")
    assert small == large, f"{small} queries for 3 conversations, {large} for 30"


def test_my_conversations_in_the_api(client_for, network, bert):
    client = client_for(bert)
    conversations_with(network, bert, 3)
    small = measure(client, f"/api/v1/networks/{network.slug}/conversations")
    conversations_with(network, bert, 27)
    large = measure(client, f"/api/v1/networks/{network.slug}/conversations")
    assert small == large, f"{small} queries for 3 conversations, {large} for 30"


def fill(conversation, bert, ria, n: int) -> None:
    """`n` messages and `n` agreements in every state but the final ones."""
    for i in range(n):
        services.send_message(conversation, by=bert if i % 2 else ria, body=f"Bericht {i}")
        agreement = services.propose_agreement(
            conversation, by=ria, role="provider", description=f"Levering {i}", amount=1,
            due_on=due(),
        )  # fmt: skip
        if i % 3 >= 1:
            agreement = services.accept_agreement(agreement, by=bert)
        if i % 3 == 2:
            services.deliver_agreement(agreement, by=ria)


@pytest.mark.parametrize("who", ["bert", "ria"])
def test_a_conversation(client_for, network, conversation, bert, ria, who):
    client = client_for(bert if who == "bert" else ria)
    url = f"/n/{network.slug}/exchange/conversations/{conversation.pk}/"
    fill(conversation, bert, ria, 3)
    small = measure(client, url)
    fill(conversation, bert, ria, 27)
    large = measure(client, url)
    assert small == large, f"{small} queries for 3 rows, {large} for 30"


def test_a_conversation_in_the_api(client_for, network, conversation, bert, ria):
    client = client_for(bert)
    url = f"/api/v1/networks/{network.slug}/conversations/{conversation.pk}"
    fill(conversation, bert, ria, 3)
    small = measure(client, url)
    fill(conversation, bert, ria, 27)
    large = measure(client, url)
    assert small == large, f"{small} queries for 3 rows, {large} for 30"


def test_the_disputes(client_for, network, conversation, anke, bert, ria):
    client = client_for(anke)

    def disputes(n):
        for i in range(n):
            agreement = services.accept_agreement(
                services.propose_agreement(
                    conversation,
                    by=ria,
                    role="provider",
                    description=f"Geschil {i}",
                    amount=1,
                    due_on=due(),
                ),  # fmt: skip
                by=bert,
            )
            services.dispute_agreement(agreement, by=bert, reason="Niet goed")

    disputes(3)
    small = measure(client, f"/n/{network.slug}/exchange/disputes/")
    disputes(27)
    large = measure(client, f"/n/{network.slug}/exchange/disputes/")
    assert small == large, f"{small} queries for 3 disputes, {large} for 30"
