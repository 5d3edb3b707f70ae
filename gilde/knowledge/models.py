"""Shared knowledge: articles, questions and answers, sessions with registration,
comments, attachments and follows. Every item has a visibility, applied in the
QuerySets (`visible_to`) so that lists, search, feeds and the API agree.

Authorship counts only while the author's membership does: an author or
co-author who is suspended, has left or is now a guest of the item's network
sees what an outsider sees and changes nothing (docs/access.md).

Markdown is rendered once, when it is written: each Markdown field has a
`<field>_html` next to it that the services fill (`MARKDOWN_FIELDS`), so that a
page shows stored HTML instead of parsing the source on every view.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from gilde.core import visibility
from gilde.core.events import EventFields, EventQueries, ends_after_start
from gilde.core.markdown import render, rendered_html_field
from gilde.networks.models import Network

# The visibility rule is core's, shared with every capability whose items have one.
Visibility = visibility.Visibility
VISIBILITY_HELP = visibility.HELP


class ItemQuerySet(models.QuerySet):
    """Visibility for anything with a network, a visibility, an author and a circle.

    The rule is `gilde.core.visibility`'s; a kind says who owns a row
    (`owned_by`), who is in its circle (`in_circle`) and, if it has drafts,
    which rows are published (`published_q`). Applied inside the query (never
    by filtering afterwards), with EXISTS subqueries instead of joins, so the
    rows stay distinct and countable.
    """

    def owned_by(self, user) -> Q:
        """Written by `user`, whatever their membership now (see `as_author`)."""
        return Q(author=user)

    def in_circle(self, user) -> Exists:
        # the QuerySet is only used on item models, which all have a circle.
        through = self.model.circle.through  # type: ignore[attr-defined]
        return Exists(
            through.objects.filter(
                **{f"{self.model._meta.model_name}_id": OuterRef("pk")}, user=user
            )
        )

    def as_author(self, user) -> Q:
        """Items `user` wrote (or co-wrote) in a network where they are an active member or
        coordinator: authorship gives rights only while the membership does."""
        return visibility.authored_q(user, self.owned_by(user))

    def published_q(self) -> Q | None:
        """The rows that are not drafts, for kinds that have drafts."""
        return None

    def visible_to(self, user):
        return self.filter(
            visibility.visible_q(
                user, owned=self.owned_by, in_circle=self.in_circle, published=self.published_q()
            )
        )

    def editable_by(self, user):
        """What `user` may change: items they wrote (or co-wrote) in a network where their
        membership is active (member or coordinator). Such items are always visible to them."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(self.as_author(user))

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
        # visibility is a Visibility value; the help text is a lazy string.
        return VISIBILITY_HELP[self.visibility]  # type: ignore[index, return-value]


def render_markdown(instance, only=None) -> list[str]:
    """Fill the `<field>_html` of the Markdown fields of `instance` (all, or those in `only`).

    Returns the names of the HTML fields it set. Called by every write (services,
    admin, demo data); `manage.py knowledge_render` redoes every row, for data
    loaded some other way or after the sanitiser's rules changed.
    """
    targets = []
    for source in MARKDOWN_FIELDS.get(type(instance), ()):
        if only is None or source in only:
            setattr(instance, f"{source}_html", str(render(getattr(instance, source))))
            targets.append(f"{source}_html")
    return targets


def stored_html(instance, source: str) -> SafeString:
    """The sanitised HTML of the Markdown field `source`, as stored with the row.

    A row written some other way than through `render_markdown` (a restore, an
    import) has none yet: its source is rendered now, until `manage.py
    knowledge_render` stores it.
    """
    html = getattr(instance, f"{source}_html")
    if not html and getattr(instance, source):
        return render(getattr(instance, source))
    return mark_safe(html)  # noqa: S308 - rendered and sanitised by gilde.core.markdown


def attachment_upload_to(instance, filename: str) -> str:
    """Stored names are generated; the extension is kept for the type check on download."""
    return f"attachments/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:10]}"


class ArticleQuerySet(ItemQuerySet):
    def owned_by(self, user) -> Q:
        coauthor = Exists(
            Article.coauthors.through.objects.filter(article_id=OuterRef("pk"), user=user)
        )
        # Q | Q is a Q; the stubs widen it to Combinable.
        return Q(author=user) | coauthor  # type: ignore[return-value]

    def published_q(self) -> Q:
        """Drafts are for their active authors only."""
        return Q(status=Article.Status.PUBLISHED)

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
    body_html = rendered_html_field()
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
        # From the prefetched co-authors when a list loaded them: no query per row.
        return {self.author_id, *(user.pk for user in self.coauthors.all())}


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
    body_html = rendered_html_field()
    accepted_answer = models.OneToOneField(
        "Answer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Minor units of the network's credit: reserved on the asker's account when set, paid
    # to the author of the accepted answer, released when the question closes without one.
    reward = models.PositiveBigIntegerField(_("reward"), default=0)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        """Still looking for an answer: not closed, none accepted."""
        return self.closed_at is None and self.accepted_answer_id is None


class Answer(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("answer"), max_length=20_000, help_text=_("Markdown"))
    body_html = rendered_html_field()
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


class SessionQuerySet(EventQueries, ItemQuerySet):
    pass


class Session(Item, EventFields):
    """A lecture, training, workshop or webinar that members register for. Its title,
    times, place, places and SEQUENCE are every event's (`gilde.core.events`)."""

    UID_PREFIX = "session"

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
    description = models.TextField(_("description"), max_length=20_000, help_text=_("Markdown"))
    description_html = rendered_html_field()
    price_kind = models.CharField(
        _("price"), max_length=10, choices=Price.choices, default=Price.FREE
    )
    price_cents = models.PositiveIntegerField(_("price in euro cents"), default=0)
    price_credits = models.PositiveIntegerField(_("price in credits (minor units)"), default=0)
    # The ledger account a price in credits is paid to: the organiser's own or a shared one
    # they chose. A plain id, not a foreign key: knowledge knows nothing of the ledger
    # (gilde.knowledge.signals); the ledger checks it when it is chosen and when it pays.
    price_account_id = models.BigIntegerField(_("paid to account"), null=True, blank=True)
    materials = models.TextField(
        _("materials"), max_length=50_000, blank=True, help_text=_("Markdown")
    )
    materials_html = rendered_html_field()
    materials_for_attendees = models.BooleanField(
        _("materials only for those who attended"), default=False
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        constraints = [
            ends_after_start("session_ends_after_start"),
            models.CheckConstraint(
                condition=Q(price_kind="free", price_cents=0, price_credits=0)
                | Q(price_kind="euros", price_cents__gt=0, price_credits=0)
                | Q(price_kind="credits", price_credits__gt=0, price_cents=0),
                name="session_price_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.title


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
    # What its person paid for the place, in minor units of the network's credit; back to
    # 0 when it is refunded. Written with the payment, in one transaction.
    paid_credits = models.PositiveBigIntegerField(_("paid"), default=0, editable=False)

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


# The Markdown fields of each model; each has its rendered HTML in `<field>_html`.
# Comments are plain text (shown with line breaks), not Markdown.
MARKDOWN_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Article: ("body",),
    Question: ("body",),
    Answer: ("body",),
    Session: ("description", "materials"),
}
