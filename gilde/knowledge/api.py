"""API routes for shared knowledge: articles, questions and answers, sessions and registration.

Everything lives under /networks/{slug}/. Anyone may read (`auth=public`) and sees only
what they may see: items are always fetched through `visible_to`, so an item the caller
may not see answers 404 exactly like one that does not exist. Every write calls a service
in `gilde.knowledge.services`, which checks access and validates.
"""

from datetime import datetime
from typing import Literal

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import field_validator

from gilde.accounts.models import Tag
from gilde.core import visibility
from gilde.core.apiauth import public
from gilde.core.apischema import (
    UNSET,
    ErrorOut,
    Id,
    Page,
    PageQuery,
    PersonOut,
    amsterdam_time,
    paginate,
)
from gilde.core.credits import format_amount
from gilde.core.errors import NotFound
from gilde.knowledge import services
from gilde.knowledge.models import (
    Answer,
    Article,
    Question,
    Registration,
    Session,
    stored_html,
)
from gilde.networks.api import network_for

router = Router(tags=["knowledge"])

# The choices of the models, as types, so that a wrong value is a 400 that names the
# allowed ones. tests/test_api.py checks that they stay equal to the models' choices.
VisibilityName = Literal["public", "network", "circle", "private"]
ArticleKind = Literal["kennisartikel", "how-to", "praktijkcase"]
ArticleStatus = Literal["draft", "published"]
SessionKind = Literal["lezing", "training", "workshop", "webinar"]
PriceKind = Literal["free", "euros", "credits"]
RegistrationStatus = Literal["registered", "waitlisted", "cancelled"]

# -- shared schemas ----------------------------------------------------------


