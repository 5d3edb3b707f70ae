"""Every write of the meetings: plan a meeting and its agenda, answer and record
attendance, write and correct the minutes, close the meeting (which turns the minutes'
ACTIE/BESLUIT/IDEE lines into actions, decisions and ideas), and follow the actions up.

Who may do what (docs/access.md):
- members and coordinators of the network plan meetings; a meeting is run by its
  organisers and by the network's coordinators (`may_run`);
- the minutes are written by those who run the meeting and by its note-taker;
  attendees propose corrections until the minutes are final;
- an action's status is changed by its owner or a coordinator; anyone who sees it and
  may contribute to the network comments on it;
- only an active membership writes; an owner must be an active member or coordinator.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gilde.accounts.models import User
from gilde.core import access, audit
from gilde.core.errors import (
    Conflict,
    Invalid,
    NotAllowed,
    NotFound,
    clean_title,
    full_clean_or_invalid,
)
from gilde.core.mail import send_templated
from gilde.core.markdown import render
from gilde.meetings import minutes as parser
from gilde.meetings.models import (
    Action,
    ActionComment,
    AgendaItem,
    Correction,
    Decision,
    Idea,
    Meeting,
    MinutesRevision,
    Rsvp,
    Series,
)
from gilde.networks.models import Network, network_people

ACTIONS_TOPIC = "meetings.actions"
MEETINGS_TOPIC = "meetings.meetings"

OPEN_ACTIONS_TITLE = gettext_lazy("Open actions")

# What the model checks of a meeting before it is saved (a refusal is `Invalid`).
MEETING_CHECKED = [
    "title", "description", "starts_at", "ends_at", "location", "online_url", "capacity",
    "visibility",
]  # fmt: skip


# -- who may ---------------------------------------------------------------------


def _writer(user, network) -> bool:
    return access.can_contribute(user, network)


def _require_writer(by, network) -> None:
    if not _writer(by, network):
        raise NotAllowed(_("Only active members of this network can do this."))


def may_run(meeting: Meeting, user) -> bool:
    """Organisers who are still active members, and the network's coordinators."""
    if not _writer(user, meeting.network):
        return False
    if access.can_manage(user, meeting.network):
        return True
    return any(o.pk == user.pk for o in meeting.organisers.all())


def may_write_minutes(meeting: Meeting, user) -> bool:
    return may_run(meeting, user) or (
        meeting.note_taker_id == getattr(user, "pk", None) and _writer(user, meeting.network)
    )


def _require_runner(meeting: Meeting, by) -> None:
    if not may_run(meeting, by):
        raise NotAllowed(_("Only the organisers and coordinators can do this."))


def _require_visible(meeting: Meeting, by) -> None:
    if not Meeting.objects.visible_to(by).filter(pk=meeting.pk).exists():
        raise NotFound(_("This meeting does not exist."))


def may_change_action(action: Action, user) -> bool:
    """The owner (while an active member) and the network's coordinators."""
    if not _writer(user, action.network):
        return False
    return action.owner_id == user.pk or access.can_manage(user, action.network)


def active_people(network: Network):
    """Who can own an action, organise, be invited or take notes here."""
    return network_people(network)


def _require_person(network: Network, user_id, *, label) -> User:
    person = active_people(network).filter(pk=getattr(user_id, "pk", user_id)).first()
    if person is None:
        raise Invalid(
            _("%(who)s must be an active member of this network.") % {"who": label}, field="owner"
        )
    return person


