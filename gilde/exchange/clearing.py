"""Payments between partner networks: the trade agreements and the payments under them.

Two networks on one installation that are partner-linked (networks.PartnerLink,
accepted) may agree to trade (models.ClearingAgreement). A coordinator of one proposes
the rate and each side's cap, which counts as their network's approval; a coordinator
of the other network, another person, approves, and the agreement is active. New terms
are a new proposal that both approve again; once approved it replaces the active one.
Either side may end an agreement (or withdraw a proposal) at any time.

A member of A pays a member of B in two legs, booked in one transaction: in A the payer
pays A's clearing account for B (in A's unit), and in B, B's clearing account for A
pays the payee (in B's unit, at the rate). Each network's balances still sum to zero,
and the two clearing accounts mirror each other: A's holds what A's members paid into
B less what B's paid into A, B's owes the same in B's unit. `mirror_problems` checks
that (`manage.py ledger_verify`).

Nothing is rounded. `rate_a` minor units of A are worth `rate_b` of B, as a reduced
fraction, so an amount converts exactly if it is a multiple of its side's step
(`ClearingAgreement.step`); another amount is refused with the nearest ones that do.
Both legs of every payment are therefore worth exactly the same, and each payment keeps
the rate it was booked at, so the mirror is checked exactly across changes of rate.

Caps bound how far each network's trade balance with the other may go: a payment may
not take either clearing account's balance beyond its side's cap (in that side's
unit), unless it brings the balance closer to zero. Settling a balance between the
two networks (outside Gilde) is not part of this.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from math import gcd

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gilde.core import access, audit
from gilde.core.credits import check_amount, format_amount
from gilde.core.errors import Conflict, Invalid, NotAllowed, NotFound
from gilde.exchange import services
from gilde.exchange.models import Account, ClearingAgreement, ClearingPayment, Transfer
from gilde.networks.models import Network, PartnerLink

PROPOSED = "ledger.clearing_proposed"
APPROVED = "ledger.clearing_approved"
ENDED = "ledger.clearing_ended"


def _linked(first: Network, second: Network) -> bool:
    return PartnerLink.objects.filter(
        from_network__in=[first, second],
        to_network__in=[first, second],
        status=PartnerLink.Status.ACCEPTED,
    ).exists()


def _record(verb: str, agreement: ClearingAgreement, *, by) -> None:
    """An agreement concerns two networks: each one's log gets the entry."""
    data = {
        "a": agreement.network_a_id,
        "b": agreement.network_b_id,
        "rate": [agreement.rate_a, agreement.rate_b],
        "caps": [agreement.cap_a, agreement.cap_b],
    }
    for network_id in (agreement.network_a_id, agreement.network_b_id):
        audit.record(verb, actor=by, network=network_id, target=agreement, data=data)


def active_agreement(first: Network, second: Network) -> ClearingAgreement | None:
    """The active agreement between two networks that are still partners, or None."""
    agreement = ClearingAgreement.objects.between(first, second).active().with_parties().first()
    if agreement is None or not _linked(first, second):
        return None
    return agreement


# -- agreements -----------------------------------------------------------------------


def propose_clearing(
    network: Network,
    partner: Network,
    *,
    by,
    own_amount: int,
    partner_amount: int,
    own_cap: int,
    partner_cap: int,
) -> ClearingAgreement:
    """A coordinator of `network` proposes to trade with `partner`: `own_amount` of its
    minor units are worth `partner_amount` of the partner's, and each side's trade balance
    stays within its cap (in its own minor units). Proposing approves for `network`."""
    access.check(
        by, network, "manage", _("Only coordinators agree on trade with partner networks.")
    )
    if partner.pk == network.pk:
        raise Invalid(_("A network does not trade with itself."), field="partner")
    if not _linked(network, partner):
        raise NotFound(
            _("Only partner networks agree on trade: link the networks first."), field="partner"
        )
    own_amount = check_amount(own_amount, network.unit, field="own_amount")
    partner_amount = check_amount(partner_amount, partner.unit, field="partner_amount")
    own_cap = check_amount(own_cap, network.unit, field="own_cap")
    partner_cap = check_amount(partner_cap, partner.unit, field="partner_cap")
    common = gcd(own_amount, partner_amount)
    own_amount, partner_amount = own_amount // common, partner_amount // common
    mine_is_a = network.pk < partner.pk
    now = timezone.now()
    terms = {
        "rate_a": own_amount if mine_is_a else partner_amount,
        "rate_b": partner_amount if mine_is_a else own_amount,
        "cap_a": own_cap if mine_is_a else partner_cap,
        "cap_b": partner_cap if mine_is_a else own_cap,
    }
    side = "a" if mine_is_a else "b"
    waiting = Conflict(
        _("New terms for these networks are already waiting: approve or withdraw them first.")
    )
    with transaction.atomic():
        pair = ClearingAgreement.objects.select_for_update(of=("self",)).between(network, partner)
        if pair.waiting().exists():
            raise waiting
        for agreement in pair.active():
            if all(getattr(agreement, name) == value for name, value in terms.items()):
                raise Conflict(_("These are already the agreed terms."))
        try:
            with transaction.atomic():
                agreement = ClearingAgreement.objects.create(
                    network_a_id=min(network.pk, partner.pk),
                    network_b_id=max(network.pk, partner.pk),
                    proposed_by=by,
                    **terms,
                    **{f"approved_by_{side}": by, f"approved_at_{side}": now},
                )
        except IntegrityError as exc:
            raise waiting from exc
        _record(PROPOSED, agreement, by=by)
    return agreement


