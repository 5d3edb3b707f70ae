"""Every write to the ledger. Each service takes the acting user as `by`, checks
access, validates, runs in one transaction and returns the result; refusals are
`gilde.core.errors` and move nothing.

Credits move only in `_book`: the two accounts are locked in a fixed order (by id;
`select_for_update` on PostgreSQL, the IMMEDIATE transaction on SQLite), the new
balances are checked against the limits, then written with the transfer. Nothing
in the ledger is deleted or edited: a pending transfer is decided once, and a
completed one is corrected by a reversing transfer linked to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django import urls
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gilde.accounts.services import resolve_tags
from gilde.core import access, audit, search
from gilde.core import visibility as core_visibility
from gilde.core.credits import check_amount, format_amount
from gilde.core.errors import Conflict, Invalid, NotAllowed, NotFound, full_clean_or_invalid
from gilde.core.markdown import render as render_markdown
from gilde.exchange import booking, tasks
from gilde.exchange.models import (
    LISTING_DAYS,
    LISTING_MAX_DAYS,
    LISTING_VISIBILITIES,
    REFERENCE_RE,
    Account,
    Agreement,
    Conversation,
    ConversationMember,
    Hold,
    LimitChange,
    Listing,
    Message,
    Transfer,
    listing_expiry,
    pair_key,
)
from gilde.networks.models import Membership, Network

# A payer is warned when the payment leaves less than this share of the limit.
WARN_SHARE = 0.10
# Roles whose memberships hold an account (guests observe; they do not trade).
TRADING_ROLES = (Membership.Role.MEMBER, Membership.Role.COORDINATOR)


def reference_for(obj) -> str:
    """The generic reference of what a transfer pays for: "knowledge.session:12"."""
    return f"{obj._meta.label_lower}:{obj.pk}"


# -- accounts ---------------------------------------------------------------------


def open_account(membership: Membership) -> Account | None:
    """The account of a member's membership, opened if it has none (guests have none)."""
    if membership.role not in TRADING_ROLES:
        return Account.objects.filter(membership=membership).first()
    account, _created = Account.objects.get_or_create(
        membership=membership,
        defaults={"network_id": membership.network_id, "kind": Account.Kind.MEMBER},
    )
    return account


def account_of(user, network) -> Account | None:
    """`user`'s own account in `network` (also when their membership ended), or None."""
    if user is None or not user.is_authenticated:
        return None
    return (
        Account.objects.with_holder()
        .filter(network=network, membership__user=user, kind=Account.Kind.MEMBER)
        .first()
    )


def create_shared_account(network: Network, *, by, name: str) -> Account:
    access.check(by, network, "manage", _("Only coordinators manage shared accounts."))
    name = " ".join(name.split())
    if not name:
        raise Invalid(_("Give the shared account a name."), field="name")
    if len(name) > 120:
        raise Invalid(_("Keep the name under 120 characters."), field="name")
    with transaction.atomic():
        if Account.objects.filter(network=network, kind=Account.Kind.SHARED, name=name).exists():
            raise Conflict(_("There already is a shared account with this name."), field="name")
        account = Account.objects.create(network=network, kind=Account.Kind.SHARED, name=name)
        audit.record("ledger.shared_account_opened", actor=by, network=network, target=account)
    return account


def may_act_for(user, account: Account) -> bool:
    """Pay from, accept for or cancel for `account`: its holder while an active member;
    a coordinator of its network for a shared account."""
    if not user.is_authenticated:
        return False
    if account.kind == Account.Kind.MEMBER:
        membership = access.memberships(user).get(account.network_id)
        return membership is not None and membership.pk == account.membership_id
    if account.kind == Account.Kind.SHARED:
        return access.can_manage(user, account.network)
    return False


def _require_actor(user, account: Account, message) -> None:
    if not access.can_view_network(user, account.network) or not access.role_in(
        user, account.network
    ):
        raise NotFound(_("This account does not exist."))
    if not may_act_for(user, account):
        raise NotAllowed(message)


# -- limits -----------------------------------------------------------------------


def _check_bounds(limit, ceiling, unit) -> None:
    if limit is not None and limit > 0:
        raise Invalid(_("The credit limit cannot be above zero."), field="limit")
    if ceiling is not None and ceiling < 0:
        raise Invalid(_("The ceiling cannot be below zero."), field="ceiling")
    for value, field in ((limit, "limit"), (ceiling, "ceiling")):
        if value is not None and abs(value) > 10**12:
            raise Invalid(_("This amount is too large."), field=field)


def _reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise Invalid(_("Say why the limit changes: the account holder reads it."), field="reason")
    if len(reason) > 300:
        raise Invalid(_("Keep the reason under 300 characters."), field="reason")
    return reason


def set_account_limits(account: Account, *, by, limit, ceiling, reason: str) -> LimitChange:
    """Give one account its own limit and ceiling (None: the network's default again)."""
    access.check(by, account.network, "manage", _("Only coordinators change limits."))
    if account.kind == Account.Kind.CLEARING:
        raise Invalid(_("A clearing account has caps, not limits."))
    _check_bounds(limit, ceiling, account.network.unit)
    reason = _reason(reason)
    with transaction.atomic():
        locked = Account.objects.select_for_update(of=("self",), no_key=True).get(pk=account.pk)
        if (locked.limit, locked.ceiling) == (limit, ceiling):
            raise Conflict(_("These are already the account's limits."))
        change = LimitChange.objects.create(
            network_id=locked.network_id,
            account=locked,
            changed_by=by,
            old_limit=locked.limit,
            new_limit=limit,
            old_ceiling=locked.ceiling,
            new_ceiling=ceiling,
            reason=reason,
        )
        Account.objects.filter(pk=locked.pk).update(limit=limit, ceiling=ceiling)
    account.limit, account.ceiling = limit, ceiling
    return change