def _bump(meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(
        sequence=meeting.sequence + 1, updated_at=timezone.now()
    )
    meeting.sequence += 1


# -- meetings ----------------------------------------------------------------------


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if starts_at is None or ends_at is None:
        raise Invalid(_("A meeting needs a start and an end."), field="starts_at")
    if ends_at <= starts_at:
        raise Invalid(_("A meeting must end after it starts."), field="ends_at")


def _people_ids(network: Network, users: Iterable, label) -> list[int]:
    ids = sorted({getattr(u, "pk", u) for u in users or ()})
    if not ids:
        return []
    found = set(active_people(network).filter(pk__in=ids).values_list("pk", flat=True))
    if missing := [i for i in ids if i not in found]:
        raise Invalid(
            _("%(who)s: only active members of this network can be chosen (%(count)d are not).")
            % {"who": label, "count": len(missing)}
        )
    return ids


@transaction.atomic
def create_meeting(
    network: Network,
    *,
    by,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    location: str = "",
    online_url: str = "",
    description: str = "",
    capacity: int | None = None,
    visibility: str = Meeting.Visibility.NETWORK,
    organisers: Sequence = (),
    invited: Sequence = (),
    note_taker=None,
    series: Series | None = None,
) -> Meeting:
    """Plan a meeting; it opens with the agenda item "Open actions" (see `open_actions_for`)."""
    _require_writer(by, network)
    _check_times(starts_at, ends_at)
    if visibility not in Meeting.Visibility.values:
        raise Invalid(_("Choose who may see the meeting."), field="visibility")
    organiser_ids = _people_ids(network, [by, *organisers], _("Organisers"))
    invited_ids = _people_ids(network, invited, _("Invited"))
    if visibility == Meeting.Visibility.CIRCLE and not invited_ids:
        raise Invalid(
            _("A meeting for those invited needs at least one invited member."), field="invited"
        )
    if note_taker is not None:
        note_taker = _require_person(network, note_taker, label=_("The note-taker"))
    if series is not None and series.network_id != network.pk:
        raise NotFound(_("This series does not exist."))
    meeting = Meeting(
        network=network,
        series=series,
        title=clean_title(title),
        description=description or "",
        description_html=render(description),
        starts_at=starts_at,
        ends_at=ends_at,
        location=location or "",
        online_url=online_url or "",
        capacity=capacity,
        visibility=visibility,
        note_taker=note_taker,
        created_by=by,
    )
    full_clean_or_invalid(meeting, MEETING_CHECKED)
    meeting.save()
    meeting.organisers.set(organiser_ids)
    meeting.invited.set(invited_ids)
    AgendaItem.objects.create(
        meeting=meeting,
        position=0,
        kind=AgendaItem.Kind.OPEN_ACTIONS,
        title=str(OPEN_ACTIONS_TITLE),
    )
    audit.record("meeting.created", actor=by, network=network, target=meeting)
    return meeting


MEETING_FIELDS = ("title", "description", "starts_at", "ends_at", "location", "online_url")


@transaction.atomic
def update_meeting(meeting: Meeting, *, by, **fields) -> Meeting:
    """Change a meeting's details, organisers, invited members or note-taker."""
    _require_runner(meeting, by)
    network = meeting.network
    if _is_final(meeting):
        raise Conflict(_("This meeting is closed: its details no longer change."))
    if "title" in fields:
        fields["title"] = clean_title(fields["title"])
    _check_times(fields.get("starts_at", meeting.starts_at), fields.get("ends_at", meeting.ends_at))
    organisers = fields.pop("organisers", None)
    invited = fields.pop("invited", None)
    if "note_taker" in fields:
        note_taker = fields.pop("note_taker")
        meeting.note_taker = (
            _require_person(network, note_taker, label=_("The note-taker")) if note_taker else None
        )
    for name in (*MEETING_FIELDS, "capacity", "visibility"):
        if name in fields:
            setattr(
                meeting,
                name,
                fields[name] if fields[name] is not None or name == "capacity" else "",
            )
    if meeting.visibility not in Meeting.Visibility.values:
        raise Invalid(_("Choose who may see the meeting."), field="visibility")
    meeting.description_html = render(meeting.description)
    invited_ids = (
        _people_ids(network, invited, _("Invited"))
        if invited is not None
        else list(meeting.invited.values_list("pk", flat=True))
    )
    if meeting.visibility == Meeting.Visibility.CIRCLE and not invited_ids:
        raise Invalid(
            _("A meeting for those invited needs at least one invited member."), field="invited"
        )
    full_clean_or_invalid(meeting, MEETING_CHECKED)
    meeting.sequence += 1
    meeting.save()
    if organisers is not None:
        ids = _people_ids(network, organisers, _("Organisers"))
        if not ids:
            raise Invalid(_("A meeting needs at least one organiser."), field="organisers")
        meeting.organisers.set(ids)
    if invited is not None:
        meeting.invited.set(invited_ids)
    return meeting


# -- series ------------------------------------------------------------------------


def next_date(series: Series, after: date) -> date:
    """The series' next day after `after`: a week or two on, or the same weekday in the
    same week of next month (the last such weekday for week -1)."""
    if series.frequency == Series.Frequency.WEEKLY:
        return after + timedelta(days=7)
    if series.frequency == Series.Frequency.FORTNIGHTLY:
        return after + timedelta(days=14)
    weekday = after.weekday()
    year, month = (after.year + 1, 1) if after.month == 12 else (after.year, after.month + 1)
    days = [
        day
        for day in range(1, calendar.monthrange(year, month)[1] + 1)
        if date(year, month, day).weekday() == weekday
    ]
    index = series.week_of_month
    return date(year, month, days[-1] if index == -1 else days[min(index, len(days)) - 1])


@transaction.atomic
def start_series(meeting: Meeting, *, by, title: str, frequency: str, week_of_month: int = 1):
    """Make `meeting` the first of a series."""
    _require_runner(meeting, by)
    if meeting.series_id:
        raise Conflict(_("This meeting already belongs to a series."))
    if frequency not in Series.Frequency.values:
        raise Invalid(_("Choose how often the series meets."), field="frequency")
    if week_of_month not in (-1, 1, 2, 3, 4):
        raise Invalid(_("Choose the week of the month."), field="week_of_month")
    series = Series.objects.create(
        network=meeting.network,
        title=clean_title(title),
        frequency=frequency,
        week_of_month=week_of_month,
    )
    meeting.series = series
    meeting.save(update_fields=["series", "updated_at"])
    return series


@transaction.atomic
def plan_next_meeting(meeting: Meeting, *, by) -> Meeting:
    """The series' next meeting, made from `meeting`: same time of day, length, place,
    organisers, invited and visibility, with its standing agenda items."""
    _require_runner(meeting, by)
    series = meeting.series
    if series is None:
        raise Conflict(_("This meeting is not part of a series."))
    later = Meeting.objects.filter(series=series, starts_at__gt=meeting.starts_at)
    if later.exists():
        raise Conflict(_("The next meeting of this series is already planned."))
    starts = timezone.localtime(meeting.starts_at)
    day = next_date(series, starts.date())
    new_start = timezone.make_aware(datetime.combine(day, starts.time().replace(tzinfo=None)))
    following = create_meeting(
        meeting.network,
        by=by,
        title=meeting.title,
        starts_at=new_start,
        ends_at=new_start + (meeting.ends_at - meeting.starts_at),
        location=meeting.location,
        online_url=meeting.online_url,
        description=meeting.description,
        capacity=meeting.capacity,
        visibility=meeting.visibility,
        organisers=list(meeting.organisers.all()),
        invited=list(meeting.invited.all()),
        note_taker=meeting.note_taker,
        series=series,
    )
    standing = meeting.items.filter(standing=True, kind=AgendaItem.Kind.TOPIC)
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=following,
            position=position,
            title=item.title,
            description=item.description,
            owner=item.owner,
            duration_minutes=item.duration_minutes,
            standing=True,
        )
        for position, item in enumerate(standing, start=1)
    )
    return following


