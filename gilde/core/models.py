"""The search index: one row per findable thing, plus who may find it beyond the network.

The rows are a cache of the content, written by `gilde.core.search` in the same
transaction as the content itself; `manage.py search_reindex` rebuilds them.
Networks and people are plain ids, not foreign keys: `core` sits below the apps
that define them, and the index must not depend on their migrations. The
full-text part lives next to these tables and is backend-specific (an FTS5
table on SQLite, a tsvector column with a GIN index on PostgreSQL); see the
migration and `gilde/core/search.py`.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """What search finds and shows: a title, plain text, and the facts visibility needs."""

    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    network_id = models.BigIntegerField()
    visibility = models.CharField(max_length=10)
    network_hidden = models.BooleanField(default=False)
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    # Lower-cased tag names between bars ("|vezels|composiet|"), so that the tag
    # filter is a substring test on the matched rows.
    tags = models.TextField(blank=True)
    author_id = models.BigIntegerField(null=True, blank=True)
    published_at = models.DateTimeField()
    url = models.CharField(max_length=500)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "network_id"], name="search_document_unique"
            )
        ]
        # Everything visibility, the filters and the ordering read, by id: SQLite's
        # search checks each full-text match here (INDEXED BY) instead of in the
        # wide rows that hold the text, which is several times faster.
        indexes = [
            models.Index(
                fields=[
                    "id",
                    "visibility",
                    "network_hidden",
                    "network_id",
                    "kind",
                    "author_id",
                    "published_at",
                ],
                name="search_document_access",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"


class SearchAudience(models.Model):
    """Someone who may find a document whatever its visibility (owner) or in its circle."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="audience")
    user_id = models.BigIntegerField()
    is_owner = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "user_id"], name="search_audience_unique")
        ]
        # Visibility reads "the documents this user owns / is in the circle of" once per query.
        indexes = [
            models.Index(fields=["user_id", "is_owner", "document"], name="search_audience_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.document_id}"


class AuditEntryQuerySet(models.QuerySet):
    def for_network(self, network):
        return self.filter(network_id=network.pk)

    def site_level(self):
        return self.filter(network_id__isnull=True)


class AuditEntry(models.Model):
    """Who did what to what, and when: written by services in the same transaction as the change.

    The network and the target are plain ids with a label, so an entry outlives
    what it describes (a deleted tag, a removed member) and `core` needs no
    foreign key into the apps above it. Site-level entries (the tag vocabulary,
    organisation claims) have no network.
    """

    network_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verb = models.CharField(max_length=60)
    target_type = models.CharField(max_length=40, blank=True)
    target_id = models.BigIntegerField(null=True, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.verb} {self.target_label}"


class OutgoingMailQuerySet(models.QuerySet):
    def due(self, now=None):
        """Mail that still has to go out: queued, or failed with a retry that is due."""
        now = now or timezone.now()
        return self.filter(
            models.Q(status=OutgoingMail.Status.QUEUED)
            | models.Q(status=OutgoingMail.Status.RETRYING, next_attempt_at__lte=now)
        )

    def caused_by(self, user):
        return self.filter(caused_by=user)


class OutgoingMail(models.Model):
    """One message to one recipient, written in the transaction that caused it (an outbox).

    It is rendered at once, in the recipient's language, and delivered by a
    task after the transaction commits; a failed delivery is retried with
    back-off and stays visible to whoever caused it and to site admins.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        RETRYING = "retrying", _("not delivered yet, will retry")
        FAILED = "failed", _("could not be delivered")

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField()
    html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    # [{"name": "sessie.ics", "mimetype": "text/calendar", "content": "…"}]: small text files only.
    attachments = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=10, blank=True)
    template = models.CharField(max_length=200, blank=True)
    network_id = models.BigIntegerField(null=True, blank=True)
    caused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("caused by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mail")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outgoing_mail_due")]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class MailStop(models.Model):
    """Someone stopped a kind of notification (one click in their mail client, RFC 8058)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.CharField(max_length=60)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("stopped notification")
        verbose_name_plural = _("stopped notifications")
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="mail_stop_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.topic}"


class CalendarFeedQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class CalendarFeed(models.Model):
    """A person's own calendar link: what they take part in, across networks, from the
    sources registered with `gilde.core.calendar`.

    Only the SHA-256 of the link's secret is stored; renewing revokes the old link.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        # Made by knowledge when only sessions had calendars; moved here without moving
        # the table (core migration 0007).
        db_table = "knowledge_calendarfeed"
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def generate() -> str:
        return secrets.token_urlsafe(32)
