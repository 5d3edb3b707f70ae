"""The API of offers and wants: lists with filters and pages, one listing, placing, changing,
renewing and withdrawing; prices as minor units plus words; refusals as JSON."""

import json
from datetime import timedelta
from typing import get_args

from django.test import Client
from django.utils import timezone, translation

from gilde.exchange import api, services
from gilde.exchange.models import LISTING_VISIBILITIES, Listing


def url(network, path: str = "") -> str:
    return f"/api/v1/networks/{network.slug}/listings{path}"


def send(client, method: str, path: str, body=None):
    return client.generic(method, path, json.dumps(body or {}), content_type="application/json")


def place(network, user, **fields):
    values = {"kind": "offer", "title": "2 uur hulp bij een MIT-subsidieaanvraag"}
    return services.create_listing(network, by=user, **{**values, **fields})


def test_placing_an_offer_gives_the_price_in_minor_units_and_words(network, bert, client_for):
    response = send(
        client_for(bert),
        "POST",
        url(network),
        {
            "kind": "offer",
            "title": "Hulp bij een MIT-aanvraag",
            "description": "Ik lees **mee**.",
            "tags": ["subsidies"],
            "price": 90,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["price"] == {"minor": 90, "formatted": "1 uur 30 min"}
    assert body["state"] == "open" and body["visibility"] == "network"
    assert body["description_html"] == "<p>Ik lees <strong>mee</strong>.</p>\n"
    assert body["tags"] == [{"name": "subsidies", "slug": "subsidies"}]
    assert body["owner"] == {"id": bert.pk, "name": bert.display_name}
    assert body["may_edit"] and body["may_close"]
    assert body["url"] == f"/n/{network.slug}/exchange/listings/{body['id']}/"


def test_the_formatted_price_follows_the_request_language(network, bert):
    network.unit_singular, network.unit_plural = "kennispunt", "kennispunten"
    network.minor_units, network.minor_name = 10, ""
    network.save()
    listing = place(network, bert, price=15, visibility="public")
    path = url(network, f"/{listing.pk}")
    dutch = Client().get(path, HTTP_ACCEPT_LANGUAGE="nl").json()["price"]
    english = Client().get(path, HTTP_ACCEPT_LANGUAGE="en").json()["price"]
    assert dutch == {"minor": 15, "formatted": "1,5 kennispunten"}
    assert english == {"minor": 15, "formatted": "1.5 kennispunten"}


def test_bad_input_is_a_400_that_names_the_field(network, bert, client_for):
    client = client_for(bert)
    with translation.override("nl"):
        empty = send(client, "POST", url(network), {"kind": "offer", "title": " "})
        zero = send(client, "POST", url(network), {"kind": "want", "title": "x", "price": 0})
        fraction = send(client, "POST", url(network), {"kind": "want", "title": "x", "price": 1.5})
        circle = send(client, "POST", url(network), {"kind": "want", "title": "x",
                                                     "visibility": "circle"})  # fmt: skip
    assert empty.status_code == 400 and empty.json()["field"] == "title"
    assert zero.status_code == 400 and zero.json()["field"] == "price"
    assert fraction.status_code == 400 and fraction.json()["errors"][0]["loc"][-1] == "price"
    assert circle.status_code == 400
    assert not Listing.objects.exists()


def test_the_list_filters_and_pages(network, anke, bert, client_for):
    for n in range(3):
        place(network, bert, title=f"Aanbod {n}", tags=["vezels"])
    want = place(network, anke, kind="want", title="Review LCA", description="levenscyclus")
    expired = place(network, bert, title="Verlopen")
    Listing.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    client = client_for(bert)
    everything = client.get(url(network), {"page_size": 2}).json()
    assert everything["count"] == 4 and len(everything["results"]) == 2 and everything["next"]
    assert client.get(url(network), {"kind": "want"}).json()["results"][0]["id"] == want.pk
    assert client.get(url(network), {"tag": "vezels"}).json()["count"] == 3
    assert client.get(url(network), {"tag": "onbekend"}).json()["count"] == 0
    assert [r["id"] for r in client.get(url(network), {"q": "levenscyclus"}).json()["results"]] == [
        want.pk
    ]
    assert client.get(url(network), {"owner": anke.pk}).json()["count"] == 1
    mine = client.get(url(network), {"mine": "true"}).json()
    assert mine["count"] == 4 and {"expired"} <= {r["state"] for r in mine["results"]}
    assert client.get(url(network), {"page": 9}).status_code == 400


def test_anonymous_callers_see_public_listings_only(network, bert):
    public = place(network, bert, visibility="public")
    members = place(network, bert, title="Alleen leden")
    body = Client().get(url(network)).json()
    assert [r["id"] for r in body["results"]] == [public.pk]
    assert not body["results"][0]["may_edit"]
    assert Client().get(url(network, f"/{members.pk}")).status_code == 404
    assert Client().get(url(network), {"mine": "true"}).json()["count"] == 0


def test_the_owner_changes_only_what_is_sent(network, bert, client_for):
    listing = place(network, bert, price=60, tags=["vezels"])
    response = send(client_for(bert), "PATCH", url(network, f"/{listing.pk}"), {"price": None})
    assert response.status_code == 200
    body = response.json()
    assert body["price"] is None and body["title"] == listing.title
    assert body["tags"] == [{"name": "vezels", "slug": "vezels"}]
    null_title = send(client_for(bert), "PATCH", url(network, f"/{listing.pk}"), {"title": None})
    assert null_title.status_code == 400


def test_someone_else_may_not_change_it(network, anke, bert, otto, client_for):
    listing = place(network, bert)
    path = url(network, f"/{listing.pk}")
    assert send(client_for(anke), "PATCH", path, {"title": "Van mij"}).status_code == 403
    assert send(client_for(otto), "PATCH", path, {"title": "Van mij"}).status_code == 404
    assert send(Client(), "PATCH", path, {"title": "Van mij"}).status_code == 401
    assert Listing.objects.get(pk=listing.pk).title == listing.title


def test_renew_and_close(network, anke, bert, client_for):
    listing = place(network, bert)
    Listing.objects.filter(pk=listing.pk).update(expires_at=timezone.now() - timedelta(days=1))
    renewed = send(client_for(bert), "POST", url(network, f"/{listing.pk}/renew"))
    assert renewed.status_code == 200 and renewed.json()["state"] == "open"
    assert send(client_for(anke), "POST", url(network, f"/{listing.pk}/renew")).status_code == 403
    closed = send(client_for(anke), "POST", url(network, f"/{listing.pk}/close"))
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    again = send(client_for(bert), "POST", url(network, f"/{listing.pk}/close"))
    assert again.status_code == 409 and again.json()["message"]


def test_the_choices_are_the_models():
    assert set(get_args(api.ListingKind)) == set(Listing.Kind.values)
    assert set(get_args(api.ListingVisibility)) == {v.value for v in LISTING_VISIBILITIES}
    schema = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert schema["ListingOut"]["properties"]["price"]["anyOf"][0]["$ref"].endswith("/Amount")
