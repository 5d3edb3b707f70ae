"""Offers and wants: placing, changing, renewing and withdrawing them through the services,
and the refusals that change nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from gilde.core.errors import Conflict, Invalid, NotAllowed, NotFound
from gilde.core.models import AuditEntry
from gilde.core.testing import make_membership, make_network, make_user
from gilde.exchange import services
from gilde.exchange.models import LISTING_DAYS, Listing
from gilde.networks.models import Membership


def place(network, user, **fields):
    values = {"kind": "offer", "title": "2 uur hulp bij een MIT-subsidieaanvraag"}
    return services.create_listing(network, by=user, **{**values, **fields})


def test_a_member_places_an_offer_that_runs_ninety_days(network, bert):
    before = timezone.now()
    listing = place(
        network,
        bert,
        description="Ik lees mee met je **projectplan**.",
        tags=["subsidies", "MIT"],
        price=120,
    )
    assert listing.owner == bert and listing.network == network
    assert listing.kind == Listing.Kind.OFFER and listing.visibility == "network"
    assert listing.price == 120 and listing.fmt_price() == "2 uren"
    assert "<strong>projectplan</strong>" in listing.description_html
    assert sorted(tag.name for tag in listing.tags.all()) == ["MIT", "subsidies"]
    days = (listing.expires_at - before).total_seconds() / 86400
    assert LISTING_DAYS - 0.01 < days < LISTING_DAYS + 0.01
    assert Listing.objects.open().filter(pk=listing.pk).exists()


def test_the_description_is_sanitised(network, bert):
    listing = place(
        network,
        bert,
        description="<script>alert(1)</script> [x](javascript:alert(1)) <b onclick=x>b</b>",
    )
    html = listing.description_html
    assert "<script" not in html and "<b" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html  # shown as text, not run


def test_a_want_without_a_price_is_to_be_agreed(network, bert):
    listing = place(network, bert, kind="want", title="Review van ons LCA-rapport")
    assert listing.kind == "want" and listing.price is None and listing.fmt_price() == ""


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "\n\t"}, "title"),
        ({"kind": "ruil"}, "kind"),
        ({"visibility": "circle"}, "visibility"),
        ({"visibility": "private"}, "visibility"),
        ({"price": 0}, "price"),
        ({"price": -30}, "price"),
        ({"price": Decimal("1.5")}, "price"),  # finer than one minute
        ({"price": True}, "price"),
        ({"price": 10**13}, "price"),
        ({"title": "x" * 201}, "title"),
        ({"description": "x" * 20_001}, "description"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(network, bert, fields, field):
    with pytest.raises(Invalid) as refused:
        place(network, bert, **fields)
    assert refused.value.field == field
    assert not Listing.objects.exists()


def test_a_price_finer_than_the_unit_says_so_in_dutch(network, bert):
    with pytest.raises(Invalid) as refused:
        place(network, bert, price=Decimal("0.5"))
    assert "kleinste stap" in str(refused.value.message)


def test_an_expiry_in_the_past_or_too_far_ahead_is_refused(network, bert):
    with pytest.raises(Invalid) as past:
        place(network, bert, expires_at=timezone.now() - timedelta(minutes=1))
    assert past.value.field == "expires_at"
    with pytest.raises(Invalid) as far:
        place(network, bert, expires_at=timezone.now() + timedelta(days=400))
    assert far.value.field == "expires_at"
    assert not Listing.objects.exists()


def test_a_chosen_expiry_is_kept(network, bert):
    when = timezone.now() + timedelta(days=10)
    assert place(network, bert, expires_at=when).expires_at == when


def test_a_line_break_in_the_title_becomes_a_space(network, bert):
    assert place(network, bert, title="Hulp\nbij\tsubsidie").title == "Hulp bij subsidie"


def test_guests_and_outsiders_place_nothing(network, gea, otto):
    with pytest.raises(NotAllowed):
        place(network, gea)
    with pytest.raises(NotAllowed):
        place(network, otto)
    hidden = make_network("Verborgen", visibility="hidden")
    with pytest.raises(NotFound):
        place(hidden, otto)
    assert not Listing.objects.exists()


def test_the_owner_changes_a_listing(network, bert):
    listing = place(network, bert, price=60)
    changed = services.update_listing(
        listing,
        by=bert,
        title="3 uur hulp",
        description="Nu met *meer* tijd",
        price=None,
        visibility="public",
        tags=["subsidies"],
    )
    assert changed.title == "3 uur hulp" and changed.price is None
    assert "<em>meer</em>" in changed.description_html
    assert [tag.name for tag in changed.tags.all()] == ["subsidies"]
    entry = AuditEntry.objects.get(verb="item.visibility_changed")
    assert entry.data == {"from": "network", "to": "public"}


def test_someone_else_cannot_change_it(network, anke, bert, gea, otto):
    listing = place(network, bert)
    with pytest.raises(NotAllowed):  # a coordinator may withdraw it, not rewrite it
        services.update_listing(listing, by=anke, title="Van mij")
    for other in (gea, otto):  # a network-only listing does not exist for them
        with pytest.raises(NotFound):
            services.update_listing(listing, by=other, title="Van mij")
    assert Listing.objects.get(pk=listing.pk).title == listing.title


def test_bad_changes_change_nothing(network, bert):
    listing = place(network, bert, price=60)
    with pytest.raises(Invalid):
        services.update_listing(listing, by=bert, title="", price=30)
    with pytest.raises(Invalid):
        services.update_listing(listing, by=bert, owner_id=1)
    with pytest.raises(Invalid):
        services.update_listing(listing, by=bert, price=Decimal("2.5"))
    stored = Listing.objects.get(pk=listing.pk)
    assert stored.title == listing.title and stored.price == 60


@pytest.mark.parametrize("status", ["left", "suspended"])
def test_an_ended_member_changes_nothing(network, bert, status):
    listing = place(network, bert, visibility="public")
    Membership.objects.filter(user=bert, network=network).update(status=status)
    bert = type(bert).objects.get(pk=bert.pk)  # a fresh membership cache
    with pytest.raises(NotAllowed) as refused:
        services.update_listing(listing, by=bert, title="Nog steeds")
    assert "niet actief" in str(refused.value.message)
    with pytest.raises(NotAllowed):
        services.renew_listing(listing, by=bert)
    with pytest.raises(NotAllowed):
        services.close_listing(listing, by=bert)
    assert Listing.objects.get(pk=listing.pk).title == listing.title
    assert not Listing.objects.open().filter(pk=listing.pk).exists()


def test_a_guest_again_no_longer_owns_it(network, bert):
    listing = place(network, bert)
    Membership.objects.filter(user=bert, network=network).update(role="guest")
    bert = type(bert).objects.get(pk=bert.pk)
    with pytest.raises(NotAllowed):
        services.update_listing(listing, by=bert, title="Nog steeds")


def test_renewing_runs_it_ninety_days_from_now(network, bert):
    listing = place(network, bert, expires_at=timezone.now() + timedelta(days=2))
    Listing.objects.filter(pk=listing.pk).update(
        expires_at=timezone.now() - timedelta(days=1), renewal_mailed_at=timezone.now()
    )
    renewed = services.renew_listing(listing, by=bert)
    assert renewed.renewal_mailed_at is None
    assert renewed.expires_at > timezone.now() + timedelta(days=LISTING_DAYS - 1)
    assert Listing.objects.open().filter(pk=listing.pk).exists()


def test_only_the_owner_renews(network, anke, bert):
    listing = place(network, bert)
    with pytest.raises(NotAllowed):
        services.renew_listing(listing, by=anke)


def test_the_owner_withdraws_and_then_it_is_closed_for_good(network, bert):
    listing = place(network, bert)
    closed = services.close_listing(listing, by=bert)
    assert closed.closed_at is not None
    assert not Listing.objects.open().filter(pk=listing.pk).exists()
    assert not AuditEntry.objects.filter(verb=services.LISTING_CLOSED_BY_COORDINATOR).exists()
    with pytest.raises(Conflict):
        services.close_listing(listing, by=bert)
    with pytest.raises(Conflict):
        services.renew_listing(listing, by=bert)
    with pytest.raises(Conflict):
        services.update_listing(listing, by=bert, title="Toch weer")


def test_a_coordinator_withdraws_any_listing_of_their_network_and_the_log_says_so(
    network, anke, bert
):
    listing = place(network, bert)
    services.close_listing(listing, by=anke)
    entry = AuditEntry.objects.get(verb=services.LISTING_CLOSED_BY_COORDINATOR)
    assert entry.actor == anke and entry.target_id == listing.pk and entry.network_id == network.pk


def test_a_coordinator_elsewhere_withdraws_nothing(network, bert):
    listing = place(network, bert)
    elsewhere = make_network("Elders")
    piet = make_user("Piet Elders")
    make_membership(piet, elsewhere, role="coordinator")
    with pytest.raises(NotFound):
        services.close_listing(listing, by=piet)
    with pytest.raises(NotAllowed):  # a public one he may see, but not withdraw
        services.close_listing(services.update_listing(listing, by=bert, visibility="public"),
                               by=piet)  # fmt: skip
    assert Listing.objects.get(pk=listing.pk).closed_at is None


def test_members_do_not_withdraw_each_others_listings(network, bert):
    listing = place(network, bert)
    dirk = make_user("Dirk Lid")
    make_membership(dirk, network)
    with pytest.raises(NotAllowed):
        services.close_listing(listing, by=dirk)


def test_a_later_date_brings_an_expired_listing_back(network, bert):
    listing = place(network, bert)
    Listing.objects.filter(pk=listing.pk).update(
        expires_at=timezone.now() - timedelta(days=1), renewal_mailed_at=timezone.now()
    )
    changed = services.update_listing(
        listing, by=bert, expires_at=timezone.now() + timedelta(days=30)
    )
    assert changed.renewal_mailed_at is None
    assert Listing.objects.open().filter(pk=listing.pk).exists()


def test_visible_to_follows_the_visibility_rule(network, anke, bert, gea, otto):
    from django.contrib.auth.models import AnonymousUser

    members_only = place(network, bert, title="Alleen leden")
    public = place(network, bert, title="Voor iedereen", visibility="public")
    seen = {
        name: set(Listing.objects.visible_to(user).values_list("pk", flat=True))
        for name, user in {
            "anke": anke, "bert": bert, "gea": gea, "otto": otto, "anonymous": AnonymousUser()
        }.items()
    }  # fmt: skip
    assert seen["anke"] == seen["bert"] == {members_only.pk, public.pk}
    assert seen["gea"] == seen["otto"] == seen["anonymous"] == {public.pk}
    network.visibility = "hidden"
    network.save()
    assert not Listing.objects.visible_to(AnonymousUser()).exists()
