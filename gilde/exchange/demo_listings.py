"""The demo offers and wants of gilde/exchange/demo/listings.yaml, placed through
gilde.exchange.services by the demo members themselves.

`seed()` is meant for `manage.py seed_demo`'s registry (gilde.core.demo.register, after
the ledger's seeder, which sets each network's unit: prices are typed in that unit).
Each member places their own listing, so the services' rules hold (only an active
member places one; the title, price and visibility are checked; the search index is
filled); a refusal is an error naming the YAML entry. A listing is known by its network,
owner and title: what exists is left alone, so a second run places nothing. The services
place everything as of now; its date is then moved back `days_ago` days, and it runs
until `runs_days` from today, or 90 days from when it was placed.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone, translation

from gilde.accounts.models import User
from gilde.core import fragments, search
from gilde.core.credits import parse_amount
from gilde.core.demo import Entry, Field, load, refused
from gilde.exchange import services
from gilde.exchange.models import LISTING_DAYS, Listing
from gilde.networks.models import Network

LISTING = {
    "network": Field(),
    "owner": Field(),
    "kind": Field(choices=tuple(Listing.Kind.values)),
    "title": Field(),
    "tags": Field(list, items=str),
    "price": Field(required=False, default=""),
    "visibility": Field(choices=("public", "network")),
    "days_ago": Field(int),
    "runs_days": Field(int, required=False),
    "description": Field(markdown=True),
}


def seed(context=None) -> str:
    """Place the demo listings; returns a line for seed_demo's report. `context` is not
    needed (the demo networks and members are found by slug and e-mail address)."""
    entries = load("exchange", "listings.yaml", LISTING, key="title")
    networks = {n.slug: n for n in Network.objects.filter(slug__in={e["network"] for e in entries})}
    people = {u.email: u for u in User.objects.filter(email__in={e["owner"] for e in entries})}
    placed = 0
    now = timezone.now()
    # The demo is Dutch, and so is what the services write in the active language.
    with transaction.atomic(), translation.override("nl"):
        for entry in entries:
            network, owner = networks.get(entry["network"]), people.get(entry["owner"])
            if network is None:
                raise entry.error(f"no demo network {entry['network']!r}")
            if owner is None:
                raise entry.error(f"no demo person {entry['owner']!r}")
            if Listing.objects.filter(network=network, owner=owner, title=entry["title"]).exists():
                continue
            _place(entry, network, owner, now)
            placed += 1
        if placed:
            fragments.bump_all()
    return f"Offers and wants: {placed} placed."


def _place(entry: Entry, network: Network, owner: User, now) -> Listing:
    with refused(entry):
        price = None
        if entry["price"]:
            price = parse_amount(entry["price"], network.unit, field="price")
        listing = services.create_listing(
            network,
            by=owner,
            kind=entry["kind"],
            title=entry["title"],
            description=entry["description"],
            tags=entry["tags"],
            price=price,
            visibility=entry["visibility"],
        )
    placed_at = now - timedelta(days=entry["days_ago"])
    runs = entry["runs_days"]
    expires_at = (
        now + timedelta(days=runs) if runs is not None else placed_at + timedelta(days=LISTING_DAYS)
    )
    if expires_at <= now:
        raise entry.error("it would have expired already: give runs_days or fewer days_ago")
    Listing.objects.filter(pk=listing.pk).update(created_at=placed_at, expires_at=expires_at)
    search.refresh("listing", listing.pk)  # the document carries the date it was placed
    return listing
