"""Helpers of the tests of trade between partner networks (fixtures: conftest.py)."""

from gilde.exchange import clearing
from gilde.exchange.models import Account

HOUR = 60


def propose(network, partner, by, own=HOUR, theirs=2, own_cap=10 * HOUR, partner_cap=20):
    """New terms from `network`'s side: `own` of its minor units are worth `theirs`."""
    return clearing.propose_clearing(
        network, partner, by=by, own_amount=own, partner_amount=theirs, own_cap=own_cap,
        partner_cap=partner_cap,
    )  # fmt: skip


def account(user, network):
    return Account.objects.with_holder().get(membership__user=user, network=network)


def clearing_of(network, partner):
    """`network`'s clearing account for `partner`."""
    return Account.objects.get(kind=Account.Kind.CLEARING, network=network, partner=partner)
