"""The demo ledger that `manage.py seed_demo` writes: a year of trade that adds up."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count, Min
from django.utils import timezone

from gilde.exchange.models import Account, LimitChange, Transfer
from gilde.exchange.statements import statement
from gilde.exchange.verify import verify
from gilde.networks.models import Network


@pytest.fixture(autouse=True)
def _development(settings):
    settings.DEBUG = True  # seed_demo refuses to run on what looks like production


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db) -> str:
    return seed()


def test_a_year_of_trade_in_every_network_that_verifies(seeded):
    report = verify()
    assert report.ok, report.errors
    per_network = dict(
        Transfer.objects.completed().values_list("network__slug").annotate(n=Count("pk"))
    )
    assert set(per_network) == {"biocooperatie", "suspacc", "bernn", "kerngroep"}
    assert sum(per_network.values()) >= 300
    first = Transfer.objects.aggregate(first=Min("decided_at"))["first"]
    assert first < timezone.now() - timedelta(days=300)
    kinds = set(Transfer.objects.values_list("kind", "status"))
    assert {("payment", "completed"), ("request", "completed"), ("request", "declined"),
            ("request", "pending"), ("reversal", "completed")} <= kinds  # fmt: skip


def test_units_and_shared_accounts(seeded):
    bernn = Network.objects.get(slug="bernn")
    assert (bernn.unit_plural, bernn.minor_units) == ("kennispunten", 100)
    pilot = Account.objects.get(network__slug="suspacc", kind="shared")
    assert pilot.name == "Pilotinstallatie" and pilot.balance > 0
    # Two networks changed the default limits; every network gave its newest member a lower one.
    assert LimitChange.objects.filter(account=None).count() == 2
    assert LimitChange.objects.exclude(account=None).count() == 4


def test_statements_follow_their_dates(seeded):
    """The trades were moved to their demo dates in booking order: the running balance
    of every statement follows from line to line."""
    for account in Account.objects.with_holder().filter(network__slug="biocooperatie"):
        result = statement(account)
        balance = 0
        for line in result.lines:
            balance += line.amount
            assert line.balance == balance
        assert balance == account.balance


def test_a_second_run_writes_nothing(seeded):
    before = Transfer.objects.count()
    assert "Exchange: 0 transfers" in seed()
    assert Transfer.objects.count() == before
