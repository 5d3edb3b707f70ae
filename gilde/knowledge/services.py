"""Every write to shared knowledge. Each service takes the acting user as `by`,
checks access first, validates, runs in one transaction (which also updates the
search index) and returns the result. Refusals are `gilde.core.errors`.

Only an active membership writes: changing an item needs its author or a
co-author who is an active member or coordinator of its network (the QuerySet's
`editable_by`). Titles are kept to one line, and Markdown is rendered to its
stored HTML here, on every write.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousFileOperation
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from gilde.accounts.services import resolve_tags
from gilde.core import access, audit, events, fragments, search, uploads, visibility
from gilde.core.credits import check_amount
from gilde.core.errors import (
    Conflict,
    DomainError,
    Invalid,
    NotAllowed,
    NotFound,
    full_clean_or_invalid,
)
from gilde.core.mail import language_of
from gilde.knowledge import signals, tasks
from gilde.knowledge.models import (
    Answer,
    Article,
    ArticleRevision,
    Attachment,
    Comment,
    Follow,
    Question,
    Registration,
    Session,
    Visibility,
    render_markdown,
)
from gilde.networks.models import Membership

User = get_user_model()

ATTACHMENT_TYPES = {
    ".pdf", ".txt", ".md", ".csv", ".odt", ".ods", ".odp", ".docx", ".xlsx", ".pptx",
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".zip",
}  # fmt: skip


# The audit log's verb for an item whose visibility changed (labels in networks.log).
ITEM_VISIBILITY_CHANGED = "item.visibility_changed"


def _record_visibility(item, before: str, *, by) -> None:
    """Who widened or narrowed an item's readers, in the network's log."""
    if item.visibility != before:
        audit.record(
            ITEM_VISIBILITY_CHANGED, actor=by, network=item.network_id, target=item,
            data={"from": before, "to": item.visibility},
        )  # fmt: skip


# -- shared checks ---------------------------------------------------------


def _require_visible(item, user, message=None) -> None:
    """NotFound unless `user` may see `item` (by the same QuerySet the lists use)."""
    if not type(item).objects.visible_to(user).filter(pk=item.pk).exists():
        raise NotFound(message or _("This item does not exist."))


def _require_contributor(network, user) -> None:
    if not access.can_view_network(user, network):
        raise NotFound(_("This network does not exist."))
    if not access.can_contribute(user, network):
        raise NotAllowed(_("Only members of %(network)s can do this.") % {"network": network})


# Who changes an item (its owners while their membership counts) and who runs one
# (they and the network's coordinators): the rule is core's, for every capability.
may_edit = visibility.may_edit
may_manage = visibility.may_manage


def may_see_revisions(article, user) -> bool:
    """Who changed what: for the members and coordinators of the article's network (its
    authors among them; an author whose membership is not active no longer counts)."""
    return access.can_contribute(user, article.network)


def _inactive_author(item) -> NotAllowed:
    """The refusal for an author whose membership of the item's network no longer counts."""
    return NotAllowed(
        _("Your membership of %(network)s is not active: you can no longer change this.")
        % {"network": item.network}
    )


def _require_owner(item, user) -> None:
    """NotFound unless `user` may see `item`, NotAllowed unless they may change it."""
    _require_visible(item, user)
    if not may_edit(item, user):
        if user.is_authenticated and user.pk in item.owners():
            raise _inactive_author(item)
        raise NotAllowed(_("Only the author can change this."))


# Line breaks, tabs and other control characters, which have no place in a title.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def one_line(value: str) -> str:
    """A title or place as one line: control characters and runs of whitespace become a space."""
    return " ".join(_CONTROL.sub(" ", value or "").split())


def _text(value: str) -> str:
    """Free text as written, without NUL characters (which PostgreSQL cannot store)."""
    return (value or "").replace("\x00", "")


SINGLE_LINE_FIELDS = {"title", "location"}


def _cleaned(key: str, value):
    """A field's value as it is stored: titles and places on one line, texts without NULs."""
    if not isinstance(value, str):
        return value
    if key in SINGLE_LINE_FIELDS:
        return one_line(value)
    return _text(value).strip() if key == "summary" else _text(value)


