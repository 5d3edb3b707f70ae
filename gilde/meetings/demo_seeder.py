"""The demo meetings of gilde/meetings/demo/, written through gilde.meetings.services.

Registered in MeetingsConfig.ready(); `manage.py seed_demo` runs `seed()` inside its
transaction once the people and networks exist. Every demo person acts as themselves:
an organiser plans the meeting and its agenda, each member answers for themselves, the
note-taker writes the minutes, an organiser records who came and closes the meeting
(which turns the minutes' ACTIE/BESLUIT/IDEE lines into actions, decisions and ideas),
an action's owner ticks it off or drops it, members support ideas and a coordinator
turns one into an action. So the services' rules hold for the demo as for anyone, and
minutes the parser cannot read (an unknown owner, a due date before the meeting) are
refused. A refusal is an error naming the YAML entry. People are named by first name.

Natural keys: (network, title) for a series, with all its meetings, and for a meeting
on its own. What exists is left alone, so a second run writes nothing.

Dates are relative to today (Amsterdam), so a fresh demo always has meetings that were
held and meetings to come, and actions that are overdue now; nothing is random. The
Biocoöperatie's ledenavond falls on the first Tuesday of the month: the last one in
series.yaml is the first that has not started yet, the others the months before.
The services write as of now and rightly refuse to take answers for a meeting that is
over. So a past meeting is announced as upcoming, answered, and moved to its date
before it is held (attendance and closing need it started, and the minutes' due dates
are read from its date: "binnen twee weken" is two weeks after the meeting). Then
`_backdate` moves the other timestamps of what this run created (answers, minutes,
closing, actions, ideas, comments, done dates) to their demo dates, with QuerySet.update.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone, translation

from gilde.accounts.models import User
from gilde.core import demo, fragments
from gilde.core.demo import Entry, Field, refused
from gilde.meetings import minutes as parser
from gilde.meetings import services
from gilde.meetings.models import (
    Action,
    AgendaItem,
    Decision,
    Idea,
    Meeting,
    MinutesRevision,
    Rsvp,
    Series,
)
from gilde.networks.management.commands.seed_demo import MEMBERSHIPS, PEOPLE
from gilde.networks.models import Network

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NETWORKS = tuple(MEMBERSHIPS)
NAMES = Field(list, required=False, default=list, items=str)
# The heading of the open actions' part of the minutes (the item every meeting opens with).
OPEN_ACTIONS_HEADING = "Openstaande acties"

AGENDA_ITEM = {
    "title": Field(),
    "led_by": Field(required=False),
    "duration": Field(int, required=False),
    "description": Field(required=False, default=""),
    "standing": Field(bool, required=False, default=False),
}
COMMENT = {"author": Field(), "body": Field()}
FOLLOW_UP = {
    "action": Field(),
    "status": Field(choices=(Action.Status.IN_PROGRESS, Action.Status.DONE, Action.Status.DROPPED)),
    "day": Field(int, required=False),
    "by": Field(required=False),
    "reason": Field(required=False, default=""),
    "comments": Field(list, required=False, default=list, items=COMMENT),
}
IDEA = {
    "idea": Field(),
    "supporters": NAMES,
    # A coordinator makes it an action `day` days after the meeting, due `due` days after it.
    "taken_up_by": Field(required=False),
    "owner": Field(required=False),
    "day": Field(int, required=False),
    "due": Field(int, required=False),
}
# What a meeting in a series and one on its own have in common.
HELD = {
    "location": Field(required=False, default=""),
    "agenda": Field(list, items=AGENDA_ITEM),
    # who answered yes, maybe and no beforehand
    "said_yes": NAMES,
    "said_maybe": NAMES,
    "said_no": NAMES,
    "attended": NAMES,
    "minutes": Field(required=False, default="", markdown=True),
    "closed_by": Field(required=False),
    "actions": Field(list, required=False, default=list, items=FOLLOW_UP),
    "ideas": Field(list, required=False, default=list, items=IDEA),
}
SERIES = {
    "network": Field(choices=NETWORKS),
    "title": Field(),
    "meeting_title": Field(),
    "week_of_month": Field(int, choices=(-1, 1, 2, 3, 4)),
    "weekday": Field(int, choices=tuple(range(7))),
    "hour": Field(int),
    "minute": Field(int, required=False, default=0),
    "duration": Field(int),
    "organisers": Field(list, items=str),
    "note_taker": Field(required=False),
    "description": Field(required=False, default="", markdown=True),
    "meetings": Field(list, items=HELD),
}
MEETING = {
    "network": Field(choices=NETWORKS),
    "title": Field(),
    "day": Field(int),
    "hour": Field(int),
    "minute": Field(int, required=False, default=0),
    "duration": Field(int),
    "online_url": Field(required=False, default=""),
    "visibility": Field(
        required=False, default="network", choices=tuple(Meeting.Visibility.values)
    ),
    "invited": NAMES,
    "organisers": Field(list, items=str),
    "note_taker": Field(required=False),
    "description": Field(required=False, default="", markdown=True),
    **HELD,
}
FILES = {"series.yaml": SERIES, "meetings.yaml": MEETING}

# People by lower-case first name.
EMAILS = {person["name"].split()[0].lower(): person["email"] for person in PEOPLE}


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=AMSTERDAM)


def working_day(today: date, days: int) -> date:
    """`days` after today; a Saturday or Sunday moves away from today to a working day."""
    day = today + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=-1 if days < 0 else 1)
    return day


def nth_weekday(year: int, month: int, weekday: int, week: int) -> date:
    """The `week`-th (1…4, or -1 for the last) `weekday` of a month."""
    days = [
        day
        for day in range(1, calendar.monthrange(year, month)[1] + 1)
        if date(year, month, day).weekday() == weekday
    ]
    return date(year, month, days[-1] if week == -1 else days[week - 1])


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


@dataclass
class Held:
    """A meeting this run created that is over: to be held, closed and followed up."""

    entry: Entry
    meeting: Meeting
    creator: User


@dataclass
class Run:
    now: datetime
    networks: dict[str, Network]
    users: dict[str, User]
    meetings: list[Meeting] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)
    # (network slug, title) -> the actions and ideas this run created
    actions: dict[tuple[str, str], Action] = field(default_factory=dict)
    ideas: dict[tuple[str, str], Idea] = field(default_factory=dict)
    # model -> pk -> {field: demo date} for the rows this run created
    dates: dict[type, dict[int, dict[str, object]]] = field(default_factory=dict)

    @property
    def today(self) -> date:
        return timezone.localdate(self.now, AMSTERDAM)

    def person(self, entry: Entry, name: str | None) -> User:
        email = EMAILS.get(name or "")
        if email is None or email not in self.users:
            raise entry.error(f"no demo person is called {name!r}")
        return self.users[email]

    def people(self, entry: Entry, names: list[str]) -> list[User]:
        return [self.person(entry, name) for name in names]

    def date(self, row, **fields) -> None:
        self.dates.setdefault(type(row), {}).setdefault(row.pk, {}).update(fields)

    def placeholder(self) -> datetime:
        """When a past meeting is announced as upcoming, until it is moved to its date."""
        return self.now.replace(second=0, microsecond=0) + timedelta(days=1)


def seed() -> str:
    """Seed the demo meetings; returns a line for seed_demo's report."""
    run = Run(
        now=timezone.now(),
        networks={n.slug: n for n in Network.objects.filter(slug__in=NETWORKS)},
        users={u.email: u for u in User.objects.filter(email__in=EMAILS.values())},
    )
    # The demo is Dutch, and so is what the services write in the active language.
    with translation.override("nl"):
        for entry in demo.load("meetings", "series.yaml", SERIES, key="title"):
            _plan_series(run, entry)
        for entry in demo.load("meetings", "meetings.yaml", MEETING, key="title"):
            _plan_meeting(run, entry)
        # Only now that every meeting stands at its date: "vóór de volgende bijeenkomst"
        # in the minutes is read from the next meeting's date.
        for held in run.held:
            _hold(run, held)
        for held in run.held:
            _follow_up(run, held)
    _backdate(run)
    past = len(run.held)
    return (
        f"Meetings: {len(run.meetings)} meetings ({past} held, {len(run.meetings) - past} to "
        f"come), {len(run.actions)} actions, "
        f"{Decision.objects.filter(meeting__in=run.meetings).count()} decisions, "
        f"{len(run.ideas)} ideas."
    )


