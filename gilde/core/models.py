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

from django.db import models


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
