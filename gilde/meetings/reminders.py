"""The follow-up that nobody has to remember: what `manage.py send_reminders` mails each day.

Five kinds of reminder, each sent once per (kind, object, key) — the `Reminder` row
is written in the same transaction that queues the mail (gilde.core.mail's outbox),
so a second run, or two runs at once, send nothing twice:

- `action_due`: the owner of an open action due within DUE_SOON (key: the due date,
  so a changed due date reminds again);
- `action_overdue`: the owner of an open action past its due date (key: the due date);
- `overdue_summary`: each coordinator of a network with overdue actions, one list a
  week (object: the coordinator's membership, key: the ISO week, "2026-W49");
- `meeting_not_closed`: the organisers of a meeting that ended more than CLOSE_AFTER
  ago and is not closed (key: the day it ended);
- `minutes_to_finalise`: the organisers of a meeting with corrections proposed more
  than DECIDE_AFTER ago and still open (once per correction; one mail per meeting
  lists all that are due in a run).

Mail goes only to people who can act on it: active accounts with an active membership
as member or coordinator of the network (`services.active_people`). Someone who is
suspended gets nothing and no `Reminder` row is written, so a member who comes back
hears about what is still open.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext_lazy

from gilde.accounts.models import User
from gilde.core.mail import send_templated
from gilde.meetings import services
from gilde.meetings.models import Action, Correction, Meeting, Reminder
from gilde.networks.models import Membership, Network

DUE_SOON = timedelta(days=2)
CLOSE_AFTER = timedelta(hours=48)
DECIDE_AFTER = timedelta(days=2)

ACTION_DUE = "action_due"
ACTION_OVERDUE = "action_overdue"
OVERDUE_SUMMARY = "overdue_summary"
MEETING_NOT_CLOSED = "meeting_not_closed"
MINUTES_TO_FINALISE = "minutes_to_finalise"
# The key of a reminder that is sent once for its object, whatever changes.
ONCE = "once"
KINDS = (ACTION_DUE, ACTION_OVERDUE, OVERDUE_SUMMARY, MEETING_NOT_CLOSED, MINUTES_TO_FINALISE)


@dataclass(frozen=True)
class Sent:
    """One reminder sent (or, in a dry run, that would be sent)."""

    kind: str
    object_id: int
    key: str
    to: tuple[str, ...]
    about: str


def _eligible(network_id: int, users: Iterable[User]) -> list[User]:
    """Of `users`, those who can act in the network: active, with an active membership."""
    ids = {user.pk for user in users}
    if not ids:
        return []
    network = Network(pk=network_id)
    return list(services.active_people(network).filter(pk__in=ids))


def _already(kind: str, object_ids: Iterable[int]) -> set[tuple[int, str]]:
    """(object_id, key) of the reminders of `kind` sent for these objects."""
    return set(
        Reminder.objects.filter(kind=kind, object_id__in=set(object_ids)).values_list(
            "object_id", "key"
        )
    )


def _once(
    kind: str,
    object_id: int,
    key: str,
    recipients: list[User],
    about: str,
    send: Callable[[list[User]], int],
    *,
    dry_run: bool,
) -> Sent | None:
    """Send one reminder unless it was sent; the `Reminder` row and the queued mail
    commit together. A run that loses the race to a parallel one (the unique
    constraint) rolls its mail back. None when nothing was sent."""
    sent = Sent(kind, object_id, key, tuple(u.email for u in recipients), about)
    if dry_run:
        return sent
    try:
        with transaction.atomic():
            Reminder.objects.create(kind=kind, object_id=object_id, key=key)
            queued = send(recipients)
    except IntegrityError:
        return None
    # Recipients who stopped the topic get no mail; the reminder counts as done for them.
    return sent if queued else None


def actions_due(*, today: date | None = None, dry_run: bool = False) -> list[Sent]:
    """Remind the owner of each open action due today or within DUE_SOON."""
    today = today or timezone.localdate()
    rows = list(
        Action.objects.open()
        .filter(due_on__gte=today, due_on__lte=today + DUE_SOON)
        .with_related()
        .by_due()
    )
    return _remind_owners(ACTION_DUE, rows, today, dry_run=dry_run)


def actions_overdue(*, today: date | None = None, dry_run: bool = False) -> list[Sent]:
    """Tell the owner of each open action past its due date, once per due date."""
    today = today or timezone.localdate()
    rows = list(Action.objects.overdue(today).with_related().by_due())
    return _remind_owners(ACTION_OVERDUE, rows, today, dry_run=dry_run)


_ACTION_MAIL = {
    ACTION_DUE: (
        gettext_lazy("Your action is due soon: %(title)s"),
        "meetings/email/action_due.txt",
    ),
    ACTION_OVERDUE: (
        gettext_lazy("Your action is overdue: %(title)s"),
        "meetings/email/action_overdue.txt",
    ),
}


def _remind_owners(kind: str, rows: list[Action], today: date, *, dry_run: bool) -> list[Sent]:
    subject, template = _ACTION_MAIL[kind]
    done = _already(kind, (a.pk for a in rows))
    sent = []
    for action in rows:
        # One of the rows above: its due date is set.
        key = action.due_on.isoformat()  # type: ignore[union-attr]
        if (action.pk, key) in done:
            continue
        owners = _eligible(action.network_id, [action.owner])
        if not owners:
            continue

        def send(to: list[User], action: Action = action) -> int:
            return send_templated(
                subject,
                template,
                {"action": action, "today": today, "days": (action.due_on - today).days},  # type: ignore[operator]
                to,
                subject_params={"title": action.title[:80]},
                network=action.network,
                topic=services.ACTIONS_TOPIC,
            )

        if result := _once(kind, action.pk, key, owners, action.title, send, dry_run=dry_run):
            sent.append(result)
    return sent


def iso_week(day: date) -> str:
    """The ISO week of `day` as a key: "2026-W49"."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def overdue_summaries(*, today: date | None = None, dry_run: bool = False) -> list[Sent]:
    """Mail each coordinator of a network with overdue actions the list of them, once a
    week (the first run of the ISO week that finds any)."""
    today = today or timezone.localdate()
    key = iso_week(today)
    overdue: dict[int, list[Action]] = {}
    for action in Action.objects.overdue(today).with_related().by_due():
        overdue.setdefault(action.network_id, []).append(action)
    if not overdue:
        return []
    coordinators = list(
        Membership.objects.coordinators()
        .filter(network_id__in=overdue, user__is_active=True)
        .select_related("user", "network")
        .order_by("network_id", "pk")
    )
    done = _already(OVERDUE_SUMMARY, (m.pk for m in coordinators))
    sent = []
    for membership in coordinators:
        if (membership.pk, key) in done:
            continue
        actions = overdue[membership.network_id]
        network = membership.network

        def send(to: list[User], network: Network = network, actions: list[Action] = actions):
            return send_templated(
                ngettext_lazy(
                    "%(count)d overdue action in %(network)s",
                    "%(count)d overdue actions in %(network)s",
                    len(actions),
                ),
                "meetings/email/overdue_summary.txt",
                {"network": network, "actions": actions, "today": today, "week": key},
                to,
                subject_params={"count": len(actions), "network": network.name},
                network=network,
                topic=services.ACTIONS_TOPIC,
            )

        about = f"{network.name}: {len(actions)}"
        if result := _once(
            OVERDUE_SUMMARY, membership.pk, key, [membership.user], about, send, dry_run=dry_run
        ):
            sent.append(result)
    return sent