# -- planning ------------------------------------------------------------------------


def _series_dates(entry: Entry, today_now: datetime) -> list[datetime]:
    """The starts of the series' meetings: the last one the first that has not started."""
    local = timezone.localtime(today_now, AMSTERDAM)
    year, month = local.year, local.month
    while True:
        day = nth_weekday(year, month, entry["weekday"], entry["week_of_month"])
        start = at(day, entry["hour"], entry["minute"])
        if start > today_now:
            break
        year, month = add_months(year, month, 1)
    starts = []
    for back in range(len(entry["meetings"]) - 1, -1, -1):
        y, m = add_months(year, month, -back)
        day = nth_weekday(y, m, entry["weekday"], entry["week_of_month"])
        starts.append(at(day, entry["hour"], entry["minute"]))
    return starts


def _plan_series(run: Run, entry: Entry) -> None:
    """The series' meetings, the first made the series' start, the last planned from the one
    before it (so it opens with the open actions and has the standing items)."""
    network = run.networks[entry["network"]]
    if Series.objects.filter(network=network, title=entry["title"]).exists():
        return
    if len(entry["meetings"]) < 2:
        raise entry.error("a series needs a meeting held and one to come")
    organisers = run.people(entry, entry["organisers"])
    creator = organisers[0]
    length = timedelta(minutes=entry["duration"])
    starts = _series_dates(entry, run.now)
    series = None
    previous = None
    for spec, starts_at in zip(entry["meetings"], starts, strict=True):
        if starts_at > run.now:
            if previous is None:
                raise spec.error("the first meeting of a series is one that was held")
            if spec["minutes"] or spec["attended"] or spec["actions"] or spec["ideas"]:
                raise spec.error("the meeting still to come has no attendance or minutes yet")
            with refused(spec):
                meeting = services.plan_next_meeting(previous, by=creator)
                if spec["location"] != meeting.location:
                    meeting = services.update_meeting(
                        meeting, by=creator, location=spec["location"]
                    )
            if meeting.starts_at != starts_at:
                raise spec.error(f"the series plans {meeting.starts_at}, not {starts_at}")
            # Planned when the one before was closed.
            run.date(meeting, created_at=_closed_at(run, previous))
            _agenda(run, spec, meeting, creator)
            _answers(run, spec, meeting)
        else:
            meeting = _announce(
                run,
                spec,
                network,
                creator,
                title=entry["meeting_title"],
                organisers=organisers[1:],
                note_taker=entry["note_taker"],
                description=entry["description"],
                starts_at=starts_at,
                length=length,
                series=series,
            )
            if series is None:
                with refused(entry):
                    series = services.start_series(
                        meeting,
                        by=creator,
                        title=entry["title"],
                        frequency=Series.Frequency.MONTHLY,
                        week_of_month=entry["week_of_month"],
                    )
                run.date(series, created_at=starts_at - timedelta(days=21))
            run.held.append(Held(spec, meeting, creator))
        run.meetings.append(meeting)
        previous = meeting


