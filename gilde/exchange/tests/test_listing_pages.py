"""The pages of offers and wants: the list with its filters, one listing with its "Respond"
button, placing, changing, renewing and withdrawing; and the person page's section."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import NoReverseMatch
from django.utils import timezone

from gilde.core.testing import make_membership, make_user
from gilde.exchange import listing_views, services
from gilde.exchange.models import Listing
from gilde.networks.models import Membership


def page(network, path=""):
    return f"/n/{network.slug}/exchange/listings/{path}"


def place(network, user, **fields):
    values = {"kind": "offer", "title": "2 uur hulp bij een MIT-subsidieaanvraag"}
    return services.create_listing(network, by=user, **{**values, **fields})


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_a_member_places_an_offer_in_words(network, bert, client_for):
    client = client_for(bert)
    form = text(client.get(page(network, "new/")))
    assert 'name="price"' in form and 'name="tags"' in form and 'type="date"' in form
    response = client.post(
        page(network, "new/"),
        {
            "kind": "offer",
            "title": "Hulp bij een MIT-aanvraag",
            "description": "Ik lees **mee**.",
            "tags": "subsidies, MIT",
            "price": "1 uur 30 min",
            "visibility": "network",
        },
    )
    listing = Listing.objects.get()
    assert response.status_code == 302 and response["Location"] == page(network, f"{listing.pk}/")
    assert listing.price == 90 and listing.owner == bert
    # The date was left as offered: the listing runs 90 days from now.
    assert listing.expires_at > timezone.now() + timedelta(days=89)
    shown = text(client.get(response["Location"]))
    assert "1 uur 30 min" in shown and "<strong>mee</strong>" in shown


@pytest.mark.parametrize(
    ("price", "message"),
    [("1,001", "kleinste stap"), ("0", "meer dan nul"), ("veel", "Vul een bedrag in")],
)
def test_a_bad_price_is_explained_on_the_form(network, bert, client_for, price, message):
    response = client_for(bert).post(
        page(network, "new/"),
        {"kind": "offer", "title": "Hulp", "price": price, "visibility": "network"},
    )
    assert message in text(response)
    assert not Listing.objects.exists()


def test_an_empty_title_is_explained_on_the_form(network, bert, client_for):
    response = client_for(bert).post(
        page(network, "new/"), {"kind": "want", "title": "   ", "visibility": "network"}
    )
    assert "verplicht" in text(response)
    assert not Listing.objects.exists()


def test_a_past_date_is_explained_next_to_it(network, bert, client_for):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client_for(bert).post(
        page(network, "new/"),
        {"kind": "want", "title": "Review", "visibility": "network", "expires_at": yesterday},
    )
    assert "toekomst" in text(response)
    assert not Listing.objects.exists()


def test_a_chosen_date_runs_through_that_day(network, bert, client_for):
    day = timezone.localdate() + timedelta(days=14)
    client_for(bert).post(
        page(network, "new/"),
        {"kind": "want", "title": "Review", "visibility": "network", "expires_at": day},
    )
    expires = timezone.localtime(Listing.objects.get().expires_at)
    assert expires.date() == day + timedelta(days=1) and expires.hour == 0
    listing = Listing.objects.get()
    assert listing.last_day == day
    client = client_for(bert)
    # The date input holds the ISO date (what browsers read), the page the day in words.
    assert f'value="{day.isoformat()}"' in text(client.get(page(network, f"{listing.pk}/edit/")))
    assert f'datetime="{day.isoformat()}"' in text(client.get(page(network, f"{listing.pk}/")))


def test_the_list_shows_open_listings_and_filters_by_kind_tag_and_words(
    network, anke, bert, client_for
):
    offer = place(network, bert, tags=["subsidies"], description="Over het MIT-programma.")
    want = place(network, anke, kind="want", title="Review van ons LCA-rapport", tags=["LCA"])
    expired = place(network, bert, title="Verlopen aanbod")
    Listing.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    closed = services.close_listing(place(network, bert, title="Ingetrokken aanbod"), by=bert)
    client = client_for(bert)
    everything = text(client.get(page(network)))
    assert offer.title in everything and want.title in everything
    assert expired.title not in everything and closed.title not in everything
    offers = text(client.get(page(network), {"kind": "want"}))
    assert want.title in offers and offer.title not in offers
    tagged = text(client.get(page(network), {"tag": "lca"}))
    assert want.title in tagged and offer.title not in tagged
    words = text(client.get(page(network), {"q": "programma"}))
    assert offer.title in words and want.title not in words
    mine = text(client.get(page(network), {"mine": "on"}))
    assert expired.title in mine and closed.title in mine and want.title not in mine


def test_a_search_without_words_says_so_on_the_list(network, bert, client_for):
    place(network, bert)
    shown = text(client_for(bert).get(page(network), {"q": "!!!"}))
    assert "Typ een of meer woorden" in shown


def test_anonymous_visitors_see_only_public_listings(network, bert):
    public = place(network, bert, title="Voor iedereen", visibility="public")
    members = place(network, bert, title="Alleen voor leden")
    shown = text(Client().get(page(network)))
    assert public.title in shown and members.title not in shown
    assert Client().get(page(network, f"{public.pk}/")).status_code == 200
    # A members-only listing is not there for them: they are asked to log in.
    assert Client().get(page(network, f"{members.pk}/")).status_code == 302


def test_a_hidden_network_shows_nothing_to_outsiders(network, bert, otto, client_for):
    public = place(network, bert, visibility="public")
    network.visibility = "hidden"
    network.save()
    assert client_for(otto).get(page(network)).status_code == 404
    assert client_for(otto).get(page(network, f"{public.pk}/")).status_code == 404


def test_respond_links_to_a_conversation_only_when_conversations_exist(
    network, anke, bert, client_for, monkeypatch
):
    listing = place(network, bert)
    # Conversations are built separately: with the route there is a button, without none.
    monkeypatch.setattr(listing_views, "reverse", _reverse_with_conversations)
    shown = text(client_for(anke).get(page(network, f"{listing.pk}/")))
    assert "/conversations/new/?with=" in shown
    assert f"about=exchange.listing%3A{listing.pk}" in shown
    # Not for its owner, nor for a listing that is no longer open.
    assert "/conversations/new/" not in text(client_for(bert).get(page(network, f"{listing.pk}/")))
    services.close_listing(listing, by=bert)
    assert "/conversations/new/" not in text(client_for(anke).get(page(network, f"{listing.pk}/")))


def test_without_conversations_there_is_no_respond_button(network, anke, bert):
    listing = place(network, bert)
    try:
        listing_views.reverse("exchange:conversation_start", args=[network.slug])
    except NoReverseMatch:
        assert listing_views.conversation_url(listing) is None
    else:  # merged with the conversations: the button leads there
        assert listing_views.conversation_url(listing).startswith(f"/n/{network.slug}/")


def _reverse_with_conversations(name, args=None, **kwargs):
    from django.urls import reverse

    if name == "exchange:conversation_start":
        return f"/n/{args[0]}/exchange/conversations/new/"
    return reverse(name, args=args, **kwargs)


def test_the_owner_edits_and_others_get_404(network, anke, bert, client_for):
    listing = place(network, bert, price=60)
    client = client_for(bert)
    form = text(client.get(page(network, f"{listing.pk}/edit/")))
    assert 'value="1 uur"' in form  # the price as people read it
    response = client.post(
        page(network, f"{listing.pk}/edit/"),
        {"kind": "want", "title": "Nu een vraag", "visibility": "public", "price": ""},
    )
    assert response.status_code == 302
    changed = Listing.objects.get(pk=listing.pk)
    assert changed.kind == "want" and changed.price is None and changed.visibility == "public"
    # The date was not touched: it still runs as before.
    assert changed.expires_at == listing.expires_at
    assert client_for(anke).get(page(network, f"{listing.pk}/edit/")).status_code == 404


def test_renewing_from_the_mail_link(network, bert, client_for):
    listing = place(network, bert)
    Listing.objects.filter(pk=listing.pk).update(expires_at=timezone.now() - timedelta(days=1))
    client = client_for(bert)
    asked = text(client.get(page(network, f"{listing.pk}/renew/")))
    assert 'method="post"' in asked
    assert Listing.objects.get(pk=listing.pk).is_expired  # a GET renews nothing
    done = client.post(page(network, f"{listing.pk}/renew/"))
    assert done.status_code == 302
    assert Listing.objects.open().filter(pk=listing.pk).exists()


def test_withdrawing_asks_first(network, bert, client_for):
    listing = place(network, bert)
    client = client_for(bert)
    asked = client.post(page(network, f"{listing.pk}/close/"))
    assert 'name="confirm" value="yes"' in text(asked)
    assert Listing.objects.get(pk=listing.pk).closed_at is None
    done = client.post(page(network, f"{listing.pk}/close/"), {"confirm": "yes"})
    assert done.status_code == 302
    assert Listing.objects.get(pk=listing.pk).closed_at is not None
    assert "Ingetrokken" in text(client.get(page(network, f"{listing.pk}/")))


def test_a_coordinator_may_withdraw_a_members_listing(network, anke, bert, client_for):
    listing = place(network, bert)
    client = client_for(anke)
    assert "Intrekken" in text(client.get(page(network, f"{listing.pk}/")))
    client.post(page(network, f"{listing.pk}/close/"), {"confirm": "yes"})
    assert Listing.objects.get(pk=listing.pk).closed_at is not None


def test_a_member_may_not_withdraw_anothers_listing_and_is_not_asked(network, bert, client_for):
    listing = place(network, bert)
    dirk = make_user("Dirk Lid")
    make_membership(dirk, network)
    response = client_for(dirk).post(page(network, f"{listing.pk}/close/"))
    assert response.status_code == 302
    assert Listing.objects.get(pk=listing.pk).closed_at is None


def test_the_person_page_shows_their_open_listings(network, anke, bert, client_for):
    offer = place(network, bert, title="Vezelanalyse in ons lab")
    closed = services.close_listing(place(network, bert, title="Oud aanbod"), by=bert)
    shown = text(client_for(anke).get(f"/n/{network.slug}/members/{bert.pk}/"))
    assert offer.title in shown and closed.title not in shown
    empty = text(client_for(bert).get(f"/n/{network.slug}/members/{anke.pk}/"))
    assert "biedt nu niets aan en zoekt nu niets" in empty


def test_a_departed_members_listing_leaves_the_list(network, bert, client_for, anke):
    listing = place(network, bert)
    Membership.objects.filter(user=bert, network=network).update(status="left")
    assert listing.title not in text(client_for(anke).get(page(network)))


def test_the_nav_and_the_account_page_link_to_the_listings(network, bert, client_for):
    client = client_for(bert)
    account = text(client.get(f"/n/{network.slug}/exchange/"))
    assert page(network) in account
    shown = text(client.get(page(network)))
    assert f'href="{page(network)}" aria-current="page"' in shown