def _members(network, user_ids, *, field: str = "circle") -> list:
    """Active members of `network` among `user_ids`; anyone else is refused."""
    user_ids = {int(pk) for pk in user_ids}
    found = list(
        User.objects.filter(
            pk__in=user_ids,
            memberships__network=network,
            memberships__status=Membership.Status.ACTIVE,
            memberships__role__in=[Membership.Role.MEMBER, Membership.Role.COORDINATOR],
        )
    )
    if len(found) != len(user_ids):
        raise Invalid(_("You can only choose members of this network."), field=field)
    return found


def _set_common(item, *, by, tags, circle) -> None:
    if tags is not None:
        item.tags.set(resolve_tags(tags, by=by))
    if circle is not None:
        item.circle.set(_members(item.network, circle))
    if item.visibility == Visibility.CIRCLE and not item.circle.exists():
        raise Invalid(_("Choose at least one member for the circle."), field="circle")


# -- articles --------------------------------------------------------------

ARTICLE_FIELDS = {"kind", "title", "summary", "body", "visibility"}


def create_article(
    network,
    *,
    by,
    title: str,
    body: str,
    summary: str = "",
    kind: str = Article.Kind.KNOWLEDGE,
    visibility: str = Visibility.NETWORK,
    tags: list[str] | None = None,
    circle: list[int] | None = None,
    coauthors: list[int] | None = None,
    publish: bool = False,
) -> Article:
    """Write an article, as a draft or published at once."""
    _require_contributor(network, by)
    with transaction.atomic():
        article = Article(
            network=network,
            author=by,
            title=one_line(title),
            body=_text(body),
            summary=_text(summary).strip(),
            kind=kind,
            visibility=visibility,
        )
        if publish:
            article.status = Article.Status.PUBLISHED
            article.published_at = timezone.now()
        full_clean_or_invalid(article)
        render_markdown(article)
        article.save()
        if coauthors:
            article.coauthors.set(_members(network, set(coauthors) - {by.pk}, field="coauthors"))
        _set_common(article, by=by, tags=tags or [], circle=circle)
        # No note: the history page names the first version in its reader's language.
        _revise(article, by=by, note="")
        search.refresh("article", article.pk)
    return article


def _revise(article: Article, *, by, note: str) -> None:
    ArticleRevision.objects.create(
        article=article,
        editor=by,
        title=article.title,
        summary=article.summary,
        body=article.body,
        note=note[:200],
    )


def update_article(
    article: Article,
    *,
    by,
    note: str = "",
    tags: list[str] | None = None,
    circle: list[int] | None = None,
    coauthors: list[int] | None = None,
    **fields,
) -> Article:
    """The author or a co-author changes an article; every save keeps a revision."""
    _require_owner(article, by)
    unknown = set(fields) - ARTICLE_FIELDS
    if unknown:
        raise Invalid(_("Unknown field: %(field)s") % {"field": ", ".join(sorted(unknown))})
    with transaction.atomic():
        Article.objects.select_for_update().filter(pk=article.pk).exists()
        article.refresh_from_db()  # apply the change to the row as it is now
        before = article.visibility
        for key, value in fields.items():
            setattr(article, key, _cleaned(key, value))
        full_clean_or_invalid(article)
        render_markdown(article, only=fields)
        article.save()
        if coauthors is not None:
            coauthor_ids = set(coauthors) - {article.author_id}
            article.coauthors.set(_members(article.network, coauthor_ids, field="coauthors"))
        _set_common(article, by=by, tags=tags, circle=circle)
        _revise(article, by=by, note=note)
        _record_visibility(article, before, by=by)
        search.refresh("article", article.pk)
    return article


def publish_article(article: Article, *, by) -> Article:
    _require_owner(article, by)
    with transaction.atomic():
        if article.status != Article.Status.PUBLISHED:
            article.status = Article.Status.PUBLISHED
            article.published_at = article.published_at or timezone.now()
            article.save(update_fields=["status", "published_at", "updated_at"])
            search.refresh("article", article.pk)
    return article


def unpublish_article(article: Article, *, by) -> Article:
    _require_owner(article, by)
    with transaction.atomic():
        article.status = Article.Status.DRAFT
        article.save(update_fields=["status", "updated_at"])
        search.refresh("article", article.pk)
    return article


