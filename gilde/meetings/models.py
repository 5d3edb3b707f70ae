"""Meetings that lead to action: the meeting with its agenda, RSVPs and attendance, the
minutes per agenda item with their history and proposed corrections, and what comes out
of them: decisions, ideas and actions, followed up until done.

A meeting is seen by the members of its network (`network`) or only by those invited
and its organisers (`circle`); what comes out of a meeting is seen as the meeting is
(`visible_to` on each QuerySet, written once in `meeting_visible_q`). An action made on
its own, or an idea raised outside a meeting, is for the network's members.

The minutes are text until an organiser finalises them: then, in one transaction, the
ACTIE/BESLUIT/IDEE lines (gilde.meetings.minutes) become actions, decisions and ideas
linked to their agenda item, and the text is locked; every saved version is kept
(`MinutesRevision`).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gilde.core import access
from gilde.core.events import EventFields, EventQueries
from gilde.core.markdown import rendered_html_field
from gilde.core.visibility import reader_networks
from gilde.networks.models import Network


class Series(models.Model):
    """Meetings that recur ("elke eerste dinsdag van de maand"): the next one is made from
    the previous one, with its standing agenda items."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("every week")
        FORTNIGHTLY = "fortnightly", _("every two weeks")
        MONTHLY = "monthly", _("every month, on a weekday")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("name"), max_length=200)
    frequency = models.CharField(
        _("how often"), max_length=12, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    # For a monthly series: the 1st…4th weekday of the month, or -1 for the last.
    week_of_month = models.SmallIntegerField(_("which week of the month"), default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(week_of_month__in=[-1, 1, 2, 3, 4]), name="series_week_of_month"
            )
        ]

    def __str__(self) -> str:
        return self.title


class MeetingQuerySet(EventQueries, models.QuerySet):
    def visible_to(self, user):
        return self.filter(meeting_visible_q(user))

    def upcoming(self):
        return super().upcoming().order_by("starts_at", "pk")

    def past(self):
        return super().past().order_by("-starts_at", "-pk")


def meeting_visible_q(user, prefix: str = "") -> Q:
    """Meetings `user` may see, as a condition on the meeting's table (or, with `prefix`
    such as "meeting__", on a table that refers to it).

    Members and coordinators of the meeting's network see a `network` meeting; a `circle`
    meeting only its organisers and invited members (and the network's coordinators, who
    run the follow-up). Guests and outsiders see no meeting.
    """
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    networks = reader_networks(user)
    coordinating = [
        network_id
        for network_id, membership in access.memberships(user).items()
        if membership.role == access.COORDINATOR
    ]
    meeting_pk = OuterRef(f"{prefix}pk") if prefix else OuterRef("pk")
    in_circle = Exists(
        Meeting.invited.through.objects.filter(meeting_id=meeting_pk, user=user)
    ) | Exists(Meeting.organisers.through.objects.filter(meeting_id=meeting_pk, user=user))
    return Q(**{f"{prefix}network_id__in": networks}) & (
        Q(**{f"{prefix}visibility": Meeting.Visibility.NETWORK})
        | Q(**{f"{prefix}network_id__in": coordinating})
        | in_circle
    )


