"""E-mail: rendered per recipient in their language, kept in an outbox, delivered by a task.

A service calls `send_templated` inside its transaction. Each recipient gets
one `OutgoingMail` row (plain text and HTML, in that person's language) and,
once the transaction commits, one delivery task. A delivery that fails is
retried with back-off (by the task queue when it can defer, otherwise by
`manage.py send_queued_mail` from cron) and never surfaces as a 500; it stays
visible on /me/mail/ to whoever caused it and in the admin to site admins.

Notifications name a `topic`; their mails carry List-Unsubscribe with one-click
unsubscribe (RFC 8058), and someone who stopped a topic gets no more of it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import default_task_backend, task

from gilde.core.models import MailStop, OutgoingMail

logger = logging.getLogger(__name__)

# Seconds to wait before each retry; after the last one the mail is given up.
BACKOFF = (60, 300, 1800, 7200, 43200)
STOP_SALT = "gilde.mail.stop"

# Every kind of notification someone can stop with one click, and how it is named to them.
TOPICS: dict[str, Any] = {
    "knowledge.follow": _("new answers and comments on what you follow"),
    "networks.join_requests": _("requests to join a network you coordinate"),
}


def register_topic(topic: str, label) -> None:
    """Apps name their notification topics here, so the stop page can say what stops."""
    TOPICS[topic] = label


def language_of(user) -> str:
    """The language someone reads Gilde in: their own choice, else the site's default."""
    chosen = getattr(user, "language", "") if user is not None else ""
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def stop_token(user, topic: str) -> str:
    return signing.dumps({"u": user.pk, "t": topic}, salt=STOP_SALT, compress=True)


def read_stop_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("t") not in TOPICS:
        return None
    return int(data["u"]), data["t"]


def _recipients(recipients: Iterable) -> list[tuple[Any, str]]:
    """(user or None, address) for each recipient given as a user or an address, once each."""
    User = get_user_model()
    given = list(recipients)
    addresses = [r.lower() for r in given if isinstance(r, str) and r]
    known = {u.email.lower(): u for u in User.objects.filter(email__in=addresses)}
    seen: set[str] = set()
    result = []
    for recipient in given:
        user = recipient if isinstance(recipient, User) else known.get(str(recipient).lower())
        address = (user.email if user is not None else str(recipient)).strip()
        if address and address.lower() not in seen:
            seen.add(address.lower())
            result.append((user, address))
    return result


def _html_body(template: str, context: dict, text: str) -> str:
    """The HTML part: the app's .html twin of the template if it has one, else the text, linked."""
    html_template = template.removesuffix(".txt") + ".html"
    try:
        get_template(html_template)
    except TemplateDoesNotExist:
        return render_to_string("core/email/message.html", {**context, "text": text})
    return render_to_string(html_template, context)