def delete_article(article: Article, *, by) -> None:
    _require_owner(article, by)
    with transaction.atomic():
        search.remove("article", article.pk)
        _delete_files_on_commit(article.attachments.all())
        article.delete()


def _delete_files_on_commit(attachments) -> None:
    """Stored files go only once the rows are gone for good (a rollback keeps both)."""
    files = [attachment.file for attachment in attachments]
    transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files])


# -- questions and answers -------------------------------------------------


def ask_question(
    network,
    *,
    by,
    title: str,
    body: str = "",
    visibility: str = Visibility.NETWORK,
    tags: list[str] | None = None,
    circle: list[int] | None = None,
    reward: int = 0,
) -> Question:
    """Ask the network a question; the asker follows it. A reward (minor units of the
    network's credit) is reserved on the asker's account until an answer is accepted."""
    _require_contributor(network, by)
    reward = _reward(network, reward)
    with transaction.atomic():
        question = Question(
            network=network,
            author=by,
            title=one_line(title),
            body=_text(body),
            visibility=visibility,
            reward=reward,
        )
        full_clean_or_invalid(question)
        render_markdown(question)
        question.save()
        _set_common(question, by=by, tags=tags or [], circle=circle)
        Follow.objects.create(user=by, question=question)
        if reward:
            _reserve_reward(question, previous=0, by=by)
        search.refresh("question", question.pk)
    return question


def _reward(network, value) -> int:
    """A reward as stored: 0 for none, else a positive whole number of minor units."""
    if value in (None, 0):
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(_("Give the reward as a whole number of minor units."), field="reward")
    return check_amount(value, network.unit, field="reward")


def _reserve_reward(question: Question, *, previous: int, by) -> None:
    """Tell the ledger the reward is now `question.reward`: it reserves that on the asker's
    account (and frees what was reserved before). A refusal propagates."""
    reserved = signals.answers(
        signals.question_reward_set, sender=Question, question=question, previous=previous, by=by
    )
    if question.reward and not sum(reserved):
        raise Conflict(_("The reward could not be reserved."), field="reward")


def update_question(question: Question, *, by, tags=None, circle=None, **fields) -> Question:
    """The asker changes a question; its reward only while it is open."""
    _require_owner(question, by)
    unknown = set(fields) - {"title", "body", "visibility", "reward"}
    if unknown:
        raise Invalid(_("Unknown field: %(field)s") % {"field": ", ".join(sorted(unknown))})
    reward = _reward(question.network, fields.pop("reward")) if "reward" in fields else None
    with transaction.atomic():
        previous = question.reward
        if reward is not None:
            Question.objects.select_for_update().filter(pk=question.pk).exists()
            question.refresh_from_db(fields=["reward", "closed_at", "accepted_answer"])
            previous = question.reward
            if reward != previous and not question.is_open:
                raise Conflict(
                    _("The reward can only change while the question is open."), field="reward"
                )
            question.reward = reward
        before = question.visibility
        for key, value in fields.items():
            setattr(question, key, _cleaned(key, value))
        full_clean_or_invalid(question)
        render_markdown(question, only=fields)
        question.save()
        _set_common(question, by=by, tags=tags, circle=circle)
        if question.reward != previous:
            _reserve_reward(question, previous=previous, by=by)
        _record_visibility(question, before, by=by)
        search.refresh("question", question.pk)
    return question


def close_question(question: Question, *, by) -> Question:
    """The asker (or a coordinator) closes a question: it takes no more answers, and a reward
    that no accepted answer took is released."""
    _require_visible(question, by)
    if not may_manage(question, by):
        if by.is_authenticated and question.author_id == by.pk:
            raise _inactive_author(question)
        raise NotAllowed(_("Only the person who asked or a coordinator can close this question."))
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        if locked.closed_at is not None:
            raise Conflict(_("This question is already closed."))
        question.closed_at = timezone.now()
        question.accepted_answer_id = locked.accepted_answer_id
        question.save(update_fields=["closed_at", "updated_at"])
        signals.answers(signals.question_closed, sender=Question, question=question, by=by)
    return question


