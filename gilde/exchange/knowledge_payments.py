"""Paying for knowledge: sessions priced in credits and questions with a reward.

Knowledge decides what is owed and when and says so with its signals
(gilde.knowledge.signals), sent inside its own transactions; it imports nothing of
the ledger. These receivers, connected in ExchangeConfig.ready(), move the credits
through the ledger's services: a place is paid with `pay` to the session's payee
(the organiser, or a shared account a coordinator chose) and refunded with a
reversal linked to that payment; a reward is a `hold` on the asker's account,
`capture`d for the accepted answer's author or `release`d when the question closes.
The reference of each is `reference_for` the registration or the question.

A refusal raises a DomainError with a message for the person acting: it leaves
`Signal.send`, and the knowledge write around it is rolled back with the payment.
Texts in the ledger are written in the active language (the payer's, for someone
moved up from a waiting list: knowledge activates it).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gilde.core import access
from gilde.core.credits import format_amount
from gilde.core.errors import Conflict, DomainError
from gilde.exchange import services
from gilde.exchange.models import Account, Hold, Transfer
from gilde.knowledge import signals
from gilde.knowledge.models import Question, Registration, Session


def connect() -> None:
    """Listen to knowledge (ExchangeConfig.ready)."""
    for signal, receiver, sender in (
        (signals.payee_options, payee_options, Session),
        (signals.registration_confirmed, charge_registration, Registration),
        (signals.registration_cancelled, refund_registration, Registration),
        (signals.question_reward_set, reserve_reward, Question),
        (signals.answer_accepted, pay_reward, Question),
        (signals.question_closed, release_reward, Question),
    ):
        signal.connect(receiver, sender=sender, dispatch_uid=f"exchange.{receiver.__name__}")


# -- sessions -----------------------------------------------------------------------


def payee_options(sender, *, network, user, **kwargs) -> list[tuple[int, str]]:
    """Where `user` may have a session paid: their own account while it is open, and the
    open shared accounts of the network if they may act for those (its coordinators)."""
    options = []
    own = services.account_of(user, network)
    if own is not None and not own.is_frozen:
        options.append((own.pk, _("Your own account")))
    if access.can_manage(user, network):
        shared = Account.objects.filter(
            network=network, kind=Account.Kind.SHARED, closed_at__isnull=True
        ).order_by("name", "pk")
        options.extend((account.pk, account.name) for account in shared)
    return options


def _payee(session) -> Account | None:
    if session.price_account_id is not None:
        return (
            Account.objects.payable_in(session.network)
            .with_holder()
            .filter(pk=session.price_account_id)
            .first()
        )
    return services.account_of(session.author, session.network)


def charge_registration(sender, *, registration, session, amount: int, **kwargs) -> int | None:
    """Pay `amount` for a place from the registrant's account to the session's payee.

    Refused with a message for the registrant when they have no open account in the
    network, cannot afford it, or the payee cannot receive it. The organiser at their
    own session, paid to their own account, pays nothing.
    """
    if not amount:
        return None
    network = session.network
    unit = network.unit
    payer = services.account_of(registration.user, network)
    if payer is None or payer.is_frozen:
        raise Conflict(
            _(
                "“%(title)s” is paid in %(unit)s: only members of %(network)s with an account "
                "in its ledger can register."
            )
            % {"title": session.title, "unit": unit.plural, "network": network.name}
        )
    payee = _payee(session)
    if payee is None or payee.is_frozen:
        raise Conflict(
            _(
                "“%(title)s” cannot be paid for now: the account it is paid to is closed. "
                "Ask %(organiser)s."
            )
            % {"title": session.title, "organiser": session.author.display_name}
        )
    if payee.pk == payer.pk:
        return 0
    if payer.available < amount:
        raise Conflict(
            _("You cannot afford this session: it costs %(price)s, and you can spend %(room)s.")
            % {
                "price": format_amount(amount, unit),
                "room": format_amount(max(payer.available, 0), unit),
            }
        )
    services.pay(
        payer,
        payee,
        amount,
        by=registration.user,
        description=_("Registration for “%(title)s” on %(date)s")
        % {
            "title": session.title,
            "date": date_format(timezone.localtime(session.starts_at), "j F Y"),
        },
        reference=services.reference_for(registration),
    )
    return amount


def _payment_of(registration) -> Transfer | None:
    """The registration's last payment that is not reversed yet."""
    return (
        Transfer.objects.filter(
            reference=services.reference_for(registration),
            kind=Transfer.Kind.PAYMENT,
            status=Transfer.Status.COMPLETED,
            reversed_by__isnull=True,
        )
        .order_by("-pk")
        .first()
    )