def send_templated(
    subject,
    template: str,
    context: Mapping[str, Any],
    recipients: Iterable,
    *,
    subject_params: Mapping[str, Any] | None = None,
    caused_by=None,
    network=None,
    topic: str = "",
    attachments: list[tuple[str, str, str]] | None = None,
) -> int:
    """Queue one mail per recipient (users or addresses), each in the recipient's language.

    `subject` is best a lazy translation with `subject_params`, so that it too
    is translated per recipient. `attachments` are (name, text, mimetype)
    triples, such as a session's .ics. Returns how many mails were queued.
    """
    site = settings.SITE_URL.rstrip("/")
    queued = 0
    for user, address in _recipients(recipients):
        if topic and user is not None and MailStop.objects.filter(user=user, topic=topic).exists():
            continue
        language = language_of(user)
        headers = {"Auto-Submitted": "auto-generated"}
        stop_url = ""
        if topic and user is not None:
            stop_url = site + reverse("mail_stop", args=[stop_token(user, topic)])
            headers["List-Unsubscribe"] = f"<{stop_url}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        with translation.override(language):
            line = str(subject) % dict(subject_params) if subject_params else str(subject)
            line = " ".join(line.split())[:300]
            full = {
                **context,
                "SITE_URL": site,
                "SITE_NAME": settings.SITE_NAME,
                "recipient": user,
                "stop_url": stop_url,
                "stop_topic": TOPICS.get(topic, ""),
                "subject": line,
            }
            text = render_to_string(template, full)
            if stop_url:
                # the text part is plain text; it starts from a rendered (safe) string.
                text += (  # type: ignore[assignment]
                    "\n-- \n"
                    + str(
                        _("You get this because of %(topic)s. Stop these mails: %(url)s")
                        % {"topic": TOPICS.get(topic, topic), "url": stop_url}
                    )
                    + "\n"
                )
            html = _html_body(template, full, text)
        mail = OutgoingMail.objects.create(
            to=address,
            subject=f"[{settings.SITE_NAME}] {line}",
            text=text,
            html=html,
            headers=headers,
            language=language,
            template=template,
            network_id=getattr(network, "pk", network),
            caused_by=caused_by if getattr(caused_by, "is_authenticated", False) else None,
            attachments=[
                {"name": name, "content": content, "mimetype": mimetype}
                for name, content, mimetype in attachments or ()
            ],
        )
        transaction.on_commit(partial(_enqueue, mail.pk), robust=True)
        queued += 1
    return queued


def _enqueue(mail_id: int, run_after=None) -> None:
    if run_after is not None and default_task_backend.supports_defer:
        deliver.using(run_after=run_after).enqueue(mail_id)
    elif run_after is None:
        deliver.enqueue(mail_id)
    # Without a deferring queue, `send_queued_mail` (cron) picks up the retry when it is due.


def deliver_now(mail_id: int) -> bool:
    """Send one queued mail; on failure note why and plan the next try. True when it went out."""
    mail = OutgoingMail.objects.filter(pk=mail_id).first()
    if mail is None or mail.status in (OutgoingMail.Status.SENT, OutgoingMail.Status.FAILED):
        return False
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.text,
        from_email=None,
        to=[mail.to],
        headers=mail.headers,
    )
    if mail.html:
        message.attach_alternative(mail.html, "text/html")
    for attachment in mail.attachments:
        message.attach(attachment["name"], attachment["content"], attachment["mimetype"])
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 - any failure of the mail server is retried
        mail.attempts += 1
        mail.last_error = f"{type(exc).__name__}: {exc}"[:300]
        if mail.attempts > len(BACKOFF):
            mail.status = OutgoingMail.Status.FAILED
            mail.next_attempt_at = None
        else:
            mail.status = OutgoingMail.Status.RETRYING
            mail.next_attempt_at = timezone.now() + timedelta(seconds=BACKOFF[mail.attempts - 1])
        mail.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        logger.warning("Mail %s to %s not delivered: %s", mail.pk, mail.to, mail.last_error)
        if mail.next_attempt_at is not None:
            _enqueue(mail.pk, run_after=mail.next_attempt_at)
        return False
    mail.status = OutgoingMail.Status.SENT
    mail.sent_at = timezone.now()
    mail.attempts += 1
    mail.save(update_fields=["status", "sent_at", "attempts"])
    return True


@task()
def deliver(mail_id: int) -> bool:
    """The background half of `send_templated`: deliver one mail."""
    return deliver_now(mail_id)


def send_due(now=None) -> tuple[int, int]:
    """Deliver every mail that is due (retries, and queued mail whose task was lost)."""
    now = now or timezone.now()
    lost = OutgoingMail.objects.filter(
        status=OutgoingMail.Status.QUEUED, created_at__lte=now - timedelta(minutes=10)
    )
    retries = OutgoingMail.objects.filter(
        status=OutgoingMail.Status.RETRYING, next_attempt_at__lte=now
    )
    sent = failed = 0
    for mail_id in list(lost.values_list("pk", flat=True)) + list(
        retries.values_list("pk", flat=True)
    ):
        if deliver_now(mail_id):
            sent += 1
        else:
            failed += 1
    return sent, failed
