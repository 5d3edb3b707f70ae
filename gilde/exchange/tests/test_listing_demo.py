"""The demo offers and wants (gilde.exchange.demo_listings), seeded on a small setup: the demo
networks with their units and just the members who place something."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from gilde.core import search
from gilde.core.demo import DemoDataError, load
from gilde.core.testing import make_membership, make_network, make_user
from gilde.exchange import demo_listings
from gilde.exchange.models import Listing

UNITS = {
    "biocooperatie": ("uur", "uren", 60, "min"),
    "suspacc": ("uur", "uren", 60, "min"),
    "bernn": ("kennispunt", "kennispunten", 100, ""),
}


@pytest.fixture
def demo_networks(db):
    entries = load("exchange", "listings.yaml", demo_listings.LISTING, key="title")
    networks = {}
    for slug, (singular, plural, minor_units, minor_name) in UNITS.items():
        networks[slug] = make_network(
            slug.upper(), slug=slug, unit_singular=singular, unit_plural=plural,
            minor_units=minor_units, minor_name=minor_name,
        )  # fmt: skip
    people = {}
    for entry in entries:
        if entry["owner"] not in people:
            people[entry["owner"]] = make_user(email=entry["owner"])
        make_membership(people[entry["owner"]], networks[entry["network"]])
    return networks


def test_the_demo_listings_are_placed_once(demo_networks):
    report = demo_listings.seed()
    count = Listing.objects.count()
    assert report == f"Offers and wants: {count} placed."
    assert count >= 10
    per_network = {slug: Listing.objects.filter(network__slug=slug).count() for slug in UNITS}
    assert all(n >= 3 for n in per_network.values()), per_network
    assert {"offer", "want"} == set(Listing.objects.values_list("kind", flat=True))
    assert demo_listings.seed() == "Offers and wants: 0 placed."
    assert Listing.objects.count() == count


def test_prices_are_read_in_each_networks_unit(demo_networks):
    demo_listings.seed()
    grant = Listing.objects.get(title="2 uur hulp bij een MIT-subsidieaanvraag")
    assert grant.price == 120 and grant.fmt_price() == "2 uren"
    lecture = Listing.objects.get(title__startswith="Gastles over de eiwittransitie")
    assert lecture.price == 500
    assert Listing.objects.filter(price__isnull=True).exists()


def test_they_are_dated_open_and_in_search(demo_networks):
    demo_listings.seed()
    now = timezone.now()
    assert Listing.objects.filter(created_at__lt=now - timedelta(days=20)).exists()
    assert Listing.objects.open().count() == Listing.objects.count()
    soon = Listing.objects.get(title__startswith="Meedenken over transport")
    assert soon.expires_at < now + timedelta(days=7)
    hits = search.search(AnonymousUser(), "MIT-subsidieaanvraag", kinds=["listing"]).hits
    assert [hit.title for hit in hits] == ["2 uur hulp bij een MIT-subsidieaanvraag"]


def test_a_listing_by_someone_who_is_not_a_member_is_an_error_naming_the_entry(demo_networks):
    make_user(email="buiten@example.test")
    entry = load("exchange", "listings.yaml", demo_listings.LISTING, key="title")[0]
    entry["owner"] = "buiten@example.test"
    with pytest.raises(DemoDataError, match="listings.yaml"):
        demo_listings._place(
            entry, demo_networks[entry["network"]], _user("buiten@example.test"), timezone.now()
        )
    assert not Listing.objects.exists()


def _user(email):
    from gilde.accounts.models import User

    return User.objects.get(email=email)
