"""The people and networks of the tests of trade between partner networks.

Biobased Noord (the shared fixtures: Anke coordinates, Bert is a member) counts in hours
of 60 minutes; its partner Ruilkring Drenthe (Rita coordinates, Ruud is a member) counts
whole points. Tom coordinates a third network that is nobody's partner.
"""

import pytest

from gilde.core.testing import make_membership, make_network, make_user
from gilde.exchange import clearing
from gilde.exchange.tests.clearing.world import propose
from gilde.networks.models import PartnerLink


@pytest.fixture
def ruil(db):
    return make_network(
        "Ruilkring Drenthe", unit_singular="punt", unit_plural="punten", minor_units=1,
        minor_name="", credit_limit=-40, credit_ceiling=80,
    )  # fmt: skip


@pytest.fixture
def rita(ruil):
    user = make_user("Rita Bakker")
    make_membership(user, ruil, role="coordinator")
    return user


@pytest.fixture
def ruud(ruil):
    user = make_user("Ruud de Vries")
    make_membership(user, ruil, role="member")
    return user


@pytest.fixture
def tom(db):
    user = make_user("Tom Derde")
    make_membership(user, make_network("Derde Kring"), role="coordinator")
    return user


@pytest.fixture
def linked(network, ruil):
    return PartnerLink.objects.create(from_network=network, to_network=ruil, status="accepted")


@pytest.fixture
def agreement(linked, network, ruil, anke, rita):
    """Active: 1 uur = 2 punten; Biobased Noord may go 10 uur either way, Ruilkring 20 punten."""
    return clearing.approve_clearing(propose(network, ruil, anke), by=rita)