READ_ERRORS = {400: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class TagOut(Schema):
    name: str
    slug: str


def _html(obj, source: str) -> str:
    """The stored HTML of a Markdown field (rendered when the item was written)."""
    return str(stored_html(obj, source))


def _may_edit(obj, context) -> bool:
    """`core.visibility.may_edit` for the caller (co-authors prefetched: no query per item)."""
    return visibility.may_edit(obj, context["request"].user)


class Written(Schema):
    """The fields that articles, questions and sessions share."""

    id: int
    visibility: VisibilityName
    author: PersonOut
    tags: list[TagOut]
    created_at: datetime
    updated_at: datetime
    may_edit: bool = Field(..., description="Whether the caller may change this item")

    @staticmethod
    def resolve_tags(obj) -> list:
        return list(obj.tags.all())

    @staticmethod
    def resolve_may_edit(obj, context) -> bool:
        return _may_edit(obj, context)


class WrittenDetail(Schema):
    """What only the page of one item shows."""

    circle: list[PersonOut] | None = Field(
        ..., description="The chosen members (visibility circle); only shown to the authors"
    )

    @staticmethod
    def resolve_circle(obj, context) -> list | None:
        return list(obj.circle.all()) if _may_edit(obj, context) else None


class WriteIn(Schema):
    """Fields every new item takes."""

    visibility: VisibilityName = "network"
    tags: list[str] = Field(default_factory=list, description="Tag names; new ones are added")
    circle: list[Id] | None = Field(
        None, description="User ids of the members who may see it, for visibility circle"
    )


# PATCH schemas: a field left out is not changed (UNSET, exclude_unset). The types do not
# admit null (pydantic does not check the default), so `{"title": null}` is a 400 and never
# reaches a service; a session's capacity admits it: null is no limit.


class WritePatch(Schema):
    visibility: VisibilityName = UNSET
    tags: list[str] = Field(UNSET, description="Replaces all tags")
    circle: list[Id] = Field(UNSET, description="Replaces the circle")


def _changes(payload: Schema) -> dict:
    return payload.dict(exclude_unset=True)


# -- helpers -----------------------------------------------------------------


def _tag_filter(rows, tag: str):
    """Items with the tag named by `tag` (its name, slug or a synonym); none if it is unknown."""
    if not tag:
        return rows
    found = Tag.objects.resolve(tag)
    return rows.filter(tags=found) if found else rows.none()


def _credits(amount: int, network) -> str | None:
    """An amount of the network's credits in words, in the request's language; None for none."""
    return format_amount(amount, network.unit) if amount else None


# -- articles ----------------------------------------------------------------


class ArticleOut(Written):
    kind: ArticleKind
    title: str
    summary: str
    status: ArticleStatus
    published_at: datetime | None
    coauthors: list[PersonOut]
    comment_count: int

    @staticmethod
    def resolve_coauthors(obj) -> list:
        return list(obj.coauthors.all())


class ArticleDetailOut(ArticleOut, WrittenDetail):
    body: str = Field(..., description="Markdown, as written")
    body_html: str = Field(..., description="The body rendered to safe HTML")

    @staticmethod
    def resolve_body_html(obj) -> str:
        return _html(obj, "body")


class ArticlePage(Page[ArticleOut]):
    pass


class ArticleFilters(PageQuery):
    kind: ArticleKind | None = None
    status: ArticleStatus | None = Field(None, description="Drafts are only their authors'")
    tag: str = Field("", description="Tag name or slug")
    author: Id | None = Field(None, description="User id of the author")


class ArticleIn(WriteIn):
    title: str = Field(..., max_length=200)
    summary: str = Field("", max_length=500)
    body: str = Field(..., max_length=100_000, description="Markdown")
    kind: ArticleKind = "kennisartikel"
    coauthors: list[Id] = Field(default_factory=list, description="User ids of co-authors")
    publish: bool = Field(False, description="Publish at once instead of keeping a draft")


class ArticlePatch(WritePatch):
    title: str = Field(UNSET, max_length=200)
    summary: str = Field(UNSET, max_length=500)
    body: str = Field(UNSET, max_length=100_000, description="Markdown")
    kind: ArticleKind = UNSET
    coauthors: list[Id] = Field(UNSET, description="Replaces the co-authors")
    note: str = Field("", max_length=200, description="What changed, kept with the revision")


def _articles(request, network):
    return (
        Article.objects.visible_to(request.user)
        .filter(network=network)
        .select_related("author")
        .prefetch_related("tags", "coauthors")
        .annotate(comment_count=Count("comments"))
        .order_by(F("published_at").desc(nulls_last=True), "-created_at", "-pk")
    )


def _article(request, network, article_id: int) -> Article:
    article = _articles(request, network).prefetch_related("circle").filter(pk=article_id).first()
    if article is None:
        raise NotFound(_("This article does not exist."))
    return article


@router.get(
    "/networks/{slug}/articles",
    response={200: ArticlePage, **READ_ERRORS},
    auth=public,
    summary="Articles",
)
def list_articles(request, slug: str, filters: Query[ArticleFilters]):
    """The articles the caller may read, newest first; without login only public ones."""
    network = network_for(request, slug)
    rows = _articles(request, network)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.author is not None:
        rows = rows.filter(author_id=filters.author)
    return paginate(request, _tag_filter(rows, filters.tag), filters)


@router.get(
    "/networks/{slug}/articles/{article_id}",
    response={200: ArticleDetailOut, **READ_ERRORS},
    auth=public,
    summary="One article",
)
def get_article(request, slug: str, article_id: int):
    return _article(request, network_for(request, slug), article_id)


@router.post(
    "/networks/{slug}/articles",
    response={201: ArticleDetailOut, **WRITE_ERRORS},
    summary="Write an article",
)
def create_article(request, slug: str, payload: ArticleIn):
    """A draft, or published at once with `publish`. Members and coordinators only."""
    network = network_for(request, slug)
    article = services.create_article(network, by=request.user, **payload.dict())
    return Status(201, _article(request, network, article.pk))


@router.patch(
    "/networks/{slug}/articles/{article_id}",
    response={200: ArticleDetailOut, **WRITE_ERRORS},
    summary="Change an article",
)
def update_article(request, slug: str, article_id: int, payload: ArticlePatch):
    """Only the fields sent change; every change keeps a revision. Authors only."""
    network = network_for(request, slug)
    article = _article(request, network, article_id)
    changes = _changes(payload)
    note = changes.pop("note", "")
    services.update_article(article, by=request.user, note=note, **changes)
    return _article(request, network, article_id)


@router.post(
    "/networks/{slug}/articles/{article_id}/publish",
    response={200: ArticleDetailOut, **WRITE_ERRORS},
    summary="Publish an article",
)
def publish_article(request, slug: str, article_id: int):
    network = network_for(request, slug)
    services.publish_article(_article(request, network, article_id), by=request.user)
    return _article(request, network, article_id)


# -- questions and answers ---------------------------------------------------


class AnswerOut(Schema):
    id: int
    author: PersonOut
    body: str = Field(..., description="Markdown, as written")
    body_html: str
    created_at: datetime
    updated_at: datetime
    useful_count: int
    useful_to_me: bool = Field(..., description="Whether the caller marked it useful")
    accepted: bool = Field(..., description="Whether the asker accepted this answer")

    @staticmethod
    def resolve_body_html(obj) -> str:
        return _html(obj, "body")

    @staticmethod
    def resolve_accepted(obj) -> bool:
        return obj.question.accepted_answer_id == obj.pk


class QuestionOut(Written):
    title: str
    answer_count: int
    accepted_answer: int | None = Field(
        ..., alias="accepted_answer_id", description="Id of the accepted answer"
    )
    reward: int = Field(
        ..., description="Minor units of the network's credit for the accepted answer; 0: none"
    )
    reward_formatted: str | None = Field(..., description="The reward in words; null: none")
    closed_at: datetime | None = Field(..., description="When the asker closed the question")

    @staticmethod
    def resolve_reward_formatted(obj) -> str | None:
        return _credits(obj.reward, obj.network)


class QuestionDetailOut(QuestionOut, WrittenDetail):
    body: str = Field(..., description="Markdown, as written")
    body_html: str
    answers: list[AnswerOut]

    @staticmethod
    def resolve_body_html(obj) -> str:
        return _html(obj, "body")

    @staticmethod
    def resolve_answers(obj) -> list:
        return list(obj.answers.all())


class QuestionPage(Page[QuestionOut]):
    pass


class QuestionFilters(PageQuery):
    tag: str = Field("", description="Tag name or slug")
    author: Id | None = Field(None, description="User id of the asker")
    answered: bool | None = Field(None, description="With (true) or without an accepted answer")


class QuestionIn(WriteIn):
    title: str = Field(..., max_length=200, description="The question")
    body: str = Field("", max_length=20_000, description="Explanation, Markdown")
    reward: int = Field(
        0,
        ge=0,
        description="Minor units of the network's credit, reserved on the asker's account and "
        "paid to the author of the accepted answer; 0: no reward",
    )


class QuestionPatch(WritePatch):
    title: str = Field(UNSET, max_length=200)
    body: str = Field(UNSET, max_length=20_000)
    reward: int = Field(UNSET, ge=0, description="Only while the question is open; 0: none")


class AnswerIn(Schema):
    body: str = Field(..., max_length=20_000, description="Markdown")


class UsefulIn(Schema):
    useful: bool = Field(True, description="false takes the mark back")


def _answers(request):
    user = request.user
    marked = Answer.useful_by.through.objects.filter(
        answer_id=OuterRef("pk"), user_id=user.pk if user.is_authenticated else None
    )
    return (
        Answer.objects.select_related("author")
        .annotate(useful_count=Count("useful_by"), useful_to_me=Exists(marked))
        .order_by("created_at", "pk")
    )


def _questions(request, network):
    return (
        Question.objects.visible_to(request.user)
        .filter(network=network)
        .select_related("author", "network")
        .prefetch_related("tags")
        .annotate(answer_count=Count("answers"))
        .order_by("-created_at", "-pk")
    )


def _question(request, network, question_id: int) -> Question:
    question = (
        _questions(request, network)
        .prefetch_related("circle", Prefetch("answers", queryset=_answers(request)))
        .filter(pk=question_id)
        .first()
    )
    if question is None:
        raise NotFound(_("This question does not exist."))
    return question


def _answer(request, network, answer_id: int) -> Answer:
    visible = Question.objects.visible_to(request.user).filter(network=network)
    answer = (
        _answers(request)
        .select_related("question__network")
        .filter(pk=answer_id, question__in=visible)
        .first()
    )
    if answer is None:
        raise NotFound(_("This answer does not exist."))
    return answer


@router.get(
    "/networks/{slug}/questions",
    response={200: QuestionPage, **READ_ERRORS},
    auth=public,
    summary="Questions",
)
def list_questions(request, slug: str, filters: Query[QuestionFilters]):
    """The questions the caller may read, newest first; without login only public ones."""
    network = network_for(request, slug)
    rows = _questions(request, network)
    if filters.author is not None:
        rows = rows.filter(author_id=filters.author)
    if filters.answered is not None:
        rows = rows.filter(accepted_answer__isnull=not filters.answered)
    return paginate(request, _tag_filter(rows, filters.tag), filters)


@router.get(
    "/networks/{slug}/questions/{question_id}",
    response={200: QuestionDetailOut, **READ_ERRORS},
    auth=public,
    summary="One question with its answers",
)
def get_question(request, slug: str, question_id: int):
    return _question(request, network_for(request, slug), question_id)


@router.post(
    "/networks/{slug}/questions",
    response={201: QuestionDetailOut, **WRITE_ERRORS},
    summary="Ask a question",
)
def ask_question(request, slug: str, payload: QuestionIn):
    """Members and coordinators ask; the asker follows the question."""
    network = network_for(request, slug)
    question = services.ask_question(network, by=request.user, **payload.dict())
    return Status(201, _question(request, network, question.pk))


@router.patch(
    "/networks/{slug}/questions/{question_id}",
    response={200: QuestionDetailOut, **WRITE_ERRORS},
    summary="Change a question",
)
def update_question(request, slug: str, question_id: int, payload: QuestionPatch):
    """Only the fields sent change. The asker only."""
    network = network_for(request, slug)
    question = _question(request, network, question_id)
    services.update_question(question, by=request.user, **_changes(payload))
    return _question(request, network, question_id)


@router.post(
    "/networks/{slug}/questions/{question_id}/answers",
    response={201: AnswerOut, **WRITE_ERRORS},
    summary="Answer a question",
)
def answer_question(request, slug: str, question_id: int, payload: AnswerIn):
    """Members and coordinators answer; those who follow the question hear of it."""
    network = network_for(request, slug)
    question = _question(request, network, question_id)
    answer = services.answer_question(question, by=request.user, body=payload.body)
    return Status(201, _answer(request, network, answer.pk))


@router.post(
    "/networks/{slug}/questions/{question_id}/close",
    response={200: QuestionDetailOut, **WRITE_ERRORS},
    summary="Close a question",
)
def close_question(request, slug: str, question_id: int):
    """The asker or a coordinator: no more answers, and a reward nobody got is released."""
    network = network_for(request, slug)
    question = _question(request, network, question_id)
    services.close_question(question, by=request.user)
    return _question(request, network, question_id)


@router.post(
    "/networks/{slug}/answers/{answer_id}/accept",
    response={200: QuestionDetailOut, **WRITE_ERRORS},
    summary="Accept an answer",
)
def accept_answer(request, slug: str, answer_id: int):
    """The asker marks the answer that helped; accepting another one replaces it, unless a
    reward went with the first. A reward is paid to the answer's author (409 if it cannot be)."""
    network = network_for(request, slug)
    answer = _answer(request, network, answer_id)
    question = services.accept_answer(answer, by=request.user)
    return _question(request, network, question.pk)


@router.post(
    "/networks/{slug}/answers/{answer_id}/useful",
    response={200: AnswerOut, **WRITE_ERRORS},
    summary="Mark an answer as useful, or take the mark back",
)
def mark_useful(request, slug: str, answer_id: int, payload: UsefulIn):
    """Anyone who may read the question, except the answer's own author."""
    network = network_for(request, slug)
    answer = _answer(request, network, answer_id)
    services.mark_useful(answer, by=request.user, useful=payload.useful)
    return _answer(request, network, answer_id)


# -- sessions and registration -----------------------------------------------


class RegistrationOut(Schema):
    status: RegistrationStatus
    position: int | None = Field(..., description="Place on the waiting list, if waitlisted")
    paid_credits: int = Field(
        ..., description="Minor units of the network's credit paid for the place (0 once refunded)"
    )
    paid_formatted: str | None = Field(..., description="What was paid, in words; null: nothing")

    @staticmethod
    def resolve_position(obj) -> int | None:
        return services.waiting_position(obj)

    @staticmethod
    def resolve_paid_formatted(obj) -> str | None:
        return _credits(obj.paid_credits, obj.session.network)


class SessionOut(Written):
    kind: SessionKind
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str
    capacity: int | None = Field(..., description="Number of places; null: no limit")
    registered_count: int
    places_left: int | None = Field(..., description="Null when there is no limit")
    price_kind: PriceKind
    price_cents: int = Field(..., description="Price in euro cents, for price_kind euros")
    price_credits: int = Field(
        ..., description="Price in minor units of the network's credit, for price_kind credits"
    )
    price_credits_formatted: str | None = Field(
        ..., description="The price in credits in words; null unless price_kind credits"
    )
    price_account: int | None = Field(
        ...,
        alias="price_account_id",
        description="Id of the ledger account a price in credits is paid to",
    )
    my_status: RegistrationStatus | None = Field(
        None, description="The caller's registration, if any"
    )

    @staticmethod
    def resolve_places_left(obj) -> int | None:
        if obj.capacity is None:
            return None
        return max(obj.capacity - obj.registered_count, 0)

    @staticmethod
    def resolve_my_status(obj) -> str | None:
        return getattr(obj, "my_status", None)

    @staticmethod
    def resolve_price_credits_formatted(obj) -> str | None:
        return _credits(obj.price_credits, obj.network)


class SessionDetailOut(SessionOut, WrittenDetail):
    description: str = Field(..., description="Markdown, as written")
    description_html: str
    online_url: str
    materials_for_attendees: bool
    materials: str | None = Field(..., description="Markdown; null if the caller may not see it")
    materials_html: str | None
    my_registration: RegistrationOut | None

    @staticmethod
    def resolve_description_html(obj) -> str:
        return _html(obj, "description")

    @staticmethod
    def resolve_materials(obj) -> str | None:
        return obj.materials if obj.may_see_materials else None

    @staticmethod
    def resolve_materials_html(obj) -> str | None:
        return _html(obj, "materials") if obj.may_see_materials else None


class SessionPage(Page[SessionOut]):
    pass


class SessionFilters(PageQuery):
    when: Literal["upcoming", "past", "all"] = Field(
        "upcoming", description="upcoming: soonest first; past and all: latest first"
    )
    kind: SessionKind | None = None
    tag: str = Field("", description="Tag name or slug")


class SessionIn(WriteIn):
    kind: SessionKind = "lezing"
    title: str = Field(..., max_length=200)
    description: str = Field(..., max_length=20_000, description="Markdown")
    starts_at: datetime = Field(..., description="ISO 8601; without an offset: Amsterdam time")
    ends_at: datetime = Field(..., description="ISO 8601; without an offset: Amsterdam time")
    location: str = Field("", max_length=200)
    online_url: str = Field("", max_length=200)
    capacity: int | None = Field(None, ge=0, description="Number of places; null: no limit")
    price_kind: PriceKind = "free"
    price_cents: int = Field(0, ge=0, description="For price_kind euros")
    price_credits: int = Field(0, ge=0, description="For price_kind credits, in minor units")
    price_account: int | None = Field(
        None,
        description="For price_kind credits: id of the account paid, one of the organiser's "
        "(a coordinator may choose a shared account); null: the organiser's own",
    )
    materials: str = Field("", max_length=50_000, description="Markdown")
    materials_for_attendees: bool = False

    @field_validator("starts_at", "ends_at")
    @classmethod
    def read_as_amsterdam_time(cls, value: datetime) -> datetime | None:
        return amsterdam_time(value)


class SessionPatch(WritePatch):
    kind: SessionKind = UNSET
    title: str = Field(UNSET, max_length=200)
    description: str = Field(UNSET, max_length=20_000)
    starts_at: datetime = UNSET
    ends_at: datetime = UNSET
    location: str = Field(UNSET, max_length=200)
    online_url: str = Field(UNSET, max_length=200)
    capacity: int | None = Field(None, ge=0, description="null: no limit")
    price_kind: PriceKind = UNSET
    price_cents: int = Field(UNSET, ge=0)
    price_credits: int = Field(UNSET, ge=0)
    price_account: int | None = Field(UNSET, description="null: the organiser's own account")
    materials: str = Field(UNSET, max_length=50_000)
    materials_for_attendees: bool = UNSET

    @field_validator("starts_at", "ends_at")
    @classmethod
    def read_as_amsterdam_time(cls, value: datetime) -> datetime | None:
        return amsterdam_time(value)


def _session_fields(payload: Schema, *, changes: bool = False) -> dict:
    """The payload as the services take it: `price_account` is the session's price_account_id."""
    fields = _changes(payload) if changes else payload.dict()
    if "price_account" in fields:
        fields["price_account_id"] = fields.pop("price_account")
    return fields


def _sessions(request, network):
    rows = (
        Session.objects.visible_to(request.user)
        .filter(network=network)
        .select_related("author", "network")
        .prefetch_related("tags")
        .annotate(
            registered_count=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.REGISTERED)
            )
        )
    )
    if request.user.is_authenticated:
        mine = Registration.objects.filter(session_id=OuterRef("pk"), user=request.user)
        rows = rows.annotate(my_status=Subquery(mine.values("status")[:1]))
    return rows