def meetings_not_closed(*, now: datetime | None = None, dry_run: bool = False) -> list[Sent]:
    """Remind the organisers of each meeting that ended more than CLOSE_AFTER ago and
    is not closed, once (per end date: a meeting moved later reminds again)."""
    now = now or timezone.now()
    meetings = list(
        Meeting.objects.filter(closed_at__isnull=True, ends_at__lt=now - CLOSE_AFTER)
        .select_related("network")
        .prefetch_related("organisers")
        .order_by("ends_at", "pk")
    )
    done = _already(MEETING_NOT_CLOSED, (m.pk for m in meetings))
    sent = []
    for meeting in meetings:
        key = timezone.localdate(meeting.ends_at).isoformat()
        if (meeting.pk, key) in done:
            continue
        organisers = _eligible(meeting.network_id, meeting.organisers.all())
        if not organisers:
            continue

        def send(to: list[User], meeting: Meeting = meeting) -> int:
            return send_templated(
                gettext_lazy("Not closed yet: %(meeting)s"),
                "meetings/email/meeting_not_closed.txt",
                {"meeting": meeting},
                to,
                subject_params={"meeting": meeting.title},
                network=meeting.network,
                topic=services.MEETINGS_TOPIC,
            )

        if result := _once(
            MEETING_NOT_CLOSED, meeting.pk, key, organisers, meeting.title, send, dry_run=dry_run
        ):
            sent.append(result)
    return sent