class Meeting(EventFields):
    UID_PREFIX = "meeting"

    class Visibility(models.TextChoices):
        NETWORK = "network", _("network members")
        CIRCLE = "circle", _("those invited")

    class Rsvp(models.TextChoices):
        YES = "yes", _("yes")
        NO = "no", _("no")
        MAYBE = "maybe", _("maybe")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    series = models.ForeignKey(
        Series,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
        verbose_name=_("series"),
    )
    # title, starts_at, ends_at, location, online_url, capacity and sequence: EventFields.
    description = models.TextField(
        _("description"), max_length=20_000, blank=True, help_text=_("Markdown")
    )
    description_html = rendered_html_field()
    visibility = models.CharField(
        _("who may see this"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.NETWORK,
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("organisers")
    )
    invited = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("invited"),
        help_text=_("Empty: the whole network is invited."),
    )
    note_taker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("note-taker"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    minutes_final_at = models.DateTimeField(_("minutes final"), null=True, blank=True)
    minutes_final_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("A meeting must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(minutes_final_at__isnull=False),
                name="meeting_closed_has_final_minutes",
            ),
        ]
        indexes = [models.Index(fields=["network", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def minutes_final(self) -> bool:
        return self.minutes_final_at is not None

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def has_ended(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def local_date(self) -> date:
        return timezone.localtime(self.starts_at).date()


class Rsvp(models.Model):
    """A member's answer to a meeting (ja / nee / misschien) and whether they came."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(_("answer"), max_length=5, choices=Meeting.Rsvp.choices, blank=True)
    attended = models.BooleanField(_("attended"), default=False)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["answered_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="rsvp_unique")]

    def __str__(self) -> str:
        return f"{self.user} → {self.meeting}: {self.answer}"


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        TOPIC = "topic", _("topic")
        OPEN_ACTIONS = "open_actions", _("open actions")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.TOPIC)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("short description"), max_length=2000, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("led by"),
    )
    duration_minutes = models.PositiveSmallIntegerField(_("minutes planned"), null=True, blank=True)
    standing = models.BooleanField(
        _("standing item"),
        default=False,
        help_text=_("Comes back on the next meeting of the series."),
    )
    minutes = models.TextField(_("minutes"), max_length=50_000, blank=True)
    minutes_html = rendered_html_field()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return str(self.display_title)

    @property
    def display_title(self):
        """ "Open actions" in the reader's language; a topic as it was written."""
        if self.kind == self.Kind.OPEN_ACTIONS:
            return _("Open actions")
        return self.title


class MinutesRevision(models.Model):
    """Every version of an agenda item's minutes, kept: the history of the minutes."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="revisions")
    text = models.TextField(max_length=50_000, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # A version made by accepting an attendee's correction names it.
    correction = models.ForeignKey(
        "Correction", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.item} ({self.created_at:%Y-%m-%d %H:%M})"


class Correction(models.Model):
    """An attendee's proposed new text for an agenda item's minutes, until they are final."""

    class Status(models.TextChoices):
        OPEN = "open", _("proposed")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("not taken over")

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="corrections")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("proposed minutes"), max_length=50_000)
    note = models.CharField(_("explanation"), max_length=500, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.item}: {self.get_status_display()}"


class OutcomeQuerySet(models.QuerySet):
    """Decisions, ideas and actions: seen as their meeting is; without one, by the network."""

    def visible_to(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(network_id__in=reader_networks(user))
            & (Q(meeting__isnull=True) | meeting_visible_q(user, prefix="meeting__"))
        )


class Decision(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    text = models.CharField(_("decision"), max_length=1000)
    decided_on = models.DateField(_("decided on"))
    created_at = models.DateTimeField(default=timezone.now)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return self.text[:80]


class IdeaQuerySet(OutcomeQuerySet):
    def with_support(self):
        return self.annotate(support_count=models.Count("supporters", distinct=True))


class Idea(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        TAKEN_UP = "taken_up", _("taken up")
        SET_ASIDE = "set_aside", _("set aside")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    title = models.CharField(_("idea"), max_length=300)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("raised by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    supporters = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("supporters")
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ActionQuerySet(OutcomeQuerySet):
    def open(self):
        return self.filter(status__in=Action.OPEN_STATUSES)

    def overdue(self, today: date | None = None):
        today = today or timezone.localdate()
        return self.open().filter(due_on__lt=today)

    def with_related(self):
        return self.select_related("network", "owner", "meeting", "item")

    def by_due(self):
        """Soonest due first, those without a due date last (on every database)."""
        return self.order_by(models.F("due_on").asc(nulls_last=True), "pk")


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("action"), max_length=300)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    involved = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("also involved")
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    drop_reason = models.CharField(_("reason"), max_length=500, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    idea = models.ForeignKey(
        Idea, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    # The minutes' line it came from, as written.
    source_line = models.CharField(max_length=1000, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = [models.F("due_on").asc(nulls_last=True), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(drop_reason=""), name="action_dropped_reason"
            ),
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False)
                | (~Q(status="done") & Q(done_on__isnull=True)),
                name="action_done_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["network", "status", "due_on"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.due_on is not None and self.due_on < today


class ActionComment(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


class Reminder(models.Model):
    """What `send_reminders` sent, once: its kind, the object, and a key (a due date, a
    day), unique together, so running the command twice sends nothing twice."""

    kind = models.CharField(max_length=30)
    object_id = models.BigIntegerField()
    key = models.CharField(max_length=40)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "key"], name="reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} {self.key}"
