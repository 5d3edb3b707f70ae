"""The demo's trade between partner networks (gilde/exchange/demo/clearing.yaml): the terms
two partner networks agreed on and a few payments between their members, written through
gilde.exchange.clearing by the demo people themselves.

`seed()` runs inside seed_demo's transaction once the people and networks exist (the
lead registers it, after the ledger's own demo). The two networks are partner-linked
through gilde.networks.services if they are not yet; one coordinator proposes, the
other network's coordinator approves, and the payers pay. A pair of networks that has
an agreement in any state is left alone, so a second run writes nothing. A refusal is
an error naming the YAML entry. `manage.py ledger_verify` passes on the result.
"""

from __future__ import annotations

from django.utils import translation

from gilde.accounts.models import User
from gilde.core.credits import parse_amount
from gilde.core.demo import Entry, Field, load, refused
from gilde.exchange import clearing, services
from gilde.exchange.models import ClearingAgreement
from gilde.networks import services as network_services
from gilde.networks.models import Network, PartnerLink

PAYMENT = {
    "from": Field(),
    "payer": Field(),
    "payee": Field(),
    "amount": Field(),
    "description": Field(),
}
AGREEMENT = {
    "network": Field(),
    "partner": Field(),
    "proposed_by": Field(),
    "approved_by": Field(),
    "rate": Field(list, items=str),
    "caps": Field(list, items=str),
    "payments": Field(list, required=False, default=list, items=PAYMENT),
}


def entries() -> list[Entry]:
    return load("exchange", "clearing.yaml", AGREEMENT, key="network")


def seed(context: object = None) -> str:
    """Seed every agreement of clearing.yaml whose networks have none yet. `context` (what
    seed_demo may pass its seeders) is not needed: networks and people are found by their
    slugs and addresses."""
    agreements = payments = 0
    with translation.override("nl"):
        for entry in entries():
            network, partner = _network(entry, entry["network"]), _network(entry, entry["partner"])
            if ClearingAgreement.objects.between(network, partner).exists():
                continue
            _link(entry, network, partner)
            _agree(entry, network, partner)
            agreements += 1
            payments += _pay(entry, network, partner)
    return f"Clearing: {agreements} agreements between partner networks, {payments} payments."


def _network(entry: Entry, slug: str) -> Network:
    found = Network.objects.filter(slug=slug).first()
    if found is None:
        raise entry.error(f"no demo network {slug!r}")
    return found


def _person(entry: Entry, email: str) -> User:
    found = User.objects.filter(email__iexact=email).first()
    if found is None:
        raise entry.error(f"no demo person {email!r}")
    return found


def _amount(entry: Entry, text: str, network: Network) -> int:
    with refused(entry):
        return parse_amount(text, network.unit)


def _link(entry: Entry, network: Network, partner: Network) -> None:
    """Partner-link the two networks (proposed by one coordinator, accepted by the other)."""
    pair = [network, partner]
    link = PartnerLink.objects.filter(from_network__in=pair, to_network__in=pair).first()
    if link is not None and link.status == PartnerLink.Status.ACCEPTED:
        return
    proposer, approver = _person(entry, entry["proposed_by"]), _person(entry, entry["approved_by"])
    with refused(entry):
        if link is None:
            link = network_services.propose_partner(network, partner, by=proposer)
        accepter = approver if link.to_network_id == partner.pk else proposer
        network_services.accept_partner(link, by=accepter)


def _agree(entry: Entry, network: Network, partner: Network) -> ClearingAgreement:
    rate, caps = entry["rate"], entry["caps"]
    if len(rate) != 2 or len(caps) != 2:
        raise entry.error("rate and caps are [network, partner]")
    with refused(entry):
        proposed = clearing.propose_clearing(
            network,
            partner,
            by=_person(entry, entry["proposed_by"]),
            own_amount=_amount(entry, rate[0], network),
            partner_amount=_amount(entry, rate[1], partner),
            own_cap=_amount(entry, caps[0], network),
            partner_cap=_amount(entry, caps[1], partner),
        )
        return clearing.approve_clearing(proposed, by=_person(entry, entry["approved_by"]))


def _pay(entry: Entry, network: Network, partner: Network) -> int:
    sides = {network.slug: (network, partner), partner.slug: (partner, network)}
    for payment in entry["payments"]:
        if payment["from"] not in sides:
            raise entry.error(f"a payment from {payment['from']!r}, not one of the two networks")
        payer_network, payee_network = sides[payment["from"]]
        payer = _person(entry, payment["payer"])
        payer_account = services.account_of(payer, payer_network)
        payee_account = services.account_of(_person(entry, payment["payee"]), payee_network)
        if payer_account is None or payee_account is None:
            raise entry.error(
                f"{payment['payer']} or {payment['payee']} has no account to pay from or into"
            )
        with refused(entry):
            clearing.pay_partner(
                payer_account,
                payee_account,
                _amount(entry, payment["amount"], payer_network),
                by=payer,
                description=payment["description"],
            )
    return len(entry["payments"])
