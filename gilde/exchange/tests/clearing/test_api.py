"""The API of trade between partner networks: agreements seen from the network in the path,
payments answered with both legs, and every refusal a JSON error that moved nothing.
The people and networks are in conftest.py."""

import json

import pytest

from gilde.exchange.models import ClearingAgreement, ClearingPayment, Transfer
from gilde.exchange.tests.clearing.world import HOUR, account, propose
from gilde.networks.models import PartnerLink

API = "/api/v1/networks"


def _post(client, path, body=None):
    return client.post(path, json.dumps(body or {}), content_type="application/json")


def _terms(to, **values):
    return {
        "partner": to.slug, "own_amount": 60, "partner_amount": 2, "own_cap": 600,
        "partner_cap": 20, **values,
    }  # fmt: skip


def test_a_coordinator_proposes_and_the_partner_approves(
    client_for, linked, network, ruil, anke, rita
):
    response = _post(client_for(anke), f"{API}/{network.slug}/clearing-agreements", _terms(ruil))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "proposed"
    assert body["rate"] == "1 uur = 2 punten"
    assert body["own"]["network"] == network.slug and body["partner"]["network"] == ruil.slug
    assert body["own"]["rate"] == {"minor": 60, "formatted": "1 uur"}
    assert body["own"]["step"] == {"minor": 30, "formatted": "30 min"}
    assert body["partner"]["cap"] == {"minor": 20, "formatted": "20 punten"}
    assert body["own"]["approved_by"] == anke.pk and body["partner"]["approved_at"] is None
    assert body["may_approve"] is False
    # Seen from Ruilkring, the same agreement the other way round.
    rita_client = client_for(rita)
    seen = rita_client.get(f"{API}/{ruil.slug}/clearing-agreements/{body['id']}").json()
    assert seen["rate"] == "1 punt = 30 min" and seen["may_approve"] is True
    approved = _post(rita_client, f"{API}/{ruil.slug}/clearing-agreements/{body['id']}/approve")
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "active"
    assert approved.json()["own"]["balance"] == {"minor": 0, "formatted": "0 punten"}


def test_members_list_the_active_agreements_without_balances(
    client_for, agreement, network, ruil, anke, bert
):
    propose(ruil, network, ruil.memberships.get().user, own=1, theirs=HOUR)
    coordinator = client_for(anke).get(f"{API}/{network.slug}/clearing-agreements").json()
    assert coordinator["count"] == 2
    member = client_for(bert).get(f"{API}/{network.slug}/clearing-agreements").json()
    assert [a["id"] for a in member["results"]] == [agreement.pk]
    assert member["results"][0]["own"]["balance"] is None


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"own_amount": 0}, 400, None),
        ({"partner": "bestaat-niet"}, 404, "partner"),
    ],
)
def test_bad_terms_are_refused(client_for, linked, network, ruil, anke, body, status, field):
    response = _post(
        client_for(anke), f"{API}/{network.slug}/clearing-agreements", _terms(ruil, **body)
    )
    assert response.status_code == status, response.content
    assert response.json()["message"]
    if field:
        assert response.json()["field"] == field
    assert not ClearingAgreement.objects.exists()


def test_a_second_proposal_is_409(client_for, linked, network, ruil, anke):
    propose(network, ruil, anke)
    response = _post(
        client_for(anke), f"{API}/{network.slug}/clearing-agreements", _terms(ruil, own_cap=1)
    )
    assert response.status_code == 409
    assert "wachten al" in response.json()["message"]


def test_approving_ones_own_proposal_as_the_other_side_is_refused(
    client_for, linked, network, ruil, anke
):
    from gilde.core.testing import make_membership

    make_membership(anke, ruil, role="coordinator")
    proposed = propose(network, ruil, anke)
    response = _post(
        client_for(anke), f"{API}/{ruil.slug}/clearing-agreements/{proposed.pk}/approve"
    )
    assert response.status_code == 403
    assert "iemand anders" in response.json()["message"]
    proposed.refresh_from_db()
    assert proposed.status == "proposed"


def test_a_third_networks_coordinator_gets_404(client_for, agreement, network, tom):
    third = tom.memberships.get().network
    PartnerLink.objects.create(from_network=third, to_network=network, status="accepted")
    client = client_for(tom)
    base = f"{API}/{third.slug}/clearing-agreements/{agreement.pk}"
    assert client.get(base).status_code == 404
    assert _post(client, base + "/approve").status_code == 404
    assert _post(client, base + "/end").status_code == 404
    assert client.get(f"{API}/{network.slug}/clearing-agreements").status_code == 404


