"""The ledger's API: accounts, transfers with an Idempotency-Key, statements, refusals."""

import json
import threading

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.utils import translation

from gilde.accounts.services import issue_token
from gilde.exchange import services
from gilde.exchange.models import Account, IdempotencyKey, Transfer
from gilde.exchange.verify import verify


def bearer(user) -> dict:
    _token, raw = issue_token(user, "tests", by=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def url(network, path: str = "") -> str:
    return f"/api/v1/networks/{network.slug}/{path}"


def post(client, path, body, **headers):
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


@pytest.fixture
def parties(network, anke, bert):
    return services.account_of(bert, network), services.account_of(anke, network)


def test_pay_through_the_api_gives_minor_units_and_words(network, bert, parties):
    mine, anke_account = parties
    response = post(
        Client(),
        url(network, "transfers"),
        {"payee": anke_account.pk, "amount": 90, "description": "Subsidie-advies"},
        **bearer(bert),
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["amount"] == {"minor": 90, "formatted": "1 uur 30 min"}
    assert body["status"] == "completed" and body["payer"]["account_id"] == mine.pk
    account = Client().get(url(network, "accounts/mine"), **bearer(bert)).json()
    assert account["balance"]["minor"] == -90


def test_the_same_key_and_body_answers_the_first_result(network, bert, parties):
    _mine, anke_account = parties
    headers = {**bearer(bert), "HTTP_IDEMPOTENCY_KEY": "betaling-42"}
    body = {"payee": anke_account.pk, "amount": 30, "description": "Koffie en advies"}
    first = post(Client(), url(network, "transfers"), body, **headers)
    again = post(Client(), url(network, "transfers"), body, **headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Transfer.objects.count() == 1
    other = post(Client(), url(network, "transfers"), {**body, "amount": 31}, **headers)
    assert other.status_code == 409
    assert "Idempotency-Key" in other.json()["message"]
    assert Transfer.objects.count() == 1


def test_a_refusal_is_kept_for_its_key_too(network, bert, parties):
    _mine, anke_account = parties
    headers = {**bearer(bert), "HTTP_IDEMPOTENCY_KEY": "te-veel"}
    body = {"payee": anke_account.pk, "amount": 10_000, "description": "Te veel"}
    first = post(Client(), url(network, "transfers"), body, **headers)
    assert first.status_code == 409 and "limiet" in first.json()["message"]
    # The limit is raised in between: the retry still answers what the first got.
    services.set_account_limits(
        Account.objects.get(pk=_mine.pk), by=network.memberships.get(role="coordinator").user,
        limit=-20_000, ceiling=None, reason="Meer ruimte",
    )  # fmt: skip
    again = post(Client(), url(network, "transfers"), body, **headers)
    assert (again.status_code, again.json()) == (409, first.json())
    assert not Transfer.objects.exists()


def test_keys_are_per_user(network, bert, anke, parties):
    mine, anke_account = parties
    post(Client(), url(network, "transfers"),
         {"payee": anke_account.pk, "amount": 5, "description": "a"},
         **bearer(bert), HTTP_IDEMPOTENCY_KEY="k")  # fmt: skip
    response = post(Client(), url(network, "transfers"),
                    {"payee": mine.pk, "amount": 5, "description": "b"},
                    **bearer(anke), HTTP_IDEMPOTENCY_KEY="k")  # fmt: skip
    assert response.status_code == 201
    assert IdempotencyKey.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_requests_with_one_key_pay_once(network, bert, parties):
    """Ten clients send the same request with one key at the same moment."""
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        ("file:memorydb", ":memory:")
    ):
        pytest.skip(
            "threads share an in-memory SQLite database through its shared cache, whose table "
            "locks fail at once instead of waiting; test_idempotency_processes.py runs it with "
            "processes on a SQLite file"
        )
    _mine, anke_account = parties
    headers = {**bearer(bert), "HTTP_IDEMPOTENCY_KEY": "tegelijk"}
    body = {"payee": anke_account.pk, "amount": 45, "description": "Tegelijk"}
    start = threading.Barrier(10)
    answers = []

    def client():
        try:
            start.wait()
            response = post(Client(), url(network, "transfers"), body, **headers)
            answers.append((response.status_code, response.json()))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == 10
    assert {status for status, _body in answers} == {201}
    assert len({json.dumps(b, sort_keys=True) for _s, b in answers}) == 1
    assert Transfer.objects.count() == 1
    assert verify().ok


def test_request_accept_twice_is_a_conflict(network, bert, anke, parties):
    mine, anke_account = parties
    asked = post(Client(), url(network, "transfers"),
                 {"kind": "request", "payer": mine.pk, "amount": 60, "description": "Lezing"},
                 **bearer(anke))  # fmt: skip
    assert asked.status_code == 201 and asked.json()["status"] == "pending"
    transfer_id = asked.json()["id"]
    assert post(Client(), url(network, f"transfers/{transfer_id}/accept"), {},
                **bearer(anke)).status_code == 403  # fmt: skip
    accepted = post(Client(), url(network, f"transfers/{transfer_id}/accept"), {}, **bearer(bert))
    assert accepted.status_code == 200 and accepted.json()["status"] == "completed"
    twice = post(Client(), url(network, f"transfers/{transfer_id}/accept"), {}, **bearer(bert))
    assert twice.status_code == 409
    assert Transfer.objects.completed().count() == 1


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"amount": 0}, 400),
        ({"amount": -5}, 400),
        ({"amount": "1,5"}, 400),
        ({"amount": 10**13}, 400),
        ({"payee": 10**9}, 404),
        ({"description": ""}, 400),
    ],
)
def test_bad_transfers_answer_json_and_move_nothing(network, bert, parties, body, status):
    _mine, anke_account = parties
    full = {"payee": anke_account.pk, "amount": 5, "description": "x", **body}
    with translation.override("nl"):
        response = post(Client(), url(network, "transfers"), full, **bearer(bert),
                        HTTP_ACCEPT_LANGUAGE="nl")  # fmt: skip
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"]
    assert not Transfer.objects.exists()


