"""The calendar feeds people subscribe to, built from what apps register with
`gilde.core.calendar`, and the page where someone makes, renews or stops their own
feed's link. Calendar programs send no cookies: a network's feed shows a logged-out
visitor what is public, and a person's own feed is found by the secret in its address."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gilde.core import access, calendar
from gilde.core.confirm import ask_first, confirmed
from gilde.core.forms import refusals
from gilde.core.mail import language_of
from gilde.core.models import CalendarFeed


def feed_response(content: bytes, filename: str) -> HttpResponse:
    """A feed for calendar programs: shown inline, kept a quarter of an hour, never indexed."""
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


def network_calendar(request, slug: str):
    """What the visitor may see of a network, public entries for a calendar program. The
    signed `?token=` links of before answer 404: they could not be revoked; the personal
    feed (`personal_calendar`) can."""
    # core sits below networks: the model comes from the app registry.
    network = get_object_or_404(apps.get_model("networks", "Network"), slug=slug)
    if "token" in request.GET:
        raise Http404
    if not access.can_view_network(request.user, network):
        raise Http404
    content = calendar.calendar_bytes(
        network.name,
        calendar.network_entries(network, request.user),
        absolute=request.build_absolute_uri,
    )
    return feed_response(content, f"{network.slug}.ics")


def personal_calendar(request, feed_token: str):
    """Someone's own feed, found by the secret in its address (calendar programs send no
    cookie): what they take part in, in every network, that they may still see, in their
    own language. An unknown or revoked link is 404."""
    feed = get_object_or_404(
        CalendarFeed.objects.active().select_related("user"),
        token_hash=CalendarFeed.hash(feed_token),
    )
    user = feed.user
    with translation.override(language_of(user)):
        content = calendar.calendar_bytes(
            # It holds every app's entries, not only sessions.
            _("My calendar in %(site)s") % {"site": settings.SITE_NAME},
            calendar.personal_entries(user),
            absolute=request.build_absolute_uri,
        )
    return feed_response(content, "gilde.ics")


# -- the personal calendar link ------------------------------------------------------


def _feed_links(request, raw: str) -> dict:
    https = request.build_absolute_uri(reverse("personal_calendar", args=[raw]))
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


@login_required
def my_calendar(request):
    """Make, renew or stop one's own calendar link. The link is shown once, when made:
    only its SHA-256 is kept."""
    links = None
    if request.method == "POST":
        with refusals(request) as refused:
            _feed, raw = calendar.renew_feed(by=request.user)
        if not refused:
            links = _feed_links(request, raw)
    current = CalendarFeed.objects.active().filter(user=request.user).first()
    return render(request, "core/my_calendar.html", {"links": links, "current": current})


@require_POST
@login_required
def my_calendar_revoke(request):
    if not confirmed(request):
        return ask_first(
            request,
            question=_("Stop your calendar link?"),
            explanation=_("Calendars that use it stay empty until you add a new link."),
            button=_("Stop my link"),
            cancel_url=reverse("my_calendar"),
        )
    if calendar.revoke_feed(by=request.user):
        messages.success(
            request, _("Your calendar link is stopped. Calendars using it stay empty.")
        )
    else:
        messages.info(request, _("You have no calendar link to stop."))
    return redirect("my_calendar")