# -- agenda ------------------------------------------------------------------------


def _is_final(meeting: Meeting) -> bool:
    """Read from the database, not the instance: another request may just have closed it."""
    return Meeting.objects.filter(pk=meeting.pk, minutes_final_at__isnull=False).exists()


def _require_open_agenda(meeting: Meeting) -> None:
    if _is_final(meeting):
        raise Conflict(_("The minutes of this meeting are final: the agenda no longer changes."))


def _agenda_values(meeting: Meeting, fields: dict) -> dict:
    values: dict[str, object] = {}
    if "title" in fields:
        values["title"] = clean_title(fields["title"])
    if "description" in fields:
        values["description"] = (fields["description"] or "").strip()
    if "owner" in fields:
        owner = fields["owner"]
        values["owner"] = (
            _require_person(meeting.network, owner, label=_("Who leads the item"))
            if owner
            else None
        )
    if "duration_minutes" in fields:
        minutes = fields["duration_minutes"]
        if minutes is not None and not 0 < int(minutes) <= 600:
            raise Invalid(_("Plan between 1 and 600 minutes."), field="duration_minutes")
        values["duration_minutes"] = minutes
    if "standing" in fields:
        values["standing"] = bool(fields["standing"])
    return values


@transaction.atomic
def add_agenda_item(meeting: Meeting, *, by, title: str, **fields) -> AgendaItem:
    _require_runner(meeting, by)
    _require_open_agenda(meeting)
    values = _agenda_values(meeting, {"title": title, **fields})
    last = meeting.items.aggregate(last=Max("position"))["last"]
    item = AgendaItem.objects.create(meeting=meeting, position=(last or 0) + 1, **values)
    _bump(meeting)
    return item


