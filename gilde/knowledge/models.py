"""Shared knowledge: articles, questions and answers, sessions with registration,
comments, attachments and follows. Every item has a visibility, applied in the
QuerySets (`visible_to`) so that lists, search, feeds and the API agree.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gilde.core import access
from gilde.networks.models import Network


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    NETWORK = "network", _("network members")
    CIRCLE = "circle", _("chosen members")
    PRIVATE = "private", _("only me")


VISIBILITY_HELP = {
    Visibility.PUBLIC: _("Anyone, also without logging in: how the network shows its expertise."),
    Visibility.NETWORK: _("Members of this network."),
    Visibility.CIRCLE: _("Only the members you choose."),
    Visibility.PRIVATE: _("Only you and your co-authors."),
}


def member_network_ids(user) -> list[int]:
    """Networks whose members-only content `user` may read (members and coordinators)."""
    return [
        network_id
        for network_id, membership in access.memberships(user).items()
        if membership.role in (access.MEMBER, access.COORDINATOR)
    ]


class ItemQuerySet(models.QuerySet):
    """Visibility for anything with a network, a visibility, an author and a circle.

    Applied inside the query (never by filtering afterwards), with EXISTS
    subqueries instead of joins, so the rows stay distinct and countable.
    """

    def owned_by(self, user) -> Q:
        return Q(author=user)

    def visible_to(self, user):
        public = Q(visibility=Visibility.PUBLIC) & ~Q(network__visibility=Network.Visibility.HIDDEN)
        if user is None or not user.is_authenticated:
            return self.filter(public)
        members = member_network_ids(user)
        through = self.model.circle.through
        in_circle = Exists(
            through.objects.filter(
                **{f"{self.model._meta.model_name}_id": OuterRef("pk")}, user=user
            )
        )
        shared = Q(visibility__in=[Visibility.PUBLIC, Visibility.NETWORK]) | (
            Q(visibility=Visibility.CIRCLE) & in_circle
        )
        return self.filter(public | (shared & Q(network_id__in=members)) | self.owned_by(user))

    def editable_by(self, user):
        """What `user` may change: visible items they wrote (or co-wrote)."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.visible_to(user).filter(self.owned_by(user))

    def in_network(self, network):
        return self.filter(network=network)


class Item(models.Model):
    """What articles, questions and sessions share: a network, an author and a visibility."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    visibility = models.CharField(
        _("who may see this"), max_length=10, choices=Visibility.choices, default=Visibility.NETWORK
    )
    circle = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("chosen members")
    )
    tags = models.ManyToManyField(
        "accounts.Tag", blank=True, related_name="+", verbose_name=_("tags")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    def owners(self) -> set[int]:
        return {self.author_id}

    @property
    def visibility_help(self) -> str:
        return VISIBILITY_HELP[self.visibility]


def attachment_upload_to(instance, filename: str) -> str:
    """Stored names are generated; the extension is kept for the type check on download."""
    return f"attachments/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:10]}"


class ArticleQuerySet(ItemQuerySet):
    def owned_by(self, user) -> Q:
        coauthor = Exists(
            Article.coauthors.through.objects.filter(article_id=OuterRef("pk"), user=user)
        )
        return Q(author=user) | coauthor

    def visible_to(self, user):
        visible = super().visible_to(user)
        if user is None or not user.is_authenticated:
            return visible.filter(status=Article.Status.PUBLISHED)
        return visible.filter(Q(status=Article.Status.PUBLISHED) | self.owned_by(user))

    def published(self):
        return self.filter(status=Article.Status.PUBLISHED)


class Article(Item):
    class Kind(models.TextChoices):
        KNOWLEDGE = "kennisartikel", _("knowledge article")
        HOWTO = "how-to", _("how-to")
        CASE = "praktijkcase", _("case from practice")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices, default=Kind.KNOWLEDGE)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    body = models.TextField(_("text"), max_length=100_000, help_text=_("Markdown"))
    coauthors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coauthored_articles",
        verbose_name=_("co-authors"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = [models.F("published_at").desc(nulls_last=True), "-created_at"]
        indexes = [models.Index(fields=["network", "status", "visibility"])]

    def __str__(self) -> str:
        return self.title

    def owners(self) -> set[int]:
        return {self.author_id, *self.coauthors.values_list("pk", flat=True)}


class ArticleRevision(models.Model):
    """What an article looked like after each save, and who saved it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=500, blank=True)
    body = models.TextField()
    note = models.CharField(_("what changed"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.created_at:%Y-%m-%d %H:%M})"


