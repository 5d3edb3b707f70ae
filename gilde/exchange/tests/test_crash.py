"""Clients killed at random moments leave sound books and lose nothing they saw confirmed.

Four rounds: four client processes (ledger_client.py --fsync) make payments, requests,
accepts and reversals; once each has confirmed a few, the test SIGKILLs them one by
one at random moments, mostly in the middle of a transaction. A client writes a line
and fsyncs it only after the service returned, that is after the commit, so every
logged transfer must be in the ledger, completed. A transfer committed just before
the kill may be missing from the log, but a client has one call in flight at a time:
at most one such transfer (or request) per killed client. Then verify() must be ok.
The next round's clients must work on what the killed ones left (a lock held by a
dead process, an unfinished transaction, SQLite's WAL).
"""

from __future__ import annotations

import random
import signal
import time

import pytest

from gilde.core.testing import make_membership, make_network, make_user
from gilde.exchange import services
from gilde.exchange.models import Transfer
from gilde.exchange.tests.processes import read_log, shared_database, start_client, stderr_of
from gilde.exchange.verify import verify

pytestmark = [pytest.mark.processes, pytest.mark.django_db(transaction=True)]

ROUNDS = 4
CLIENTS = 4
CONFIRMED = 3  # calls each client has confirmed before it may be killed
COMPLETED = ("pay", "accept", "reverse")


def _network():
    network = make_network("Stroomuitval", credit_limit=-600, credit_ceiling=600)
    people = [make_user(name) for name in ("Anke", "Bert", "Cor", "Dina", "Eva")]
    for number, person in enumerate(people):
        make_membership(person, network, role="coordinator" if number == 0 else "member")
    services.create_shared_account(network, by=people[0], name="Pot")
    return network


def _wait_for(clients, logs, count: int, seconds: float = 60) -> None:
    """Until each client has confirmed `count` calls (or refused them: also an answer)."""
    deadline = time.monotonic() + seconds
    for client, log in zip(clients, logs, strict=True):
        while sum(line["op"] != "ready" for line in read_log(log)) < count:
            assert client.poll() is None, f"a client ended early:\n{stderr_of(log)}"
            assert time.monotonic() < deadline, f"a client is stuck:\n{stderr_of(log)}"
            time.sleep(0.05)


def test_killed_clients_lose_no_confirmed_transfer(tmp_path):
    seed = random.randrange(10**6)
    rng = random.Random(seed)
    network = _network()
    logs = []
    with shared_database(tmp_path) as env:
        for round_ in range(ROUNDS):
            paths = [tmp_path / f"round{round_}-client{n}.log" for n in range(CLIENTS)]
            args = ("--network", network.slug, "--ops", "0", "--fsync")
            clients = [
                start_client(env, path, *args, "--seed", str(seed + 10 * round_ + n))
                for n, path in enumerate(paths)
            ]
            logs += paths
            try:
                _wait_for(clients, paths, CONFIRMED)
                for client in clients:
                    time.sleep(rng.uniform(0, 0.3))
                    client.send_signal(signal.SIGKILL)
            finally:
                for client in clients:
                    if client.poll() is None:
                        client.kill()
                    client.wait()
            for client, path in zip(clients, paths, strict=True):
                assert client.returncode == -signal.SIGKILL, (seed, stderr_of(path))

    lines = [line for log in logs for line in read_log(log)]
    errors = [line for line in lines if line["op"] == "error"]
    assert not errors, (seed, errors[0]["traceback"])
    confirmed = {line["id"] for line in lines if line["op"] in COMPLETED}
    requested = {line["id"] for line in lines if line["op"] == "request"}
    completed = set(Transfer.objects.completed().values_list("pk", flat=True))
    assert confirmed <= completed, (seed, sorted(confirmed - completed))
    requests = set(Transfer.objects.filter(kind=Transfer.Kind.REQUEST).values_list("pk", flat=True))
    assert requested <= requests, (seed, sorted(requested - requests))
    # Committed but not yet logged when the kill came, each one client's call in flight
    # (at most one per killed client): a payment or reversal, a request, an accept.
    unconfirmed = (
        len(completed - requests - confirmed)
        + len(requests - requested)
        + len((completed & requests) - confirmed)
    )
    assert unconfirmed <= ROUNDS * CLIENTS, (seed, unconfirmed)
    assert len(confirmed) >= ROUNDS * CLIENTS, "the clients confirmed too little to test"

    report = verify()
    assert report.ok, (seed, report.errors)
