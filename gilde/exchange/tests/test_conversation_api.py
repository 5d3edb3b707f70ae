"""The conversations and agreements API: the same services as the pages, amounts in minor
units plus words, refusals as 400/403/404/409 JSON that change nothing."""

import json

import pytest
from django.test import Client

from gilde.accounts.services import issue_token
from gilde.exchange import services
from gilde.exchange.models import Agreement, Conversation, Hold, Transfer
from gilde.exchange.tests.conftest import due, fresh
from gilde.exchange.verify import verify
from gilde.networks.models import Membership


def bearer(user) -> dict:
    _token, raw = issue_token(user, "tests", by=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_ACCEPT_LANGUAGE": "nl"}


def url(network, path: str = "") -> str:
    return f"/api/v1/networks/{network.slug}/{path}"


def post(who, path, body=None):
    return Client().post(
        path, json.dumps(body or {}), content_type="application/json", **bearer(who)
    )


def get(who, path):
    return Client().get(path, **bearer(who))


def test_start_list_and_read_a_conversation(network, bert, ria):
    started = post(
        bert,
        url(network, "conversations"),
        {"member": ria.pk, "body": "Zie https://example.test", "reference": "exchange.listing:4"},
    )
    assert started.status_code == 201, started.content
    body = started.json()
    assert body["other"] == {"id": ria.pk, "name": "Ria Veenstra"}
    assert body["reference"] == "exchange.listing:4" and body["unread"] == 0
    assert '<a href="https://example.test"' in body["messages"][0]["body_html"]
    again = post(
        bert,
        url(network, "conversations"),
        {"member": ria.pk, "body": "Nog een", "reference": "exchange.listing:4"},
    )
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    inbox = get(ria, url(network, "conversations")).json()
    assert inbox["count"] == 1 and inbox["results"][0]["unread"] == 2
    detail = get(ria, url(network, f"conversations/{body['id']}")).json()
    assert detail["unread"] == 2 and len(detail["messages"]) == 2
    assert get(ria, url(network, "conversations")).json()["results"][0]["unread"] == 0


def test_starting_refusals(network, bert, gea, otto, ria):
    path = url(network, "conversations")
    assert post(bert, path, {"member": gea.pk, "body": "Hoi"}).status_code == 404
    assert post(bert, path, {"member": otto.pk, "body": "Hoi"}).status_code == 404
    assert post(otto, path, {"member": ria.pk, "body": "Hoi"}).status_code == 404
    itself = post(bert, path, {"member": bert.pk, "body": "Hoi"})
    assert itself.status_code == 400 and itself.json()["field"] == "member"
    bad = post(bert, path, {"member": ria.pk, "body": "Hoi", "reference": "lijst"})
    assert bad.status_code == 400 and bad.json()["field"] == "reference"
    assert post(bert, path, {"member": ria.pk, "body": " "}).status_code == 400
    assert not Conversation.objects.exists()


def test_messages_and_someone_elses_conversation(network, conversation, anke, ria):
    path = url(network, f"conversations/{conversation.pk}/messages")
    reply = post(ria, path, {"body": "Graag"})
    assert reply.status_code == 201 and reply.json()["author"]["id"] == ria.pk
    assert post(anke, path, {"body": "Ik ook"}).status_code == 404
    assert get(anke, url(network, f"conversations/{conversation.pk}")).status_code == 404
    assert conversation.messages.count() == 2


def _propose(who, network, conversation, **changes):
    body = {
        "role": "provider",
        "description": "LCA van een biocomposiet",
        "amount": 90,
        "due_on": due().isoformat(),
        **changes,
    }
    return post(who, url(network, f"conversations/{conversation.pk}/agreements"), body)


def _act(who, network, agreement_id, step, body=None):
    return post(who, url(network, f"agreements/{agreement_id}/{step}"), body)


def test_an_agreement_through_the_api(network, conversation, bert, ria):
    proposed = _propose(ria, network, conversation)
    assert proposed.status_code == 201, proposed.content
    body = proposed.json()
    assert body["amount"] == {"minor": 90, "formatted": "1 uur 30 min"}
    assert body["status"] == "proposed" and body["steps"] == ["withdraw"]
    assert body["provider"]["label"] == "Ria Veenstra"
    agreement_id = body["id"]
    accepted = _act(bert, network, agreement_id, "accept")
    assert accepted.status_code == 200 and accepted.json()["steps"] == ["dispute"]
    mine = get(bert, url(network, "accounts/mine")).json()
    assert mine["reserved"] == {"minor": 90, "formatted": "1 uur 30 min"}
    again = _act(bert, network, agreement_id, "accept")
    assert again.status_code == 409 and again.json()["message"]
    assert _act(ria, network, agreement_id, "deliver").json()["status"] == "delivered"
    assert _act(ria, network, agreement_id, "confirm").status_code == 403
    confirmed = _act(bert, network, agreement_id, "confirm").json()
    assert confirmed["status"] == "confirmed" and confirmed["transfer"]
    assert Transfer.objects.get(pk=confirmed["transfer"]).amount == 90
    detail = get(bert, url(network, f"conversations/{conversation.pk}")).json()
    assert [a["status"] for a in detail["agreements"]] == ["confirmed"]
    assert verify().ok


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": 0}, "amount"),
        ({"amount": -5}, "amount"),
        ({"amount": 1.5}, None),
        ({"role": "both"}, None),
        ({"due_on": "2001-01-01"}, "due_on"),
        ({"description": ""}, "description"),
    ],
)
def test_bad_proposals_are_400s(network, conversation, ria, changes, field):
    response = _propose(ria, network, conversation, **changes)
    assert response.status_code == 400, response.content
    if field:
        assert response.json()["field"] == field
    assert not Agreement.objects.exists()