@transaction.atomic
def update_agenda_item(item: AgendaItem, *, by, **fields) -> AgendaItem:
    meeting = item.meeting
    _require_runner(meeting, by)
    _require_open_agenda(meeting)
    if item.kind == AgendaItem.Kind.OPEN_ACTIONS and "title" in fields:
        raise Conflict(_("The item ‘Open actions’ keeps its name, in every language."))
    for name, value in _agenda_values(meeting, fields).items():
        setattr(item, name, value)
    item.save()
    return item


@transaction.atomic
def remove_agenda_item(item: AgendaItem, *, by) -> None:
    meeting = item.meeting
    _require_runner(meeting, by)
    _require_open_agenda(meeting)
    if item.kind == AgendaItem.Kind.OPEN_ACTIONS:
        raise Conflict(_("The open actions stay on the agenda, so that nothing is forgotten."))
    if item.minutes.strip():
        raise Conflict(_("This item has minutes: empty them first."))
    item.delete()
    _bump(meeting)


@transaction.atomic
def move_agenda_item(item: AgendaItem, *, by, direction: str) -> AgendaItem:
    """Move an item one place up or down; "Open actions" stays first."""
    meeting = item.meeting
    _require_runner(meeting, by)
    _require_open_agenda(meeting)
    if direction not in ("up", "down"):
        raise Invalid(_("Move an item up or down."))
    items = list(meeting.items.select_for_update().order_by("position", "pk"))
    index = next(i for i, row in enumerate(items) if row.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    first_movable = 1 if items and items[0].kind == AgendaItem.Kind.OPEN_ACTIONS else 0
    if item.kind == AgendaItem.Kind.OPEN_ACTIONS or not first_movable <= other < len(items):
        return item
    items[index], items[other] = items[other], items[index]
    for position, row in enumerate(items):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])
    return next(row for row in items if row.pk == item.pk)


def open_actions_for(meeting: Meeting):
    """The actions still open from earlier meetings: of the same series if it has one,
    otherwise of the whole network; what the agenda item "Open actions" lists."""
    earlier = Meeting.objects.filter(network_id=meeting.network_id, starts_at__lt=meeting.starts_at)
    if meeting.series_id:
        earlier = earlier.filter(series_id=meeting.series_id)
    return Action.objects.open().filter(meeting__in=earlier).with_related().by_due()


# -- answers and attendance ----------------------------------------------------------


def is_invited(meeting: Meeting, user) -> bool:
    invited = [u.pk for u in meeting.invited.all()]
    return (
        not invited or user.pk in invited or any(o.pk == user.pk for o in meeting.organisers.all())
    )


@transaction.atomic
def answer(meeting: Meeting, *, by, answer: str) -> Rsvp:
    """Ja, nee or misschien; a yes needs a free place if the meeting has a capacity."""
    _require_visible(meeting, by)
    _require_writer(by, meeting.network)
    if answer not in Meeting.Rsvp.values:
        raise Invalid(_("Answer yes, no or maybe."), field="answer")
    if meeting.has_ended:
        raise Conflict(_("This meeting has taken place: answers are closed."))
    if not is_invited(meeting, by):
        raise NotAllowed(_("Only those invited can answer."))
    # Lock the meeting so that two yeses cannot both take the last place.
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    rsvp, _created = Rsvp.objects.get_or_create(meeting=locked, user=by)
    if answer == Meeting.Rsvp.YES and rsvp.answer != Meeting.Rsvp.YES and locked.capacity:
        taken = Rsvp.objects.filter(meeting=locked, answer=Meeting.Rsvp.YES).count()
        if taken >= locked.capacity:
            raise Conflict(_("The meeting is full. Answer ‘maybe’ to hear if a place comes free."))
    rsvp.answer = answer
    rsvp.answered_at = timezone.now()
    rsvp.save()
    return rsvp