def _plan_meeting(run: Run, entry: Entry) -> None:
    network = run.networks[entry["network"]]
    if Meeting.objects.filter(network=network, title=entry["title"]).exists():
        return
    organisers = run.people(entry, entry["organisers"])
    starts_at = at(working_day(run.today, entry["day"]), entry["hour"], entry["minute"])
    if (starts_at > run.now) != (entry["day"] > 0):
        raise entry.error("a meeting to come needs a day after today, one held a day before")
    meeting = _announce(
        run,
        entry,
        network,
        organisers[0],
        title=entry["title"],
        organisers=organisers[1:],
        note_taker=entry["note_taker"],
        description=entry["description"],
        starts_at=starts_at,
        length=timedelta(minutes=entry["duration"]),
        online_url=entry["online_url"],
        visibility=entry["visibility"],
        invited=run.people(entry, entry["invited"]),
    )
    if starts_at < run.now:
        run.held.append(Held(entry, meeting, organisers[0]))
    elif entry["minutes"] or entry["attended"] or entry["actions"] or entry["ideas"]:
        raise entry.error("a meeting still to come has no attendance or minutes yet")
    run.meetings.append(meeting)


def _announce(
    run: Run,
    entry: Entry,
    network: Network,
    creator: User,
    *,
    starts_at: datetime,
    length: timedelta,
    note_taker: str | None,
    **fields,
) -> Meeting:
    """A meeting with its agenda and answers; one that is over is announced as upcoming
    (answers are closed once it has ended) and then moved to its date."""
    past = starts_at < run.now
    announced = run.placeholder() if past else starts_at
    with refused(entry):
        meeting = services.create_meeting(
            network,
            by=creator,
            starts_at=announced,
            ends_at=announced + length,
            location=entry["location"],
            note_taker=run.person(entry, note_taker) if note_taker else None,
            **fields,
        )
    _agenda(run, entry, meeting, creator)
    _answers(run, entry, meeting)
    if past:
        ends_at = starts_at + length
        Meeting.objects.filter(pk=meeting.pk).update(starts_at=starts_at, ends_at=ends_at)
        meeting.refresh_from_db()
    run.date(meeting, created_at=min(starts_at - timedelta(days=21), run.now - timedelta(days=7)))
    return meeting


