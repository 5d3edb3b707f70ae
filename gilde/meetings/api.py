"""API routes for meetings: the meeting with its agenda, answers and attendance, the minutes
(with the parse-preview of what they would create), closing, decisions, ideas and actions,
"my actions" across networks, and the meeting's iCalendar file.

Meetings are for a network's members and coordinators: every route under
/networks/{slug}/ starts with `network_for(…, "members")`, so guests and outsiders get
404, and every row is fetched through its `visible_to`, so a meeting for those invited is
not there for anyone else. Every write calls `gilde.meetings.services`, which checks who
may and validates; a refusal is the same message as on the pages.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import field_validator

from gilde.core.apischema import (
    UNSET,
    ErrorOut,
    Id,
    Page,
    PageQuery,
    PersonOut,
    amsterdam_time,
    paginate,
)
from gilde.core.errors import Invalid, NotFound
from gilde.meetings import feeds, services
from gilde.meetings.models import (
    Action,
    AgendaItem,
    Correction,
    Decision,
    Idea,
    Meeting,
    Rsvp,
    Series,
)
from gilde.networks.api import network_for

router = Router(tags=["meetings"])

# The models' choices as types: a wrong value is a 400 naming the allowed ones
# (tests/test_api.py checks that they stay equal to the models').
MeetingVisibility = Literal["network", "circle"]
RsvpAnswer = Literal["yes", "no", "maybe"]
AgendaKind = Literal["topic", "open_actions"]
CorrectionStatus = Literal["open", "accepted", "rejected"]
ActionStatus = Literal["open", "in_progress", "done", "dropped"]
IdeaStatus = Literal["open", "taken_up", "set_aside"]
SeriesFrequency = Literal["weekly", "fortnightly", "monthly"]
FoundKind = Literal["action", "decision", "idea"]

READ_ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def _members(request, slug: str):
    return network_for(request, slug, "members")


def _changes(payload: Schema) -> dict:
    return payload.dict(exclude_unset=True)


# -- schemas -----------------------------------------------------------------------


class MeetingRef(Schema):
    id: int
    title: str
    starts_at: datetime


class ActionOut(Schema):
    id: int
    network: str = Field(..., description="Network slug")
    title: str
    description: str
    owner: PersonOut
    due_on: date | None
    status: ActionStatus
    drop_reason: str = Field(..., description="Why it was dropped; empty otherwise")
    done_on: date | None
    overdue: bool = Field(..., description="Open and past its due date")
    meeting: MeetingRef | None = Field(..., description="The meeting it came from, if any")
    agenda_item: int | None = Field(..., alias="item_id", description="Its agenda item's id")
    idea: int | None = Field(..., alias="idea_id", description="The idea it was made from")
    source_line: str = Field(..., description="The minutes' line it came from, as written")
    created_at: datetime
    may_change: bool = Field(..., description="Whether the caller may change it")

    @staticmethod
    def resolve_network(obj) -> str:
        return obj.network.slug

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue()

    @staticmethod
    def resolve_may_change(obj, context) -> bool:
        return services.may_change_action(obj, context["request"].user)


class CommentOut(Schema):
    id: int
    author: PersonOut
    body: str
    created_at: datetime


class ActionDetailOut(ActionOut):
    involved: list[PersonOut]
    comments: list[CommentOut]

    @staticmethod
    def resolve_involved(obj) -> list:
        return list(obj.involved.all())

    @staticmethod
    def resolve_comments(obj) -> list:
        return list(obj.comments.all())


class DecisionOut(Schema):
    id: int
    text: str
    decided_on: date
    meeting: MeetingRef
    agenda_item: int | None = Field(..., alias="item_id")


class IdeaOut(Schema):
    id: int
    title: str
    description: str
    status: IdeaStatus
    raised_by: PersonOut
    meeting: MeetingRef | None
    agenda_item: int | None = Field(..., alias="item_id")
    support_count: int
    supported_by_me: bool
    created_at: datetime


class CorrectionOut(Schema):
    id: int
    proposed_by: PersonOut
    text: str = Field(..., description="The proposed minutes, Markdown")
    note: str
    status: CorrectionStatus
    created_at: datetime


class AgendaItemOut(Schema):
    id: int
    position: int
    kind: AgendaKind = Field(..., description="open_actions lists the open actions of before")
    title: str
    description: str
    owner: PersonOut | None = Field(..., description="Who leads the item")
    duration_minutes: int | None
    standing: bool = Field(..., description="Comes back on the series' next meeting")
    minutes: str = Field(..., description="Markdown, as written")
    minutes_html: str = Field(..., description="The minutes rendered to safe HTML")
    corrections: list[CorrectionOut] = Field(..., description="Open proposed corrections")

    @staticmethod
    def resolve_title(obj) -> str:
        return str(obj.display_title)

    @staticmethod
    def resolve_corrections(obj) -> list:
        return list(obj.corrections.all())


class RsvpOut(Schema):
    person: PersonOut = Field(..., alias="user")
    answer: RsvpAnswer | Literal[""] = Field(..., description="Empty: only recorded as present")
    attended: bool


class MeetingOut(Schema):
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str
    online_url: str
    visibility: MeetingVisibility
    capacity: int | None = Field(..., description="Places; null: no limit")
    series: int | None = Field(..., alias="series_id", description="Id of its series")
    organisers: list[PersonOut]
    yes_count: int
    my_answer: RsvpAnswer | None = Field(..., description="The caller's answer, if any")
    minutes_final: bool
    closed_at: datetime | None

    @staticmethod
    def resolve_organisers(obj) -> list:
        return list(obj.organisers.all())

    @staticmethod
    def resolve_my_answer(obj) -> str | None:
        return getattr(obj, "my_answer", None) or None


class MeetingDetailOut(MeetingOut):
    description: str = Field(..., description="Markdown, as written")
    description_html: str
    invited: list[PersonOut] = Field(..., description="Empty: the whole network is invited")
    note_taker: PersonOut | None
    agenda: list[AgendaItemOut]
    answers: list[RsvpOut]
    open_actions: list[ActionOut] = Field(
        ..., description="Still open from earlier meetings (of the series, if it has one)"
    )
    # On a Meeting these names are related managers: the lists come under other names.
    actions: list[ActionOut] = Field(
        ..., alias="actions_made", description="The actions that came out of it"
    )
    decisions: list[DecisionOut] = Field(..., alias="decisions_made")
    ideas: list[IdeaOut] = Field(..., alias="ideas_made")
    may_run: bool = Field(..., description="Whether the caller may change and close it")
    may_write_minutes: bool
    calendar: str = Field(..., description="Path of its .ics file in this API")

    @staticmethod
    def resolve_invited(obj) -> list:
        return list(obj.invited.all())


class MeetingPage(Page[MeetingOut]):
    pass


class MeetingFilters(PageQuery):
    when: Literal["upcoming", "past", "all"] = Field(
        "upcoming", description="upcoming: soonest first; past and all: latest first"
    )


class MeetingIn(Schema):
    title: str = Field(..., max_length=200)
    starts_at: datetime = Field(..., description="ISO 8601; without an offset: Amsterdam time")
    ends_at: datetime = Field(..., description="ISO 8601; without an offset: Amsterdam time")
    location: str = Field("", max_length=200)
    online_url: str = Field("", max_length=200)
    description: str = Field("", max_length=20_000, description="Markdown")
    capacity: int | None = Field(None, ge=1, le=100_000, description="Places; null: no limit")
    visibility: MeetingVisibility = "network"
    organisers: list[Id] = Field(
        default_factory=list, description="User ids; the caller is always one"
    )
    invited: list[Id] = Field(
        default_factory=list, description="User ids; empty: the whole network"
    )
    note_taker: Id | None = Field(None, description="User id of who writes the minutes")

    @field_validator("starts_at", "ends_at")
    @classmethod
    def read_as_amsterdam_time(cls, value: datetime) -> datetime | None:
        return amsterdam_time(value)


class MeetingPatch(Schema):
    title: str = Field(UNSET, max_length=200)
    starts_at: datetime = UNSET
    ends_at: datetime = UNSET
    location: str = Field(UNSET, max_length=200)
    online_url: str = Field(UNSET, max_length=200)
    description: str = Field(UNSET, max_length=20_000)
    capacity: int | None = Field(UNSET, ge=1, le=100_000, description="null: no limit")
    visibility: MeetingVisibility = UNSET
    organisers: list[Id] = Field(UNSET, description="Replaces the organisers")
    invited: list[Id] = Field(UNSET, description="Replaces the invited; empty: everyone")
    note_taker: Id | None = Field(UNSET, description="null: no note-taker")

    @field_validator("starts_at", "ends_at")
    @classmethod
    def read_as_amsterdam_time(cls, value: datetime) -> datetime | None:
        return amsterdam_time(value)


class RsvpIn(Schema):
    answer: RsvpAnswer


class PresentIn(Schema):
    present: list[Id] = Field(..., description="User ids of who was there")


class CloseIn(Schema):
    present: list[Id] | None = Field(
        None, description="User ids of who was there; null: as recorded before"
    )


class CloseOut(Schema):
    meeting: MeetingDetailOut
    actions_created: int


class SeriesIn(Schema):
    title: str = Field(..., max_length=200, description="The series' name")
    frequency: SeriesFrequency = "monthly"
    week_of_month: Literal[-1, 1, 2, 3, 4] = Field(
        1, description="For monthly: the 1st to 4th weekday of the month, or -1 for the last"
    )


class SeriesOut(Schema):
    id: int
    title: str
    frequency: SeriesFrequency
    week_of_month: int


class AgendaItemIn(Schema):
    title: str = Field(..., max_length=200)
    description: str = Field("", max_length=2000)
    owner: Id | None = Field(None, description="User id of who leads the item")
    duration_minutes: int | None = Field(None, ge=1, le=600)
    standing: bool = False


class AgendaItemPatch(Schema):
    title: str = Field(UNSET, max_length=200)
    description: str = Field(UNSET, max_length=2000)
    owner: Id | None = Field(UNSET, description="null: nobody leads it")
    duration_minutes: int | None = Field(UNSET, ge=1, le=600)
    standing: bool = UNSET


class MoveIn(Schema):
    direction: Literal["up", "down"]


class MinutesIn(Schema):
    text: str = Field(..., max_length=50_000, description="Markdown with ACTIE/BESLUIT/IDEE lines")


class PreviewIn(Schema):
    text: str = Field(..., max_length=50_000, description="Minutes to parse; nothing is saved")


class FoundPerson(Schema):
    id: int
    name: str


class FoundOut(Schema):
    kind: FoundKind
    line: int = Field(..., description="Line number in the text, 1 first")
    source: str = Field(..., description="The line as written")
    text: str = Field(..., description="The title, decision or idea without keyword and date")
    mention: str = Field(..., description="The @-mention as written")
    owner: FoundPerson | None = Field(..., description="Who the mention is; null: unclear")
    candidates: list[FoundPerson] = Field(..., description="When the mention is ambiguous")
    due: date | None
    due_phrase: str = Field(..., description="The date as written")
    problems: list[str] = Field(..., description="Why it cannot be created yet")
    notes: list[str] = Field(..., description="Warnings that do not stop it")


class PreviewOut(Schema):
    ok: bool = Field(..., description="Whether closing would accept these minutes")
    actions: int
    decisions: int
    ideas: int
    found: list[FoundOut]


class CorrectionIn(Schema):
    text: str = Field(..., max_length=50_000, description="The proposed minutes, Markdown")
    note: str = Field("", max_length=500, description="Why")


class DecideIn(Schema):
    accept: bool


class ActionPage(Page[ActionOut]):
    pass


class ActionFilters(PageQuery):
    status: ActionStatus | Literal["all"] | None = Field(
        None, description="Default: open and in progress"
    )
    owner: Id | None = Field(None, description="User id of the owner")
    meeting: Id | None = Field(None, description="Meeting id")
    overdue: bool = Field(False, description="Only open actions past their due date")


class MyActionFilters(PageQuery):
    status: ActionStatus | Literal["all"] | None = Field(
        None, description="Default: open and in progress"
    )


class ActionIn(Schema):
    title: str = Field(..., max_length=300)
    owner: Id = Field(..., description="User id of the owner, an active member")
    due_on: date | None = None
    description: str = Field("", max_length=5000)
    involved: list[Id] = Field(default_factory=list, description="User ids of others involved")
    meeting: Id | None = Field(None, description="The meeting it belongs to")
    agenda_item: Id | None = Field(None, description="Its agenda item (of that meeting)")


class ActionPatch(Schema):
    title: str = Field(UNSET, max_length=300)
    description: str = Field(UNSET, max_length=5000)
    due_on: date | None = Field(UNSET, description="null: no due date")
    involved: list[Id] = Field(UNSET, description="Replaces those involved")


class AssignIn(Schema):
    owner: Id = Field(..., description="User id of the new owner")


class StatusIn(Schema):
    status: ActionStatus
    reason: str = Field("", max_length=500, description="Needed to drop an action")


class CommentIn(Schema):
    body: str = Field(..., max_length=5000)


class DecisionPage(Page[DecisionOut]):
    pass


class IdeaPage(Page[IdeaOut]):
    pass


class IdeaFilters(PageQuery):
    status: IdeaStatus | None = None


class IdeaIn(Schema):
    title: str = Field(..., max_length=300)
    description: str = Field("", max_length=5000)


class SupportIn(Schema):
    support: bool = Field(True, description="false takes the support back")


class IdeaActionIn(Schema):
    owner: Id = Field(..., description="User id of the action's owner")
    title: str = Field("", max_length=300, description="Empty: the idea's title")
    due_on: date | None = None


class FollowThroughOut(Schema):
    since: date
    until: date
    due: int = Field(..., description="Actions due in the period (dropped ones do not count)")
    on_time: int = Field(..., description="Of those, done on or before their due date")
    rate: float | None = Field(..., description="on_time / due; null when nothing was due")


class FollowThroughQuery(Schema):
    since: date | None = Field(None, description="First due day; default a year before today")
    until: date | None = Field(None, description="Last due day; default today")
    owner: Id | None = Field(None, description="Only this owner's actions")
    meeting: Id | None = Field(None, description="Only this meeting's actions")


# -- rows --------------------------------------------------------------------------


def _meetings(request, network):
    user = request.user
    mine = Rsvp.objects.filter(meeting_id=OuterRef("pk"), user_id=user.pk)
    return (
        Meeting.objects.visible_to(user)
        .filter(network=network)
        .prefetch_related("organisers")
        .annotate(
            yes_count=Count("rsvps", filter=Q(rsvps__answer=Meeting.Rsvp.YES), distinct=True),
            my_answer=Subquery(mine.values("answer")[:1]),
        )
    )


def _meeting(request, network, meeting_id: int) -> Meeting:
    meeting = (
        _meetings(request, network)
        .select_related("network", "series", "note_taker")
        .prefetch_related("invited")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise NotFound(_("This meeting does not exist."))
    return meeting


def _actions(request):
    return Action.objects.visible_to(request.user).with_related().by_due()


def _action(request, network, action_id: int) -> Action:
    found = (
        _actions(request)
        .filter(network=network, pk=action_id)
        .prefetch_related("involved", Prefetch("comments", queryset=_comments()))
        .first()
    )
    if found is None:
        raise NotFound(_("This action does not exist."))
    return found


def _comments():
    from gilde.meetings.models import ActionComment

    return ActionComment.objects.select_related("author").order_by("created_at", "pk")


def _ideas(request, network):
    user = request.user
    supported = Idea.supporters.through.objects.filter(idea_id=OuterRef("pk"), user_id=user.pk)
    return (
        Idea.objects.visible_to(user)
        .filter(network=network)
        .with_support()
        .annotate(supported_by_me=Exists(supported))
        .select_related("raised_by", "meeting")
        .order_by("status", "-support_count", "-created_at", "-pk")
    )


def _idea(request, network, idea_id: int) -> Idea:
    found = _ideas(request, network).filter(pk=idea_id).first()
    if found is None:
        raise NotFound(_("This idea does not exist."))
    return found


def _agenda(meeting: Meeting):
    """Its items, each with who leads it and its open corrections."""
    open_corrections = Correction.objects.filter(status=Correction.Status.OPEN).select_related(
        "proposed_by"
    )
    return meeting.items.select_related("owner").prefetch_related(
        Prefetch("corrections", queryset=open_corrections)
    )


def _item(meeting: Meeting, agenda_item_id: int) -> AgendaItem:
    item = _agenda(meeting).filter(pk=agenda_item_id).first()
    if item is None:
        raise NotFound(_("This agenda item does not exist."))
    item.meeting = meeting
    return item


def _detail(request, network, meeting_id: int) -> Meeting:
    """The meeting with everything its page shows, in a fixed number of queries."""
    meeting = _meeting(request, network, meeting_id)
    user = request.user
    # Read by MeetingDetailOut; Meeting has no such fields.
    meeting.agenda = list(_agenda(meeting))  # type: ignore[attr-defined]
    meeting.answers = list(  # type: ignore[attr-defined]
        meeting.rsvps.select_related("user").order_by("user__name", "pk")
    )
    meeting.open_actions = list(  # type: ignore[attr-defined]
        services.open_actions_for(meeting)
    )
    meeting.actions_made = list(  # type: ignore[attr-defined]
        meeting.actions.with_related().order_by("item__position", "pk")
    )
    meeting.decisions_made = list(meeting.decisions.order_by("pk"))  # type: ignore[attr-defined]
    for decision in meeting.decisions_made:  # type: ignore[attr-defined]
        decision.meeting = meeting
    meeting.ideas_made = list(  # type: ignore[attr-defined]
        _ideas(request, network).filter(meeting=meeting)
    )
    meeting.may_run = services.may_run(meeting, user)  # type: ignore[attr-defined]
    meeting.may_write_minutes = services.may_write_minutes(meeting, user)  # type: ignore[attr-defined]
    meeting.calendar = f"/api/v1/networks/{network.slug}/meetings/{meeting.pk}/calendar"  # type: ignore[attr-defined]
    return meeting


def _meeting_body(request, network, meeting_id: int) -> Meeting:
    return _detail(request, network, meeting_id)


# -- meetings ----------------------------------------------------------------------


@router.get(
    "/networks/{slug}/meetings",
    response={200: MeetingPage, **READ_ERRORS},
    summary="Meetings",
)
def list_meetings(request, slug: str, filters: Query[MeetingFilters]):
    """The meetings the caller may see; by default the upcoming ones, soonest first."""
    network = _members(request, slug)
    rows = _meetings(request, network)
    if filters.when == "upcoming":
        rows = rows.upcoming()
    elif filters.when == "past":
        rows = rows.past()
    else:
        rows = rows.order_by("-starts_at", "-pk")
    return paginate(request, rows, filters)


@router.get(
    "/networks/{slug}/meetings/{meeting_id}",
    response={200: MeetingDetailOut, **READ_ERRORS},
    summary="One meeting",
)
def get_meeting(request, slug: str, meeting_id: int):
    """With its agenda and minutes, answers, the open actions of before, and what came out."""
    return _meeting_body(request, _members(request, slug), meeting_id)


@router.post(
    "/networks/{slug}/meetings",
    response={201: MeetingDetailOut, **WRITE_ERRORS},
    summary="Plan a meeting",
)
def create_meeting(request, slug: str, payload: MeetingIn):
    """Members and coordinators plan; the agenda opens with "Open actions"."""
    network = _members(request, slug)
    meeting = services.create_meeting(network, by=request.user, **payload.dict())
    return Status(201, _meeting_body(request, network, meeting.pk))


@router.patch(
    "/networks/{slug}/meetings/{meeting_id}",
    response={200: MeetingDetailOut, **WRITE_ERRORS},
    summary="Change a meeting",
)
def update_meeting(request, slug: str, meeting_id: int, payload: MeetingPatch):
    """Only the fields sent change. Its organisers and the network's coordinators."""
    network = _members(request, slug)
    meeting = _meeting(request, network, meeting_id)
    services.update_meeting(meeting, by=request.user, **_changes(payload))
    return _meeting_body(request, network, meeting_id)