def test_refusals_of_steps(network, conversation, anke, bert, ria, otto):
    agreement_id = _propose(ria, network, conversation).json()["id"]
    assert _act(ria, network, agreement_id, "accept").status_code == 403
    assert _act(otto, network, agreement_id, "accept").status_code == 404
    assert _act(anke, network, agreement_id, "accept").status_code == 403
    assert _act(bert, network, agreement_id, "withdraw").status_code == 403
    assert _act(bert, network, agreement_id, "deliver").status_code == 403
    assert _act(ria, network, agreement_id, "deliver").status_code == 409
    settle = _act(anke, network, agreement_id, "settle", {"amount": 90, "note": "x"})
    assert settle.status_code == 409
    assert not Hold.objects.exists()


def test_a_dispute_settled_through_the_api(network, conversation, anke, bert, ria):
    agreement_id = _propose(ria, network, conversation).json()["id"]
    _act(bert, network, agreement_id, "accept")
    assert _act(bert, network, agreement_id, "dispute", {"reason": ""}).status_code == 400
    disputed = _act(bert, network, agreement_id, "dispute", {"reason": "Niet geleverd"})
    assert disputed.json()["status"] == "disputed"
    listed = get(anke, url(network, "disputes")).json()
    assert [a["id"] for a in listed["results"]] == [agreement_id]
    assert listed["results"][0]["steps"] == ["settle"]
    assert get(bert, url(network, "disputes")).status_code == 404
    by_a_party = _act(bert, network, agreement_id, "settle", {"amount": 0, "note": "x"})
    assert by_a_party.status_code == 403
    too_much = _act(anke, network, agreement_id, "settle", {"amount": 91, "note": "Te veel"})
    assert too_much.status_code == 400 and too_much.json()["field"] == "amount"
    settled = _act(anke, network, agreement_id, "settle", {"amount": 30, "note": "Een derde"})
    body = settled.json()
    assert settled.status_code == 200 and body["status"] == "settled"
    assert body["settlement_amount"] == {"minor": 30, "formatted": "30 min"}
    assert body["settlement_note"] == "Een derde" and body["settled_by"]["id"] == anke.pk
    assert fresh(services.account_of(bert, network)).balance == -30
    assert verify().ok


def test_a_party_who_left_gets_a_409(network, conversation, bert, ria):
    agreement_id = _propose(ria, network, conversation).json()["id"]
    Membership.objects.filter(user=ria).update(status=Membership.Status.LEFT)
    response = _act(bert, network, agreement_id, "accept")
    assert response.status_code == 409 and "Ria Veenstra" in response.json()["message"]
    message = post(bert, url(network, f"conversations/{conversation.pk}/messages"), {"body": "?"})
    assert message.status_code == 409
    assert not Hold.objects.exists()


def test_the_api_names_every_status_of_an_agreement():
    import typing

    from gilde.exchange.api import AgreementStatus, AgreementStep

    assert set(typing.get_args(AgreementStatus)) == set(Agreement.Status.values)
    assert set(typing.get_args(AgreementStep)) == {*services.AGREEMENT_STEPS, "dispute", "settle"}
