"""E-mail about knowledge, sent in the background (django-tasks) after the write commits."""

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from gilde.core.mail import language_of, send_templated


@task()
def notify_followers(kind: str, item_id: int, actor_id: int, event: str, object_id: int) -> int:
    """Tell the followers of an item (except whoever acted) about a new answer or comment."""
    from gilde.knowledge.models import Answer, Article, Comment, Follow, Question, Session

    model = {"article": Article, "question": Question, "session": Session}[kind]
    # the abstract Item's concrete subclasses have managers.
    item = model.objects.select_related("network").filter(pk=item_id).first()  # type: ignore[attr-defined]
    if item is None:
        return 0
    new = (
        (Answer if event == "answer" else Comment)
        .objects.select_related("author")
        .get(pk=object_id)
    )
    followers = (
        Follow.objects.filter(**{kind: item})
        .exclude(user_id=actor_id)
        .filter(Q(user__is_active=True))
        .select_related("user")
    )
    # the abstract Item's concrete subclasses have managers.
    visible = model.objects.visible_to  # type: ignore[attr-defined]
    sent = 0
    for follow in followers:
        # Someone who lost access (left the network, removed from the circle) hears nothing.
        if not visible(follow.user).filter(pk=item.pk).exists():
            continue
        # One mail each, in the follower's own language, with a one-click stop.
        sent += send_templated(
            _("New answer to “%(title)s”")
            if event == "answer"
            else _("New comment on “%(title)s”"),
            "knowledge/email/new_activity.txt",
            {"item": item, "new": new, "event": event, "url": _item_url(kind, item)},
            [follow.user],
            subject_params={"title": item.title},
            caused_by=new.author,
            network=item.network,
            topic="knowledge.follow",
        )
    return sent


@task()
def notify_promoted(registration_id: int) -> int:
    """Someone moved up from the waiting list: tell them they have a place."""
    from gilde.knowledge.models import Registration

    registration = (
        Registration.objects.select_related("session__network", "user")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or registration.status != Registration.Status.REGISTERED:
        return 0
    session = registration.session
    url = _item_url("session", session)
    return send_templated(
        _("You have a place at “%(title)s”"),
        "knowledge/email/promoted.txt",
        {"session": session, "url": url, "registration": registration},
        [registration.user],
        subject_params={"title": session.title},
        network=session.network,
        attachments=[_ics_attachment(session, url, registration.user)],
    )


@task()
def notify_not_promoted(registration_id: int, reason: str) -> int:
    """A place became free for someone on the waiting list, but their payment was refused:
    tell them why (`reason`, already in their language) and that they left the list."""
    from gilde.knowledge.models import Registration

    registration = (
        Registration.objects.select_related("session__network", "user")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or registration.status != Registration.Status.CANCELLED:
        return 0
    session = registration.session
    return send_templated(
        _("A place at “%(title)s” could not be paid"),
        "knowledge/email/not_promoted.txt",
        {"session": session, "url": _item_url("session", session), "reason": reason},
        [registration.user],
        subject_params={"title": session.title},
        network=session.network,
    )


@task()
def notify_registered(registration_id: int) -> int:
    """Confirm a registration, with the session's .ics; or say it is on the waiting list."""
    from gilde.knowledge.models import Registration

    registration = (
        Registration.objects.select_related("session__network", "user")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or registration.status == Registration.Status.CANCELLED:
        return 0
    session = registration.session
    url = _item_url("session", session)
    context = {"session": session, "url": url, "registration": registration}
    if registration.status == Registration.Status.WAITLISTED:
        from gilde.knowledge.services import waiting_position

        return send_templated(
            _("You are on the waiting list for “%(title)s”"),
            "knowledge/email/waitlisted.txt",
            {**context, "position": waiting_position(registration)},
            [registration.user],
            subject_params={"title": session.title},
            caused_by=registration.user,
            network=session.network,
        )
    return send_templated(
        _("You are registered for “%(title)s”"),
        "knowledge/email/registered.txt",
        context,
        [registration.user],
        subject_params={"title": session.title},
        caused_by=registration.user,
        network=session.network,
        attachments=[_ics_attachment(session, url, registration.user)],
    )


def _ics_attachment(session, url: str, user) -> tuple[str, str, str]:
    """The session's .ics for a mail, its category in the recipient's language."""
    from gilde.knowledge import feeds

    with translation.override(language_of(user)):
        ics = feeds.session_calendar(session, settings.SITE_URL.rstrip("/") + url)
    return (f"session-{session.pk}.ics", ics.decode(), "text/calendar")


def _item_url(kind: str, item) -> str:
    return reverse(f"knowledge:{kind}", args=[item.network.slug, item.pk])