class QuestionQuerySet(ItemQuerySet):
    pass


class Question(Item):
    title = models.CharField(_("question"), max_length=200)
    body = models.TextField(
        _("explanation"), max_length=20_000, blank=True, help_text=_("Markdown")
    )
    accepted_answer = models.OneToOneField(
        "Answer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Answer(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("answer"), max_length=20_000, help_text=_("Markdown"))
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    useful_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="useful_answers"
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


class SessionQuerySet(ItemQuerySet):
    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at")

    def past(self):
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at")


class Session(Item):
    """A lecture, training, workshop or webinar that members register for."""

    class Kind(models.TextChoices):
        LECTURE = "lezing", _("lecture")
        TRAINING = "training", _("training")
        WORKSHOP = "workshop", _("workshop")
        WEBINAR = "webinar", _("webinar")

    class Price(models.TextChoices):
        FREE = "free", _("free")
        EUROS = "euros", _("euros")
        CREDITS = "credits", _("credits")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.LECTURE)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=20_000, help_text=_("Markdown"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    price_kind = models.CharField(
        _("price"), max_length=10, choices=Price.choices, default=Price.FREE
    )
    price_cents = models.PositiveIntegerField(_("price in euro cents"), default=0)
    price_credits = models.PositiveIntegerField(_("price in credits (minor units)"), default=0)
    materials = models.TextField(
        _("materials"), max_length=50_000, blank=True, help_text=_("Markdown")
    )
    materials_for_attendees = models.BooleanField(
        _("materials only for those who attended"), default=False
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(price_kind="free", price_cents=0, price_credits=0)
                | Q(price_kind="euros", price_cents__gt=0, price_credits=0)
                | Q(price_kind="credits", price_credits__gt=0, price_cents=0),
                name="session_price_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def uid(self) -> str:
        return f"session-{self.pk}@gilde"


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        WAITLISTED = "waitlisted", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(default=timezone.now)
    attended = models.BooleanField(_("attended"), default=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="registration_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.session} ({self.status})"


class Comment(models.Model):
    """A comment on an article or a session (answers are the comments of questions)."""

    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=False, session__isnull=True)
                | Q(article__isnull=True, session__isnull=False),
                name="comment_on_one_item",
            )
        ]

    def __str__(self) -> str:
        return self.body[:60]


class Attachment(models.Model):
    """A file on an article, question or session, served only through a view that checks access."""

    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_upload_to)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=False, question__isnull=True, session__isnull=True)
                | Q(article__isnull=True, question__isnull=False, session__isnull=True)
                | Q(article__isnull=True, question__isnull=True, session__isnull=False),
                name="attachment_on_one_item",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def item(self):
        return self.article or self.question or self.session


class Follow(models.Model):
    """Following an item: new answers and comments arrive by e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="follow_article_unique"),
            models.UniqueConstraint(fields=["user", "question"], name="follow_question_unique"),
            models.UniqueConstraint(fields=["user", "session"], name="follow_session_unique"),
            models.CheckConstraint(
                condition=Q(article__isnull=False, question__isnull=True, session__isnull=True)
                | Q(article__isnull=True, question__isnull=False, session__isnull=True)
                | Q(article__isnull=True, question__isnull=True, session__isnull=False),
                name="follow_one_item",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.article or self.question or self.session}"