def _session(request, network, session_id: int) -> Session:
    session = _sessions(request, network).prefetch_related("circle").filter(pk=session_id).first()
    if session is None:
        raise NotFound(_("This session does not exist."))
    return session


def _session_detail(request, network, session_id: int) -> Session:
    """The session with what only the detail shows: materials and the caller's registration."""
    session = _session(request, network, session_id)
    # Read by SessionDetailOut; Session has no such fields.
    session.may_see_materials = services.may_see_materials(session, request.user)  # type: ignore[attr-defined]
    session.my_registration = (  # type: ignore[attr-defined]
        Registration.objects.filter(session=session, user=request.user).first()
        if request.user.is_authenticated
        else None
    )
    return session


@router.get(
    "/networks/{slug}/sessions",
    response={200: SessionPage, **READ_ERRORS},
    auth=public,
    summary="Sessions",
)
def list_sessions(request, slug: str, filters: Query[SessionFilters]):
    """Lectures, trainings, workshops and webinars the caller may see; by default upcoming."""
    network = network_for(request, slug)
    rows = _sessions(request, network)
    if filters.when == "upcoming":
        rows = rows.upcoming().order_by("starts_at", "pk")
    elif filters.when == "past":
        rows = rows.past().order_by("-starts_at", "-pk")
    else:
        rows = rows.order_by("-starts_at", "-pk")
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    return paginate(request, _tag_filter(rows, filters.tag), filters)


