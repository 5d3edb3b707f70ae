"""What knowledge puts in the search index: articles, questions (with answers), sessions.

Each item becomes one document in its network with the item's own visibility,
as `gilde.core.visibility` indexes it (an article that is not published as
`private`, so only its author and co-authors find it). Owners (author,
co-authors) and circle members go with the document; `core.search` applies the
rules inside its query.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from gilde.core import search, visibility
from gilde.core.markdown import html_to_text
from gilde.knowledge.models import Article, Question, Session, stored_html
from gilde.networks.models import Network


def _common(item, kind: str) -> dict:
    """The fields every knowledge document shares."""
    return {
        "kind": kind,
        "object_id": item.pk,
        "network_id": item.network_id,
        "visibility": item.visibility,
        "url": reverse(f"knowledge:{kind}", args=[item.network.slug, item.pk]),
        "author_id": item.author_id,
        "tags": tuple(tag.name for tag in item.tags.all()),
        "owner_ids": frozenset({item.author_id}),
        "circle_ids": visibility.audience(item.visibility, (user.pk for user in item.circle.all())),
        "network_hidden": item.network.visibility == Network.Visibility.HIDDEN,
    }


def _text(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def _plain(item, source: str) -> str:
    """The plain text of a Markdown field, from the HTML stored with it (no second parse)."""
    return html_to_text(stored_html(item, source))


class ArticleSource:
    def documents(self, object_id: int) -> list[search.Document]:
        return self.documents_for([object_id])

    def documents_for(self, object_ids: list[int]) -> list[search.Document]:
        articles = (
            Article.objects.filter(pk__in=object_ids)
            .select_related("network")
            .prefetch_related("tags", "circle", "coauthors")
        )
        documents = []
        for article in articles:
            fields = _common(article, "article")
            fields["owner_ids"] = frozenset(
                {article.author_id, *(user.pk for user in article.coauthors.all())}
            )
            fields["visibility"] = visibility.indexed_visibility(
                article.visibility, published=article.status == Article.Status.PUBLISHED
            )
            documents.append(
                search.Document(
                    **fields,
                    title=article.title,
                    text=_text(article.summary, _plain(article, "body")),
                    published_at=article.published_at or article.created_at,
                )
            )
        return documents

    def all_object_ids(self) -> Iterable[int]:
        return Article.objects.order_by("pk").values_list("pk", flat=True)


class QuestionSource:
    """A question is found by its own words and by those of its answers."""

    def documents(self, object_id: int) -> list[search.Document]:
        return self.documents_for([object_id])

    def documents_for(self, object_ids: list[int]) -> list[search.Document]:
        questions = (
            Question.objects.filter(pk__in=object_ids)
            .select_related("network")
            .prefetch_related("tags", "circle", "answers")
        )
        return [
            search.Document(
                **_common(question, "question"),
                title=question.title,
                text=_text(
                    _plain(question, "body"), *(_plain(a, "body") for a in question.answers.all())
                ),
                published_at=question.created_at,
            )
            for question in questions
        ]

    def all_object_ids(self) -> Iterable[int]:
        return Question.objects.order_by("pk").values_list("pk", flat=True)


class SessionSource:
    """Sessions are dated by when they start; materials are not indexed (some are for attendees)."""

    def documents(self, object_id: int) -> list[search.Document]:
        return self.documents_for([object_id])

    def documents_for(self, object_ids: list[int]) -> list[search.Document]:
        sessions = (
            Session.objects.filter(pk__in=object_ids)
            .select_related("network")
            .prefetch_related("tags", "circle")
        )
        return [
            search.Document(
                **_common(session, "session"),
                title=session.title,
                text=_text(_plain(session, "description"), session.location),
                published_at=session.starts_at,
            )
            for session in sessions
        ]

    def all_object_ids(self) -> Iterable[int]:
        return Session.objects.order_by("pk").values_list("pk", flat=True)


def register_sources() -> None:
    """Register a core.search Source per kind."""
    search.register("article", ArticleSource())
    search.register("question", QuestionSource())
    search.register("session", SessionSource())