def answer_question(question: Question, *, by, body: str) -> Answer:
    """Answer a question you may see; followers hear of it, and the answerer follows."""
    _require_visible(question, by)
    if not access.can_contribute(by, question.network):
        raise NotAllowed(
            _("Only members of %(network)s can answer.") % {"network": question.network}
        )
    if question.closed_at is not None:
        raise Conflict(_("This question is closed: it takes no new answers."))
    body = _text(body)
    if not body.strip():
        raise Invalid(_("Write an answer first."), field="body")
    with transaction.atomic():
        answer = Answer(question=question, author=by, body=body)
        full_clean_or_invalid(answer)
        render_markdown(answer)
        answer.save()
        Follow.objects.get_or_create(user=by, question=question)
        search.refresh("question", question.pk)
        _notify_followers(question, actor=by, event="answer", object_id=answer.pk)
    return answer


def accept_answer(answer: Answer, *, by) -> Question:
    """The asker marks the answer that helped; choosing another replaces it. A reward goes to
    the accepted answer's author, in the same transaction; once paid, the choice stays."""
    question = answer.question
    _require_visible(question, by)
    if question.author_id != by.pk:
        raise NotAllowed(_("Only the person who asked can accept an answer."))
    if not may_edit(question, by):
        raise _inactive_author(question)
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        if locked.closed_at is not None:
            raise Conflict(_("This question is closed."))
        if locked.accepted_answer_id == answer.pk:
            return question
        if locked.reward and locked.accepted_answer_id is not None:
            raise Conflict(
                _("The reward went with the answer you accepted first: that answer stays accepted.")
            )
        question.accepted_answer = answer
        question.save(update_fields=["accepted_answer", "updated_at"])
        signals.answers(
            signals.answer_accepted, sender=Question, question=question, answer=answer, by=by
        )
    return question


def may_mark_useful(answer: Answer, user) -> bool:
    """Anyone logged in who may read the question, except the answer's author."""
    return user.is_authenticated and answer.author_id != user.pk


def mark_useful(answer: Answer, *, by, useful: bool = True) -> Answer:
    """Anyone who may read the question marks an answer as useful (not their own)."""
    _require_visible(answer.question, by)
    if not may_mark_useful(answer, by):
        if not by.is_authenticated:
            raise NotAllowed(_("Log in to mark answers."))
        raise NotAllowed(_("You cannot mark your own answer as useful."))
    with transaction.atomic():
        if useful:
            answer.useful_by.add(by)
        else:
            answer.useful_by.remove(by)
    return answer


# -- sessions --------------------------------------------------------------

SESSION_FIELDS = {
    "kind", "title", "description", "starts_at", "ends_at", "location", "online_url", "capacity",
    "price_kind", "price_cents", "price_credits", "price_account_id", "materials",
    "materials_for_attendees", "visibility",
}  # fmt: skip


def _normalise_price(session: Session, given: dict | None = None) -> None:
    """Keep the price fields consistent with the kind of price, with a clear message.

    A price left over from an earlier kind is cleared; a price sent together with
    a kind it does not belong to is refused.
    """
    given = given or {}
    if session.price_kind == Session.Price.FREE and (
        given.get("price_cents") or given.get("price_credits")
    ):
        raise Invalid(
            _("A free session has no price: choose euros or credits."), field="price_kind"
        )
    if session.price_kind == Session.Price.FREE:
        session.price_cents = session.price_credits = 0
    elif session.price_kind == Session.Price.EUROS:
        session.price_credits = 0
        if not session.price_cents:
            raise Invalid(_("Enter the price in euros."), field="price_cents")
    elif session.price_kind == Session.Price.CREDITS:
        session.price_cents = 0
        if not session.price_credits:
            raise Invalid(_("Enter the price in credits."), field="price_credits")
    if session.starts_at and session.ends_at and session.ends_at <= session.starts_at:
        raise Invalid(_("A session ends after it starts."), field="ends_at")


def payee_options(network, user) -> list[tuple[int, str]] | None:
    """The accounts `user` may have a session in `network` paid to, their own first, as
    (id, label) from the ledger; None when no ledger listens (gilde.knowledge.signals)."""
    answered = signals.answers(signals.payee_options, sender=Session, network=network, user=user)
    if not answered:
        return None
    return [option for answer in answered for option in answer]