def test_ending_twice_is_409(client_for, agreement, network, anke):
    url = f"{API}/{network.slug}/clearing-agreements/{agreement.pk}/end"
    assert _post(client_for(anke), url).json()["status"] == "ended"
    assert _post(client_for(anke), url).status_code == 409


def test_a_payment_answers_both_legs_in_their_units(
    client_for, agreement, network, ruil, bert, ruud
):
    client = client_for(bert)
    payees = client.get(f"{API}/{network.slug}/partner-payees", {"partner": ruil.slug}).json()
    names = {p["label"]: p["account_id"] for p in payees["results"]}
    assert set(names) == {"Rita Bakker", "Ruud de Vries"}
    preview = client.get(
        f"{API}/{network.slug}/partner-payments/preview",
        {"payee": names["Ruud de Vries"], "amount": 90},
    ).json()
    assert preview["converted"] == {"minor": 3, "formatted": "3 punten"}
    assert preview["balance_after"]["minor"] == -90 and preview["allowed"] is True
    assert not Transfer.objects.exists()
    response = _post(
        client,
        f"{API}/{network.slug}/partner-payments",
        {"payee": names["Ruud de Vries"], "amount": 90, "description": "Vezeltest"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["out_leg"]["network"] == network.slug
    assert body["out_leg"]["amount"] == {"minor": 90, "formatted": "1 uur 30 min"}
    assert body["out_leg"]["payer"]["label"] == "Bert Kuipers"
    assert body["out_leg"]["payee"]["label"] == "Verrekening met Ruilkring Drenthe"
    assert body["in_leg"]["network"] == ruil.slug
    assert body["in_leg"]["amount"] == {"minor": 3, "formatted": "3 punten"}
    assert body["in_leg"]["payee"]["label"] == "Ruud de Vries"
    payment = ClearingPayment.objects.get()
    assert (body["id"], body["agreement"]) == (payment.pk, agreement.pk)


def test_a_retry_with_the_same_idempotency_key_pays_once(
    client_for, agreement, network, ruil, bert, ruud
):
    client = client_for(bert)
    body = {"payee": account(ruud, ruil).pk, "amount": 90, "description": "Vezeltest"}
    url = f"{API}/{network.slug}/partner-payments"
    first = client.post(
        url, json.dumps(body), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    again = client.post(
        url, json.dumps(body), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert ClearingPayment.objects.count() == 1
    other = client.post(
        url,
        json.dumps(body | {"amount": 60}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k-1",
    )
    assert other.status_code == 409
    assert ClearingPayment.objects.count() == 1


def _pay(client, network, payee, amount=HOUR):
    return _post(
        client,
        f"{API}/{network.slug}/partner-payments",
        {"payee": payee.pk, "amount": amount, "description": "Proef"},
    )


def test_refusals_are_json_and_move_nothing(
    client_for, agreement, network, ruil, anke, rita, bert, ruud
):
    client = client_for(bert)
    ruud_account = account(ruud, ruil)
    inexact = _pay(client, network, ruud_account, 45)
    assert inexact.status_code == 400 and inexact.json()["field"] == "amount"
    assert "30 min" in inexact.json()["message"]
    beyond_cap = _pay(client, network, ruud_account, 11 * HOUR)
    assert beyond_cap.status_code == 409 and "maximum" in beyond_cap.json()["message"]
    own_network = _pay(client, network, account(anke, network))
    assert own_network.status_code == 404
    ruud.memberships.update(status="left")
    frozen = _pay(client, network, ruud_account)
    assert frozen.status_code == 409 and "niet actief" in frozen.json()["message"]
    assert not Transfer.objects.exists()


def test_without_agreement_a_partners_member_cannot_pay_into_ours(
    client_for, linked, network, ruil, anke, ruud
):
    response = _pay(client_for(ruud), ruil, account(anke, network), 2)
    assert response.status_code == 404
    listed = client_for(ruud).get(f"{API}/{ruil.slug}/partner-payees", {"partner": network.slug})
    assert listed.status_code == 404
    assert not Transfer.objects.exists()


def test_guests_and_outsiders_reach_nothing(client_for, agreement, network, ruil, gea, otto, ruud):
    for user in (gea, otto):
        client = client_for(user)
        assert client.get(f"{API}/{network.slug}/clearing-agreements").status_code == 404
        assert _pay(client, network, account(ruud, ruil)).status_code == 404
    assert not Transfer.objects.exists()
