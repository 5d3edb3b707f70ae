"""{% load exchange_listings %}: a person's open offers and wants, for pages outside the exchange.

The person page belongs to gilde.networks, which sits below the exchange and imports
nothing of it; its template loads this library and asks for the section, so the page
shows listings without the networks app knowing what they are.
"""

from __future__ import annotations

from django import template

from gilde.exchange.models import Listing

register = template.Library()

# A profile shows the newest few; the rest are on the exchange's list.
ON_PROFILE = 10


@register.inclusion_tag("exchange/_person_listings.html", takes_context=True)
def person_listings(context, network, person) -> dict:
    """The open listings of `person` in `network` that the viewer may see (two queries)."""
    viewer = context["request"].user
    rows = list(
        Listing.objects.visible_to(viewer)
        .filter(network=network, owner=person)
        .open()
        .prefetch_related("tags")
        .order_by("-created_at", "-pk")[: ON_PROFILE + 1]
    )
    for row in rows:  # the page's own network and person: no query per row
        row.network, row.owner = network, person
    return {
        "network": network,
        "person": person,
        "listings": rows[:ON_PROFILE],
        "more": len(rows) > ON_PROFILE,
        "request": context["request"],
    }