def _locked(agreement: ClearingAgreement) -> ClearingAgreement:
    return (
        ClearingAgreement.objects.select_for_update(of=("self",))
        .with_parties()
        .get(pk=agreement.pk)
    )


def _refuse_outsider(by, agreement: ClearingAgreement) -> None:
    """Someone who coordinates neither network is not told that the agreement exists."""
    networks = (agreement.network_a, agreement.network_b)
    if not any(access.can_manage(by, n) for n in networks):
        raise NotFound(_("This agreement does not exist."))


def approve_clearing(agreement: ClearingAgreement, *, by) -> ClearingAgreement:
    """A coordinator of the side that has not yet approved approves the proposed terms:
    the agreement is active, replacing an active one, and both clearing accounts open.
    The two approvals come from two different people."""
    _refuse_outsider(by, agreement)
    with transaction.atomic():
        locked = _locked(agreement)
        if locked.status != ClearingAgreement.Status.PROPOSED:
            raise Conflict(
                _("This agreement is %(status)s: there is nothing to approve.")
                % {"status": locked.get_status_display()}
            )
        side = "b" if locked.approved_at_a else "a"
        waiting_network = locked.network_of(side)
        approved_network = locked.network_of("a" if side == "b" else "b")
        if by.pk in (locked.approved_by_a_id, locked.approved_by_b_id):
            raise NotAllowed(
                _(
                    "You approved these terms for %(network)s: another person, a coordinator "
                    "of %(partner)s, approves them."
                )
                % {"network": approved_network.name, "partner": waiting_network.name}
            )
        if not access.can_manage(by, waiting_network):
            raise NotAllowed(
                _("%(network)s approved already: a coordinator of %(partner)s approves now.")
                % {"network": approved_network.name, "partner": waiting_network.name}
            )
        if not _linked(locked.network_a, locked.network_b):
            raise Conflict(_("These networks are no longer partners: link them again first."))
        now = timezone.now()
        for previous in ClearingAgreement.objects.between(
            locked.network_a_id, locked.network_b_id
        ).active():
            _end(previous, by=by, now=now)
        setattr(locked, f"approved_by_{side}", by)
        setattr(locked, f"approved_at_{side}", now)
        locked.status = ClearingAgreement.Status.ACTIVE
        locked.activated_at = now
        locked.save(
            update_fields=[f"approved_by_{side}", f"approved_at_{side}", "status", "activated_at"]
        )
        clearing_account(locked.network_a, locked.network_b)
        clearing_account(locked.network_b, locked.network_a)
        _record(APPROVED, locked, by=by)
    return locked


def _end(agreement: ClearingAgreement, *, by, now) -> None:
    agreement.status = ClearingAgreement.Status.ENDED
    agreement.ended_by = by
    agreement.ended_at = now
    agreement.save(update_fields=["status", "ended_by", "ended_at"])
    _record(ENDED, agreement, by=by)


def end_clearing(agreement: ClearingAgreement, *, by) -> ClearingAgreement:
    """A coordinator of either network ends an active agreement or withdraws (or declines)
    proposed terms. The clearing balances stay as they are."""
    _refuse_outsider(by, agreement)
    with transaction.atomic():
        locked = _locked(agreement)
        if locked.status == ClearingAgreement.Status.ENDED:
            raise Conflict(_("This agreement has ended already."))
        _end(locked, by=by, now=timezone.now())
    return locked


