"""People for the conversation and agreement tests: Bert and Ria trade, Anke coordinates.

Anke (coordinator) settles the disputes between Bert and Ria; Gea is a guest, Otto an
outsider. `conversation` is Bert's first message to Ria.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from gilde.core.testing import make_membership, make_user
from gilde.exchange import services
from gilde.exchange.models import Account


@pytest.fixture
def ria(network):
    user = make_user("Ria Veenstra", email="ria@example.test")
    make_membership(user, network, role="member")
    return user


@pytest.fixture
def conversation(network, anke, bert, ria):
    made, _message, _created = services.start_conversation(
        network, by=bert, with_user=ria, body="Hoi Ria, kun je me helpen met een LCA?"
    )
    return made


def due(days: int = 14):
    return timezone.localdate() + timedelta(days=days)


def fresh(account) -> Account:
    return Account.objects.with_holder().get(pk=account.pk)


@pytest.fixture
def propose(conversation):
    """Propose an agreement in the conversation: by `who`, who delivers when role is
    "provider"; Ria delivers to Bert for 90 minutes by default."""

    def make(who, *, role="provider", amount=90, description="LCA van een biocomposiet"):
        return services.propose_agreement(
            conversation,
            by=who,
            role=role,
            description=description,
            amount=amount,
            due_on=due(),
        )

    return make
