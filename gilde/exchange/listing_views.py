"""Pages of the offers and wants: the network's list (filtered by kind, tag and words), one
listing with a button to respond, placing and changing one, renewing and withdrawing.

Listings are fetched through `Listing.objects.visible_to(user)` inside the network, so one
the visitor may not see answers 404 like one that does not exist; anonymous visitors see
the public listings of networks that are not hidden, as with public articles. The lists
show only open listings (`open()`); the owner's own, expired ones too, are under "mine".
Every write goes through gilde.exchange.services.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gilde.accounts.models import Tag
from gilde.core import access, search, visibility
from gilde.core.confirm import ask_first, confirmed
from gilde.core.errors import Invalid
from gilde.core.forms import refusals
from gilde.exchange import services
from gilde.exchange.forms import ListingFilterForm, ListingForm
from gilde.exchange.models import Listing, listing_expiry
from gilde.networks.views import network_view

PER_PAGE = 20


def _visible(request, network):
    return Listing.objects.visible_to(request.user).filter(network=network)


def _listing_url(listing: Listing) -> str:
    return reverse("exchange:listing", args=[listing.network.slug, listing.pk])


def _matching(request, network, rows, form: ListingFilterForm, words: str):
    """`rows` that match `words` in the search index, best first (at most search.MAX_LIMIT)."""
    try:
        results = search.search(
            request.user, words, kinds=["listing"], network_id=network.pk, limit=search.MAX_LIMIT
        )
    except Invalid as error:
        form.add_error("q", error.message)
        return rows.none()
    ranked = [hit.object_id for hit in results.hits]
    rank = Case(
        *(When(pk=pk, then=Value(position)) for position, pk in enumerate(ranked)),
        output_field=IntegerField(),
    )
    return rows.filter(pk__in=ranked).order_by(rank) if ranked else rows.none()


@network_view("view")
def listings(request, network):
    """What members offer and want; filter by kind, tag and words, or see only your own."""
    visible = _visible(request, network)
    on_offer = visible.open()
    tags = Tag.objects.filter(
        pk__in=Listing.tags.through.objects.filter(listing__in=on_offer).values("tag_id")
    ).order_by("folded", "name")
    form = ListingFilterForm(tags, request.GET or None, signed_in=request.user.is_authenticated)
    filters = form.filters()
    rows = visible.filter(owner=request.user) if filters["mine"] else on_offer
    if filters["kind"]:
        rows = rows.filter(kind=filters["kind"])
    if filters["tag"]:
        rows = rows.filter(tags__slug=filters["tag"])
    rows = rows.with_related().order_by("-created_at", "-pk")
    if filters["q"]:
        rows = _matching(request, network, rows, form, filters["q"])
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "exchange/listings.html",
        {
            "network": network,
            "form": form,
            "page": page,
            "filtered": any(filters.values()),
            "can_contribute": access.can_contribute(request.user, network),
        },
    )


def conversation_url(listing: Listing) -> str | None:
    """Where "Respond" leads: a conversation with the owner about this listing, if the
    exchange has conversations (`exchange:conversation_start`); None while it has not."""
    try:
        start = reverse("exchange:conversation_start", args=[listing.network.slug])
    except NoReverseMatch:
        return None
    query = {
        "with": listing.owner_id,
        "about": services.reference_for(listing),
        "topic": listing.title,
    }
    return f"{start}?{urlencode(query)}"


@network_view("view")
def listing(request, network, listing_id: int):
    item = get_object_or_404(_visible(request, network).with_related(), pk=listing_id)
    user = request.user
    is_open = Listing.objects.filter(pk=item.pk).open().exists()
    is_owner = visibility.may_edit(item, user)
    # Others who may trade here respond to an open listing; its owner does not.
    may_respond = is_open and not is_owner and access.can_contribute(user, network)
    return render(
        request,
        "exchange/listing.html",
        {
            "network": network,
            "listing": item,
            "tags": item.tags.all(),
            "is_open": is_open,
            "is_owner": is_owner,
            "can_close": not item.is_closed and services.may_close_listing(item, user),
            "conversation_url": conversation_url(item) if may_respond else None,
        },
    )


@login_required
@network_view("contribute")
def listing_new(request, network):
    form = ListingForm(network, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals(form=form) as refused:
            made = services.create_listing(network, by=request.user, **form.values())
        if not refused:
            messages.success(
                request,
                _("Your offer is placed.")
                if made.kind == Listing.Kind.OFFER
                else _("Your request is placed."),
            )
            return redirect(_listing_url(made))
    return render(request, "exchange/listing_form.html", {"network": network, "form": form})


def _own_or_404(request, network, listing_id: int) -> Listing:
    """A listing the visitor may change (their own, while their membership counts)."""
    return get_object_or_404(
        Listing.objects.editable_by(request.user).filter(network=network).with_related(),
        pk=listing_id,
    )


@login_required
@network_view("view")
def listing_edit(request, network, listing_id: int):
    item = _own_or_404(request, network, listing_id)
    form = ListingForm(network, request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        tags = values.pop("tags")
        with refusals(form=form) as refused:
            services.update_listing(item, by=request.user, tags=tags, **values)
        if not refused:
            messages.success(request, _("Your changes are saved."))
            return redirect(_listing_url(item))
    return render(
        request,
        "exchange/listing_form.html",
        {"network": network, "form": form, "listing": item},
    )


@login_required
@network_view("view")
def listing_renew(request, network, listing_id: int):
    """The page the expiry mail links to: it says until when, and its button renews."""
    item = _own_or_404(request, network, listing_id)
    if request.method == "POST":
        with refusals(request) as refused:
            renewed = services.renew_listing(item, by=request.user)
        if not refused:
            until = date_format(renewed.last_day, "j F Y")
            messages.success(request, _("It runs again, until %(date)s.") % {"date": until})
        return redirect(_listing_url(item))
    return render(
        request,
        "exchange/listing_renew.html",
        {"network": network, "listing": item, "until": timezone.localdate(listing_expiry())},
    )


@require_POST
@login_required
@network_view("view")
def listing_close(request, network, listing_id: int):
    """Withdraw a listing (its owner, or a coordinator): asks first."""
    item = get_object_or_404(_visible(request, network).with_related(), pk=listing_id)
    # Someone who may not withdraw it is told so at once, not asked first.
    if services.may_close_listing(item, request.user) and not confirmed(request):
        return ask_first(
            request,
            question=_("Withdraw “%(title)s”?") % {"title": item.title},
            explanation=_("It leaves the lists and search; it cannot be placed again."),
            button=_("Withdraw"),
            cancel_url=_listing_url(item),
        )
    with refusals(request) as refused:
        services.close_listing(item, by=request.user)
    if not refused:
        messages.success(request, _("“%(title)s” is withdrawn.") % {"title": item.title})
    return redirect(_listing_url(item))
