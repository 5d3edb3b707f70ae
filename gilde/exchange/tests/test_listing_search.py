"""Offers and wants in `core.search`: found by their words on the search page and in the API,
with visibility applied in the query; gone from search once they are no longer open."""

from datetime import timedelta
from typing import get_args

from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import timezone

from gilde.core import search
from gilde.core.api import HitKind
from gilde.core.forms import SearchForm
from gilde.core.models import SearchDocument
from gilde.core.testing import make_membership, make_network, make_user
from gilde.exchange import services
from gilde.exchange.models import Listing
from gilde.networks.models import Membership


def place(network, user, **fields):
    values = {
        "kind": "offer",
        "title": "Hulp bij een subsidieaanvraag",
        "description": "Ik help met de begroting van een **innovatieproject**.",
    }
    return services.create_listing(network, by=user, **{**values, **fields})


def found(user, words: str) -> set[int]:
    return {h.object_id for h in search.search(user, words, kinds=["listing"]).hits}


def test_listing_is_a_kind_of_the_search_page_and_the_api():
    assert "listing" in search.kinds()
    assert set(get_args(HitKind)) == set(search.kinds())
    assert {kind for kind, _label in SearchForm.KINDS} == set(search.kinds())


def test_a_listing_is_found_by_a_word_of_its_description(network, anke, bert):
    listing = place(network, bert)
    # "innovatieprojecten" shares its stem with "innovatieproject".
    assert found(anke, "innovatieprojecten") == {listing.pk}
    hit = search.search(anke, "begroting").hits[0]
    assert hit.kind == "listing" and hit.url == f"/n/{network.slug}/exchange/listings/{listing.pk}/"
    assert "<mark>begroting</mark>" in hit.snippet


def test_a_network_only_listing_is_not_found_by_outsiders_or_anonymous(network, bert, gea, otto):
    place(network, bert)
    assert found(otto, "begroting") == set()
    assert found(AnonymousUser(), "begroting") == set()
    assert found(gea, "begroting") == set()  # guests read what is shared with anyone only
    elsewhere = make_network("Elders")
    piet = make_user("Piet Elders")
    make_membership(piet, elsewhere, role="coordinator")
    assert found(piet, "begroting") == set()


def test_a_public_listing_is_found_by_anyone_unless_its_network_is_hidden(network, bert, otto):
    listing = place(network, bert, visibility="public")
    assert found(AnonymousUser(), "begroting") == {listing.pk}
    assert found(otto, "begroting") == {listing.pk}
    network.visibility = "hidden"
    network.save()
    search.set_network_hidden(network.pk, True)
    assert found(AnonymousUser(), "begroting") == set()


def test_the_search_page_and_the_api_find_a_public_listing(network, bert):
    listing = place(network, bert, visibility="public")
    members_only = place(network, bert, title="Alleen voor leden", description="begroting")
    page = Client().get("/search/", {"q": "begroting", "kind": "listing"})
    assert page.status_code == 200
    assert listing.title in page.content.decode()
    assert members_only.title not in page.content.decode()
    api = Client().get("/api/v1/search", {"q": "begroting", "kind": "listing"}).json()
    assert [(r["kind"], r["id"]) for r in api["results"]] == [("listing", listing.pk)]


def test_a_withdrawn_listing_leaves_search_but_its_owner_still_finds_it(network, anke, bert):
    listing = place(network, bert)
    services.close_listing(listing, by=bert)
    assert found(anke, "begroting") == set()
    assert found(bert, "begroting") == {listing.pk}


def test_an_expired_listing_leaves_search_when_the_expiry_runs(network, anke, bert):
    listing = place(network, bert)
    Listing.objects.filter(pk=listing.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    services.mail_expired_listings()
    assert found(anke, "begroting") == set()
    services.renew_listing(listing, by=bert)
    assert found(anke, "begroting") == {listing.pk}


def test_a_departed_members_listings_leave_search(network, anke, bert):
    listing = place(network, bert)
    membership = Membership.objects.get(user=bert, network=network)
    membership.status = Membership.Status.LEFT
    membership.save()
    assert found(anke, "begroting") == set()
    membership.status = Membership.Status.ACTIVE
    membership.save()
    assert found(anke, "begroting") == {listing.pk}


def test_listings_are_filtered_by_tag_in_search(network, anke, bert):
    tagged = place(network, bert, tags=["subsidies"])
    place(network, bert, title="Zonder tag")
    hits = search.search(anke, "begroting", kinds=["listing"], tag="subsidies").hits
    assert [h.object_id for h in hits] == [tagged.pk]


def test_a_full_reindex_gives_the_same_documents(network, bert):
    open_one = place(network, bert)
    closed = services.close_listing(place(network, bert, title="Dicht"), by=bert)
    assert search.reindex("listing") == 2
    documents = SearchDocument.objects.filter(kind="listing")
    stored = dict(documents.values_list("object_id", "visibility"))
    assert stored == {open_one.pk: "network", closed.pk: "private"}
