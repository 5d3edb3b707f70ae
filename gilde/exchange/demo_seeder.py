"""The demo ledger of gilde/exchange/demo/ledger.yaml: each network's unit, its shared
accounts, and a year of believable trade between its members, written through
gilde.exchange.services by the members themselves.

Registered in ExchangeConfig.ready(); `manage.py seed_demo` runs `seed()` after the
people, networks and knowledge exist. The trades are drawn with a fixed seed, so
every demo has the same books: most are payments, some are requests the payer
accepted or declined, a few requests still wait, and one payment was reversed by a
coordinator. A trade the limits refuse is left out, as it would be in real life.
The services book everything as of now; `_backdate` then moves the trades to their
dates (in the order they were booked, so the running balances still follow).
A network whose ledger already has transfers is left alone: a second run writes
nothing. `manage.py ledger_verify` passes on the result.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone, translation

from gilde.core.demo import Entry, Field, load, refused
from gilde.core.errors import Conflict
from gilde.exchange import services
from gilde.exchange.models import Account, Transfer
from gilde.networks.models import Membership, Network

DESCRIPTION = {"text": Field(), "typical": Field(int), "shared": Field(required=False)}
LEDGER = {
    "network": Field(),
    "unit_singular": Field(),
    "unit_plural": Field(),
    "minor_units": Field(int),
    "minor_name": Field(),
    "credit_limit": Field(int),
    "credit_ceiling": Field(int),
    "trades": Field(int),
    "shared": Field(list, items=str),
    "descriptions": Field(list, items=DESCRIPTION),
}
DAYS = 365


@dataclass
class Books:
    """What one network's seeding made: the transfers and their demo dates."""

    network: Network
    dates: dict[int, datetime] = field(default_factory=dict)
    shared: dict[str, Account] = field(default_factory=dict)


def seed() -> str:
    now = timezone.now()
    made = []
    with translation.override("nl"):
        for entry in load("exchange", "ledger.yaml", LEDGER, key="network"):
            network = Network.objects.filter(slug=entry["network"]).first()
            if network is None:
                raise entry.error(f"no demo network {entry['network']!r}")
            if Transfer.objects.filter(network=network).exists():
                continue
            books = _seed_network(entry, network, now)
            _backdate(books)
            made.append(books)
    transfers = sum(len(b.dates) for b in made)
    return f"Exchange: {transfers} transfers in {len(made)} networks."


def _coordinator(network):
    return Membership.objects.coordinators().filter(network=network).select_related("user")[0].user


def _seed_network(entry: Entry, network: Network, now: datetime) -> Books:
    coordinator = _coordinator(network)
    with refused(entry):
        services.update_ledger_settings(
            network,
            by=coordinator,
            unit_singular=entry["unit_singular"],
            unit_plural=entry["unit_plural"],
            minor_units=entry["minor_units"],
            minor_name=entry["minor_name"],
            credit_limit=entry["credit_limit"],
            credit_ceiling=entry["credit_ceiling"],
            reason="Afgesproken in de ledenvergadering",
        )
    books = Books(network)
    for name in entry["shared"]:
        with refused(entry):
            books.shared[name] = services.create_shared_account(network, by=coordinator, name=name)
    members = list(
        Account.objects.with_holder()
        .filter(network=network, kind=Account.Kind.MEMBER, membership__status="active")
        .order_by("pk")
    )
    # The newest member starts with a smaller limit, as coordinators do.
    newest = max(members, key=lambda account: account.membership.joined_at)
    services.set_account_limits(
        newest,
        by=coordinator,
        limit=network.credit_limit // 2,
        ceiling=None,
        reason="Nieuw lid: het eerste halfjaar een lagere limiet",
    )
    rng = random.Random(f"gilde-demo-{network.slug}")  # noqa: S311 - demo data, not secrets
    moments = sorted(
        now - timedelta(days=rng.uniform(2, DAYS), minutes=rng.randrange(600))
        for _ in range(entry["trades"])
    )
    step = max(network.minor_units // 4, 1)  # quarters of an hour, of a point
    for moment in moments:
        what = rng.choice(entry["descriptions"])
        provider = rng.choice(members)
        if what.get("shared"):
            provider = books.shared[what["shared"]]
        receiver = rng.choice([m for m in members if m.pk != provider.pk])
        amount = max(step, round(what["typical"] * rng.uniform(0.5, 1.5) / step) * step)
        _trade(books, rng, provider, receiver, amount, what["text"], moment, coordinator)
    _recent_requests(books, rng, members, entry, now)
    _one_reversal(books, coordinator, now)
    return books


def _fresh(account: Account) -> Account:
    return Account.objects.with_holder().get(pk=account.pk)


def _user_for(account: Account, coordinator):
    return account.holder or coordinator


def _trade(books, rng, provider, receiver, amount, text, moment, coordinator) -> None:
    """The receiver pays, or the provider asked and the receiver accepted or declined."""
    payer, payee = _fresh(receiver), _fresh(provider)
    roll = rng.random()
    try:
        with transaction.atomic():
            if roll < 0.7:
                made = services.pay(
                    payer, payee, amount, by=_user_for(payer, coordinator), description=text
                )
            else:
                made = services.request_payment(
                    payee, payer, amount, by=_user_for(payee, coordinator), description=text
                )
                if roll < 0.93:
                    made = services.accept(made, by=_user_for(payer, coordinator))
                else:
                    made = services.decline(made, by=_user_for(payer, coordinator))
    except Conflict:
        return  # the limits said no: this trade did not happen
    books.dates[made.pk] = moment


def _recent_requests(books, rng, members, entry, now) -> None:
    """A few requests from the last days that still wait for their payer."""
    for days in (1, 1, 2):
        payee, payer = rng.sample(members, 2)
        what = rng.choice([d for d in entry["descriptions"] if not d.get("shared")])
        made = services.request_payment(
            _fresh(payee), _fresh(payer), what["typical"], by=payee.holder,
            description=what["text"],
        )  # fmt: skip
        books.dates[made.pk] = now - timedelta(days=days, hours=rng.randrange(8))


def _one_reversal(books, coordinator, now) -> None:
    """A payment made twice by mistake, reversed by the coordinator a day later."""
    last = (
        Transfer.objects.filter(
            pk__in=list(books.dates), status="completed", kind=Transfer.Kind.PAYMENT
        )
        .order_by("-pk")
        .first()
    )
    if last is None:
        return
    try:
        reversal = services.reverse(
            last, by=coordinator, reason="Per ongeluk twee keer betaald; teruggeboekt"
        )
    except Conflict:
        return
    books.dates[reversal.pk] = max(books.dates.values()) + timedelta(minutes=5)


def _backdate(books: Books) -> None:
    """Move the trades to their demo dates, keeping the order in which they were booked.

    Each completed transfer's running balances were written in booking order; the dates
    are reassigned in that same order, so a statement sorted by date still adds up."""
    rows = list(Transfer.objects.filter(pk__in=list(books.dates)).order_by("decided_at", "pk"))
    booked = [r for r in rows if r.decided_at is not None and r.status == "completed"]
    dates = sorted(books.dates[r.pk] for r in booked)
    for row, moment in zip(booked, dates, strict=True):
        row.created_at = row.decided_at = moment
    for row in rows:
        if row not in booked:
            row.created_at = books.dates[row.pk]
            if row.decided_at is not None:
                row.decided_at = row.created_at + timedelta(hours=3)
    Transfer.objects.bulk_update(rows, ["created_at", "decided_at"], batch_size=500)