@router.get(
    "/networks/{slug}/sessions/{session_id}",
    response={200: SessionDetailOut, **READ_ERRORS},
    auth=public,
    summary="One session",
)
def get_session(request, slug: str, session_id: int):
    """With places left and the caller's registration; materials only for those who may see them."""
    return _session_detail(request, network_for(request, slug), session_id)


@router.post(
    "/networks/{slug}/sessions",
    response={201: SessionDetailOut, **WRITE_ERRORS},
    summary="Organise a session",
)
def create_session(request, slug: str, payload: SessionIn):
    """Members and coordinators organise; the organiser follows the session."""
    network = network_for(request, slug)
    session = services.create_session(network, by=request.user, **_session_fields(payload))
    return Status(201, _session_detail(request, network, session.pk))


@router.patch(
    "/networks/{slug}/sessions/{session_id}",
    response={200: SessionDetailOut, **WRITE_ERRORS},
    summary="Change a session",
)
def update_session(request, slug: str, session_id: int, payload: SessionPatch):
    """Only the fields sent change. Fewer places than people registered is a 409."""
    network = network_for(request, slug)
    session = _session(request, network, session_id)
    services.update_session(session, by=request.user, **_session_fields(payload, changes=True))
    return _session_detail(request, network, session_id)


@router.post(
    "/networks/{slug}/sessions/{session_id}/registration",
    response={201: RegistrationOut, **WRITE_ERRORS},
    summary="Register for a session",
)
def register(request, slug: str, session_id: int):
    """Registered while there are places, otherwise on the waiting list (with a position)."""
    session = _session(request, network_for(request, slug), session_id)
    return Status(201, services.register(session, by=request.user))


@router.delete(
    "/networks/{slug}/sessions/{session_id}/registration",
    response={200: RegistrationOut, **WRITE_ERRORS},
    summary="Cancel a registration",
)
def cancel_registration(request, slug: str, session_id: int):
    """The freed place goes to the first person on the waiting list."""
    session = _session(request, network_for(request, slug), session_id)
    return services.cancel_registration(session, by=request.user)