def minutes_to_finalise(*, now: datetime | None = None, dry_run: bool = False) -> list[Sent]:
    """Remind the organisers of corrections proposed more than DECIDE_AFTER ago and not
    yet taken over or refused, once per correction; a meeting's due corrections share
    one mail. Corrections on final minutes can no longer be decided and are left out."""
    now = now or timezone.now()
    corrections = list(
        Correction.objects.filter(
            status=Correction.Status.OPEN,
            created_at__lt=now - DECIDE_AFTER,
            item__meeting__minutes_final_at__isnull=True,
        )
        .select_related("item", "item__meeting", "item__meeting__network", "proposed_by")
        .order_by("item__meeting_id", "created_at", "pk")
    )
    done = _already(MINUTES_TO_FINALISE, (c.pk for c in corrections))
    per_meeting: dict[int, list[Correction]] = {}
    for correction in corrections:
        if (correction.pk, ONCE) not in done:
            per_meeting.setdefault(correction.item.meeting_id, []).append(correction)
    sent = []
    for waiting in per_meeting.values():
        meeting = waiting[0].item.meeting
        organisers = _eligible(meeting.network_id, meeting.organisers.all())
        if not organisers:
            continue
        if dry_run:
            sent += [_sent_for(c, organisers) for c in waiting]
            continue
        try:
            with transaction.atomic():
                Reminder.objects.bulk_create(
                    Reminder(kind=MINUTES_TO_FINALISE, object_id=c.pk, key=ONCE) for c in waiting
                )
                queued = send_templated(
                    gettext_lazy("Proposed corrections wait for you: %(meeting)s"),
                    "meetings/email/minutes_to_finalise.txt",
                    {"meeting": meeting, "corrections": waiting},
                    organisers,
                    subject_params={"meeting": meeting.title},
                    network=meeting.network,
                    topic=services.MEETINGS_TOPIC,
                )
        except IntegrityError:
            continue  # a parallel run reminded of (some of) them
        if queued:
            sent += [_sent_for(c, organisers) for c in waiting]
    return sent


def _sent_for(correction: Correction, organisers: list[User]) -> Sent:
    return Sent(
        MINUTES_TO_FINALISE,
        correction.pk,
        ONCE,
        tuple(u.email for u in organisers),
        f"{correction.item.meeting.title} · {correction.item.title}",
    )


def send_reminders(
    *, today: date | None = None, now: datetime | None = None, dry_run: bool = False
) -> dict[str, list[Sent]]:
    """Everything `manage.py send_reminders` sends, by kind."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    return {
        ACTION_DUE: actions_due(today=today, dry_run=dry_run),
        ACTION_OVERDUE: actions_overdue(today=today, dry_run=dry_run),
        OVERDUE_SUMMARY: overdue_summaries(today=today, dry_run=dry_run),
        MEETING_NOT_CLOSED: meetings_not_closed(now=now, dry_run=dry_run),
        MINUTES_TO_FINALISE: minutes_to_finalise(now=now, dry_run=dry_run),
    }