def update_ledger_settings(
    network: Network,
    *,
    by,
    unit_singular: str,
    unit_plural: str,
    minor_units: int,
    minor_name: str,
    credit_limit: int,
    credit_ceiling: int,
    reason: str = "",
) -> Network:
    """The network's unit and its default limit and ceiling (a change of those is logged)."""
    access.check(by, network, "manage", _("Only coordinators change the ledger's settings."))
    unit_singular, unit_plural = unit_singular.strip(), unit_plural.strip()
    if not unit_singular or not unit_plural:
        raise Invalid(_("Name the unit, in the singular and the plural."), field="unit_singular")
    if not 1 <= minor_units <= 1000:
        raise Invalid(_("Use between 1 and 1000 steps per unit."), field="minor_units")
    _check_bounds(credit_limit, credit_ceiling, network.unit)
    with transaction.atomic():
        locked = Network.objects.select_for_update().get(pk=network.pk)
        if locked.minor_units != minor_units and locked.transfers.exists():
            raise Conflict(
                _("The unit's steps cannot change once credits have moved."), field="minor_units"
            )
        limits_change = (locked.credit_limit, locked.credit_ceiling) != (
            credit_limit,
            credit_ceiling,
        )
        if limits_change:
            LimitChange.objects.create(
                network=locked,
                changed_by=by,
                old_limit=locked.credit_limit,
                new_limit=credit_limit,
                old_ceiling=locked.credit_ceiling,
                new_ceiling=credit_ceiling,
                reason=_reason(reason),
            )
        Network.objects.filter(pk=locked.pk).update(
            unit_singular=unit_singular,
            unit_plural=unit_plural,
            minor_units=minor_units,
            minor_name=minor_name.strip(),
            credit_limit=credit_limit,
            credit_ceiling=credit_ceiling,
        )
        audit.record("ledger.settings_changed", actor=by, network=network, target=network)
    network.refresh_from_db()
    return network


# -- moving credits -----------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    """What a payment would leave: shown to the payer before they confirm."""

    balance_after: int
    limit: int | None
    warning: bool  # within WARN_SHARE of the limit
    allowed: bool


def preview(payer: Account, amount: int) -> Preview:
    limit = payer.effective_limit
    after = payer.balance - payer.reserved - amount
    if limit is None:
        return Preview(after, None, False, True)
    room = payer.balance - payer.reserved - limit
    warning = after - limit <= abs(limit) * WARN_SHARE if limit else after <= 0
    return Preview(after, limit, warning and room >= amount, room >= amount)


def _lock(*ids: int) -> dict[int, Account]:
    """Lock accounts in id order (the one order every transaction uses: no deadlock), FOR
    NO KEY UPDATE (see gilde.exchange.booking.locked_pair for why)."""
    ordered = sorted(set(ids))
    if len(ordered) > 2:
        rows = list(
            Account.objects.select_for_update(of=("self",), no_key=True)
            .select_related("network", "membership")
            .filter(pk__in=ordered)
            .order_by("pk")
        )
    else:
        rows = booking.locked_pair(low=ordered[0], high=ordered[-1])
    return {account.pk: account for account in rows}


def _refuse_frozen(account: Account, *, paying: bool) -> None:
    if account.is_frozen:
        if paying:
            raise Conflict(_("This account is frozen: its membership is not active."))
        raise Conflict(
            _("%(name)s cannot receive credits: their membership is not active.")
            % {"name": account.label}
        )


def _book(
    payer_id: int,
    payee_id: int,
    amount: int,
    *,
    transfer: Transfer | None = None,
    hold: Hold | None = None,
    release: int = 0,
    check_limit: bool = True,
    **fields,
) -> Transfer:
    """Move `amount` from payer to payee in the current transaction and return the
    completed transfer (a new one from `fields`, or the pending `transfer`).

    With `hold`, the amount comes out of what is reserved (which already counted
    against the limit); `release` more of the hold is freed without moving.
    """
    assert transaction.get_connection().in_atomic_block
    if payer_id == payee_id:
        raise Invalid(_("You cannot pay yourself."), field="payee")
    accounts = _lock(payer_id, payee_id)
    payer, payee = accounts[payer_id], accounts[payee_id]
    if payer.network_id != payee.network_id:
        raise NotFound(_("This account does not exist."), field="payee")
    unit = payer.network.unit
    _refuse_frozen(payer, paying=True)
    _refuse_frozen(payee, paying=False)
    from_hold = amount + release if hold is not None else 0
    payer_balance = payer.balance - amount
    payer_reserved = payer.reserved - from_hold
    limit = payer.effective_limit
    if (
        check_limit
        and hold is None
        and limit is not None
        and payer_balance - payer_reserved < limit
    ):
        raise Conflict(
            _("This would take the balance below its limit of %(limit)s: %(room)s can be spent.")
            % {
                "limit": format_amount(limit, unit),
                "room": format_amount(max(payer.available, 0), unit),
            },
            field="amount",
        )
    payee_balance = payee.balance + amount
    ceiling = payee.effective_ceiling
    if ceiling is not None and payee_balance > ceiling and amount > 0:
        raise Conflict(
            _("This would take %(name)s above the ceiling of %(ceiling)s.")
            % {"name": payee.label, "ceiling": format_amount(ceiling, unit)},
            field="amount",
        )
    now = timezone.now()
    booking.write_balance(payer.pk, payer_balance, payer_reserved)
    booking.write_balance(payee.pk, payee_balance, payee.reserved)
    if transfer is None:
        transfer = booking.insert_transfer(
            Transfer(
                network_id=payer.network_id,
                payer_id=payer.pk,
                payee_id=payee.pk,
                amount=amount,
                status=Transfer.Status.COMPLETED,
                decided_at=now,
                payer_balance=payer_balance,
                payee_balance=payee_balance,
                **fields,
            )
        )
    else:
        transfer.status = Transfer.Status.COMPLETED
        transfer.decided_at = now
        transfer.payer_balance = payer_balance
        transfer.payee_balance = payee_balance
        transfer.save(update_fields=["status", "decided_at", "payer_balance", "payee_balance"])
    transfer.payer, transfer.payee = payer, payee
    return transfer