def clearing_account(network: Network, partner: Network) -> Account:
    """`network`'s clearing account for `partner`, opened on first use."""
    found = Account.objects.filter(
        network=network, partner=partner, kind=Account.Kind.CLEARING
    ).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Account.objects.create(
                network=network, partner=partner, kind=Account.Kind.CLEARING
            )
    except IntegrityError:
        # Opened by a concurrent first payment in the meantime.
        return Account.objects.get(network=network, partner=partner, kind=Account.Kind.CLEARING)


# -- paying a partner's member ----------------------------------------------------------


def _inexact(agreement: ClearingAgreement, amount: int, network: Network) -> Invalid:
    step = agreement.step(network)
    lower, higher = amount - amount % step, amount - amount % step + step
    unit = network.unit
    if lower:
        message = _(
            "At the agreed rate %(amount)s does not convert exactly into %(unit)s. "
            "Pay %(lower)s or %(higher)s."
        ) % {
            "amount": format_amount(amount, unit),
            "unit": agreement.other(network).unit_plural,
            "lower": format_amount(lower, unit),
            "higher": format_amount(higher, unit),
        }
    else:
        message = _(
            "At the agreed rate %(amount)s does not convert exactly into %(unit)s. "
            "Pay at least %(higher)s."
        ) % {
            "amount": format_amount(amount, unit),
            "unit": agreement.other(network).unit_plural,
            "higher": format_amount(higher, unit),
        }
    return Invalid(message, field="amount")


def convert(agreement: ClearingAgreement, amount: int, network: Network) -> int:
    """`amount` of `network`'s minor units in the partner's, or Invalid if not exact."""
    converted = agreement.convert(amount, network)
    if converted is None or converted <= 0:
        raise _inexact(agreement, amount, network)
    return converted


def _cap_refusal(
    agreement: ClearingAgreement,
    payer_network: Network,
    out_balance: int,
    in_balance: int,
    amount: int,
    converted: int,
) -> Conflict | None:
    """Why the caps refuse this payment, or None. `out_balance` is the balance of the
    payer's network's clearing account (which receives `amount`), `in_balance` that of
    the payee's (which pays `converted`). A payment that brings a balance closer to zero
    is never refused, even beyond a cap lowered since."""
    payee_network = agreement.other(payer_network)
    checks = (
        (payer_network, payee_network, out_balance, out_balance + amount),
        (payee_network, payer_network, in_balance, in_balance - converted),
    )
    for network, partner, before, after in checks:
        cap = agreement.cap(network)
        if abs(after) > cap and abs(after) > abs(before):
            room = cap - before if after > before else cap + before
            return Conflict(
                _(
                    "This would take the trade balance of %(network)s with %(partner)s beyond "
                    "its cap of %(cap)s: %(room)s can still go this way."
                )
                % {
                    "network": network.name,
                    "partner": partner.name,
                    "cap": format_amount(cap, network.unit),
                    "room": format_amount(max(room, 0), network.unit),
                },
                field="amount",
            )
    return None


def _parties(by, payer: Account, payee: Account) -> ClearingAgreement:
    """The active agreement under which `by` may pay `payee` from `payer`, or a refusal."""
    services._require_actor(by, payer, _("You may not pay from this account."))
    if payer.kind == Account.Kind.CLEARING:
        raise NotAllowed(_("Clearing accounts move credits only between partner networks."))
    if payee.network_id == payer.network_id:
        raise Invalid(
            _("%(name)s is in your own network: pay them on the pay page.") % {"name": payee.label},
            field="payee",
        )
    payee_network = payee.network
    if payee.kind == Account.Kind.CLEARING or not access.can_pay_partner(
        by, payer.network, payee_network
    ):
        raise NotFound(
            _(
                "There is nobody to pay there: your network has no active trade agreement "
                "with that network."
            ),
            field="payee",
        )
    agreement = active_agreement(payer.network, payee_network)
    if agreement is None:  # ended between the two reads
        raise NotFound(_("Your network has no active trade agreement with that network."))
    return agreement


@dataclass(frozen=True)
class PartnerPreview:
    """What a payment to a partner's member would do, shown before the payer confirms."""

    agreement: ClearingAgreement
    amount: int  # in the payer's minor units
    converted: int  # what the payee receives, in the payee's minor units
    balance: services.Preview  # the payer's balance after it
    refusal: Conflict | None  # a cap that refuses it


