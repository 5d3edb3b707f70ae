"""What the exchange puts in the search index: offers and wants (kind "listing").

A listing that is on offer is one document in its network with its own visibility
(public or network); one that expired, was withdrawn, or whose owner is no longer an
active member is indexed as `private`, so only its owner (while their membership
counts) still finds it. The services refresh a listing's document on every write; the
expiry command refreshes those that expired, and a membership that changes refreshes
its holder's listings in that network (gilde.exchange.apps).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from gilde.core import search, visibility
from gilde.core.markdown import html_to_text
from gilde.exchange.models import Listing
from gilde.networks.models import Network


class ListingSource:
    def documents(self, object_id: int) -> list[search.Document]:
        return self.documents_for([object_id])

    def documents_for(self, object_ids: list[int]) -> list[search.Document]:
        listings = Listing.objects.filter(pk__in=object_ids).with_related()
        open_ids = set(
            Listing.objects.filter(pk__in=object_ids).open().values_list("pk", flat=True)
        )
        documents = []
        for listing in listings:
            documents.append(
                search.Document(
                    kind="listing",
                    object_id=listing.pk,
                    network_id=listing.network_id,
                    visibility=visibility.indexed_visibility(
                        listing.visibility, published=listing.pk in open_ids
                    ),
                    title=listing.title,
                    text=html_to_text(listing.description_safe),
                    url=reverse("exchange:listing", args=[listing.network.slug, listing.pk]),
                    published_at=listing.created_at,
                    author_id=listing.owner_id,
                    tags=tuple(tag.name for tag in listing.tags.all()),
                    owner_ids=frozenset({listing.owner_id}),
                    network_hidden=listing.network.visibility == Network.Visibility.HIDDEN,
                )
            )
        return documents

    def all_object_ids(self) -> Iterable[int]:
        return Listing.objects.order_by("pk").values_list("pk", flat=True)


def refresh_of_owner(user_id: int, network_id: int) -> None:
    """After a membership changed: its holder's listings in that network, found or not."""
    listings = Listing.objects.filter(owner_id=user_id, network_id=network_id)
    for listing_id in listings.values_list("pk", flat=True):
        search.refresh("listing", listing_id)


def register_sources() -> None:
    search.register("listing", ListingSource())