def _check_payee(session: Session, before: int | None) -> None:
    """A price in credits is paid to one of the organiser's options (their own account when
    none is chosen); other prices to none. A payee chosen earlier is kept without asking again,
    so an organiser who is no longer a coordinator can still edit their session."""
    if session.price_kind != Session.Price.CREDITS:
        session.price_account_id = None
        return
    if session.price_account_id is not None and session.price_account_id == before:
        return
    options = payee_options(session.network, session.author)
    if options is None:
        return
    ids = [pk for pk, _label in options]
    if not ids:
        raise Invalid(
            _("You have no account in this network's ledger to receive the credits."),
            field="price_kind",
        )
    if session.price_account_id is None:
        session.price_account_id = ids[0]
    elif session.price_account_id not in ids:
        raise Invalid(_("Choose an account you may receive credits on."), field="price_account_id")


def create_session(network, *, by, tags=None, circle=None, **fields) -> Session:
    """Organise a lecture, training, workshop or webinar."""
    _require_contributor(network, by)
    unknown = set(fields) - SESSION_FIELDS
    if unknown:
        raise Invalid(_("Unknown field: %(field)s") % {"field": ", ".join(sorted(unknown))})
    fields = {key: _cleaned(key, value) for key, value in fields.items()}
    with transaction.atomic():
        session = Session(network=network, author=by, **fields)
        _normalise_price(session, given=fields)
        _check_payee(session, before=None)
        full_clean_or_invalid(session)
        render_markdown(session)
        session.save()
        _set_common(session, by=by, tags=tags or [], circle=circle)
        Follow.objects.create(user=by, session=session)
        search.refresh("session", session.pk)
    return session


def update_session(session: Session, *, by, tags=None, circle=None, **fields) -> Session:
    """The organiser changes a session. Fewer places than registrations is refused."""
    _require_owner(session, by)
    unknown = set(fields) - SESSION_FIELDS
    if unknown:
        raise Invalid(_("Unknown field: %(field)s") % {"field": ", ".join(sorted(unknown))})
    with transaction.atomic():
        Session.objects.select_for_update().filter(pk=session.pk).exists()
        session.refresh_from_db()  # apply the change to the row as it is now
        before = session.visibility
        payee_before = session.price_account_id
        for key, value in fields.items():
            setattr(session, key, _cleaned(key, value))
        _normalise_price(session, given=fields)
        _check_payee(session, before=payee_before)
        full_clean_or_invalid(session)
        render_markdown(session, only=fields)
        registered = session.registrations.filter(status=Registration.Status.REGISTERED).count()
        if session.capacity is not None and session.capacity < registered:
            raise Conflict(
                _("%(count)s people are registered: there cannot be fewer places.")
                % {"count": registered},
                field="capacity",
            )
        session.sequence += 1  # calendars replace their copy of the event
        session.save()
        _set_common(session, by=by, tags=tags, circle=circle)
        _promote_waiting(session)
        _record_visibility(session, before, by=by)
        search.refresh("session", session.pk)
    return session


def register(session: Session, *, by) -> Registration:
    """Register for a session; when it is full, join the waiting list."""
    _require_visible(session, by, _("This session does not exist."))
    if not by.is_authenticated:
        raise NotAllowed(_("Log in to register."))
    if session.ends_at <= timezone.now():
        raise Conflict(_("This session is over."))
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        registration = (
            Registration.objects.select_for_update().filter(session=session, user=by).first()
        )
        if registration and registration.status != Registration.Status.CANCELLED:
            raise Conflict(_("You are already registered for this session."))
        full = events.is_full(
            session.capacity,
            session.registrations.filter(status=Registration.Status.REGISTERED).count(),
        )
        status = Registration.Status.WAITLISTED if full else Registration.Status.REGISTERED
        if registration is None:
            registration = Registration.objects.create(session=session, user=by, status=status)
        else:
            registration.status = status
            registration.created_at = timezone.now()  # back of the queue
            registration.save(update_fields=["status", "created_at"])
        if status == Registration.Status.REGISTERED:
            # A price in credits is paid now; if it cannot be, nothing here is kept.
            _charge(registration, session, by=by)
        # A confirmation with the .ics (or word of the waiting list), once this commits.
        transaction.on_commit(
            # a default argument binds the id now; mypy cannot infer such lambdas.
            lambda pk=registration.pk: tasks.notify_registered.enqueue(pk),  # type: ignore[misc]
            robust=True,
        )
    return registration