def refund_registration(sender, *, registration, session, refund: int, by, **kwargs) -> int | None:
    """Give a cancelled place's payment back: a reversal linked to it, described in words.

    A refund the payee's account cannot pay (its balance would go below its limit, or
    it is frozen) is refused with a message: the ledger never goes below a limit.
    """
    if not refund:
        return None
    payment = _payment_of(registration)
    if payment is None:
        return None
    try:
        # The registrant's own refund, not a coordinator's correction: the ledger's reversal
        # without its check for coordinators (the payment is theirs and for this place).
        services._reverse(
            payment,
            by=by,
            reason=_("Refund: registration for “%(title)s” cancelled") % {"title": session.title},
        )
    except DomainError as refusal:
        raise Conflict(
            _(
                "Your refund of %(amount)s cannot be booked now, so your registration stays: "
                "the account it was paid to cannot pay it back. Ask %(organiser)s or a "
                "coordinator of %(network)s."
            )
            % {
                "amount": payment.fmt(),
                "organiser": session.author.display_name,
                "network": session.network.name,
            }
        ) from refusal
    return payment.amount


# -- question rewards ---------------------------------------------------------------


def _held(question) -> list[Hold]:
    return list(Hold.objects.held().filter(reference=services.reference_for(question)))


def reserve_reward(sender, *, question, by, **kwargs) -> int | None:
    """Reserve `question.reward` on the asker's account (freeing what was reserved before)."""
    for hold in _held(question):
        services.release(hold)
    if not question.reward:
        return None
    network = question.network
    account = services.account_of(question.author, network)
    if account is None or not services.may_act_for(by, account):
        raise Conflict(
            _("Only members with an account in the ledger of %(network)s can offer a reward.")
            % {"network": network.name},
            field="reward",
        )
    if account.available < question.reward:
        raise Conflict(
            _("You cannot reserve this reward: you can spend %(room)s.")
            % {"room": format_amount(max(account.available, 0), network.unit)},
            field="reward",
        )
    try:
        services.hold(
            account,
            question.reward,
            description=_("Reward for the question “%(title)s”") % {"title": question.title},
            reference=services.reference_for(question),
        )
    except DomainError as refusal:
        refusal.field = "reward"
        raise
    return question.reward


def pay_reward(sender, *, question, answer, by, **kwargs) -> int | None:
    """Pay the reserved reward to the accepted answer's author. An asker who accepts their
    own answer gets the reservation back. An author who can no longer receive credits (their
    membership ended) is refused with a message: the asker accepts another answer, or closes
    the question to release the reward."""
    held = _held(question)
    if not held:
        return None
    hold = held[0]
    if answer.author_id == question.author_id:
        services.release(hold)
        return 0
    network = question.network
    payee = services.account_of(answer.author, network)
    if payee is None or payee.is_frozen:
        raise Conflict(
            _(
                "The reward cannot go to %(name)s: they are no longer an active member of "
                "%(network)s. Accept another answer, or close the question to release the reward."
            )
            % {"name": answer.author.display_name, "network": network.name}
        )
    services.capture(
        hold,
        payee,
        by=by,
        description=_("Reward for the accepted answer to “%(title)s”") % {"title": question.title},
    )
    return hold.amount


def release_reward(sender, *, question, **kwargs) -> int | None:
    """A question closed without an accepted answer: its reservation is freed."""
    released = 0
    for hold in _held(question):
        services.release(hold)
        released += hold.amount
    return released or None
