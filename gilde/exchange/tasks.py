"""E-mail about conversations and agreements, sent in the background (django-tasks) after
the write commits, one mail per recipient in their own language (gilde.core.mail)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from gilde.core.mail import send_templated

# A new message is mailed at most once in this time while its reader has not read since.
MAIL_PAUSE = timedelta(hours=1)

MESSAGES_TOPIC = "exchange.messages"
AGREEMENTS_TOPIC = "exchange.agreements"

SUBJECTS = {
    "proposed": _("%(name)s proposes an agreement: “%(what)s”"),
    "accepted": _("%(name)s accepted the agreement “%(what)s”"),
    "declined": _("%(name)s declined the agreement “%(what)s”"),
    "withdrawn": _("%(name)s withdrew the proposal “%(what)s”"),
    "delivered": _("%(name)s delivered “%(what)s”: please confirm"),
    "confirmed": _("%(name)s confirmed “%(what)s”: the credits are yours"),
    "disputed": _("“%(what)s” is disputed"),
    "settled": _("A coordinator settled “%(what)s”"),
    "reminder": _("Reminder: confirm the delivery of “%(what)s”"),
    "escalated": _("“%(what)s” waits for a coordinator"),
}


def conversation_url(conversation) -> str:
    return reverse("exchange:conversation", args=[conversation.network.slug, conversation.pk])


@task()
def notify_message(message_id: int) -> int:
    """Mail a new message to the other side, unless they were mailed about this
    conversation less than MAIL_PAUSE ago and have not read it since. The check and the
    mark are one UPDATE, so two messages at once mail once."""
    from gilde.exchange.models import ConversationMember, Message

    message = (
        Message.objects.select_related("conversation__network", "author")
        .filter(pk=message_id)
        .first()
    )
    if message is None:
        return 0
    conversation = message.conversation
    now = timezone.now()
    side = ConversationMember.objects.filter(conversation=conversation).exclude(
        user_id=message.author_id
    )
    may_mail = (
        Q(last_mailed_at__isnull=True)
        | Q(last_mailed_at__lte=now - MAIL_PAUSE)
        | Q(last_read_at__gt=F("last_mailed_at"))
    )
    # Read already (they had the conversation open): no mail.
    unread = Q(last_read_at__isnull=True) | Q(last_read_at__lt=message.created_at)
    reader = side.select_related("user").first()
    if reader is None or not side.filter(may_mail, unread).update(last_mailed_at=now):
        return 0
    return send_templated(
        _("New message from %(name)s"),
        "exchange/email/message.txt",
        {
            "message": message,
            "conversation": conversation,
            "url": conversation_url(conversation),
        },
        [reader.user],
        subject_params={"name": message.author.display_name},
        caused_by=message.author,
        network=conversation.network,
        topic=MESSAGES_TOPIC,
    )


def _recipients(agreement, event: str, actor_id: int | None) -> list:
    """Who hears of `event`: the other side of whoever acted; for a dispute also the
    coordinators who may settle it."""
    from gilde.networks.models import Membership

    provider, receiver = agreement.provider.holder, agreement.receiver.holder
    parties = [p for p in (provider, receiver) if p is not None]
    if event in ("proposed", "accepted", "declined", "withdrawn"):
        people = [p for p in parties if p.pk != actor_id]
    elif event == "delivered" or event == "reminder":
        people = [receiver]
    elif event == "confirmed":
        people = [provider]
    elif event == "settled":
        people = parties
    else:  # disputed, escalated
        coordinators = [
            m.user
            for m in Membership.objects.coordinators()
            .filter(network=agreement.network)
            .exclude(user_id__in=[p.pk for p in parties])
            .select_related("user")
        ]
        people = [p for p in parties if p.pk != actor_id] + coordinators
    return [p for p in people if p is not None and p.is_active]


@task()
def notify_agreement(agreement_id: int, event: str, actor_id: int | None = None) -> int:
    """Mail a step of an agreement to whom it concerns, each in their own language."""
    from gilde.exchange.models import Agreement

    agreement = (
        Agreement.objects.with_parties().select_related("conversation").filter(pk=agreement_id)
    ).first()
    if agreement is None:
        return 0
    actor = None
    if actor_id is not None:
        actor = next(
            (
                p
                for p in (agreement.provider.holder, agreement.receiver.holder)
                if p is not None and p.pk == actor_id
            ),
            None,
        )
    name = actor.display_name if actor is not None else ""
    conversation = agreement.conversation
    conversation.network = agreement.network
    sent = 0
    for person in _recipients(agreement, event, actor_id):
        is_party = agreement.side_of(person) is not None
        url = (
            conversation_url(conversation) + f"#agreement-{agreement.pk}"
            if is_party
            else reverse("exchange:disputes", args=[agreement.network.slug])
        )
        sent += send_templated(
            SUBJECTS[event],
            "exchange/email/agreement.txt",
            {
                "agreement": agreement,
                "network": agreement.network,
                "event": event,
                "actor": actor,
                "is_party": is_party,
                "url": url,
            },
            [person],
            subject_params={"name": name, "what": agreement.description[:80]},
            caused_by=actor,
            network=agreement.network,
            topic=AGREEMENTS_TOPIC,
        )
    return sent