def waiting_position(registration: Registration) -> int | None:
    if registration.status != Registration.Status.WAITLISTED:
        return None
    waiting = Registration.objects.filter(
        session_id=registration.session_id, status=Registration.Status.WAITLISTED
    )
    return events.queue_position(waiting, registration)


def cancel_registration(session: Session, *, by) -> Registration:
    """Cancel; a freed place goes to the first person on the waiting list, who gets an e-mail."""
    if session.ends_at <= timezone.now():
        raise Conflict(_("This session is over."))
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        registration = Registration.objects.filter(
            session=session,
            user=by,
            status__in=[Registration.Status.REGISTERED, Registration.Status.WAITLISTED],
        ).first()
        if registration is None:
            raise NotFound(_("You are not registered for this session."))
        refund = refund_due(registration, session)
        registration.status = Registration.Status.CANCELLED
        registration.save(update_fields=["status"])
        _refund(registration, session, refund, by=by)
        _promote_waiting(session)
    return registration


def refund_due(registration: Registration, session: Session) -> int:
    """What cancelling a place gives back: all that was paid for it, before the session
    starts; nothing after (nor for a place on the waiting list, which is not paid)."""
    if registration.status != Registration.Status.REGISTERED or session.starts_at <= timezone.now():
        return 0
    return registration.paid_credits


def _charge(registration: Registration, session: Session, *, by) -> None:
    """A place at a session priced in credits is paid through the ledger, in the caller's
    transaction: a refusal propagates and takes the place back. Someone who paid before and
    got nothing back (they cancelled after the start) does not pay twice."""
    due = 0
    if session.price_kind == Session.Price.CREDITS and not registration.paid_credits:
        due = session.price_credits
    paid = signals.answers(
        signals.registration_confirmed,
        sender=Registration,
        registration=registration,
        session=session,
        amount=due,
        by=by,
    )
    if sum(paid):
        registration.paid_credits = sum(paid)
        registration.save(update_fields=["paid_credits"])


def _refund(registration: Registration, session: Session, refund: int, *, by) -> None:
    """Give `refund` back for a cancelled place (a linked reversal in the ledger); a refund
    the ledger cannot book is refused, and the cancellation with it."""
    refunded = signals.answers(
        signals.registration_cancelled,
        sender=Registration,
        registration=registration,
        session=session,
        refund=refund,
        by=by,
    )
    if sum(refunded):
        registration.paid_credits = max(registration.paid_credits - sum(refunded), 0)
        registration.save(update_fields=["paid_credits"])


def _promote_waiting(session: Session) -> None:
    """Move people up from the waiting list while there are free places (caller holds the lock).

    Each pays as they move up, in a savepoint of their own. Someone whose payment is refused
    (their balance no longer allows it) leaves the waiting list, hears why by e-mail, and the
    next person moves up instead (`core.events.move_up`).
    """
    registered = session.registrations.filter(status=Registration.Status.REGISTERED).count()
    waiting = (
        session.registrations.filter(status=Registration.Status.WAITLISTED)
        .select_related("user")
        .order_by(*events.QUEUE_ORDER)
    )
    events.move_up(
        waiting,
        events.places_left(session.capacity, registered),
        lambda registration: _move_up(registration, session),
    )


def _move_up(registration: Registration, session: Session) -> bool:
    """Give `registration` its place and charge for it; False if the payment is refused,
    worded in their language for the mail that tells them."""
    try:
        with transaction.atomic(), translation.override(language_of(registration.user)):
            registration.status = Registration.Status.REGISTERED
            registration.save(update_fields=["status"])
            _charge(registration, session, by=registration.user)
    except DomainError as refusal:
        registration.status = Registration.Status.CANCELLED
        registration.save(update_fields=["status"])
        reason = str(refusal.message)
        transaction.on_commit(
            # default arguments bind the values now; mypy cannot infer such lambdas.
            lambda pk=registration.pk, why=reason: tasks.notify_not_promoted.enqueue(pk, why)  # type: ignore[misc]
        )
        return False
    # a default argument binds the id now; mypy cannot infer such lambdas.
    transaction.on_commit(lambda pk=registration.pk: tasks.notify_promoted.enqueue(pk))  # type: ignore[misc]
    return True


