"""Demo conversations and agreements, written through gilde.exchange.services by the demo
members themselves, so that whoever tries the demo finds something in every state.

In each network the demo member one logs in with (networks/demo/logins.yaml; else the
first member) talks with two other members: one proposal waits for them, one of their
own deliveries is accepted and waits to be marked delivered, one delivery to them waits
for their confirmation, and earlier agreements were confirmed, declined and withdrawn.
The two others disagree about a delivery: a dispute for the demo coordinator (who is no
party) to settle, next to one settled earlier. The credits are reserved and paid as the
services do it; `manage.py ledger_verify` passes afterwards.

Not registered here: `seed(context)` is wired by seed_demo. A network that has
conversations already is left alone, so a second run writes nothing; nothing is mailed.
Messages are dated over the last days; the ledger's lines stay as booked (now), so the
running balances of the statements still follow.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone, translation

from gilde.core.demo import without_mail
from gilde.core.errors import DomainError
from gilde.exchange import services
from gilde.exchange.models import Account, Agreement, Conversation, ConversationMember, Message
from gilde.networks.models import Membership, Network


@dataclass
class Cast:
    """Who plays in one network: the demo member, their two partners, the coordinator."""

    member: Any
    first: Any
    second: Any
    coordinator: Any


def _demo_logins() -> dict[tuple[str, str], str]:
    from gilde.networks.management.commands.seed_demo import DEMO_LOGINS

    return {(network, role): email for network, role, email in DEMO_LOGINS}


def _cast(network: Network, logins: dict[tuple[str, str], str]) -> Cast | None:
    """The demo logins where they are members here, and the two members with the most
    room within their limits (so that reserving a little never fails)."""
    accounts = list(
        Account.objects.with_holder()
        .filter(network=network, kind=Account.Kind.MEMBER, membership__status="active")
        .order_by("pk")
    )
    by_email = {a.membership.user.email: a for a in accounts if a.membership is not None}
    coordinators = [
        a for a in accounts if a.membership and a.membership.role == Membership.Role.COORDINATOR
    ]
    members = [a for a in accounts if a.membership and a.membership.role == Membership.Role.MEMBER]
    chosen = by_email.get(logins.get((network.slug, "coordinator"), ""))
    coordinator = chosen if chosen in coordinators else (coordinators[:1] or [None])[0]
    chosen = by_email.get(logins.get((network.slug, "member"), ""))
    member = chosen if chosen in members else (members[:1] or [None])[0]
    if coordinator is None or member is None:
        return None
    others = sorted((a for a in members if a.pk != member.pk), key=lambda a: (-a.available, a.pk))[
        :2
    ]
    if len(others) < 2:
        return None
    return Cast(member.holder, others[0].holder, others[1].holder, coordinator.holder)


def seed(context: Mapping[str, Any] | None = None) -> str:
    """Seed the demo trade; returns a line for seed_demo's report.

    `context` may give "now" (a datetime; default now) and "networks" (Networks or slugs;
    default every demo network)."""
    context = context or {}
    now = context.get("now") or timezone.now()
    wanted = context.get("networks")
    if wanted is None:
        from gilde.networks.management.commands.seed_demo import MEMBERSHIPS

        wanted = list(MEMBERSHIPS)
    slugs = [n.slug if isinstance(n, Network) else str(n) for n in wanted]
    logins = _demo_logins()
    made = agreements = 0
    with transaction.atomic(), without_mail(), translation.override("nl"):
        for network in Network.objects.filter(slug__in=slugs).order_by("pk"):
            if Conversation.objects.filter(network=network).exists():
                continue
            cast = _cast(network, logins)
            if cast is None:
                continue
            agreements += _seed_network(network, cast, now)
            made += 1
    return f"Trade: {agreements} agreements in conversations of {made} networks."


def _talk(network, first, second, lines: list[tuple[Any, str]], *, now, topic="", days=5):
    """A conversation of `lines` (author, text), spread over the last `days` days."""
    author, body = lines[0]
    other = second if author == first else first
    conversation, _message, _created = services.start_conversation(
        network, by=author, with_user=other, body=body, topic=topic
    )
    for author, body in lines[1:]:
        services.send_message(conversation, by=author, body=body)
    _spread(conversation, now - timedelta(days=days), now - timedelta(hours=2))
    return conversation


def _spread(conversation: Conversation, start: datetime, end: datetime) -> None:
    """Date the messages evenly from `start` to `end`; both sides read all but the last."""
    messages = list(conversation.messages.order_by("pk"))
    step = (end - start) / max(len(messages), 1)
    for position, message in enumerate(messages):
        Message.objects.filter(pk=message.pk).update(created_at=start + step * position)
    last_at = start + step * (len(messages) - 1)
    Conversation.objects.filter(pk=conversation.pk).update(
        created_at=start, last_message_at=last_at
    )
    last = messages[-1]
    ConversationMember.objects.filter(conversation=conversation).update(last_read_at=last_at)
    # The last message is new to the one who did not write it.
    ConversationMember.objects.filter(conversation=conversation).exclude(
        user_id=last.author_id
    ).update(last_read_at=last_at - step / 2 if len(messages) > 1 else None)


def _agree(conversation, by, role: str, description: str, amount: int, days: int = 14):
    return services.propose_agreement(
        conversation,
        by=by,
        role=role,
        description=description,
        amount=amount,
        due_on=timezone.localdate() + timedelta(days=days),
    )


def _fresh(agreement: Agreement) -> Agreement:
    return Agreement.objects.with_parties().get(pk=agreement.pk)


def _seed_network(network: Network, cast: Cast, now: datetime) -> int:
    unit = network.minor_units
    one, half = unit, max(unit // 2, 1)
    member, first, second, coordinator = cast.member, cast.first, cast.second, cast.coordinator
    made: list[Agreement] = []
    try:
        with transaction.atomic():
            talk = _talk(
                network,
                member,
                first,
                [
                    (first, "Hoi! Ik zag dat je ervaring hebt met levenscyclusanalyses. Heb je "
                            "volgende maand een paar uur om mee te kijken naar onze cijfers?"),
                    (member, "Dat kan zeker. Stuur je de gegevens vooraf? Dan kijk ik eerst "
                             "of ze compleet zijn: https://example.org/lca-checklist"),
                    (first, "Top, ik stuur ze deze week. Ik zet een voorstel klaar."),
                    (member, "Prima. Andersom: kun jij ons helpen met de vezeltest van de "
                             "nieuwe partij? Dan maak ik daar een afspraak voor."),
                ],
                topic="LCA en vezeltest",
                days=12,
                now=now,
            )  # fmt: skip
            # Done earlier: the first delivered to the demo member, who confirmed.
            done = _agree(talk, first, "provider", "Vezeltest van de eerste partij", half)
            done = services.accept_agreement(done, by=member)
            done = services.deliver_agreement(_fresh(done), by=first)
            made.append(services.confirm_agreement(_fresh(done), by=member))
            # Declined and withdrawn proposals.
            made.append(
                services.decline_agreement(
                    _agree(talk, first, "receiver", "Rapport in het Engels", one), by=member
                )
            )
            made.append(
                services.withdraw_agreement(
                    _agree(talk, member, "provider", "Tweede vezeltest", half), by=member
                )
            )
            # Waiting for the demo member: a proposal to accept or decline.
            made.append(_agree(talk, first, "receiver", "Meekijken naar de LCA-cijfers", 2 * one))
            # The demo member's own delivery, accepted: to be marked delivered.
            made.append(
                services.accept_agreement(
                    _agree(talk, member, "provider", "Vezeltest van de nieuwe partij", one),
                    by=first,
                )
            )

            asked = _talk(
                network,
                second,
                member,
                [
                    (second, "Zoals besproken op de bijeenkomst: ik heb de subsidiescan voor "
                             "je gedaan. Het verslag staat in je mail."),
                    (member, "Dank je! Ik lees het dit weekend."),
                    (second, "Ik heb de levering in Gilde gemeld; wil je die bevestigen?"),
                ],
                topic="Subsidiescan",
                days=6,
                now=now,
            )  # fmt: skip
            # Delivered to the demo member: waiting for their confirmation.
            scan = services.accept_agreement(
                _agree(asked, member, "receiver", "Subsidiescan voor het vezelproject", one),
                by=second,
            )
            made.append(services.deliver_agreement(_fresh(scan), by=second))

            apart = _talk(
                network,
                first,
                second,
                [
                    (first, "De proefdruk is er, maar de helft van de monsters ontbreekt."),
                    (second, "Die heb ik wel verstuurd. Ik vraag de coördinator mee te kijken."),
                ],
                topic="Proefdruk",
                days=3,
                now=now,
            )  # fmt: skip
            # A dispute for the coordinator to settle, and one settled before.
            proof = services.accept_agreement(
                _agree(apart, second, "provider", "Proefdruk van twintig monsters", one),
                by=first,
            )
            proof = services.deliver_agreement(_fresh(proof), by=second)
            made.append(
                services.dispute_agreement(
                    _fresh(proof), by=first, reason="De helft van de monsters ontbreekt."
                )
            )
            earlier = services.accept_agreement(
                _agree(apart, first, "receiver", "Advies over de drukinstellingen", one),
                by=second,
            )
            earlier = services.dispute_agreement(
                _fresh(services.deliver_agreement(_fresh(earlier), by=second)),
                by=first,
                reason="Het advies kwam pas na de proef.",
            )
            made.append(
                services.settle_agreement(
                    _fresh(earlier),
                    by=coordinator,
                    amount=half,
                    note="Met beiden gesproken: het advies was bruikbaar maar te laat. "
                    "De helft wordt betaald.",
                )
            )
    except DomainError:
        # A network whose limits leave no room for this: no trade demo there.
        return 0
    return len(made)
