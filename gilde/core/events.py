"""What every kind of event shares (a knowledge session, a meeting): when and where it
is, how many places it has, its calendar identity, and the rules for places and a
waiting list. Apps own their event models and who may take part; this module holds
the parts that would otherwise be written twice.

- `EventFields`: an abstract model with title, starts_at, ends_at, location,
  online_url, capacity (empty: no limit) and sequence (iCalendar's SEQUENCE, raised by
  the app's service on every change); `uid` is `UID_PREFIX`-<pk>@<site's domain>.
  Add `ends_after_start("<app>_ends_after_start")` to the model's constraints.
- `EventQuerySet` (or the mixin `EventQueries`): `upcoming()`, `past()` and
  `in_feeds()` (what the calendar feeds hold).
- `entry(event, url=…)`: the event as a `gilde.core.calendar.Entry`.
- Places: `places_left`, `is_full`; a waiting list is served first come, first served
  (`QUEUE_ORDER`, `queue_position`), and `move_up` offers freed places down that list.
- Attendance: `mark_attended` ticks who came, among the rows of those who had a place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Protocol, TypeVar

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gilde.core import calendar
from gilde.core.calendar import Entry, one_line

Row = TypeVar("Row")


class _Rows(Protocol):
    def filter(self, *args, **kwargs) -> Any: ...


# What the mixin's methods return: the QuerySet they are called on (mixins type their
# self with a protocol).
QS = TypeVar("QS", bound=_Rows)

# Who joined a waiting list first moves up first; joining again puts one at the back
# (the app sets created_at to now).
QUEUE_ORDER = ("created_at", "pk")


class EventQueries:
    """The reads every event QuerySet has; mixed in before another QuerySet base (as
    knowledge's sessions do with their visibility), or through `EventQuerySet`."""

    def upcoming(self: QS) -> QS:
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at")

    def past(self: QS) -> QS:
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at")

    def in_feeds(self: QS) -> QS:
        """What the calendar feeds hold: what ends after `calendar.since()`."""
        return self.filter(ends_at__gte=calendar.since())


class EventQuerySet(EventQueries, models.QuerySet):
    pass


class EventFields(models.Model):
    """When, where and for how many: the fields every kind of event has."""

    # The kind's name in its calendar UID ("session-12@gilde.example"): never change it
    # for a kind that has been in calendars, or they would show its events twice.
    UID_PREFIX: ClassVar[str] = ""

    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    # iCalendar's SEQUENCE: raised by every change, so a calendar replaces its copy.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    @property
    def uid(self) -> str:
        """Globally unique (RFC 5545): the event's id at the site's own domain."""
        return calendar.uid(self.UID_PREFIX or str(self._meta.model_name), self.pk)

    @property
    def where(self) -> str:
        """Its place, or else its online link, on one line."""
        return one_line(self.location) or one_line(self.online_url)


def ends_after_start(name: str) -> models.CheckConstraint:
    """The check every event model has; `name` is unique in the database."""
    return models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name=name)


def entry(
    event: EventFields,
    *,
    url: str,
    description: str = "",
    categories: Iterable[str] = (),
    tentative: bool = False,
) -> Entry:
    """The event as a calendar entry: its title, times, place and identity. `url` is its
    page (absolute, or a path on this site); the model's `updated_at` stamps it."""
    return Entry(
        uid=event.uid,
        sequence=event.sequence,
        updated_at=event.updated_at,  # type: ignore[attr-defined]
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        summary=event.title,
        description=description,
        url=url,
        location=event.where,
        categories=tuple(categories),
        tentative=tentative,
    )


# -- places and the waiting list ---------------------------------------------------


def places_left(capacity: int | None, taken: int) -> int | None:
    """Free places, None when there is no limit (never below 0)."""
    return None if capacity is None else max(capacity - taken, 0)


def is_full(capacity: int | None, taken: int) -> bool:
    return capacity is not None and taken >= capacity


def queue_position(waiting: models.QuerySet, row) -> int:
    """Where `row` stands on the waiting list `waiting` (1 is next), by `QUEUE_ORDER`."""
    earlier = Q(created_at__lt=row.created_at) | Q(created_at=row.created_at, pk__lte=row.pk)
    return waiting.filter(earlier).count()


def move_up(waiting: Iterable[Row], free: int | None, promote: Callable[[Row], bool]) -> int:
    """Offer `free` places (None: no limit) to `waiting`, in its order, until none is left.

    `promote(row)` gives the row its place and says whether it took it: one that cannot
    (its payment is refused, say) returns False, and the place goes to the next. Returns
    how many moved up. The caller holds the event's lock and orders `waiting` by
    `QUEUE_ORDER`.
    """
    moved = 0
    for row in waiting:
        if free is not None and free <= 0:
            break
        if promote(row):
            moved += 1
            if free is not None:
                free -= 1
    return moved


# -- attendance --------------------------------------------------------------------


def mark_attended(places: models.QuerySet, user_ids: Iterable[int]) -> int:
    """Tick who attended among `places` (the rows of those who had a place, with a
    `user` and an `attended` field) and untick the others; returns how many attended.

    Bulk updates send no signal: the caller bumps the kept page parts (core.fragments).
    """
    places.update(attended=False)
    return places.filter(user_id__in=list(user_ids)).update(attended=True)