@transaction.atomic
def record_attendance(meeting: Meeting, *, by, present: Iterable) -> int:
    """Who was there, from the moment the meeting started; returns how many."""
    _require_runner(meeting, by)
    if meeting.starts_at > timezone.now():
        raise Conflict(_("Attendance is recorded once the meeting has started."))
    if _is_final(meeting):
        raise Conflict(_("This meeting is closed: its attendance no longer changes."))
    ids = set(_people_ids(meeting.network, present, _("Present")))
    for user_id in ids:
        Rsvp.objects.get_or_create(meeting=meeting, user_id=user_id)
    Rsvp.objects.filter(meeting=meeting).update(attended=False)
    Rsvp.objects.filter(meeting=meeting, user_id__in=ids).update(attended=True)
    _bump(meeting)
    return len(ids)


# -- minutes -----------------------------------------------------------------------


def people_of(network: Network) -> list[parser.Person]:
    return [
        parser.Person(id=u.pk, name=u.name or u.email, email=u.email)
        for u in active_people(network).only("pk", "name", "email")
    ]


def next_meeting_after(meeting: Meeting) -> Meeting | None:
    later = Meeting.objects.filter(network_id=meeting.network_id, starts_at__gt=meeting.starts_at)
    if meeting.series_id:
        later = later.filter(series_id=meeting.series_id)
    return later.order_by("starts_at", "pk").first()


@dataclass
class Preview:
    """What the minutes would create, line by line, and whether they can be closed."""

    found: list[parser.Found]

    @property
    def actions(self) -> list[parser.Found]:
        return [f for f in self.found if f.kind == "action"]

    @property
    def decisions(self) -> list[parser.Found]:
        return [f for f in self.found if f.kind == "decision"]

    @property
    def ideas(self) -> list[parser.Found]:
        return [f for f in self.found if f.kind == "idea"]

    @property
    def problems(self) -> list[parser.Found]:
        return [f for f in self.found if f.problems]

    @property
    def ok(self) -> bool:
        return not self.problems


def preview(meeting: Meeting, text: str, people: list[parser.Person] | None = None) -> Preview:
    """Parse `text` as minutes of `meeting`: the parse-preview of pages and the API."""
    following = next_meeting_after(meeting)
    return Preview(
        parser.parse_minutes(
            text or "",
            people=people if people is not None else people_of(meeting.network),
            meeting_date=meeting.local_date,
            next_meeting_date=following.local_date if following else None,
        )
    )


def _require_minutes_open(meeting: Meeting) -> None:
    if _is_final(meeting):
        raise Conflict(_("These minutes are final and can no longer be changed."))


