"""The pages of trade between partner networks: the coordinators' partners page (propose,
approve, end) and paying a member of a partner network with the converted amount shown
first. The people and networks are in conftest.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gilde.core.testing import make_membership, make_network, make_user
from gilde.exchange import clearing
from gilde.exchange.models import ClearingAgreement, ClearingPayment, Transfer
from gilde.exchange.tests.clearing.world import HOUR, account, clearing_of, propose
from gilde.networks.models import PartnerLink


def _partners(network):
    return reverse("exchange:partners", args=[network.slug])


def _pay(network):
    return reverse("exchange:pay_partner", args=[network.slug])


def _terms(partner, **values):
    data = {"own_amount": "1", "partner_amount": "2", "own_cap": "10", "partner_cap": "20"}
    data.update(values)
    return {f"{partner.slug}-{name}": value for name, value in data.items()}


# -- the coordinators' page -------------------------------------------------------------


def test_the_partners_page_shows_the_agreement_its_balances_and_caps(
    client_for, agreement, network, ruil, anke, bert, ruud
):
    clearing.pay_partner(
        account(bert, network), account(ruud, ruil), 90, by=bert, description="Vezeltest"
    )
    page = client_for(anke).get(_partners(network)).content.decode()
    assert "Ruilkring Drenthe" in page
    assert "1 uur = 2 punten" in page
    assert "+1 uur 30 min" in page  # our trade balance
    assert "−3 punten" in page  # theirs, in their unit
    assert "10 uren" in page and "20 punten" in page  # the caps
    assert "Vezeltest" in page and "Ruud de Vries" in page  # the recent payments
    statement = reverse("exchange:statement", args=[network.slug])
    assert f"{statement}?account={clearing_of(network, ruil).pk}" in page


def test_a_coordinator_proposes_terms_in_their_own_units(client_for, linked, network, ruil, anke):
    response = client_for(anke).post(
        reverse("exchange:clearing_propose", args=[network.slug, ruil.pk]), _terms(ruil)
    )
    assert response.status_code == 302
    proposed = ClearingAgreement.objects.get()
    assert (proposed.rate_a, proposed.rate_b, proposed.cap_a, proposed.cap_b) == (30, 1, 600, 20)
    assert proposed.approved_by_a == anke and proposed.status == "proposed"
    page = client_for(anke).get(_partners(network)).content.decode()
    assert "wacht op goedkeuring van een coördinator" in page
    assert ">Goedkeuren<" not in page  # Anke proposed: Rita approves


def test_a_wrong_amount_in_the_terms_is_shown_on_the_form(client_for, linked, network, ruil, anke):
    response = client_for(anke).post(
        reverse("exchange:clearing_propose", args=[network.slug, ruil.pk]),
        _terms(ruil, partner_amount="1,5"),
    )
    assert response.status_code == 200
    assert "fijner dan de kleinste stap" in response.content.decode()
    assert not ClearingAgreement.objects.exists()


def test_a_second_proposal_is_refused_on_the_form(client_for, linked, network, ruil, anke):
    propose(network, ruil, anke)
    response = client_for(anke).post(
        reverse("exchange:clearing_propose", args=[network.slug, ruil.pk]),
        _terms(ruil, own_cap="5"),
    )
    assert response.status_code == 200
    assert "wachten al" in response.content.decode()
    assert ClearingAgreement.objects.count() == 1


def test_proposing_to_a_network_that_is_not_a_partner_is_404(client_for, network, ruil, anke):
    PartnerLink.objects.create(from_network=network, to_network=ruil)  # not yet accepted
    response = client_for(anke).post(
        reverse("exchange:clearing_propose", args=[network.slug, ruil.pk]), _terms(ruil)
    )
    assert response.status_code == 404
    assert not ClearingAgreement.objects.exists()


def test_the_other_sides_coordinator_approves_on_their_page(
    client_for, linked, network, ruil, anke, rita
):
    proposed = propose(network, ruil, anke)
    page = client_for(rita).get(_partners(ruil)).content.decode()
    assert ">Goedkeuren<" in page and "1 punt = 30 min" in page
    response = client_for(rita).post(
        reverse("exchange:clearing_approve", args=[ruil.slug, proposed.pk])
    )
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == ClearingAgreement.Status.ACTIVE


def test_approving_ones_own_proposal_is_refused_with_a_message(
    client_for, linked, network, ruil, anke
):
    make_membership(anke, ruil, role="coordinator")
    proposed = propose(network, ruil, anke)
    client = client_for(anke)
    response = client.post(reverse("exchange:clearing_approve", args=[ruil.slug, proposed.pk]))
    assert response.status_code == 302
    assert "iemand anders" in client.get(response["Location"]).content.decode()
    proposed.refresh_from_db()
    assert proposed.status == ClearingAgreement.Status.PROPOSED


def test_ending_asks_first(client_for, agreement, network, anke):
    url = reverse("exchange:clearing_end", args=[network.slug, agreement.pk])
    client = client_for(anke)
    question = client.post(url)
    assert question.status_code == 200
    assert "De ruilafspraak met Ruilkring Drenthe beëindigen?" in question.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == ClearingAgreement.Status.ACTIVE
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == ClearingAgreement.Status.ENDED


def test_an_agreement_between_other_networks_is_404(client_for, agreement, network, tom):
    third = tom.memberships.get().network
    PartnerLink.objects.create(from_network=third, to_network=network, status="accepted")
    url = reverse("exchange:clearing_end", args=[third.slug, agreement.pk])
    assert client_for(tom).post(url, {"confirm": "yes"}).status_code == 404
    url = reverse("exchange:clearing_approve", args=[third.slug, agreement.pk])
    assert client_for(tom).post(url).status_code == 404
    agreement.refresh_from_db()
    assert agreement.status == ClearingAgreement.Status.ACTIVE


# -- paying a partner's member ------------------------------------------------------------


def _payment(ruil, payee, amount="1,5", **extra):
    return {"partner": ruil.pk, "payee": payee.pk, "amount": amount, "description": "Proef"} | extra


def test_a_member_pays_a_partners_member_after_seeing_the_converted_amount(
    client_for, agreement, network, ruil, bert, ruud
):
    client = client_for(bert)
    form = client.get(_pay(network)).content.decode()
    assert "Ruud de Vries" in form and "Rita Bakker" in form
    assert "1 uur = 2 punten" in form and "In stappen van 30 min" in form
    data = _payment(ruil, account(ruud, ruil))
    preview = client.post(_pay(network), data)
    page = preview.content.decode()
    assert preview.status_code == 200
    assert 'id="converted"><strong>3 punten</strong>' in page
    assert "−1 uur 30 min" in page  # the balance after
    assert not Transfer.objects.exists()
    done = client.post(_pay(network), data | {"confirm": "yes"})
    assert done.status_code == 302
    payment = ClearingPayment.objects.get()
    assert (payment.out_leg.amount, payment.in_leg.amount) == (90, 3)
    assert "die ontvangt 3 punten" in client.get(done["Location"]).content.decode()


def test_an_amount_that_does_not_convert_is_shown_on_the_form(
    client_for, agreement, network, ruil, bert, ruud
):
    response = client_for(bert).post(_pay(network), _payment(ruil, account(ruud, ruil), "45 min"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "niet precies om te rekenen" in page and "1 uur" in page
    assert not Transfer.objects.exists()


def test_the_preview_shows_a_cap_that_refuses_and_offers_no_pay_button(
    client_for, agreement, network, ruil, bert, ruud
):
    response = client_for(bert).post(_pay(network), _payment(ruil, account(ruud, ruil), "11"))
    page = response.content.decode()
    assert "voorbij het maximum" in page
    assert ">Betalen<" not in page


def test_the_second_leg_failing_on_the_page_moves_nothing(
    client_for, agreement, network, ruil, rita, bert, ruud
):
    from gilde.exchange import services

    services.set_account_limits(account(ruud, ruil), by=rita, limit=None, ceiling=1, reason="Vol")
    response = client_for(bert).post(
        _pay(network), _payment(ruil, account(ruud, ruil)) | {"confirm": "yes"}
    )
    assert response.status_code == 200
    assert "plafond" in response.content.decode()
    assert not Transfer.objects.exists()


def test_without_an_active_agreement_there_is_nobody_to_pay(
    client_for, linked, network, ruil, anke, bert, ruud
):
    propose(network, ruil, anke)
    client = client_for(bert)
    page = client.get(_pay(network)).content.decode()
    assert "geen lopende ruilafspraak" in page
    assert "Ruud de Vries" not in page
    assert client.get(_pay(network), {"partner": ruil.pk}).status_code == 404
    response = client.post(_pay(network), _payment(ruil, account(ruud, ruil)) | {"confirm": "yes"})
    assert response.status_code == 404
    assert not Transfer.objects.exists()


def test_a_member_of_the_partner_without_agreement_cannot_pay_into_ours(
    client_for, linked, network, ruil, anke, ruud
):
    response = client_for(ruud).post(
        _pay(ruil), {"partner": network.pk, "payee": account(anke, network).pk, "amount": "2",
                     "description": "x", "confirm": "yes"},
    )  # fmt: skip
    assert response.status_code == 404
    assert not Transfer.objects.exists()


def test_a_payee_outside_the_partner_network_is_not_a_choice(
    client_for, agreement, network, ruil, bert, tom
):
    stranger = tom.memberships.get().ledger_account
    response = client_for(bert).post(_pay(network), _payment(ruil, stranger) | {"confirm": "yes"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode() or "geldige" in (
        response.content.decode()
    )
    assert not Transfer.objects.exists()


def test_paying_across_shows_only_names_and_opens_nothing_else(
    client_for, agreement, network, ruil, bert, ruud
):
    client = client_for(bert)
    clearing.pay_partner(account(ruud, ruil), account(bert, network), 2, by=ruud, description="Les")
    for url in (
        reverse("networks:members", args=[ruil.slug]),
        reverse("networks:person", args=[ruil.slug, ruud.pk]),
        reverse("exchange:account", args=[ruil.slug]),
        reverse("exchange:statement", args=[ruil.slug]),
        reverse("exchange:pay_partner", args=[ruil.slug]),
        reverse("exchange:transfer", args=[ruil.slug, Transfer.objects.get(network=ruil).pk]),
        _partners(ruil),
    ):
        assert client.get(url).status_code == 404, url
    page = client.get(_pay(network)).content.decode()
    assert ruud.email not in page
    assert reverse("networks:person", args=[ruil.slug, ruud.pk]) not in page


def test_a_legs_page_names_the_other_side(client_for, agreement, network, ruil, bert, ruud):
    payment = clearing.pay_partner(
        account(bert, network), account(ruud, ruil), HOUR, by=bert, description="Advies"
    )
    page = (
        client_for(bert)
        .get(reverse("exchange:transfer", args=[network.slug, payment.out_leg.pk]))
        .content.decode()
    )
    assert (
        "Bert Kuipers (Biobased Noord) betaalde 1 uur; Ruud de Vries (Ruilkring Drenthe) ontving 2"
        in page
    )


def test_members_see_no_partners_page(client_for, agreement, network, bert):
    assert client_for(bert).get(_partners(network)).status_code == 404


# -- fixed numbers of queries -------------------------------------------------------------


def _queries(client, url, data=None) -> int:
    client.get(url, data)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, data).status_code == 200
    return len(context.captured_queries)


def _more_partners(network, n: int):
    for _ in range(n):
        other = make_network()
        coordinator = make_user()
        make_membership(coordinator, other, role="coordinator")
        PartnerLink.objects.create(from_network=other, to_network=network, status="accepted")
        anke = network.memberships.get(role="coordinator").user
        agreement = propose(network, other, anke, theirs=HOUR, partner_cap=10 * HOUR)
        clearing.approve_clearing(agreement, by=coordinator)
        clearing.pay_partner(
            account(coordinator, other), account(anke, network), HOUR, by=coordinator,
            description="x",
        )  # fmt: skip
        propose(other, network, coordinator, own=HOUR, theirs=2 * HOUR)


@pytest.mark.usefixtures("fragments_off")
def test_the_partners_page_reads_a_fixed_number_of_queries(client_for, agreement, network, anke):
    client = client_for(anke)
    _more_partners(network, 1)
    few = _queries(client, _partners(network))
    _more_partners(network, 4)
    assert _queries(client, _partners(network)) == few


@pytest.mark.usefixtures("fragments_off")
def test_the_pay_partner_page_reads_a_fixed_number_of_queries(
    client_for, agreement, network, ruil, bert
):
    client = client_for(bert)
    few = _queries(client, _pay(network), {"partner": ruil.pk})
    for _ in range(8):
        make_membership(make_user(), ruil)
    assert _queries(client, _pay(network), {"partner": ruil.pk}) == few