def _agenda(run: Run, entry: Entry, meeting: Meeting, creator: User) -> None:
    """The agenda items in the order given; a planned meeting's standing items are there."""
    present = {item.title for item in meeting.items.filter(kind=AgendaItem.Kind.TOPIC)}
    titles = []
    for spec in entry["agenda"]:
        titles.append(spec["title"])
        if spec["title"] in present:
            continue
        with refused(spec):
            services.add_agenda_item(
                meeting,
                by=creator,
                title=spec["title"],
                owner=run.person(spec, spec["led_by"]) if spec["led_by"] else None,
                duration_minutes=spec["duration"],
                description=spec["description"],
                standing=spec["standing"],
            )
    for index, title in enumerate(titles):
        while True:
            topics = meeting.items.filter(kind=AgendaItem.Kind.TOPIC)
            items = list(topics.order_by("position", "pk"))
            position = [item.title for item in items].index(title)
            if position <= index:
                break
            with refused(entry):
                services.move_agenda_item(items[position], by=creator, direction="up")
    extra = sorted({item.title for item in meeting.items.filter(kind="topic")} - set(titles))
    if extra:
        raise entry.error(f"the agenda also has {', '.join(extra)}")


def _answers(run: Run, entry: Entry, meeting: Meeting) -> None:
    for name, answer in _answered(entry):
        person = run.person(entry, name)
        with refused(entry):
            services.answer(meeting, by=person, answer=answer)


# -- holding, closing and following up -----------------------------------------------


def _closed_at(run: Run, meeting: Meeting) -> datetime:
    """The minutes are typed up and closed the morning after the meeting."""
    return max(min(at(meeting.local_date + timedelta(days=1), 11), run.now), meeting.starts_at)


def _sections(entry: Entry, meeting: Meeting, text: str) -> dict[int, str]:
    """The minutes per agenda item: one `## <item's title>` section each.

    Above the first section stands the note-taker's heading (who took notes, who sent
    apologies), which the meeting page shows otherwise; it may not hold an action,
    decision or idea, which would be lost.
    """
    items = {
        OPEN_ACTIONS_HEADING if item.kind == AgendaItem.Kind.OPEN_ACTIONS else item.title: item
        for item in meeting.items.all()
    }
    sections: dict[int, list[str]] = {}
    preamble: list[str] = []
    current = preamble
    for line in text.splitlines():
        if line.startswith("## "):
            title = line[3:].strip()
            item = items.get(title)
            if item is None:
                raise entry.error(f"the minutes have a section {title!r} that is no agenda item")
            if item.pk in sections:
                raise entry.error(f"the minutes have the section {title!r} twice")
            current = sections[item.pk] = []
            continue
        current.append(line)
    if parser.parse_minutes("\n".join(preamble), people=[], meeting_date=meeting.local_date):
        raise entry.error("the minutes have an action, decision or idea above the first section")
    return {pk: "\n".join(lines).strip() for pk, lines in sections.items()}


def _hold(run: Run, held: Held) -> None:
    """Who came, the minutes by the note-taker, and the closing by an organiser."""
    entry, meeting = held.entry, held.meeting
    if not entry["minutes"].strip():
        raise entry.error("a meeting that was held has its minutes")
    closer = run.person(entry, entry["closed_by"]) if entry["closed_by"] else held.creator
    writer = meeting.note_taker or closer
    with refused(entry):
        ticked = services.record_attendance(
            meeting, by=closer, present=run.people(entry, entry["attended"])
        )
    if ticked != len(entry["attended"]):
        raise entry.error("someone is listed twice as attended")
    sections = _sections(entry, meeting, entry["minutes"])
    for item in meeting.items.order_by("position", "pk"):
        text = sections.get(item.pk, "")
        if text:
            with refused(entry):
                services.save_minutes(item, by=writer, text=text)
    with refused(entry):
        services.close_meeting(meeting, by=closer)
    closed = _closed_at(run, meeting)
    written = max(min(closed - timedelta(minutes=90), run.now), meeting.starts_at)
    run.date(meeting, closed_at=closed, minutes_final_at=closed, updated_at=closed)
    for revision in MinutesRevision.objects.filter(item__meeting=meeting):
        run.date(revision, created_at=written)
    for decision in Decision.objects.filter(meeting=meeting):
        run.date(decision, created_at=closed)
    slug = meeting.network.slug
    for action in Action.objects.filter(meeting=meeting):
        if (slug, action.title) in run.actions:
            raise entry.error(f"two actions are called {action.title!r}")
        run.actions[slug, action.title] = action
        run.date(action, created_at=closed, updated_at=closed)
    for idea in Idea.objects.filter(meeting=meeting):
        run.ideas[slug, idea.title] = idea
        run.date(idea, created_at=closed)
    answered = {name: position for position, (name, _answer) in enumerate(_answered(entry))}
    for rsvp in Rsvp.objects.filter(meeting=meeting).select_related("user"):
        first = rsvp.user.name.split()[0].lower()
        position = answered.get(first)
        when = (
            meeting.starts_at
            if position is None
            else meeting.starts_at - timedelta(days=10) + timedelta(hours=position)
        )
        run.date(rsvp, answered_at=when)