def record_attendance(session: Session, *, by, user_ids: list[int]) -> int:
    """The organiser (or a coordinator) ticks who attended; returns how many did."""
    _require_visible(session, by)
    if not may_manage(session, by):
        if session.author_id == by.pk:
            raise _inactive_author(session)
        raise NotAllowed(_("Only the organiser can record attendance."))
    with transaction.atomic():
        registrations = session.registrations.filter(status=Registration.Status.REGISTERED)
        attended = events.mark_attended(registrations, user_ids)
        fragments.bump([session.network_id])  # bulk updates send no signal
        return attended


def may_see_materials(session: Session, user) -> bool:
    """Materials follow the session's visibility, or only attendees (and the organiser)."""
    if not Session.objects.visible_to(user).filter(pk=session.pk).exists():
        return False
    if not session.materials_for_attendees:
        return True
    return user.is_authenticated and (
        may_manage(session, user) or session.registrations.filter(user=user, attended=True).exists()
    )


# -- comments, follows, attachments ---------------------------------------


def _item_kind(item) -> str:
    return type(item)._meta.model_name


def add_comment(item, *, by, body: str) -> Comment:
    """Comment on an article or a session; its followers hear of it."""
    _require_visible(item, by)
    if not access.can_contribute(by, item.network):
        raise NotAllowed(_("Only members of %(network)s can comment.") % {"network": item.network})
    body = _text(body).strip()
    if not body:
        raise Invalid(_("Write a comment first."), field="body")
    with transaction.atomic():
        comment = Comment(author=by, body=body, **{_item_kind(item): item})
        full_clean_or_invalid(comment)
        comment.save()
        Follow.objects.get_or_create(user=by, **{_item_kind(item): item})
        _notify_followers(item, actor=by, event="comment", object_id=comment.pk)
    return comment


def follow(item, *, by, following: bool = True) -> bool:
    _require_visible(item, by)
    if not by.is_authenticated:
        raise NotAllowed(_("Log in to follow."))
    with transaction.atomic():
        if following:
            Follow.objects.get_or_create(user=by, **{_item_kind(item): item})
        else:
            Follow.objects.filter(user=by, **{_item_kind(item): item}).delete()
    return following


def _notify_followers(item, *, actor, event: str, object_id: int) -> None:
    kind = _item_kind(item)
    transaction.on_commit(
        lambda: tasks.notify_followers.enqueue(kind, item.pk, actor.pk, event, object_id)
    )


def clean_file_name(name: str) -> str:
    """What we show and offer as download name: no path, no odd characters."""
    base = Path(name.replace("\\", "/")).name.strip() or "bestand"
    try:
        cleaned = get_valid_filename(base)
    except SuspiciousFileOperation:  # names like ".."
        cleaned = "bestand"
    return cleaned[:200]


def add_attachment(item, *, by, upload) -> Attachment:
    """Attach a file to an article, question or session (its author only)."""
    _require_owner(item, by)
    # Larger uploads are stopped while they arrive (gilde.core.uploads); this is the rule.
    if upload.size > uploads.max_bytes():
        raise uploads.too_large()
    name = clean_file_name(upload.name)
    uploads.check_type(upload, name, ATTACHMENT_TYPES)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    with transaction.atomic():
        attachment = Attachment(
            file=upload,
            name=name,
            content_type=content_type,
            size=upload.size,
            uploaded_by=by,
            **{_item_kind(item): item},
        )
        attachment.save()
    return attachment


def delete_attachment(attachment: Attachment, *, by) -> None:
    _require_owner(attachment.item, by)
    with transaction.atomic():
        _delete_files_on_commit([attachment])
        attachment.delete()


def may_download(attachment: Attachment, user) -> bool:
    item = attachment.item
    if isinstance(item, Session):
        return may_see_materials(item, user)
    return type(item).objects.visible_to(user).filter(pk=item.pk).exists()