@router.get(
    "/networks/{slug}/meetings/{meeting_id}/calendar",
    response={200: None, **READ_ERRORS},
    summary="The meeting as an .ics file",
    openapi_extra={
        "responses": {
            "200": {
                "description": "An iCalendar file (RFC 5545)",
                "content": {"text/calendar": {"schema": {"type": "string"}}},
            }
        }
    },
)
def meeting_calendar(request, slug: str, meeting_id: int):
    meeting = _meeting(request, _members(request, slug), meeting_id)
    page = request.build_absolute_uri(feeds.path(meeting))
    response = HttpResponse(
        feeds.meeting_calendar(meeting, page), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@router.put(
    "/networks/{slug}/meetings/{meeting_id}/answer",
    response={200: RsvpOut, **WRITE_ERRORS},
    summary="Answer a meeting",
)
def answer_meeting(request, slug: str, meeting_id: int, payload: RsvpIn):
    """Yes, no or maybe; a yes needs a free place (409 when full). Those invited only."""
    meeting = _meeting(request, _members(request, slug), meeting_id)
    rsvp = services.answer(meeting, by=request.user, answer=payload.answer)
    rsvp.user = request.user
    return rsvp


@router.put(
    "/networks/{slug}/meetings/{meeting_id}/attendance",
    response={200: MeetingDetailOut, **WRITE_ERRORS},
    summary="Record who was there",
)
def record_attendance(request, slug: str, meeting_id: int, payload: PresentIn):
    """Once the meeting has started, until it is closed. Those who run it."""
    network = _members(request, slug)
    meeting = _meeting(request, network, meeting_id)
    services.record_attendance(meeting, by=request.user, present=payload.present)
    return _meeting_body(request, network, meeting_id)


@router.post(
    "/networks/{slug}/meetings/{meeting_id}/close",
    response={200: CloseOut, **WRITE_ERRORS},
    summary="Close a meeting",
)
def close_meeting(request, slug: str, meeting_id: int, payload: CloseIn):
    """Finalise the minutes: their ACTIE, BESLUIT and IDEE lines become actions, decisions and
    ideas, and every attendee is mailed the minutes with their own actions. Refused as a whole
    (400, naming every line) while an owner or a date is unclear; nothing is half-saved."""
    network = _members(request, slug)
    meeting = _meeting(request, network, meeting_id)
    made = services.close_meeting(meeting, by=request.user, present=payload.present)
    return {
        "meeting": _meeting_body(request, network, meeting_id),
        "actions_created": made["actions"],
    }


@router.post(
    "/networks/{slug}/meetings/{meeting_id}/series",
    response={201: SeriesOut, **WRITE_ERRORS},
    summary="Make a meeting the first of a series",
)
def start_series(request, slug: str, meeting_id: int, payload: SeriesIn):
    meeting = _meeting(request, _members(request, slug), meeting_id)
    series: Series = services.start_series(meeting, by=request.user, **payload.dict())
    return Status(201, series)


@router.post(
    "/networks/{slug}/meetings/{meeting_id}/next",
    response={201: MeetingDetailOut, **WRITE_ERRORS},
    summary="Plan the series' next meeting",
)
def plan_next_meeting(request, slug: str, meeting_id: int):
    """Made from this one: same time and place, its standing agenda items, "Open actions"."""
    network = _members(request, slug)
    meeting = _meeting(request, network, meeting_id)
    following = services.plan_next_meeting(meeting, by=request.user)
    return Status(201, _meeting_body(request, network, following.pk))


# -- agenda and minutes ----------------------------------------------------------


@router.post(
    "/networks/{slug}/meetings/{meeting_id}/agenda",
    response={201: AgendaItemOut, **WRITE_ERRORS},
    summary="Add an agenda item",
)
def add_agenda_item(request, slug: str, meeting_id: int, payload: AgendaItemIn):
    meeting = _meeting(request, _members(request, slug), meeting_id)
    fields = payload.dict()
    item = services.add_agenda_item(meeting, by=request.user, **fields)
    return Status(201, _item(meeting, item.pk))


@router.patch(
    "/networks/{slug}/meetings/{meeting_id}/agenda/{agenda_item_id}",
    response={200: AgendaItemOut, **WRITE_ERRORS},
    summary="Change an agenda item",
)
def update_agenda_item(
    request, slug: str, meeting_id: int, agenda_item_id: int, payload: AgendaItemPatch
):
    meeting = _meeting(request, _members(request, slug), meeting_id)
    item = _item(meeting, agenda_item_id)
    services.update_agenda_item(item, by=request.user, **_changes(payload))
    return _item(meeting, agenda_item_id)


@router.delete(
    "/networks/{slug}/meetings/{meeting_id}/agenda/{agenda_item_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove an agenda item",
)
def remove_agenda_item(request, slug: str, meeting_id: int, agenda_item_id: int):
    """Not "Open actions", and not an item with minutes (409)."""
    meeting = _meeting(request, _members(request, slug), meeting_id)
    services.remove_agenda_item(_item(meeting, agenda_item_id), by=request.user)
    return Status(204, None)


@router.post(
    "/networks/{slug}/meetings/{meeting_id}/agenda/{agenda_item_id}/move",
    response={200: AgendaItemOut, **WRITE_ERRORS},
    summary="Move an agenda item up or down",
)
def move_agenda_item(request, slug: str, meeting_id: int, agenda_item_id: int, payload: MoveIn):
    """Answers the item at its new position; "Open actions" stays first."""
    meeting = _meeting(request, _members(request, slug), meeting_id)
    services.move_agenda_item(
        _item(meeting, agenda_item_id), by=request.user, direction=payload.direction
    )
    return _item(meeting, agenda_item_id)


@router.put(
    "/networks/{slug}/meetings/{meeting_id}/agenda/{agenda_item_id}/minutes",
    response={200: AgendaItemOut, **WRITE_ERRORS},
    summary="Write an agenda item's minutes",
)
def save_minutes(request, slug: str, meeting_id: int, agenda_item_id: int, payload: MinutesIn):
    """Those who run the meeting and its note-taker, until the minutes are final (409);
    every version is kept. Nothing is created until the meeting is closed."""
    meeting = _meeting(request, _members(request, slug), meeting_id)
    services.save_minutes(_item(meeting, agenda_item_id), by=request.user, text=payload.text)
    return _item(meeting, agenda_item_id)


@router.post(
    "/networks/{slug}/meetings/{meeting_id}/preview",
    response={200: PreviewOut, **WRITE_ERRORS},
    summary="What minutes would create",
)
def preview_minutes(request, slug: str, meeting_id: int, payload: PreviewIn):
    """The actions (owner and due date), decisions and ideas the text would create, and what
    is unclear, relative to this meeting's date and members. Saves nothing."""
    meeting = _meeting(request, _members(request, slug), meeting_id)
    found = services.preview(meeting, payload.text)

    def person(p):
        return {"id": p.id, "name": p.name} if p is not None else None

    return {
        "ok": found.ok,
        "actions": len(found.actions),
        "decisions": len(found.decisions),
        "ideas": len(found.ideas),
        "found": [
            {
                "kind": f.kind,
                "line": f.line,
                "source": f.source,
                "text": f.text,
                "mention": f.mention,
                "owner": person(f.owner),
                "candidates": [person(c) for c in f.candidates],
                "due": f.due,
                "due_phrase": f.due_phrase,
                "problems": [str(p) for p in f.problems],
                "notes": [str(n) for n in f.notes],
            }
            for f in found.found
        ],
    }


@router.post(
    "/networks/{slug}/meetings/{meeting_id}/agenda/{agenda_item_id}/corrections",
    response={201: CorrectionOut, **WRITE_ERRORS},
    summary="Propose a correction to the minutes",
)
def propose_correction(
    request, slug: str, meeting_id: int, agenda_item_id: int, payload: CorrectionIn
):
    """Those who attended, until the minutes are final."""
    meeting = _meeting(request, _members(request, slug), meeting_id)
    item = _item(meeting, agenda_item_id)
    made = services.propose_correction(item, by=request.user, text=payload.text, note=payload.note)
    return Status(201, made)


@router.post(
    "/networks/{slug}/meetings/{meeting_id}/corrections/{correction_id}/decide",
    response={200: CorrectionOut, **WRITE_ERRORS},
    summary="Take over a proposed correction, or not",
)
def decide_correction(request, slug: str, meeting_id: int, correction_id: int, payload: DecideIn):
    """Those who run the meeting; an accepted text becomes the item's minutes."""
    meeting = _meeting(request, _members(request, slug), meeting_id)
    correction = (
        Correction.objects.filter(pk=correction_id, item__meeting=meeting)
        .select_related("item", "proposed_by")
        .first()
    )
    if correction is None:
        raise NotFound(_("This correction does not exist."))
    correction.item.meeting = meeting
    decided = services.decide_correction(correction, by=request.user, accept=payload.accept)
    decided.proposed_by = correction.proposed_by
    return decided


# -- actions -----------------------------------------------------------------------


def _action_rows(rows, filters):
    status = filters.status
    if status is None:
        rows = rows.open()
    elif status != "all":
        rows = rows.filter(status=status)
    return rows


@router.get(
    "/networks/{slug}/actions",
    response={200: ActionPage, **READ_ERRORS},
    summary="The network's actions",
)
def list_actions(request, slug: str, filters: Query[ActionFilters]):
    """The actions board: by due date, open ones by default."""
    network = _members(request, slug)
    rows = _action_rows(_actions(request).filter(network=network), filters)
    if filters.owner is not None:
        rows = rows.filter(owner_id=filters.owner)
    if filters.meeting is not None:
        rows = rows.filter(meeting_id=filters.meeting)
    if filters.overdue:
        rows = rows.overdue()
    return paginate(request, rows, filters)


@router.get(
    "/me/actions",
    response={200: ActionPage, 400: ErrorOut, 401: ErrorOut},
    summary="My actions",
)
def my_actions(request, filters: Query[MyActionFilters]):
    """What the caller owns, across all their networks, by due date; open ones by default."""
    rows = _action_rows(_actions(request).filter(owner=request.user), filters)
    return paginate(request, rows, filters)


@router.get(
    "/networks/{slug}/actions/{action_id}",
    response={200: ActionDetailOut, **READ_ERRORS},
    summary="One action",
)
def get_action(request, slug: str, action_id: int):
    return _action(request, _members(request, slug), action_id)


@router.post(
    "/networks/{slug}/actions",
    response={201: ActionDetailOut, **WRITE_ERRORS},
    summary="Make an action",
)
def create_action(request, slug: str, payload: ActionIn):
    """On its own or for a meeting's agenda item; the owner is told by mail."""
    network = _members(request, slug)
    fields = payload.dict()
    meeting_id = fields.pop("meeting")
    item_id = fields.pop("agenda_item")
    meeting = _meeting(request, network, meeting_id) if meeting_id is not None else None
    if item_id is not None:
        if meeting is None:
            raise Invalid(_("Choose the meeting of the agenda item."), field="meeting")
        fields["item"] = _item(meeting, item_id)
    action = services.create_action(network, by=request.user, meeting=meeting, **fields)
    return Status(201, _action(request, network, action.pk))


@router.patch(
    "/networks/{slug}/actions/{action_id}",
    response={200: ActionDetailOut, **WRITE_ERRORS},
    summary="Change an action",
)
def update_action(request, slug: str, action_id: int, payload: ActionPatch):
    """Its owner and the network's coordinators."""
    network = _members(request, slug)
    services.update_action(
        _action(request, network, action_id), by=request.user, **_changes(payload)
    )
    return _action(request, network, action_id)


@router.post(
    "/networks/{slug}/actions/{action_id}/assign",
    response={200: ActionDetailOut, **WRITE_ERRORS},
    summary="Give an action to someone else",
)
def assign_action(request, slug: str, action_id: int, payload: AssignIn):
    """Its owner and the network's coordinators; the new owner is told by mail."""
    network = _members(request, slug)
    services.assign_action(
        _action(request, network, action_id), by=request.user, owner=payload.owner
    )
    return _action(request, network, action_id)


@router.post(
    "/networks/{slug}/actions/{action_id}/status",
    response={200: ActionDetailOut, **WRITE_ERRORS},
    summary="Change an action's status",
)
def set_action_status(request, slug: str, action_id: int, payload: StatusIn):
    """open → in_progress → done, or dropped with a reason; its owner and the coordinators."""
    network = _members(request, slug)
    services.set_action_status(
        _action(request, network, action_id),
        by=request.user,
        status=payload.status,
        reason=payload.reason,
    )
    return _action(request, network, action_id)


@router.post(
    "/networks/{slug}/actions/{action_id}/comments",
    response={201: CommentOut, **WRITE_ERRORS},
    summary="Comment on an action",
)
def comment_on_action(request, slug: str, action_id: int, payload: CommentIn):
    network = _members(request, slug)
    comment = services.comment_on_action(
        _action(request, network, action_id), by=request.user, body=payload.body
    )
    return Status(201, comment)


@router.get(
    "/networks/{slug}/follow-through",
    response={200: FollowThroughOut, **READ_ERRORS},
    summary="Follow-through rate",
)
def follow_through(request, slug: str, query: Query[FollowThroughQuery]):
    """Actions done on or before their due date, of those due in the period; for the network,
    one owner or one meeting."""
    network = _members(request, slug)
    today = timezone.localdate()
    until = query.until or today
    since = query.since or until - timedelta(days=365)
    if since > until:
        raise Invalid(_("The first day must not be after the last."), field="since")
    rows = Action.objects.visible_to(request.user).filter(network=network)
    if query.owner is not None:
        rows = rows.filter(owner_id=query.owner)
    if query.meeting is not None:
        rows = rows.filter(meeting_id=query.meeting)
    measured = services.follow_through(rows, since, until)
    return {
        "since": since,
        "until": until,
        "due": measured.due,
        "on_time": measured.on_time,
        "rate": measured.rate,
    }


# -- decisions and ideas -----------------------------------------------------------


@router.get(
    "/networks/{slug}/decisions",
    response={200: DecisionPage, **READ_ERRORS},
    summary="The decision log",
)
def list_decisions(request, slug: str, pages: Query[PageQuery]):
    """Newest first; each links to its meeting."""
    network = _members(request, slug)
    rows = (
        Decision.objects.visible_to(request.user)
        .filter(network=network)
        .select_related("meeting")
        .order_by("-decided_on", "-pk")
    )
    return paginate(request, rows, pages)


@router.get(
    "/networks/{slug}/ideas",
    response={200: IdeaPage, **READ_ERRORS},
    summary="The idea board",
)
def list_ideas(request, slug: str, filters: Query[IdeaFilters]):
    """Open ones first, most supported first."""
    rows = _ideas(request, _members(request, slug))
    if filters.status:
        rows = rows.filter(status=filters.status)
    return paginate(request, rows, filters)


@router.post(
    "/networks/{slug}/ideas",
    response={201: IdeaOut, **WRITE_ERRORS},
    summary="Raise an idea",
)
def raise_idea(request, slug: str, payload: IdeaIn):
    network = _members(request, slug)
    idea = services.raise_idea(network, by=request.user, **payload.dict())
    return Status(201, _idea(request, network, idea.pk))


@router.put(
    "/networks/{slug}/ideas/{idea_id}/support",
    response={200: IdeaOut, **WRITE_ERRORS},
    summary="Support an idea, or take the support back",
)
def support_idea(request, slug: str, idea_id: int, payload: SupportIn):
    network = _members(request, slug)
    idea = _idea(request, network, idea_id)
    services.support_idea(idea, by=request.user, support=payload.support)
    return _idea(request, network, idea_id)


@router.post(
    "/networks/{slug}/ideas/{idea_id}/action",
    response={201: ActionDetailOut, **WRITE_ERRORS},
    summary="Turn an idea into an action",
)
def idea_to_action(request, slug: str, idea_id: int, payload: IdeaActionIn):
    """Coordinators; the idea is marked taken up and the action keeps it as its origin."""
    network = _members(request, slug)
    action = services.idea_to_action(
        _idea(request, network, idea_id), by=request.user, **payload.dict()
    )
    return Status(201, _action(request, network, action.pk))