def test_paying_oneself_and_outside_the_network(network, bert, parties, otto):
    mine, _anke_account = parties
    body = {"payee": mine.pk, "amount": 5, "description": "x"}
    response = post(Client(), url(network, "transfers"), body, **bearer(bert))
    assert response.status_code == 400
    response = post(Client(), url(network, "transfers"), body, **bearer(otto))
    assert response.status_code == 404
    assert not Transfer.objects.exists()


def test_statement_and_preview(network, bert, parties):
    mine, anke_account = parties
    services.pay(mine, anke_account, 90, by=bert, description="Eerste")
    services.pay(Account.objects.get(pk=mine.pk), anke_account, 30, by=bert, description="Tweede")
    body = Client().get(url(network, f"accounts/{mine.pk}/statement"), **bearer(bert)).json()
    assert [line["balance"]["minor"] for line in body["lines"]] == [-90, -120]
    assert body["closing"]["minor"] == -120 and body["paid"]["minor"] == 120
    preview = Client().get(url(network, f"accounts/{mine.pk}/preview"), {"amount": 1000},
                           **bearer(bert)).json()  # fmt: skip
    assert preview["balance_after"]["minor"] == -1120
    assert preview["warning"] is True and preview["allowed"] is True
    preview = Client().get(url(network, f"accounts/{mine.pk}/preview"), {"amount": 1100},
                           **bearer(bert)).json()  # fmt: skip
    assert preview["allowed"] is False


def test_others_accounts_are_not_found(network, bert, anke, parties):
    _mine, anke_account = parties
    response = Client().get(url(network, f"accounts/{anke_account.pk}"), **bearer(bert))
    assert response.status_code == 404
    response = Client().get(url(network, f"accounts/{anke_account.pk}"), **bearer(anke))
    assert response.status_code == 200