def _clean_minutes(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").rstrip()
    if len(text) > 50_000:
        raise Invalid(_("Minutes are kept under 50,000 characters per item."), field="minutes")
    return text


@transaction.atomic
def save_minutes(item: AgendaItem, *, by, text: str) -> AgendaItem:
    """Write an agenda item's minutes; every version is kept."""
    meeting = item.meeting
    if not may_write_minutes(meeting, by):
        raise NotAllowed(_("Only the organisers and the note-taker write the minutes."))
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    _require_minutes_open(item.meeting)
    text = _clean_minutes(text)
    if text == item.minutes:
        return item
    item.minutes = text
    item.minutes_html = render(text)
    item.save(update_fields=["minutes", "minutes_html"])
    MinutesRevision.objects.create(item=item, text=text, author=by)
    return item


def is_attendee(meeting: Meeting, user) -> bool:
    rsvp = Rsvp.objects.filter(meeting=meeting, user=user).first()
    return rsvp is not None and (rsvp.attended or rsvp.answer == Meeting.Rsvp.YES)


@transaction.atomic
def propose_correction(item: AgendaItem, *, by, text: str, note: str = "") -> Correction:
    """An attendee proposes a new text for an item's minutes; an organiser takes it over
    or not."""
    meeting = item.meeting
    _require_visible(meeting, by)
    _require_writer(by, meeting.network)
    _require_minutes_open(meeting)
    if not (is_attendee(meeting, by) or may_write_minutes(meeting, by)):
        raise NotAllowed(_("Only those who attended can propose corrections."))
    text = _clean_minutes(text)
    if text == item.minutes:
        raise Invalid(_("The proposal is the same as the minutes."), field="text")
    return Correction.objects.create(
        item=item, proposed_by=by, text=text, note=" ".join((note or "").split())[:500]
    )


@transaction.atomic
def decide_correction(correction: Correction, *, by, accept: bool) -> Correction:
    item = correction.item
    _require_runner(item.meeting, by)
    _require_minutes_open(item.meeting)
    correction = Correction.objects.select_for_update().get(pk=correction.pk)
    if correction.status != Correction.Status.OPEN:
        raise Conflict(_("This correction has already been dealt with."))
    correction.status = Correction.Status.ACCEPTED if accept else Correction.Status.REJECTED
    correction.decided_by = by
    correction.decided_at = timezone.now()
    correction.save()
    if accept:
        item.minutes = correction.text
        item.minutes_html = render(correction.text)
        item.save(update_fields=["minutes", "minutes_html"])
        MinutesRevision.objects.create(
            item=item, text=correction.text, author=by, correction=correction
        )
    return correction


def _minutes_problems(meeting: Meeting, previews: dict[int, Preview], items) -> list[str]:
    lines = []
    for item in items:
        for found in previews[item.pk].problems:
            for problem in found.problems:
                lines.append(
                    _("%(item)s, line %(line)d: %(problem)s")
                    % {"item": item.title, "line": found.line, "problem": problem}
                )
    return lines


@transaction.atomic
def close_meeting(meeting: Meeting, *, by, present: Iterable | None = None) -> dict:
    """Record who was there, finalise the minutes, and turn their ACTIE, BESLUIT and IDEE
    lines into actions, decisions and ideas; then mail each attendee the minutes with
    their own actions (and each owner who was not there their actions).

    Refused as a whole, with every line that stops it, if an action's owner or date is
    not clear: nothing is half-saved.
    """
    _require_runner(meeting, by)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_minutes_open(meeting)
    if meeting.starts_at > timezone.now():
        raise Conflict(_("A meeting is closed once it has started."))
    if present is not None:
        record_attendance(meeting, by=by, present=present)
    items = list(meeting.items.order_by("position", "pk"))
    people = people_of(meeting.network)
    previews = {item.pk: preview(meeting, item.minutes, people) for item in items}
    if problems := _minutes_problems(meeting, previews, items):
        raise Invalid(
            _("The minutes cannot be closed yet: %(problems)s") % {"problems": " · ".join(problems)}
        )
    day = meeting.local_date
    actions = []
    for item in items:
        for found in previews[item.pk].found:
            if found.kind == "action" and found.owner is not None:
                action = Action.objects.create(
                    network=meeting.network,
                    title=found.text[:300] or found.source[:300],
                    owner_id=found.owner.id,
                    due_on=found.due,
                    meeting=meeting,
                    item=item,
                    source_line=found.source[:1000],
                    created_by=by,
                )
                actions.append(action)
            elif found.kind == "decision":
                Decision.objects.create(
                    network=meeting.network,
                    meeting=meeting,
                    item=item,
                    text=(found.text or found.source)[:1000],
                    decided_on=day,
                )
            elif found.kind == "idea":
                Idea.objects.create(
                    network=meeting.network,
                    meeting=meeting,
                    item=item,
                    title=(found.text or found.source)[:300],
                    raised_by_id=found.owner.id if found.owner else by.pk,
                )
    now = timezone.now()
    meeting.minutes_final_at = now
    meeting.minutes_final_by = by
    meeting.closed_at = now
    meeting.sequence += 1
    meeting.save()
    audit.record(
        "meeting.closed",
        actor=by,
        network=meeting.network,
        target=meeting,
        data={"actions": len(actions)},
    )
    _mail_minutes(meeting, items, actions)
    from gilde.meetings import search

    search.refresh_meeting(meeting)
    return {"actions": len(actions)}


def attendees_of(meeting: Meeting) -> set[int]:
    """The user ids of who was there: as recorded, or, before anyone was recorded, who
    said yes (what the close page proposes, and who is mailed the minutes)."""
    rsvps = Rsvp.objects.filter(meeting=meeting)
    return set(rsvps.filter(attended=True).values_list("user_id", flat=True)) or set(
        rsvps.filter(answer=Meeting.Rsvp.YES).values_list("user_id", flat=True)
    )


def _mail_minutes(meeting: Meeting, items: list[AgendaItem], actions: list[Action]) -> None:
    attendees = attendees_of(meeting)
    owners = {a.owner_id for a in actions}
    recipients = User.objects.filter(pk__in=attendees | owners, is_active=True)
    decisions = list(meeting.decisions.order_by("pk"))
    for person in recipients:
        mine = [a for a in actions if a.owner_id == person.pk]
        send_templated(
            gettext_lazy("Minutes of %(meeting)s"),
            "meetings/email/minutes.txt",
            {
                "meeting": meeting,
                "items": [i for i in items if i.minutes],
                "decisions": decisions,
                "actions": mine,
                "attended": person.pk in attendees,
            },
            [person],
            subject_params={"meeting": meeting.title},
            network=meeting.network,
            topic=MEETINGS_TOPIC,
        )


# -- actions -----------------------------------------------------------------------


def _clean_due(due_on: date | None, meeting: Meeting | None) -> date | None:
    if due_on is not None and meeting is not None and due_on < meeting.local_date:
        raise Invalid(_("The due date lies before the meeting."), field="due_on")
    return due_on


def _mail_assigned(action: Action, by) -> None:
    if action.owner_id == getattr(by, "pk", None):
        return
    send_templated(
        gettext_lazy("An action for you: %(title)s"),
        "meetings/email/assigned.txt",
        {"action": action, "by": by},
        [action.owner],
        subject_params={"title": action.title[:80]},
        network=action.network,
        topic=ACTIONS_TOPIC,
    )


@transaction.atomic
def create_action(
    network: Network,
    *,
    by,
    title: str,
    owner,
    due_on: date | None = None,
    description: str = "",
    involved: Sequence = (),
    meeting: Meeting | None = None,
    item: AgendaItem | None = None,
    idea: Idea | None = None,
) -> Action:
    """An action on its own, or from a meeting's agenda item; its owner is told by mail."""
    _require_writer(by, network)
    if meeting is not None:
        if meeting.network_id != network.pk:
            raise NotFound(_("This meeting does not exist."))
        _require_visible(meeting, by)
    if item is not None and (meeting is None or item.meeting_id != meeting.pk):
        raise NotFound(_("This agenda item does not exist."))
    if owner is None or owner == "":
        raise Invalid(_("An action needs an owner."), field="owner")
    owner = _require_person(network, owner, label=_("The owner"))
    action = Action.objects.create(
        network=network,
        title=clean_title(title)[:300],
        description=(description or "").strip(),
        owner=owner,
        due_on=_clean_due(due_on, meeting),
        meeting=meeting,
        item=item,
        idea=idea,
        created_by=by,
    )
    involved_ids = [i for i in _people_ids(network, involved, _("Also involved")) if i != owner.pk]
    action.involved.set(involved_ids)
    audit.record("action.created", actor=by, network=network, target=action)
    _mail_assigned(action, by)
    return action


def _require_changer(action: Action, by) -> None:
    if not may_change_action(action, by):
        raise NotAllowed(_("Only the owner of the action or a coordinator can change it."))


@transaction.atomic
def update_action(action: Action, *, by, **fields) -> Action:
    _require_changer(action, by)
    if "title" in fields:
        action.title = clean_title(fields["title"])[:300]
    if "description" in fields:
        action.description = (fields["description"] or "").strip()
    if "due_on" in fields:
        action.due_on = _clean_due(fields["due_on"], action.meeting)
    action.save()
    if "involved" in fields:
        action.involved.set(
            [
                i
                for i in _people_ids(action.network, fields["involved"], _("Also involved"))
                if i != action.owner_id
            ]
        )
    return action


@transaction.atomic
def assign_action(action: Action, *, by, owner) -> Action:
    """Give the action to someone else; they are told by mail."""
    _require_changer(action, by)
    person = _require_person(action.network, owner, label=_("The owner"))
    if person.pk == action.owner_id:
        return action
    previous = action.owner_id
    action.owner = person
    action.save(update_fields=["owner", "updated_at"])
    action.involved.remove(person)
    audit.record(
        "action.assigned",
        actor=by,
        network=action.network,
        target=action,
        data={"from": previous, "to": person.pk},
    )
    _mail_assigned(action, by)
    return action


@transaction.atomic
def set_action_status(action: Action, *, by, status: str, reason: str = "") -> Action:
    """Open, in progress, done (dated today) or dropped (with a reason); a done or
    dropped action can be opened again."""
    _require_changer(action, by)
    if status not in Action.Status.values:
        raise Invalid(_("Choose open, in progress, done or dropped."), field="status")
    action = Action.objects.select_for_update().get(pk=action.pk)
    reason = " ".join((reason or "").split())
    if status == Action.Status.DROPPED and not reason:
        raise Invalid(_("Say why the action is dropped."), field="reason")
    if status == action.status:
        return action
    action.status = status
    action.done_on = timezone.localdate() if status == Action.Status.DONE else None
    action.drop_reason = reason[:500] if status == Action.Status.DROPPED else ""
    action.save()
    audit.record(
        "action.status", actor=by, network=action.network, target=action, data={"status": status}
    )
    return action


@transaction.atomic
def comment_on_action(action: Action, *, by, body: str) -> ActionComment:
    if not Action.objects.visible_to(by).filter(pk=action.pk).exists():
        raise NotFound(_("This action does not exist."))
    _require_writer(by, action.network)
    body = (body or "").strip()
    if not body:
        raise Invalid(_("Write a comment."), field="body")
    if len(body) > 5000:
        raise Invalid(_("Keep a comment under 5,000 characters."), field="body")
    return ActionComment.objects.create(action=action, author=by, body=body)


# -- ideas -------------------------------------------------------------------------


@transaction.atomic
def raise_idea(network: Network, *, by, title: str, description: str = "") -> Idea:
    _require_writer(by, network)
    title = " ".join((title or "").split())
    if not title:
        raise Invalid(_("Describe the idea in a few words."), field="title")
    return Idea.objects.create(
        network=network, title=title[:300], description=(description or "").strip(), raised_by=by
    )


@transaction.atomic
def support_idea(idea: Idea, *, by, support: bool = True) -> Idea:
    """One click: support an idea, or take the support back."""
    if not Idea.objects.visible_to(by).filter(pk=idea.pk).exists():
        raise NotFound(_("This idea does not exist."))
    _require_writer(by, idea.network)
    if support:
        idea.supporters.add(by)
    else:
        idea.supporters.remove(by)
    return idea


@transaction.atomic
def idea_to_action(idea: Idea, *, by, owner, title: str = "", due_on: date | None = None):
    """A coordinator turns an idea into an action; the idea is marked taken up."""
    if not access.can_manage(by, idea.network):
        raise NotAllowed(_("Only coordinators turn ideas into actions."))
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if idea.status == Idea.Status.TAKEN_UP:
        raise Conflict(_("This idea has already been taken up."))
    action = create_action(
        idea.network,
        by=by,
        title=title or idea.title,
        owner=owner,
        due_on=due_on,
        description=idea.description,
        idea=idea,
    )
    idea.status = Idea.Status.TAKEN_UP
    idea.save(update_fields=["status"])
    return action


# -- follow-through ----------------------------------------------------------------


@dataclass(frozen=True)
class FollowThrough:
    """Actions done on or before their due date, of those that were due in a period."""

    due: int
    on_time: int

    @property
    def rate(self) -> float | None:
        return self.on_time / self.due if self.due else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)