def _answered(entry: Entry) -> list[tuple[str, str]]:
    """(first name, answer) in the order they answered: the yeses, the maybes, the noes."""
    return [
        (name, answer)
        for answer in (Meeting.Rsvp.YES, Meeting.Rsvp.MAYBE, Meeting.Rsvp.NO)
        for name in entry[f"said_{answer}"]
    ]


def _on(run: Run, spec: Entry, meeting: Meeting, day: int | None, hour: int) -> datetime:
    """`day` days after the meeting, which must have come by now."""
    if day is None or day < 1:
        raise spec.error("say on which day after the meeting (day: 1 or later)")
    when = at(meeting.local_date + timedelta(days=day), hour)
    if when > run.now:
        raise spec.error(f"day {day} after the meeting has not come yet")
    return when


def _follow_up(run: Run, held: Held) -> None:
    """Ideas supported and taken up, and what the owners did with the actions, between
    this meeting and the next."""
    entry, meeting = held.entry, held.meeting
    slug = meeting.network.slug
    for position, spec in enumerate(entry["ideas"]):
        idea = run.ideas.get((slug, spec["idea"]))
        if idea is None or idea.meeting_id != meeting.pk:
            raise spec.error(f"no idea {spec['idea']!r} came out of these minutes")
        for supporter in run.people(spec, spec["supporters"]):
            with refused(spec):
                services.support_idea(idea, by=supporter)
        if spec["taken_up_by"]:
            if spec["due"] is None:
                raise spec.error("an idea taken up needs a due day for its action")
            taken = _on(run, spec, meeting, spec["day"], 9 + position)
            with refused(spec):
                action = services.idea_to_action(
                    idea,
                    by=run.person(spec, spec["taken_up_by"]),
                    owner=run.person(spec, spec["owner"]),
                    due_on=meeting.local_date + timedelta(days=spec["due"]),
                )
            if (slug, action.title) in run.actions:
                raise spec.error(f"two actions are called {action.title!r}")
            run.actions[slug, action.title] = action
            run.date(action, created_at=taken, updated_at=taken)
    for position, spec in enumerate(entry["actions"]):
        action = run.actions.get((slug, spec["action"]))
        if action is None:
            raise spec.error(f"no action {spec['action']!r} came out of the minutes so far")
        by = run.person(spec, spec["by"]) if spec["by"] else action.owner
        status = spec["status"]
        # Only an action taken in hand needs no date: it has no done date, and no comments.
        when = None
        if status != Action.Status.IN_PROGRESS or spec["comments"] or spec["day"] is not None:
            when = _on(run, spec, meeting, spec["day"], 10 + position % 7)
            for number, comment in enumerate(spec["comments"]):
                with refused(comment):
                    made = services.comment_on_action(
                        action, by=run.person(comment, comment["author"]), body=comment["body"]
                    )
                run.date(made, created_at=when - timedelta(minutes=30 - number))
        with refused(spec):
            action = services.set_action_status(action, by=by, status=status, reason=spec["reason"])
        run.actions[slug, action.title] = action
        if when is not None:
            run.date(action, updated_at=when)
            if status == Action.Status.DONE:
                run.date(action, done_on=timezone.localdate(when, AMSTERDAM))


def _backdate(run: Run) -> None:
    """Move what this run created to its demo dates (only timestamps change here).

    The decisions went into the search index when their meeting closed, already at the
    meeting's date (what the index dates them by), so the index needs no refresh.
    """
    for model, rows in run.dates.items():
        for pk, fields in rows.items():
            model.objects.filter(pk=pk).update(**fields)  # type: ignore[attr-defined]  # the keys are models
    if run.dates:
        fragments.bump_all()  # the dates above changed without a signal