def preview_partner(payer: Account, payee: Account, amount: int, *, by) -> PartnerPreview:
    """The converted amount and the payer's balance after paying `payee` `amount`; Invalid
    if the amount does not convert exactly, and the caps' refusal if they refuse it."""
    agreement = _parties(by, payer, payee)
    amount = check_amount(amount, payer.network.unit)
    converted = convert(agreement, amount, payer.network)
    balances = dict(
        Account.objects.filter(kind=Account.Kind.CLEARING)
        .filter(
            Q(network=payer.network_id, partner=payee.network_id)
            | Q(network=payee.network_id, partner=payer.network_id)
        )
        .values_list("network_id", "balance")
    )
    refusal = _cap_refusal(
        agreement,
        payer.network,
        balances.get(payer.network_id, 0),
        balances.get(payee.network_id, 0),
        amount,
        converted,
    )
    return PartnerPreview(agreement, amount, converted, services.preview(payer, amount), refusal)


def pay_partner(
    payer: Account, payee: Account, amount: int, *, by, description: str
) -> ClearingPayment:
    """Pay `amount` (in the payer's minor units) from `payer` to `payee` in a partner network
    with an active agreement: both legs in one transaction, at the agreement's rate, within
    the payer's limit, the payee's ceiling and both caps, or nothing moves."""
    agreement = _parties(by, payer, payee)
    amount = check_amount(amount, payer.network.unit)
    description = services._description(description)
    converted = convert(agreement, amount, payer.network)
    if payee.is_frozen:
        raise Conflict(
            _("%(name)s cannot receive credits: their membership is not active.")
            % {"name": payee.label},
            field="payee",
        )
    payer_network, payee_network = payer.network, payee.network
    with transaction.atomic():
        # The agreement first, then the four accounts in id order: every transaction that
        # takes both takes them in this order, so that none waits for another in a circle.
        locked = _locked(agreement)
        if locked.status != ClearingAgreement.Status.ACTIVE:
            raise NotFound(_("Your network has no active trade agreement with that network."))
        out_account = clearing_account(payer_network, payee_network)
        in_account = clearing_account(payee_network, payer_network)
        accounts = services._lock(payer.pk, out_account.pk, in_account.pk, payee.pk)
        refusal = _cap_refusal(
            locked,
            payer_network,
            accounts[out_account.pk].balance,
            accounts[in_account.pk].balance,
            amount,
            converted,
        )
        if refusal is not None:
            raise refusal
        fields = {"kind": Transfer.Kind.CLEARING, "description": description, "created_by": by}
        out_leg = services._book(payer.pk, out_account.pk, amount, **fields)
        in_leg = services._book(in_account.pk, payee.pk, converted, leg_of=out_leg, **fields)
        payment = ClearingPayment.objects.create(
            agreement=locked,
            out_leg=out_leg,
            in_leg=in_leg,
            rate_a=locked.rate_a,
            rate_b=locked.rate_b,
        )
    return payment


# -- checking the books -------------------------------------------------------------------