def follow_through(actions, start: date, end: date) -> FollowThrough:
    """Over `actions` (a QuerySet), those due between `start` and `end` (and not later
    than today); dropped actions do not count."""
    end = min(end, timezone.localdate())
    due = actions.exclude(status=Action.Status.DROPPED).filter(due_on__gte=start, due_on__lte=end)
    from django.db.models import Count, F, Q

    counts = due.aggregate(
        due=Count("pk"),
        on_time=Count("pk", filter=Q(status=Action.Status.DONE, done_on__lte=F("due_on"))),
    )
    return FollowThrough(due=counts["due"], on_time=counts["on_time"])


@dataclass(frozen=True)
class MonthRate:
    start: date
    rate: FollowThrough


def follow_through_by_month(actions, months: int = 12, today: date | None = None):
    """The follow-through rate per calendar month of the due date, the last `months`
    months up to today (one query)."""
    from django.db.models import Count, F, Q
    from django.db.models.functions import TruncMonth

    today = today or timezone.localdate()
    first = date(today.year, today.month, 1)
    for _step in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    rows = (
        actions.exclude(status=Action.Status.DROPPED)
        .filter(due_on__gte=first, due_on__lte=today)
        .annotate(month=TruncMonth("due_on"))
        .values("month")
        .annotate(
            due=Count("pk"),
            on_time=Count("pk", filter=Q(status=Action.Status.DONE, done_on__lte=F("due_on"))),
        )
        .order_by()
    )
    counts = {}
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, datetime) else month
        counts[month] = FollowThrough(due=row["due"], on_time=row["on_time"])
    result = []
    start = first
    while start <= today:
        result.append(MonthRate(start, counts.get(start, FollowThrough(0, 0))))
        start = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return result