def _description(text: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise Invalid(_("Say what the credits are for."), field="description")
    if len(text) > 300:
        raise Invalid(_("Keep the description under 300 characters."), field="description")
    return text


def _parties(payer: Account, payee: Account) -> None:
    if payer.pk == payee.pk:
        raise Invalid(_("You cannot pay yourself."), field="payee")
    if payer.network_id != payee.network_id:
        raise NotFound(_("This account does not exist."), field="payee")
    if payee.kind == Account.Kind.CLEARING or payer.kind == Account.Kind.CLEARING:
        raise NotAllowed(_("Clearing accounts move credits only between partner networks."))


def pay(
    payer: Account,
    payee: Account,
    amount: int,
    *,
    by,
    description: str,
    reference: str = "",
) -> Transfer:
    """Pay at once from `payer` (the acting user's own account, or a shared one they
    manage) to `payee` in the same network."""
    _require_actor(by, payer, _("You may not pay from this account."))
    amount = check_amount(amount, payer.network.unit)
    _parties(payer, payee)
    description = _description(description)
    with transaction.atomic():
        return _book(
            payer.pk,
            payee.pk,
            amount,
            kind=Transfer.Kind.PAYMENT,
            description=description,
            reference=reference,
            created_by=by,
        )


def request_payment(
    payee: Account, payer: Account, amount: int, *, by, description: str, reference: str = ""
) -> Transfer:
    """Ask `payer` to pay `payee`: pending until the payer accepts or declines."""
    _require_actor(by, payee, _("You may not ask for payment to this account."))
    amount = check_amount(amount, payee.network.unit)
    _parties(payer, payee)
    description = _description(description)
    if payer.is_frozen:
        raise Conflict(
            _("%(name)s cannot pay: their membership is not active.") % {"name": payer.label},
            field="payer",
        )
    _refuse_frozen(payee, paying=False)
    with transaction.atomic():
        return Transfer.objects.create(
            network_id=payee.network_id,
            payer=payer,
            payee=payee,
            amount=amount,
            kind=Transfer.Kind.REQUEST,
            status=Transfer.Status.PENDING,
            description=description,
            reference=reference,
            created_by=by,
        )


def _pending(transfer: Transfer) -> Transfer:
    """The transfer locked and still pending, or Conflict."""
    locked = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if locked.status != Transfer.Status.PENDING:
        raise Conflict(
            _("This request was already %(status)s.") % {"status": locked.get_status_display()}
        )
    return locked


def accept(transfer: Transfer, *, by) -> Transfer:
    """The payer accepts a payment request: it completes now, within the limits."""
    _require_actor(by, transfer.payer, _("Only the payer can accept this request."))
    with transaction.atomic():
        # Accounts first, always in id order, then the transfer: the same order as every
        # other transaction, so that two accepts of one request cannot deadlock.
        _lock(transfer.payer_id, transfer.payee_id)
        locked = _pending(transfer)
        return _book(locked.payer_id, locked.payee_id, locked.amount, transfer=locked)


def decline(transfer: Transfer, *, by) -> Transfer:
    _require_actor(by, transfer.payer, _("Only the payer can decline this request."))
    return _close(transfer, Transfer.Status.DECLINED)


def cancel(transfer: Transfer, *, by) -> Transfer:
    """Either side withdraws a pending request."""
    if not (may_act_for(by, transfer.payee) or may_act_for(by, transfer.payer)):
        _require_actor(by, transfer.payee, _("Only the two parties can cancel this request."))
    return _close(transfer, Transfer.Status.CANCELLED)


def _close(transfer: Transfer, status: str) -> Transfer:
    with transaction.atomic():
        locked = _pending(transfer)
        locked.status = status
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_at"])
    return locked


def reverse(transfer: Transfer, *, by, reason: str, reference: str = "") -> Transfer:
    """A coordinator corrects a completed transfer with a new, linked one the other way."""
    access.check(by, transfer.network, "manage", _("Only coordinators reverse transfers."))
    return _reverse(transfer, by=by, reason=reason, reference=reference)


def _reverse(transfer: Transfer, *, by, reason: str, reference: str = "") -> Transfer:
    reason = _description(reason)
    with transaction.atomic():
        _lock(transfer.payer_id, transfer.payee_id)
        original = Transfer.objects.select_for_update().get(pk=transfer.pk)
        if original.status != Transfer.Status.COMPLETED:
            raise Conflict(_("Only a completed transfer can be reversed."))
        if original.kind == Transfer.Kind.REVERSAL:
            raise Conflict(_("A reversal is not reversed; make a new payment instead."))
        if original.kind == Transfer.Kind.CLEARING:
            raise Conflict(_("A payment between networks is reversed by a new payment."))
        if Transfer.objects.filter(reverses=original).exists():
            raise Conflict(_("This transfer was already reversed."))
        return _book(
            original.payee_id,
            original.payer_id,
            original.amount,
            kind=Transfer.Kind.REVERSAL,
            description=reason,
            reference=reference or original.reference,
            reverses=original,
            created_by=by,
        )


# -- reservations -------------------------------------------------------------------


def hold(account: Account, amount: int, *, description: str, reference: str) -> Hold:
    """Reserve `amount` on `account` (counted against its limit) inside the caller's
    transaction; the caller has checked who may."""
    amount = check_amount(amount, account.network.unit)
    with transaction.atomic():
        locked = _lock(account.pk)[account.pk]
        _refuse_frozen(locked, paying=True)
        limit = locked.effective_limit
        if limit is not None and locked.balance - locked.reserved - amount < limit:
            raise Conflict(
                _("Reserving this would take the balance below its limit: %(room)s can be spent.")
                % {"room": format_amount(max(locked.available, 0), locked.network.unit)},
                field="amount",
            )
        Account.objects.filter(pk=locked.pk).update(reserved=locked.reserved + amount)
        return Hold.objects.create(
            network_id=locked.network_id,
            account=locked,
            amount=amount,
            description=_description(description),
            reference=reference,
        )


def _held(hold_row: Hold) -> Hold:
    locked = Hold.objects.select_for_update().get(pk=hold_row.pk)
    if locked.status != Hold.Status.HELD:
        raise Conflict(_("These credits are no longer reserved."))
    return locked


def capture(
    hold_row: Hold, payee: Account, *, by, amount: int | None = None, description: str = ""
) -> Transfer | None:
    """Pay (part of) a reservation to `payee`; the rest is released. Amount 0 pays nothing."""
    amount = hold_row.amount if amount is None else amount
    if not 0 <= amount <= hold_row.amount:
        raise Invalid(_("Pay between nothing and the reserved amount."), field="amount")
    with transaction.atomic():
        _lock(hold_row.account_id, payee.pk)
        locked = _held(hold_row)
        transfer = None
        if amount:
            transfer = _book(
                locked.account_id,
                payee.pk,
                amount,
                hold=locked,
                release=locked.amount - amount,
                kind=Transfer.Kind.PAYMENT,
                description=_description(description or locked.description),
                reference=locked.reference,
                created_by=by,
            )
        else:
            account = Account.objects.get(pk=locked.account_id)
            Account.objects.filter(pk=account.pk).update(reserved=account.reserved - locked.amount)
        locked.status = Hold.Status.CAPTURED if amount else Hold.Status.RELEASED
        locked.transfer = transfer
        locked.ended_at = timezone.now()
        locked.save(update_fields=["status", "transfer", "ended_at"])
    return transfer


def release(hold_row: Hold) -> Hold:
    """Free a reservation without moving anything."""
    with transaction.atomic():
        _lock(hold_row.account_id)
        locked = _held(hold_row)
        account = Account.objects.get(pk=locked.account_id)
        Account.objects.filter(pk=account.pk).update(reserved=account.reserved - locked.amount)
        locked.status = Hold.Status.RELEASED
        locked.ended_at = timezone.now()
        locked.save(update_fields=["status", "ended_at"])
    return locked


# -- offers and wants ---------------------------------------------------------------

LISTING_FIELDS = {"kind", "title", "description", "price", "visibility", "expires_at"}
LISTING_DESCRIPTION_MAX = 20_000
# The audit log's verbs (labels in gilde.networks.log): a coordinator withdrew someone
# else's listing; a listing's readers changed (the verb knowledge uses for its items).
LISTING_CLOSED_BY_COORDINATOR = "listing.closed_by_coordinator"
ITEM_VISIBILITY_CHANGED = "item.visibility_changed"
# The mail topic of "your listing expired", which its owner may stop (gilde.core.mail).
LISTING_EXPIRY_TOPIC = "exchange.listing_expiry"
# Line breaks, tabs and other control characters, which have no place in a title.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _listing_title(value) -> str:
    title = " ".join(_CONTROL.sub(" ", str(value or "")).split())
    if not title:
        raise Invalid(_("Give it a title."), field="title")
    return title


def _listing_values(network, fields: dict) -> dict:
    """The fields of a listing as they are stored, or Invalid naming the first wrong one."""
    unknown = set(fields) - LISTING_FIELDS
    if unknown:
        raise Invalid(_("Unknown field: %(field)s") % {"field": ", ".join(sorted(unknown))})
    values = dict(fields)
    if "kind" in values and values["kind"] not in Listing.Kind.values:
        raise Invalid(_("Choose whether you offer or want something."), field="kind")
    if "title" in values:
        values["title"] = _listing_title(values["title"])
    if "description" in values:
        values["description"] = str(values["description"] or "").replace("\x00", "")
        if len(values["description"]) > LISTING_DESCRIPTION_MAX:
            raise Invalid(
                _("Keep the description under %(count)s characters.")
                % {"count": LISTING_DESCRIPTION_MAX},
                field="description",
            )
    if "visibility" in values and values["visibility"] not in LISTING_VISIBILITIES:
        raise Invalid(
            _("Choose who may see it: the members of the network, or anyone."),
            field="visibility",
        )
    if values.get("price") is not None:
        if isinstance(values["price"], bool):
            raise Invalid(_("Enter the price as a number of credits."), field="price")
        values["price"] = check_amount(values["price"], network.unit, field="price")
    if "expires_at" in values:
        values["expires_at"] = _listing_expires_at(values["expires_at"])
    return values


def _listing_expires_at(when):
    """The end of a listing's run: later than now, at most LISTING_MAX_DAYS ahead."""
    now = timezone.now()
    if when is None:
        return listing_expiry(now)
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    if when <= now:
        raise Invalid(_("Choose an expiry date in the future."), field="expires_at")
    # A day's slack: a date picked on the page ends at the end of that day.
    if when > now + timedelta(days=LISTING_MAX_DAYS + 1):
        raise Invalid(
            _("A listing runs at most %(days)s days; renew it when it expires.")
            % {"days": LISTING_MAX_DAYS},
            field="expires_at",
        )
    return when


def _require_listing_owner(listing: Listing, user) -> None:
    """NotAllowed unless `user` is its owner with a membership that counts (NotFound if they
    may not see it at all)."""
    if user.is_authenticated and user.pk == listing.owner_id:
        if not core_visibility.may_edit(listing, user):
            raise NotAllowed(
                _("Your membership of %(network)s is not active: you can no longer change this.")
                % {"network": listing.network}
            )
        return
    if not Listing.objects.visible_to(user).filter(pk=listing.pk).exists():
        raise NotFound(_("This offer or want does not exist."))
    raise NotAllowed(_("Only the member who placed it can change this."))


def _refresh_listing(listing: Listing) -> None:
    search.refresh("listing", listing.pk)


def create_listing(
    network: Network,
    *,
    by,
    kind: str,
    title: str,
    description: str = "",
    tags: list[str] | None = None,
    price: int | None = None,
    visibility: str = "network",
    expires_at=None,
) -> Listing:
    """A member or coordinator places an offer or a want; it runs LISTING_DAYS unless
    `expires_at` says otherwise."""
    access.check(by, network, "contribute", _("Only members of this network can place offers."))
    values = _listing_values(
        network,
        {
            "kind": kind,
            "title": title,
            "description": description,
            "price": price,
            "visibility": visibility,
            "expires_at": expires_at,
        },
    )
    with transaction.atomic():
        listing = Listing(network=network, owner=by, **values)
        listing.description_html = str(render_markdown(listing.description))
        full_clean_or_invalid(listing)
        listing.save()
        listing.tags.set(resolve_tags(tags or [], by=by))
        _refresh_listing(listing)
    return listing


def update_listing(listing: Listing, *, by, tags: list[str] | None = None, **fields) -> Listing:
    """The owner changes a listing that is not withdrawn. A new date in the future also
    brings an expired one back (and it may be mailed about again when that date comes)."""
    _require_listing_owner(listing, by)
    values = _listing_values(listing.network, fields)
    with transaction.atomic():
        locked = Listing.objects.select_for_update().select_related("network").get(pk=listing.pk)
        if locked.is_closed:
            raise Conflict(_("This listing is withdrawn: it cannot be changed."))
        before = locked.visibility
        for key, value in values.items():
            setattr(locked, key, value)
        if "description" in values:
            locked.description_html = str(render_markdown(locked.description))
        if "expires_at" in values:
            locked.renewal_mailed_at = None
        full_clean_or_invalid(locked)
        locked.save()
        if tags is not None:
            locked.tags.set(resolve_tags(tags, by=by))
        if locked.visibility != before:
            audit.record(
                ITEM_VISIBILITY_CHANGED, actor=by, network=locked.network_id, target=locked,
                data={"from": before, "to": locked.visibility},
            )  # fmt: skip
        _refresh_listing(locked)
    return locked


def renew_listing(listing: Listing, *, by) -> Listing:
    """The owner runs a listing another LISTING_DAYS from now (expired or not, not withdrawn)."""
    _require_listing_owner(listing, by)
    with transaction.atomic():
        locked = Listing.objects.select_for_update().select_related("network").get(pk=listing.pk)
        if locked.is_closed:
            raise Conflict(_("This listing is withdrawn: place a new one instead."))
        locked.expires_at = listing_expiry()
        locked.renewal_mailed_at = None
        locked.save(update_fields=["expires_at", "renewal_mailed_at", "updated_at"])
        _refresh_listing(locked)
    return locked


def may_close_listing(listing: Listing, user) -> bool:
    """Its owner while their membership counts, and the coordinators of its network."""
    return core_visibility.may_manage(listing, user)


def close_listing(listing: Listing, *, by) -> Listing:
    """Withdraw a listing: its owner, or a coordinator of its network (which the log keeps)."""
    if not may_close_listing(listing, by):
        _require_listing_owner(listing, by)  # raises the refusal that fits
        raise NotAllowed(_("Only the member who placed it can change this."))
    with transaction.atomic():
        locked = Listing.objects.select_for_update().select_related("network").get(pk=listing.pk)
        if locked.is_closed:
            raise Conflict(_("This listing is already withdrawn."))
        locked.closed_at = timezone.now()
        locked.save(update_fields=["closed_at", "updated_at"])
        if by.pk != locked.owner_id:
            audit.record(
                LISTING_CLOSED_BY_COORDINATOR, actor=by, network=locked.network_id, target=locked
            )
        _refresh_listing(locked)
    return locked


def mail_expired_listings(now=None) -> int:
    """Mail the owner of each listing that expired, once, in their language, with a link to
    renew it; returns how many were mailed. Each listing is claimed by an UPDATE that only
    succeeds while `renewal_mailed_at` is empty, in the transaction that queues its mail, so
    a second run (or two at once) mails nobody twice. Also brings the search index up to
    date: an expired listing is found only by its owner."""
    from gilde.core.mail import send_templated

    now = now or timezone.now()
    due = (
        Listing.objects.expired(now)
        .filter(renewal_mailed_at__isnull=True)
        .order_by("expires_at", "pk")
        .values_list("pk", flat=True)
    )
    mailed = 0
    for listing_id in list(due):
        with transaction.atomic():
            claimed = Listing.objects.filter(
                pk=listing_id, renewal_mailed_at__isnull=True, closed_at__isnull=True
            ).update(renewal_mailed_at=now)
            if not claimed:
                continue
            listing = Listing.objects.select_related("network", "owner").get(pk=listing_id)
            _refresh_listing(listing)
            if not core_visibility.may_edit(listing, listing.owner) or not listing.owner.is_active:
                continue  # a departed member cannot renew: nothing to offer them
            path = urls.reverse("exchange:listing_renew", args=[listing.network.slug, listing.pk])
            mailed += send_templated(
                gettext_lazy("Your offer “%(title)s” has expired")
                if listing.kind == Listing.Kind.OFFER
                else gettext_lazy("Your request “%(title)s” has expired"),
                "exchange/email/listing_expired.txt",
                {
                    "listing": listing,
                    "network": listing.network,
                    "renew_path": path,
                    "days": LISTING_DAYS,
                },
                [listing.owner],
                subject_params={"title": listing.title},
                network=listing.network,
                topic=LISTING_EXPIRY_TOPIC,
            )
    return mailed


# -- conversations and agreements ---------------------------------------------------
#
# Two members of a network talk in a conversation and agree there on what one delivers
# to the other for how many credits. The receiver's credits are reserved when the
# agreement is accepted (`hold`) and paid out from the reservation when the receiver
# confirms the delivery (`capture`); a coordinator settles a dispute. Every step mails
# the other side (gilde.exchange.tasks, after the transaction commits).

MESSAGE_MAX = 5000
TOPIC_MAX = 200
NOTE_MAX = 1000
# An agreement waiting for the receiver's confirmation this long reminds them; after
# ESCALATE_AFTER a coordinator is asked to settle it (`remind_waiting_agreements`).
REMIND_AFTER = timedelta(days=14)
ESCALATE_AFTER = timedelta(days=30)
FURTHEST_DUE = timedelta(days=3 * 366)


def may_trade(user, network) -> bool:
    """Whether `user` (fresh from the database) is an active member or coordinator of `network`."""
    return Membership.objects.filter(
        network=network, user=user, status=Membership.Status.ACTIVE, role__in=TRADING_ROLES
    ).exists()


def _require_trader(by, network) -> None:
    """Conversations are for members and coordinators; to anyone else the people of the
    network are not theirs to know (404, like the member directory)."""
    if not access.can_contribute(by, network):
        raise NotFound(_("This member does not exist."))


def clean_reference(reference: str) -> str:
    """A conversation's subject as "app.model:id", or empty."""
    reference = (reference or "").strip()
    if reference and not re.fullmatch(REFERENCE_RE, reference):
        raise Invalid(_("This is not something a conversation can be about."), field="reference")
    return reference


def _clean_topic(topic: str) -> str:
    topic = " ".join((topic or "").split())
    if len(topic) > TOPIC_MAX:
        raise Invalid(_("Keep the topic under 200 characters."), field="topic")
    return topic


def _clean_body(body: str) -> str:
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not body:
        raise Invalid(_("Write a message."), field="body")
    if len(body) > MESSAGE_MAX:
        raise Invalid(_("Keep a message under 5000 characters."), field="body")
    return body


def conversation_between(network: Network, first, second, reference: str = ""):
    """The conversation of these two people in `network` about `reference`, if they have one."""
    return Conversation.objects.filter(
        network=network, pair=pair_key(first.pk, second.pk), reference=reference
    ).first()


def other_member(conversation: Conversation, user):
    """The other side of `conversation` (a user), seen from `user`."""
    return (
        ConversationMember.objects.select_related("user")
        .filter(conversation=conversation)
        .exclude(user_id=user.pk)
        .get()
        .user
    )


def _require_party(conversation: Conversation, by) -> None:
    """Only the two sides open a conversation, and only while they may trade."""
    network = conversation.network
    if not (
        access.can_contribute(by, network)
        and ConversationMember.objects.filter(conversation=conversation, user_id=by.pk).exists()
    ):
        raise NotFound(_("This conversation does not exist."))


def _post(conversation: Conversation, author, body: str) -> Message:
    now = timezone.now()
    message = Message.objects.create(
        conversation=conversation, author=author, body=body, created_at=now
    )
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
    conversation.last_message_at = now
    # Who writes has read what came before.
    ConversationMember.objects.filter(conversation=conversation, user=author).update(
        last_read_at=now
    )
    transaction.on_commit(lambda: tasks.notify_message.enqueue(message.pk))
    return message


def start_conversation(
    network: Network, *, by, with_user, body: str, topic: str = "", reference: str = ""
) -> tuple[Conversation, Message, bool]:
    """Write to another member of `network`: in the conversation the two already have
    about `reference` (a listing, "exchange.listing:12"; empty for none), or in a new one.
    Returns the conversation, the message and whether the conversation is new."""
    _require_trader(by, network)
    if with_user is None or not may_trade(with_user, network):
        raise NotFound(_("This member does not exist."), field="member")
    if with_user.pk == by.pk:
        raise Invalid(_("You cannot start a conversation with yourself."), field="member")
    reference = clean_reference(reference)
    topic = _clean_topic(topic)
    body = _clean_body(body)
    with transaction.atomic():
        conversation, created = Conversation.objects.get_or_create(
            network=network,
            pair=pair_key(by.pk, with_user.pk),
            reference=reference,
            defaults={"topic": topic, "started_by": by},
        )
        if created:
            ConversationMember.objects.bulk_create(
                [
                    ConversationMember(conversation=conversation, user=by),
                    ConversationMember(conversation=conversation, user=with_user),
                ]
            )
        conversation.network = network
        message = _post(conversation, by, body)
    return conversation, message, created


def send_message(conversation: Conversation, *, by, body: str) -> Message:
    """A reply in a conversation; the other side is mailed (at most once an hour while
    they have not read it)."""
    _require_party(conversation, by)
    other = other_member(conversation, by)
    if not may_trade(other, conversation.network):
        raise Conflict(
            _("%(name)s is no longer a member of this network and cannot read new messages.")
            % {"name": other.display_name}
        )
    body = _clean_body(body)
    with transaction.atomic():
        return _post(conversation, by, body)


def mark_read(conversation: Conversation, *, by, seen_until) -> bool:
    """`by` has seen the conversation up to the message of `seen_until`: unread no more.
    Writes only when something was unread, so that opening a read conversation again
    changes nothing."""
    if seen_until is None:
        return False
    with transaction.atomic():
        changed = (
            ConversationMember.objects.filter(conversation=conversation, user_id=by.pk)
            .filter(Q(last_read_at__isnull=True) | Q(last_read_at__lt=seen_until))
            .update(last_read_at=timezone.now())
        )
    return bool(changed)


# -- agreements ---------------------------------------------------------------------


def _notify(agreement: Agreement, event: str, actor=None) -> None:
    actor_id = getattr(actor, "pk", None)
    transaction.on_commit(lambda: tasks.notify_agreement.enqueue(agreement.pk, event, actor_id))


def _clean_what(description: str) -> str:
    description = " ".join((description or "").split())
    if not description:
        raise Invalid(_("Say what will be delivered."), field="description")
    if len(description) > 300:
        raise Invalid(_("Keep the description under 300 characters."), field="description")
    return description


def _clean_note(text: str, field: str, missing) -> str:
    text = (text or "").strip()
    if not text:
        raise Invalid(missing, field=field)
    if len(text) > NOTE_MAX:
        raise Invalid(_("Keep it under 1000 characters."), field=field)
    return text


def _refuse_ended(*accounts: Account) -> None:
    """A step that needs both sides refuses once one's membership is no longer active."""
    for account in accounts:
        if account.is_frozen:
            raise Conflict(
                _("The membership of %(name)s is no longer active: this agreement cannot go on.")
                % {"name": account.label}
            )


def propose_agreement(
    conversation: Conversation,
    *,
    by,
    role: str,
    description: str,
    amount,
    due_on: date,
) -> Agreement:
    """Either side proposes what will be delivered, for how many credits, by when;
    `role` says whether `by` delivers ("provider") or receives and pays ("receiver")."""
    _require_party(conversation, by)
    network = conversation.network
    if role not in ("provider", "receiver"):
        raise Invalid(_("Say whether you deliver or receive."), field="role")
    description = _clean_what(description)
    amount = check_amount(amount, network.unit)
    today = timezone.localdate()
    if not isinstance(due_on, date):
        raise Invalid(_("Enter a date, e.g. 2026-12-23."), field="due_on")
    if due_on < today:
        raise Invalid(_("The delivery date has passed."), field="due_on")
    if due_on > today + FURTHEST_DUE:
        raise Invalid(_("Choose a delivery date within three years."), field="due_on")
    other = other_member(conversation, by)
    mine, theirs = account_of(by, network), account_of(other, network)
    if theirs is None or mine is None:
        raise Conflict(_("Only members with an account make agreements."))
    _refuse_ended(theirs, mine)
    provider, receiver = (mine, theirs) if role == "provider" else (theirs, mine)
    with transaction.atomic():
        agreement = Agreement.objects.create(
            network=network,
            conversation=conversation,
            provider=provider,
            receiver=receiver,
            proposed_by=by,
            description=description,
            amount=amount,
            due_on=due_on,
        )
        _notify(agreement, "proposed", by)
    agreement.network = network
    return agreement


def _agreement_party(agreement: Agreement, by) -> str:
    """`by`'s side of `agreement` ("provider" or "receiver"); NotFound for whoever may not
    see it, NotAllowed for a coordinator who is no party."""
    network = agreement.network
    if not Agreement.objects.visible_to(by, network).filter(pk=agreement.pk).exists():
        raise NotFound(_("This agreement does not exist."))
    side = agreement.side_of(by)
    if side is None:
        raise NotAllowed(_("Only the two sides of an agreement take its steps."))
    return side


def _locked(agreement: Agreement, *allowed: str) -> Agreement:
    """The agreement, locked, in one of the `allowed` states; Conflict otherwise. The
    two accounts are locked first, in id order, as in every transaction of the ledger."""
    accounts = _lock(agreement.provider_id, agreement.receiver_id)
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    locked.network = agreement.network
    locked.provider, locked.receiver = accounts[locked.provider_id], accounts[locked.receiver_id]
    locked.conversation = agreement.conversation
    if locked.status not in allowed:
        raise Conflict(
            _("This agreement is already %(status)s.") % {"status": locked.get_status_display()}
        )
    return locked


def _save(agreement: Agreement, *fields: str) -> Agreement:
    agreement.save(update_fields=[*fields, "status", "updated_at"])
    return agreement


def accept_agreement(agreement: Agreement, *, by) -> Agreement:
    """The side that did not propose accepts: the credits are reserved on the receiver's
    account (counted against its limit) until the delivery is confirmed or settled."""
    _agreement_party(agreement, by)
    if by.pk == agreement.proposed_by_id:
        raise NotAllowed(_("The other side accepts or declines your proposal."))
    with transaction.atomic():
        locked = _locked(agreement, Agreement.Status.PROPOSED)
        _refuse_ended(locked.provider, locked.receiver)
        if locked.due_on < timezone.localdate():
            raise Conflict(_("Its delivery date has passed: propose it again with a new date."))
        receiver = locked.receiver
        limit = receiver.effective_limit
        if limit is not None and receiver.balance - receiver.reserved - locked.amount < limit:
            if locked.side_of(by) == "receiver":
                raise Conflict(
                    _("Reserving this would take your balance below its limit: %(room)s can be "
                      "spent.")
                    % {"room": format_amount(max(receiver.available, 0), locked.network.unit)},
                    field="amount",
                )  # fmt: skip
            # Someone else's room is not for the provider to know.
            raise Conflict(
                _("%(name)s has not enough room within their credit limit for this amount.")
                % {"name": receiver.label},
                field="amount",
            )
        locked.hold = hold(
            receiver,
            locked.amount,
            description=locked.description,
            reference=reference_for(locked),
        )
        locked.status = Agreement.Status.ACCEPTED
        locked.decided_at = timezone.now()
        _save(locked, "hold", "decided_at")
        _notify(locked, "accepted", by)
    return locked


def decline_agreement(agreement: Agreement, *, by) -> Agreement:
    _agreement_party(agreement, by)
    if by.pk == agreement.proposed_by_id:
        raise NotAllowed(
            _("The other side accepts or declines your proposal; you may withdraw it.")
        )
    with transaction.atomic():
        locked = _locked(agreement, Agreement.Status.PROPOSED)
        locked.status = Agreement.Status.DECLINED
        locked.decided_at = timezone.now()
        _save(locked, "decided_at")
        _notify(locked, "declined", by)
    return locked


def withdraw_agreement(agreement: Agreement, *, by) -> Agreement:
    """The proposer takes a proposal back while the other side has not decided."""
    _agreement_party(agreement, by)
    if by.pk != agreement.proposed_by_id:
        raise NotAllowed(_("Only who proposed an agreement withdraws it."))
    with transaction.atomic():
        locked = _locked(agreement, Agreement.Status.PROPOSED)
        locked.status = Agreement.Status.CANCELLED
        locked.decided_at = timezone.now()
        _save(locked, "decided_at")
        _notify(locked, "withdrawn", by)
    return locked


def deliver_agreement(agreement: Agreement, *, by) -> Agreement:
    """The provider says it is delivered; the receiver is asked to confirm."""
    if _agreement_party(agreement, by) != "provider":
        raise NotAllowed(_("Only who delivers marks the agreement delivered."))
    with transaction.atomic():
        locked = _locked(agreement, Agreement.Status.ACCEPTED)
        _refuse_ended(locked.receiver)
        locked.status = Agreement.Status.DELIVERED
        locked.delivered_at = timezone.now()
        _save(locked, "delivered_at")
        _notify(locked, "delivered", by)
    return locked


def confirm_agreement(agreement: Agreement, *, by) -> Agreement:
    """The receiver confirms the delivery: the reserved credits are paid to the provider."""
    if _agreement_party(agreement, by) != "receiver":
        raise NotAllowed(_("Only who received the delivery confirms it."))
    with transaction.atomic():
        locked = _locked(agreement, Agreement.Status.DELIVERED)
        _refuse_ended(locked.provider)
        assert locked.hold is not None  # a delivered agreement is reserved (constraint)
        locked.transfer = capture(
            locked.hold, locked.provider, by=by, description=locked.description
        )
        locked.status = Agreement.Status.CONFIRMED
        locked.confirmed_at = timezone.now()
        _save(locked, "transfer", "confirmed_at")
        _notify(locked, "confirmed", by)
    return locked


def dispute_agreement(agreement: Agreement, *, by, reason: str) -> Agreement:
    """The receiver does not confirm, and says why: a coordinator settles it. Also before
    the provider marked it delivered, so that reserved credits never wait forever."""
    if _agreement_party(agreement, by) != "receiver":
        raise NotAllowed(_("Only who receives the delivery disputes it."))
    reason = _clean_note(reason, "reason", _("Say what is wrong, for the coordinator."))
    with transaction.atomic():
        locked = _locked(agreement, Agreement.Status.ACCEPTED, Agreement.Status.DELIVERED)
        locked.status = Agreement.Status.DISPUTED
        locked.disputed_at = timezone.now()
        locked.disputed_by = by
        locked.dispute_reason = reason
        _save(locked, "disputed_at", "disputed_by", "dispute_reason")
        _notify(locked, "disputed", by)
    return locked


def settle_agreement(agreement: Agreement, *, by, amount: int, note: str) -> Agreement:
    """A coordinator of the network settles a dispute: `amount` (all, part or none of
    what was agreed) is paid from the reservation, the rest released; both sides see
    the note."""
    network = agreement.network
    if not Agreement.objects.visible_to(by, network).filter(pk=agreement.pk).exists():
        raise NotFound(_("This agreement does not exist."))
    access.check(by, network, "manage", _("Only a coordinator settles a dispute."))
    if agreement.side_of(by) is not None:
        raise NotAllowed(_("You are one of its two sides: another coordinator settles it."))
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise Invalid(_("Enter the amount to pay as a whole number of steps."), field="amount")
    if not 0 <= amount <= agreement.amount:
        raise Invalid(
            _("Pay between nothing and the agreed %(amount)s.") % {"amount": agreement.fmt()},
            field="amount",
        )
    note = _clean_note(note, "note", _("Explain the settlement: both sides read it."))
    with transaction.atomic():
        locked = _locked(agreement, Agreement.Status.DISPUTED)
        if amount:
            for account in (locked.receiver, locked.provider):
                if account.is_frozen:
                    raise Conflict(
                        _("The membership of %(name)s is no longer active: settle without "
                          "payment, which releases the reserved credits.")
                        % {"name": account.label},
                        field="amount",
                    )  # fmt: skip
        assert locked.hold is not None  # a disputed agreement is reserved (constraint)
        locked.transfer = capture(
            locked.hold,
            locked.provider,
            by=by,
            amount=amount,
            description=locked.description,
        )
        locked.status = Agreement.Status.SETTLED
        locked.settled_at = timezone.now()
        locked.settled_by = by
        locked.settlement_amount = amount
        locked.settlement_note = note
        _save(
            locked, "transfer", "settled_at", "settled_by", "settlement_amount", "settlement_note"
        )
        _notify(locked, "settled", by)
    return locked


AGREEMENT_STEPS = {
    "accept": accept_agreement,
    "decline": decline_agreement,
    "withdraw": withdraw_agreement,
    "deliver": deliver_agreement,
    "confirm": confirm_agreement,
}


def agreement_steps(agreement: Agreement, user) -> list[str]:
    """The steps `user` may take on `agreement` now (for its buttons); no query when the
    accounts' memberships are loaded."""
    side = agreement.side_of(user)
    if side is None:
        return []
    status = agreement.status
    proposer = user.pk == agreement.proposed_by_id
    if status == Agreement.Status.PROPOSED:
        return ["withdraw"] if proposer else ["accept", "decline"]
    if status == Agreement.Status.ACCEPTED:
        return ["deliver"] if side == "provider" else ["dispute"]
    if status == Agreement.Status.DELIVERED and side == "receiver":
        return ["confirm", "dispute"]
    return []


def remind_waiting_agreements(now=None) -> tuple[int, int]:
    """What cron runs (`manage.py exchange_agreement_reminders`): the receiver of a
    delivery waiting REMIND_AFTER for confirmation is reminded once; after ESCALATE_AFTER
    it becomes a dispute that the coordinators are asked to settle. Each step is marked
    in the same transaction that queues its mail, so a second run sends nothing again.
    Returns (reminded, escalated)."""
    now = now or timezone.now()
    waiting = Agreement.objects.filter(status=Agreement.Status.DELIVERED)
    escalated = 0
    for pk in waiting.filter(
        delivered_at__lte=now - ESCALATE_AFTER, escalated_at__isnull=True
    ).values_list("pk", flat=True):
        with transaction.atomic():
            if Agreement.objects.filter(
                pk=pk, status=Agreement.Status.DELIVERED, escalated_at__isnull=True
            ).update(status=Agreement.Status.DISPUTED, escalated_at=now, disputed_at=now):
                escalated += 1
                _notify(Agreement(pk=pk), "escalated")
    reminded = 0
    for pk in waiting.filter(
        delivered_at__lte=now - REMIND_AFTER, reminded_at__isnull=True
    ).values_list("pk", flat=True):
        with transaction.atomic():
            if Agreement.objects.filter(
                pk=pk, status=Agreement.Status.DELIVERED, reminded_at__isnull=True
            ).update(reminded_at=now):
                reminded += 1
                _notify(Agreement(pk=pk), "reminder")
    return reminded, escalated
