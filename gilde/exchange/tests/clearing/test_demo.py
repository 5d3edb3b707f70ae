"""The demo's trade between partner networks, seeded on a small setup: just the networks
and the people that gilde/exchange/demo/clearing.yaml names, nothing else of the demo."""

import pytest

from gilde.core.demo import DemoDataError
from gilde.core.testing import make_membership, make_network, make_user
from gilde.exchange import demo_clearing
from gilde.exchange.models import ClearingAgreement, ClearingPayment
from gilde.exchange.verify import verify
from gilde.networks.models import Membership, PartnerLink


@pytest.fixture
def setup(db):
    """The networks and people of the YAML file, with the roles it needs them in."""
    networks, people = {}, {}

    def network(slug):
        if slug not in networks:
            networks[slug] = make_network(slug.title(), slug=slug)
        return networks[slug]

    def person(email, where, role):
        if email not in people:
            people[email] = make_user(email.split("@")[0].replace(".", " ").title(), email=email)
        make_membership(people[email], where, role=role)

    for entry in demo_clearing.entries():
        own, partner = network(entry["network"]), network(entry["partner"])
        person(entry["proposed_by"], own, "coordinator")
        person(entry["approved_by"], partner, "coordinator")
        for payment in entry["payments"]:
            payer_side = own if payment["from"] == own.slug else partner
            payee_side = partner if payer_side == own else own
            person(payment["payer"], payer_side, "member")
            person(payment["payee"], payee_side, "member")
    return networks


def test_the_demo_agrees_links_and_pays_and_the_books_verify(setup):
    report = demo_clearing.seed()
    entries = demo_clearing.entries()
    payments = sum(len(e["payments"]) for e in entries)
    assert report == (
        f"Clearing: {len(entries)} agreements between partner networks, {payments} payments."
    )
    assert ClearingAgreement.objects.active().count() == len(entries)
    assert ClearingPayment.objects.count() == payments >= 2
    for entry in entries:
        pair = [setup[entry["network"]], setup[entry["partner"]]]
        link = PartnerLink.objects.get(from_network__in=pair, to_network__in=pair)
        assert link.status == PartnerLink.Status.ACCEPTED
    checked = verify()
    assert checked.ok, checked.errors


def test_a_second_run_writes_nothing(setup):
    demo_clearing.seed()
    before = (ClearingAgreement.objects.count(), ClearingPayment.objects.count())
    assert demo_clearing.seed(object()).startswith("Clearing: 0 agreements")
    assert (ClearingAgreement.objects.count(), ClearingPayment.objects.count()) == before


def test_an_existing_partner_link_is_used(setup):
    entry = demo_clearing.entries()[0]
    link = PartnerLink.objects.create(
        from_network=setup[entry["partner"]], to_network=setup[entry["network"]]
    )
    demo_clearing.seed()
    link.refresh_from_db()
    assert link.status == PartnerLink.Status.ACCEPTED
    assert PartnerLink.objects.count() == len(demo_clearing.entries())


def test_a_refused_payment_names_the_entry(setup):
    entry = demo_clearing.entries()[0]
    payer = entry["payments"][0]["payer"]
    Membership.objects.filter(user__email=payer).update(status="suspended")
    with pytest.raises(DemoDataError, match=r"clearing\.yaml, entry 1 \(biocooperatie\)"):
        demo_clearing.seed()


def test_a_missing_network_is_named(db):
    with pytest.raises(DemoDataError, match="no demo network 'biocooperatie'"):
        demo_clearing.seed()
