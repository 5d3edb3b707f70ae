"""The search route: everything the caller may see, the same search as the page."""

from datetime import date, datetime
from typing import Literal

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from gilde.core import calendar, search
from gilde.core.apiauth import public
from gilde.core.apischema import ErrorOut, Id, Page, PageQuery, page_body
from gilde.core.errors import Invalid
from gilde.core.forms import SearchForm

router = Router(tags=["search"])


HitKind = Literal["article", "question", "session", "person", "listing", "decision"]


class SearchFilters(PageQuery):
    q: str = Field(
        ..., description="One or more words, at most 200 characters; every word must match"
    )
    kind: HitKind | None = Field(None, description="Only this kind of result")
    tag: str = Field("", description="Tag name, slug or synonym")
    author: Id | None = Field(None, description="Id of the author (for people: the person)")
    network: str = Field("", description="Network slug")
    since: date | None = Field(None, description="Published on or after this day")
    until: date | None = Field(None, description="Published on or before this day")


class HitOut(Schema):
    kind: HitKind
    id: int
    network: str = Field(..., description="Network slug")
    network_name: str
    title: str
    snippet: str = Field(..., description="HTML: escaped text, matched words in <mark>")
    url: str
    published_at: datetime
    score: float


class SearchOut(Page[HitOut]):
    pass


@router.get("/search", response=SearchOut, auth=public, summary="Search")
def search_route(request, filters: Query[SearchFilters]):
    """Articles, questions, sessions, people and offers and wants the caller may see, best
    match first."""
    data = filters.dict(exclude={"page", "page_size"})
    form = SearchForm(request.user, {k: "" if v is None else v for k, v in data.items()})
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        raise Invalid(errors[0], field=None if field == "__all__" else field)
    if not form.cleaned_data["q"].strip():
        raise Invalid(_("Type one or more words to search for."), field="q")
    offset = (filters.page - 1) * filters.page_size
    if offset > search.MAX_OFFSET:
        # Search ranks at most MAX_OFFSET results deep.
        raise Invalid(_("There is no page %(page)s.") % {"page": filters.page}, field="page")
    results = search.search(
        request.user,
        form.cleaned_data["q"],
        **form.filters(),
        limit=filters.page_size,
        offset=offset,
    )
    return page_body(
        request,
        filters,
        count=results.total,
        results=[
            {
                "kind": hit.kind,
                "id": hit.object_id,
                "network": hit.network_slug,
                "network_name": hit.network_name,
                "title": hit.title,
                "snippet": str(hit.snippet),
                "url": hit.url,
                "published_at": hit.published_at,
                "score": hit.score,
            }
            for hit in results.hits
        ],
    )


# -- the personal calendar link ------------------------------------------------------


class CalendarLinkOut(Schema):
    active: bool = Field(..., description="Whether a link is in use")
    created_at: datetime | None = Field(..., description="When the link in use was made")
    https: str | None = Field(
        None, description="The link, only in the answer that makes it: it is stored hashed"
    )
    webcal: str | None = Field(None, description="The same link for calendar programs")


def _calendar_state(user) -> dict:
    from gilde.core.models import CalendarFeed

    current = CalendarFeed.objects.active().filter(user=user).first()
    return {"active": current is not None, "created_at": current and current.created_at}


@router.get(
    "/me/calendar",
    response={200: CalendarLinkOut, 401: ErrorOut},
    tags=["calendar"],
    summary="My calendar link",
)
def my_calendar_link(request):
    """Whether the caller has a calendar link (sessions, meetings, the due dates of their
    actions, across networks); the link itself is only shown when made."""
    return _calendar_state(request.user)


@router.post(
    "/me/calendar",
    response={201: CalendarLinkOut, 401: ErrorOut},
    tags=["calendar"],
    summary="Make a new calendar link",
)
def renew_calendar_link(request):
    """Makes a link and stops the one before; the answer is the only place it is shown."""
    feed, raw = calendar.renew_feed(by=request.user)
    https = request.build_absolute_uri(reverse("personal_calendar", args=[raw]))
    return Status(
        201,
        {
            "active": True,
            "created_at": feed.created_at,
            "https": https,
            "webcal": "webcal://" + https.split("://", 1)[1],
        },
    )


@router.delete(
    "/me/calendar",
    response={200: CalendarLinkOut, 401: ErrorOut},
    tags=["calendar"],
    summary="Stop my calendar link",
)
def revoke_calendar_link(request):
    """Calendars that use it stay empty from now on."""
    calendar.revoke_feed(by=request.user)
    return _calendar_state(request.user)