def mirror_problems(accounts) -> list[str]:
    """What breaks the mirror of the clearing accounts among `accounts` (and their
    partners' mirrors, read here when verify was not asked about those networks).

    Every completed transfer of a clearing account is a leg of one payment; each payment's
    legs are completed, linked, between the right clearing accounts and worth the same at
    the rate it was booked at (which is its agreement's); and each clearing account's
    stored balance is the mirror of the other network's legs, converted payment by
    payment at their rates. The last check reads the two networks' rows against each
    other, so a balance changed by hand shows up even where its own network adds up.
    """
    given = [a for a in accounts if a.kind == Account.Kind.CLEARING]
    if not given:
        return []
    networks = {a.network_id for a in given} | {a.partner_id for a in given}
    clearing: dict[tuple[int, int], Account] = {
        (a.network_id, a.partner_id or 0): a
        for a in Account.objects.filter(
            kind=Account.Kind.CLEARING, network_id__in=networks, partner_id__in=networks
        ).select_related("network", "partner")
    }
    ids = {a.pk for a in clearing.values()}
    problems: list[str] = []
    legs = {
        t.pk: t
        for t in Transfer.objects.filter(Q(payer_id__in=ids) | Q(payee_id__in=ids)).only(
            "pk", "network_id", "payer_id", "payee_id", "amount", "kind", "status", "leg_of_id"
        )
    }
    payments = list(
        ClearingPayment.objects.filter(Q(out_leg_id__in=legs) | Q(in_leg_id__in=legs))
        .select_related("agreement", "out_leg", "in_leg")
        .order_by("pk")
    )
    in_payments = set()
    # value[(x, y)]: what the legs of x's network's clearing account for y are worth in
    # y's minor units, converted at each payment's rate.
    value: dict[tuple[int, int], Fraction] = defaultdict(Fraction)
    for payment in payments:
        out_leg, in_leg = payment.out_leg, payment.in_leg
        in_payments |= {out_leg.pk, in_leg.pk}
        problems += _payment_problems(payment, clearing)
        agreement = payment.agreement
        payer_network, payee_network = out_leg.network_id, in_leg.network_id
        if {payer_network, payee_network} != {agreement.network_a_id, agreement.network_b_id}:
            continue
        # How much of the payee's unit one minor unit of the payer's is worth.
        rate = Fraction(payment.rate_b, payment.rate_a)
        if payer_network == agreement.network_b_id:
            rate = 1 / rate
        completed = Transfer.Status.COMPLETED
        if out_leg.status == completed:
            value[(payer_network, payee_network)] += out_leg.amount * rate
        if in_leg.status == completed:
            value[(payee_network, payer_network)] -= in_leg.amount / rate
    for pk, transfer in legs.items():
        if transfer.status == Transfer.Status.COMPLETED and pk not in in_payments:
            problems.append(
                f"transfer {pk}: moves credits of a clearing account outside a payment "
                "between networks"
            )
    for (network_id, partner_id), account in clearing.items():
        mirror = clearing.get((partner_id, network_id))
        partner_slug = account.partner.slug if account.partner else partner_id
        label = f"clearing account {account.pk} of {account.network.slug} for {partner_slug}"
        expected = -value[(partner_id, network_id)]
        if mirror is None:
            if account.balance:
                problems.append(f"{label}: balance {account.balance} has no mirror account")
            continue
        if account.balance != expected:
            problems.append(
                f"{label}: balance {account.balance}, the mirror of account {mirror.pk}'s "
                f"payments at their rates is {_number(expected)}"
            )
    return problems


def _number(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):.2f}"


def _payment_problems(payment: ClearingPayment, clearing: dict) -> list[str]:
    out_leg, in_leg, agreement = payment.out_leg, payment.in_leg, payment.agreement
    where = f"payment between networks {payment.pk} (transfers {out_leg.pk}, {in_leg.pk})"
    problems = []
    pair = {agreement.network_a_id, agreement.network_b_id}
    if {out_leg.network_id, in_leg.network_id} != pair:
        return [f"{where}: its legs are not in the two networks of agreement {agreement.pk}"]
    for leg in (out_leg, in_leg):
        if leg.kind != Transfer.Kind.CLEARING or leg.status != Transfer.Status.COMPLETED:
            problems.append(f"{where}: transfer {leg.pk} is a {leg.status} {leg.kind}")
    if in_leg.leg_of_id != out_leg.pk:
        problems.append(f"{where}: the legs are not linked")
    out_account = clearing.get((out_leg.network_id, in_leg.network_id))
    in_account = clearing.get((in_leg.network_id, out_leg.network_id))
    if out_account is None or out_leg.payee_id != out_account.pk:
        problems.append(f"{where}: the first leg does not pay the clearing account")
    if in_account is None or in_leg.payer_id != in_account.pk:
        problems.append(f"{where}: the second leg is not paid by the clearing account")
    if (payment.rate_a, payment.rate_b) != (agreement.rate_a, agreement.rate_b):
        problems.append(
            f"{where}: booked at {payment.rate_a}:{payment.rate_b}, "
            f"its agreement's rate is {agreement.rate_a}:{agreement.rate_b}"
        )
    a_amount, b_amount = (
        (out_leg.amount, in_leg.amount)
        if out_leg.network_id == agreement.network_a_id
        else (in_leg.amount, out_leg.amount)
    )
    if a_amount * payment.rate_b != b_amount * payment.rate_a:
        problems.append(
            f"{where}: {a_amount} of A and {b_amount} of B are not worth the same at "
            f"{payment.rate_a}:{payment.rate_b}"
        )
    return problems
