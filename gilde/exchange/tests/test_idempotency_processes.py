"""Ten client processes send one transfer with one Idempotency-Key at the same moment,
through the API, on this test's database (SQLite file or PostgreSQL): exactly one
transfer is made, and all ten get the same answer."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from gilde.accounts.services import issue_token
from gilde.exchange import services
from gilde.exchange.models import IdempotencyKey, Transfer
from gilde.exchange.tests.processes import ROOT, shared_database
from gilde.exchange.verify import verify

pytestmark = [pytest.mark.processes, pytest.mark.django_db(transaction=True)]

CLIENTS = 10


def test_ten_processes_with_one_key_pay_once(tmp_path, network, anke, bert):
    payee = services.account_of(anke, network)
    _token, raw = issue_token(bert, "tegelijk", by=bert)
    body = json.dumps({"payee": payee.pk, "amount": 45, "description": "Tegelijk"})
    path = f"/api/v1/networks/{network.slug}/transfers"
    with shared_database(tmp_path) as env:
        start = str(time.time() + 6)  # after every client has started and connected
        clients = [
            subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
                [
                    sys.executable,
                    "-m",
                    "gilde.exchange.tests.idempotent_client",
                    start,
                    raw,
                    path,
                    body,
                    "een-sleutel",
                ],
                env=env,
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )  # fmt: skip
            for _ in range(CLIENTS)
        ]
        answers = []
        for client in clients:
            out, err = client.communicate(timeout=120)
            assert client.returncode == 0, err[-3000:]
            answers.append(json.loads(out.strip().splitlines()[-1]))
    assert [a["status"] for a in answers] == [201] * CLIENTS
    assert len({json.dumps(a["body"], sort_keys=True) for a in answers}) == 1
    assert Transfer.objects.count() == 1
    assert IdempotencyKey.objects.filter(user=bert).count() == 1
    assert verify().ok
