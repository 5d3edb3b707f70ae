"""Eight client processes move credits among a handful of accounts close to their limits.

Each client (ledger_client.py) makes random payments, payment requests, accepts of
pending requests (the clients choose among the same few, so accepts of one request
race) and reversals, through gilde.exchange.services, on this test's database. The
two accounts of a transfer are locked in id order (select_for_update on PostgreSQL,
the IMMEDIATE transaction on SQLite); if that were wrong, balances would be lost or
pushed past a limit, a request accepted twice, or clients would deadlock. Afterwards
the books must verify, and the completed transfers in the database must be exactly
the ones the clients were told had completed: none lost, none extra. Refusals at a
limit or ceiling are expected (the accounts start near them) and counted.
"""

from __future__ import annotations

import subprocess
import threading
from collections import Counter

import pytest
from django.db import connection, transaction

from gilde.core.testing import make_membership, make_network, make_user
from gilde.exchange import services
from gilde.exchange.models import Account, Transfer
from gilde.exchange.tests.processes import read_log, shared_database, start_client, stderr_of
from gilde.exchange.verify import verify

pytestmark = [pytest.mark.processes, pytest.mark.django_db(transaction=True)]

CLIENTS = 8
OPS = 350  # per client: 2,800 calls in all
LIMIT, CEILING = -150, 150
# Where the six people's accounts start (by these payments): two near the limit, two near
# the ceiling.
START = [-140, -120, 0, 10, 110, 140]
MOVES = [(0, 5, 140), (1, 4, 110), (1, 3, 10)]


def _network():
    """Six people (Anke coordinates) at START and a shared account, in one network."""
    network = make_network("Drukte", credit_limit=LIMIT, credit_ceiling=CEILING)
    people = [make_user(name) for name in ("Anke", "Bert", "Cor", "Dina", "Eva", "Frits")]
    for number, person in enumerate(people):
        make_membership(person, network, role="coordinator" if number == 0 else "member")
    services.create_shared_account(network, by=people[0], name="Pot")
    accounts = [services.account_of(person, network) for person in people]
    for payer, payee, amount in MOVES:
        services.pay(
            accounts[payer], accounts[payee], amount, by=people[payer], description="Beginstand"
        )
    assert [Account.objects.get(pk=a.pk).balance for a in accounts] == START
    return network


def test_clients_at_the_limits_lose_nothing_and_book_nothing_twice(tmp_path):
    network = _network()
    before = set(Transfer.objects.completed().values_list("pk", flat=True))
    logs = [tmp_path / f"client{n}.log" for n in range(CLIENTS)]
    with shared_database(tmp_path) as env:
        clients = [
            start_client(env, log, "--network", network.slug, "--ops", str(OPS), "--seed", str(n))
            for n, log in enumerate(logs)
        ]
        try:
            for client in clients:
                client.wait(timeout=240)
        except subprocess.TimeoutExpired:
            pytest.fail("a client did not finish within 240 s:\n" + stderr_of(logs[0]))
        finally:
            for client in clients:
                if client.poll() is None:
                    client.kill()
                    client.wait()
    for client, log in zip(clients, logs, strict=True):
        assert client.returncode == 0, stderr_of(log)

    lines = [line for log in logs for line in read_log(log)]
    errors = [line for line in lines if line["op"] == "error"]
    assert not errors, errors[0]["traceback"]
    assert sum(line["op"] == "done" for line in lines) == CLIENTS
    refused = [line for line in lines if line["op"] == "refused"]
    refusals = Counter((line["what"], line["error"], line["field"]) for line in refused)
    # Conflicts only: at a limit or ceiling (field "amount"), or a request or transfer
    # another client decided or reversed first.
    assert {error for _what, error, _field in refusals} <= {"Conflict"}, refused[:3]

    completed = [line["id"] for line in lines if line["op"] in ("pay", "accept", "reverse")]
    assert len(completed) == len(set(completed)), "a transfer was reported completed twice"
    in_ledger = set(Transfer.objects.completed().values_list("pk", flat=True)) - before
    assert in_ledger == set(completed)
    requested = {line["id"] for line in lines if line["op"] == "request"}
    accepted = {line["id"] for line in lines if line["op"] == "accept"}
    assert accepted <= requested
    assert set(Transfer.objects.pending().values_list("pk", flat=True)) == requested - accepted
    reversed_ = Transfer.objects.filter(pk__in=completed, kind=Transfer.Kind.REVERSAL)
    assert reversed_.count() == sum(line["op"] == "reverse" for line in lines)

    report = verify()
    assert report.ok, report.errors
    assert not report.warnings  # no limit changed: nothing may lie outside one
    # The accounts were near their limits: many calls were refused there, and many went
    # through. (A run where the limits were never reached would test little.)
    at_bounds = sum(n for (_what, _error, field), n in refusals.items() if field == "amount")
    assert at_bounds > OPS, refusals
    assert len(completed) > OPS, len(completed)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_request_does_not_wait_for_a_transfer_between_the_same_accounts(network, anke, bert):
    """What the deadlocks that test above found came from: inserting a payment request
    checks its foreign keys with FOR KEY SHARE on both accounts, which FOR UPDATE blocked.
    A transfer's locks (FOR NO KEY UPDATE) must leave it through; if they did not, the
    request below would wait for the lock_timeout and fail instead. (SQLite lets one
    writer at a time by design.)"""
    anke_account = services.account_of(anke, network)
    bert_account = services.account_of(bert, network)
    locked, done = threading.Event(), threading.Event()

    def transfer_in_progress():
        try:
            with transaction.atomic():
                services._lock(anke_account.pk, bert_account.pk)
                locked.set()
                done.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=transfer_in_progress)
    thread.start()
    try:
        assert locked.wait(timeout=10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '5s'")
        request = services.request_payment(
            anke_account, bert_account, 30, by=anke, description="Terwijl er betaald wordt"
        )
    finally:
        done.set()
        thread.join()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert request.status == Transfer.Status.PENDING
