"""API routes for the ledger: accounts, transfers (with an Idempotency-Key), statements.

Every amount is given in minor units of the network's unit plus its formatted value
in the request's language. Accounts and transfers are fetched through `visible_to`,
so one the caller may not open answers 404; every write calls gilde.exchange.services.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, time, timedelta
from typing import Literal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from gilde.accounts.models import Tag
from gilde.core import access, search, visibility
from gilde.core.apiauth import public
from gilde.core.apischema import UNSET, ErrorOut, Id, Page, PageQuery, error_body, paginate
from gilde.core.credits import MAX_AMOUNT, format_amount
from gilde.core.errors import DomainError, Invalid, NotFound
from gilde.exchange import services, statements
from gilde.exchange.models import (
    Account,
    Agreement,
    Conversation,
    ConversationMember,
    IdempotencyKey,
    Listing,
    Transfer,
)
from gilde.exchange.text import linkify
from gilde.networks.api import network_for
from gilde.networks.models import Membership

router = Router(tags=["exchange"])

READ_ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}

AccountKind = Literal["member", "shared", "clearing"]
TransferKind = Literal["payment", "request", "reversal", "clearing"]
TransferStatus = Literal["pending", "completed", "declined", "cancelled"]

# Keys are kept at least this long (the issue asks for a day; two give a margin).
KEEP = timedelta(hours=48)


class Amount(Schema):
    minor: int = Field(..., description="In minor units of the network's unit (minutes for hours)")
    formatted: str = Field(..., description="As people read it, in the request's language")


def _amount(value: int | None, network) -> dict | None:
    if value is None:
        return None
    return {"minor": value, "formatted": format_amount(value, network.unit)}


class UnitOut(Schema):
    singular: str
    plural: str
    minor_units: int = Field(..., description="Minor units in one unit; 1 if not divided")
    minor_name: str


class AccountOut(Schema):
    id: int
    kind: AccountKind
    label: str = Field(..., description="The holder's name, or the shared account's name")
    holder_id: int | None = Field(None, description="Id of the person, for a member's account")
    balance: Amount
    reserved: Amount
    available: Amount = Field(..., description="What may still be spent, down to the limit")
    limit: Amount | None
    ceiling: Amount | None
    frozen: bool = Field(..., description="No new transfers: the membership is not active")
    unit: UnitOut


def _account_out(account: Account) -> dict:
    network = account.network
    return {
        "id": account.pk,
        "kind": account.kind,
        "label": account.label,
        "holder_id": account.membership.user_id if account.membership is not None else None,
        "balance": _amount(account.balance, network),
        "reserved": _amount(account.reserved, network),
        "available": _amount(account.available, network),
        "limit": _amount(account.effective_limit, network),
        "ceiling": _amount(account.effective_ceiling, network),
        "frozen": account.is_frozen,
        "unit": {
            "singular": network.unit_singular,
            "plural": network.unit_plural,
            "minor_units": network.minor_units,
            "minor_name": network.minor_name,
        },
    }


class AccountPage(Page[AccountOut]):
    pass


class PartyOut(Schema):
    account_id: int
    label: str


class TransferOut(Schema):
    id: int
    kind: TransferKind
    status: TransferStatus
    payer: PartyOut
    payee: PartyOut
    amount: Amount
    description: str
    reference: str = Field(..., description='What it pays for, as "app.model:id", or empty')
    reverses: int | None = Field(None, description="Id of the transfer this one reverses")
    created_by: int | None
    created_at: datetime
    decided_at: datetime | None


def _transfer_out(transfer: Transfer) -> dict:
    network = transfer.network
    return {
        "id": transfer.pk,
        "kind": transfer.kind,
        "status": transfer.status,
        "payer": {"account_id": transfer.payer_id, "label": transfer.payer.label},
        "payee": {"account_id": transfer.payee_id, "label": transfer.payee.label},
        "amount": _amount(transfer.amount, network),
        "description": transfer.description,
        "reference": transfer.reference,
        "reverses": transfer.reverses_id,
        "created_by": transfer.created_by_id,
        "created_at": transfer.created_at,
        "decided_at": transfer.decided_at,
    }


class TransferPage(Page[TransferOut]):
    pass


class TransferIn(Schema):
    kind: Literal["payment", "request"] = Field(
        "payment", description="payment: pay now; request: ask the payer, who accepts or declines"
    )
    payer: Id | None = Field(
        None, description="Account that pays; for a payment, default the caller's own"
    )
    payee: Id | None = Field(
        None, description="Account that receives; for a request, default the caller's own"
    )
    amount: int = Field(..., description="In minor units; more than zero", le=MAX_AMOUNT)
    description: str = Field(..., max_length=300)


class ReverseIn(Schema):
    reason: str = Field(..., max_length=300)


class TransferFilters(PageQuery):
    status: TransferStatus | None = None
    account: Id | None = Field(None, description="Only the transfers of this account")


class PreviewOut(Schema):
    balance_after: Amount = Field(..., description="Balance less reservations after paying")
    limit: Amount | None
    warning: bool = Field(..., description="The balance comes within 10 % of the limit")
    allowed: bool = Field(..., description="The limit leaves room for this amount")


class PreviewQuery(Schema):
    amount: int = Field(..., gt=0, le=MAX_AMOUNT, description="In minor units")


class StatementLineOut(Schema):
    transfer: int
    decided_at: datetime
    with_: PartyOut = Field(..., alias="with")
    description: str
    amount: Amount = Field(..., description="Negative when the account paid")
    balance: Amount = Field(..., description="After this line")


class StatementOut(Schema):
    account: int
    since: date
    until: date | None
    opening: Amount
    closing: Amount
    received: Amount
    paid: Amount
    lines: list[StatementLineOut]


class StatementQuery(Schema):
    since: date | None = Field(None, description="First day; default a year before today")
    until: date | None = Field(None, description="Last day, included; default today")


# -- helpers -----------------------------------------------------------------


def _accounts(request, network):
    return Account.objects.visible_to(request.user, network).with_holder().select_related("partner")


def _account(request, network, account_id: int) -> Account:
    account = _accounts(request, network).filter(pk=account_id).first()
    if account is None:
        raise NotFound(_("This account does not exist."))
    return account


def _transfer(request, network, transfer_id: int) -> Transfer:
    found = (
        Transfer.objects.visible_to(request.user, network)
        .with_parties()
        .filter(pk=transfer_id)
        .first()
    )
    if found is None:
        raise NotFound(_("This transfer does not exist."))
    return found


def _own(request, network) -> Account:
    mine = services.account_of(request.user, network)
    if mine is None:
        raise NotFound(_("You have no account in this network."))
    return mine


def _payable(network, account_id: int, field: str) -> Account:
    found = (
        Account.objects.with_holder()
        .select_related("partner")
        .filter(network=network, pk=account_id)
        .first()
    )
    if found is None:
        raise NotFound(_("This account does not exist."), field=field)
    return found


# -- idempotency -------------------------------------------------------------


def _fingerprint(request, payload: dict) -> str:
    text = json.dumps([request.method, request.path, payload], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def idempotent(request, payload: dict, run):
    """Run `run()` (which returns (status, body)) once per `Idempotency-Key`.

    The key's row is inserted in the same transaction as the write, so a concurrent
    request with the same key waits for the first (PostgreSQL's unique index; SQLite's
    IMMEDIATE transaction) and then finds its stored answer: the same status and body.
    The same key with another body is refused with 409. A refusal is an answer too and
    is kept, so a retry of a refused request is refused the same way.
    """
    key = request.headers.get("Idempotency-Key", "")
    if not key:
        return run()
    if len(key) > 255 or not key.isprintable():
        raise Invalid(_("An Idempotency-Key is at most 255 printable characters."))
    fingerprint = _fingerprint(request, payload)
    user = request.user
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = IdempotencyKey.objects.create(user=user, key=key, fingerprint=fingerprint)
        except IntegrityError:
            earlier = IdempotencyKey.objects.get(user=user, key=key)
            if earlier.fingerprint != fingerprint:
                return 409, error_body(409, _("This Idempotency-Key was used for another request."))
            return earlier.status, earlier.body
        try:
            with transaction.atomic():
                status, body = run()
        except DomainError as exc:
            status, body = exc.status, error_body(exc.status, exc.message, field=exc.field)
        body = json.loads(json.dumps(body, default=_json_default))
        IdempotencyKey.objects.filter(pk=row.pk).update(status=status, body=body)
        IdempotencyKey.objects.filter(user=user, created_at__lt=timezone.now() - KEEP).delete()
    return status, body


def _json_default(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value))


# -- accounts ------------------------------------------------------------------


@router.get(
    "/networks/{slug}/accounts",
    response={200: AccountPage, **READ_ERRORS},
    summary="Accounts",
)
def list_accounts(request, slug: str, query: Query[PageQuery]):
    """The caller's own account and the network's shared accounts; coordinators see all."""
    network = network_for(request, slug)
    rows = _accounts(request, network).order_by("kind", "pk")
    body = paginate(request, rows, query)
    body["results"] = [_account_out(a) for a in body["results"]]
    return body


@router.get(
    "/networks/{slug}/accounts/mine",
    response={200: AccountOut, **READ_ERRORS},
    summary="My account",
)
def my_account(request, slug: str):
    network = network_for(request, slug)
    return _account_out(_own(request, network))


@router.get(
    "/networks/{slug}/accounts/{account_id}",
    response={200: AccountOut, **READ_ERRORS},
    summary="An account",
)
def get_account(request, slug: str, account_id: int):
    network = network_for(request, slug)
    return _account_out(_account(request, network, account_id))


@router.get(
    "/networks/{slug}/accounts/{account_id}/preview",
    response={200: PreviewOut, **READ_ERRORS},
    summary="Balance after a payment",
)
def preview_payment(request, slug: str, account_id: int, query: Query[PreviewQuery]):
    """What paying `amount` (minor units) from this account would leave, before paying."""
    network = network_for(request, slug)
    account = _account(request, network, account_id)
    result = services.preview(account, query.amount)
    return {
        "balance_after": _amount(result.balance_after, network),
        "limit": _amount(result.limit, network),
        "warning": result.warning,
        "allowed": result.allowed,
    }


@router.get(
    "/networks/{slug}/accounts/{account_id}/statement",
    response={200: StatementOut, **READ_ERRORS},
    summary="Statement",
)
def account_statement(request, slug: str, account_id: int, query: Query[StatementQuery]):
    """Opening balance, every completed transfer with the running balance, closing balance."""
    network = network_for(request, slug)
    account = _account(request, network, account_id)
    today = timezone.localdate()
    since = query.since or today.replace(year=today.year - 1) + timedelta(days=1)
    if query.until and query.until < since:
        raise Invalid(_("The end date comes before the start date."), field="until")
    start = timezone.make_aware(datetime.combine(since, time.min))
    end = (
        timezone.make_aware(datetime.combine(query.until, time.min)) + timedelta(days=1)
        if query.until
        else None
    )
    result = statements.statement(account, start, end)
    return {
        "account": account.pk,
        "since": since,
        "until": query.until,
        "opening": _amount(result.opening, network),
        "closing": _amount(result.closing, network),
        "received": _amount(result.received, network),
        "paid": _amount(result.paid, network),
        "lines": [
            {
                "transfer": line.transfer.pk,
                "decided_at": line.transfer.decided_at,
                "with": {"account_id": line.other.pk, "label": line.other.label},
                "description": line.transfer.description,
                "amount": _amount(line.amount, network),
                "balance": _amount(line.balance, network),
            }
            for line in result.lines
        ],
    }


# -- transfers -------------------------------------------------------------------


@router.get(
    "/networks/{slug}/transfers",
    response={200: TransferPage, **READ_ERRORS},
    summary="Transfers",
)
def list_transfers(request, slug: str, filters: Query[TransferFilters]):
    """Transfers of the accounts the caller may open, newest first."""
    network = network_for(request, slug)
    rows = Transfer.objects.visible_to(request.user, network).with_parties().order_by("-pk")
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.account:
        rows = rows.involving(_account(request, network, filters.account))
    body = paginate(request, rows, filters)
    body["results"] = [_transfer_out(t) for t in body["results"]]
    return body


@router.post(
    "/networks/{slug}/transfers",
    response={201: TransferOut, **WRITE_ERRORS},
    summary="Pay or ask for payment",
)
def create_transfer(request, slug: str, payload: TransferIn):
    """A payment completes at once; a request waits for the payer. Send an
    `Idempotency-Key` header to retry safely: the same key and body give the first
    answer again (status and body); the same key with another body is refused (409).
    Keys are kept for 48 hours per user."""
    network = network_for(request, slug)

    def run():
        data = payload.dict()
        if data["kind"] == "payment":
            payer = (
                _payable(network, data["payer"], "payer")
                if data["payer"]
                else _own(request, network)
            )
            if not data["payee"]:
                raise Invalid(_("Say which account receives the payment."), field="payee")
            payee = _payable(network, data["payee"], "payee")
            made = services.pay(
                payer, payee, data["amount"], by=request.user, description=data["description"]
            )
        else:
            payee = (
                _payable(network, data["payee"], "payee")
                if data["payee"]
                else _own(request, network)
            )
            if not data["payer"]:
                raise Invalid(_("Say which account is asked to pay."), field="payer")
            payer = _payable(network, data["payer"], "payer")
            made = services.request_payment(
                payee, payer, data["amount"], by=request.user, description=data["description"]
            )
        made.network = network
        return 201, _transfer_out(made)

    status, body = idempotent(request, payload.dict(), run)
    return Status(status, body)


@router.get(
    "/networks/{slug}/transfers/{transfer_id}",
    response={200: TransferOut, **READ_ERRORS},
    summary="A transfer",
)
def get_transfer(request, slug: str, transfer_id: int):
    network = network_for(request, slug)
    return _transfer_out(_transfer(request, network, transfer_id))


def _decide(request, slug: str, transfer_id: int, service):
    network = network_for(request, slug)
    found = _transfer(request, network, transfer_id)
    service(found, by=request.user)
    return _transfer_out(_transfer(request, network, transfer_id))


@router.post(
    "/networks/{slug}/transfers/{transfer_id}/accept",
    response={200: TransferOut, **WRITE_ERRORS},
    summary="Accept a payment request",
)
def accept_transfer(request, slug: str, transfer_id: int):
    """The payer pays what was asked, within the limits. A second accept is a 409."""
    return _decide(request, slug, transfer_id, services.accept)


@router.post(
    "/networks/{slug}/transfers/{transfer_id}/decline",
    response={200: TransferOut, **WRITE_ERRORS},
    summary="Decline a payment request",
)
def decline_transfer(request, slug: str, transfer_id: int):
    return _decide(request, slug, transfer_id, services.decline)


@router.post(
    "/networks/{slug}/transfers/{transfer_id}/cancel",
    response={200: TransferOut, **WRITE_ERRORS},
    summary="Withdraw a payment request",
)
def cancel_transfer(request, slug: str, transfer_id: int):
    return _decide(request, slug, transfer_id, services.cancel)


@router.post(
    "/networks/{slug}/transfers/{transfer_id}/reverse",
    response={201: TransferOut, **WRITE_ERRORS},
    summary="Reverse a transfer",
)
def reverse_transfer(request, slug: str, transfer_id: int, payload: ReverseIn):
    """Coordinators: a new transfer the other way, linked to the first, which stays."""
    network = network_for(request, slug)
    found = _transfer(request, network, transfer_id)
    reversal = services.reverse(found, by=request.user, reason=payload.reason)
    return Status(201, _transfer_out(_transfer(request, network, reversal.pk)))


# -- offers and wants ---------------------------------------------------------------

ListingKind = Literal["offer", "want"]
ListingVisibility = Literal["public", "network"]
ListingState = Literal["open", "expired", "closed"]


class ListingTagOut(Schema):
    name: str
    slug: str


class ListingOwnerOut(Schema):
    id: int
    name: str


class ListingOut(Schema):
    id: int
    kind: ListingKind
    title: str
    description: str = Field(..., description="Markdown, as written")
    description_html: str = Field(..., description="The description rendered to safe HTML")
    tags: list[ListingTagOut]
    price: Amount | None = Field(..., description="Indicative; null: to be agreed")
    visibility: ListingVisibility
    owner: ListingOwnerOut
    state: ListingState = Field(..., description="Only open listings are in the lists")
    expires_at: datetime
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None = Field(..., description="When it was withdrawn")
    may_edit: bool = Field(..., description="Whether the caller may change and renew it")
    may_close: bool = Field(..., description="Whether the caller may withdraw it")
    url: str = Field(..., description="Its page")


class ListingPage(Page[ListingOut]):
    pass


class ListingFilters(PageQuery):
    kind: ListingKind | None = None
    tag: str = Field("", description="Tag name, slug or synonym")
    q: str = Field("", max_length=200, description="Words that must all match, best first")
    owner: Id | None = Field(None, description="User id of the owner")
    mine: bool = Field(False, description="The caller's own, also expired and withdrawn ones")


class ListingIn(Schema):
    kind: ListingKind
    title: str = Field(..., max_length=200)
    description: str = Field("", max_length=20_000, description="Markdown")
    tags: list[str] = Field(default_factory=list, description="Tag names; new ones are added")
    price: int | None = Field(None, description="Indicative, in minor units; null: to be agreed")
    visibility: ListingVisibility = "network"
    expires_at: datetime | None = Field(None, description="Default 90 days from now")


class ListingPatch(Schema):
    kind: ListingKind = UNSET
    title: str = Field(UNSET, max_length=200)
    description: str = Field(UNSET, max_length=20_000, description="Markdown")
    tags: list[str] = Field(UNSET, description="Replaces all tags")
    price: int | None = Field(UNSET, description="In minor units; null: to be agreed")
    visibility: ListingVisibility = UNSET
    expires_at: datetime = Field(UNSET, description="A later date also brings back an expired one")


def _listing_state(listing: Listing) -> str:
    if listing.is_closed:
        return "closed"
    return "expired" if listing.is_expired else "open"


def _listing_out(listing: Listing, user) -> dict:
    network = listing.network
    return {
        "id": listing.pk,
        "kind": listing.kind,
        "title": listing.title,
        "description": listing.description,
        "description_html": str(listing.description_safe),
        "tags": [{"name": tag.name, "slug": tag.slug} for tag in listing.tags.all()],
        "price": _amount(listing.price, network),
        "visibility": listing.visibility,
        "owner": {"id": listing.owner_id, "name": listing.owner.display_name},
        "state": _listing_state(listing),
        "expires_at": listing.expires_at,
        "created_at": listing.created_at,
        "updated_at": listing.updated_at,
        "closed_at": listing.closed_at,
        "may_edit": visibility.may_edit(listing, user) and not listing.is_closed,
        "may_close": services.may_close_listing(listing, user) and not listing.is_closed,
        "url": reverse("exchange:listing", args=[network.slug, listing.pk]),
    }


def _listings(request, network):
    return Listing.objects.visible_to(request.user).filter(network=network).with_related()


def _listing(request, network, listing_id: int) -> Listing:
    found = _listings(request, network).filter(pk=listing_id).first()
    if found is None:
        raise NotFound(_("This offer or want does not exist."))
    return found


@router.get(
    "/networks/{slug}/listings",
    response={200: ListingPage, 400: ErrorOut, 404: ErrorOut},
    auth=public,
    summary="Offers and wants",
)
def list_listings(request, slug: str, filters: Query[ListingFilters]):
    """The open offers and wants the caller may see, newest first (with `q`: best match
    first); without login only public ones."""
    network = network_for(request, slug)
    rows = _listings(request, network)
    if filters.mine:
        rows = rows.filter(owner=request.user) if request.user.is_authenticated else rows.none()
    else:
        rows = rows.open()
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.owner is not None:
        rows = rows.filter(owner_id=filters.owner)
    if filters.tag:
        tag = Tag.objects.resolve(filters.tag)
        rows = rows.filter(tags=tag) if tag else rows.none()
    rows = rows.order_by("-created_at", "-pk")
    if filters.q.strip():
        results = search.search(
            request.user,
            filters.q,
            kinds=["listing"],
            network_id=network.pk,
            limit=search.MAX_LIMIT,
        )
        ranked = {hit.object_id: position for position, hit in enumerate(results.hits)}
        rows = sorted(rows.filter(pk__in=ranked), key=lambda row: ranked[row.pk])
    body = paginate(request, rows, filters)
    body["results"] = [_listing_out(row, request.user) for row in body["results"]]
    return body


@router.get(
    "/networks/{slug}/listings/{listing_id}",
    response={200: ListingOut, 400: ErrorOut, 404: ErrorOut},
    auth=public,
    summary="One offer or want",
)
def get_listing(request, slug: str, listing_id: int):
    network = network_for(request, slug)
    return _listing_out(_listing(request, network, listing_id), request.user)


@router.post(
    "/networks/{slug}/listings",
    response={201: ListingOut, **WRITE_ERRORS},
    summary="Place an offer or want",
)
def create_listing(request, slug: str, payload: ListingIn):
    """Members and coordinators. `price` is indicative, in minor units of the network's unit."""
    network = network_for(request, slug)
    made = services.create_listing(network, by=request.user, **payload.dict())
    return Status(201, _listing_out(_listing(request, network, made.pk), request.user))


@router.patch(
    "/networks/{slug}/listings/{listing_id}",
    response={200: ListingOut, **WRITE_ERRORS},
    summary="Change an offer or want",
)
def update_listing(request, slug: str, listing_id: int, payload: ListingPatch):
    """Only the fields sent change. Its owner only, while an active member."""
    network = network_for(request, slug)
    found = _listing(request, network, listing_id)
    changes = payload.dict(exclude_unset=True)
    tags = changes.pop("tags", None)
    services.update_listing(found, by=request.user, tags=tags, **changes)
    return _listing_out(_listing(request, network, listing_id), request.user)


@router.post(
    "/networks/{slug}/listings/{listing_id}/renew",
    response={200: ListingOut, **WRITE_ERRORS},
    summary="Renew an offer or want",
)
def renew_listing(request, slug: str, listing_id: int):
    """It runs another 90 days from now. Its owner only."""
    network = network_for(request, slug)
    services.renew_listing(_listing(request, network, listing_id), by=request.user)
    return _listing_out(_listing(request, network, listing_id), request.user)


@router.post(
    "/networks/{slug}/listings/{listing_id}/close",
    response={200: ListingOut, **WRITE_ERRORS},
    summary="Withdraw an offer or want",
)
def close_listing(request, slug: str, listing_id: int):
    """Its owner, or a coordinator of the network. A second time is a 409."""
    network = network_for(request, slug)
    services.close_listing(_listing(request, network, listing_id), by=request.user)
    return _listing_out(_listing(request, network, listing_id), request.user)


# -- between networks (clearing) ------------------------------------------------------
from gilde.exchange.clearing_api import router as clearing_router  # noqa: E402

router.add_router("", clearing_router)


# -- conversations and agreements ---------------------------------------------------

AgreementStatus = Literal[
    "proposed", "accepted", "declined", "cancelled", "delivered", "confirmed", "disputed", "settled"
]
AgreementStep = Literal["accept", "decline", "withdraw", "deliver", "confirm", "dispute", "settle"]


class PersonRef(Schema):
    id: int
    name: str


def _person(user) -> dict | None:
    return {"id": user.pk, "name": user.display_name} if user is not None else None


class MessageOut(Schema):
    id: int
    author: PersonRef
    body: str = Field(..., description="Plain text, as written")
    body_html: str = Field(..., description="Escaped, with its web addresses as links")
    created_at: datetime


def _message_out(message) -> dict:
    return {
        "id": message.pk,
        "author": _person(message.author),
        "body": message.body,
        "body_html": str(linkify(message.body)),
        "created_at": message.created_at,
    }


class AgreementOut(Schema):
    id: int
    conversation: int
    status: AgreementStatus
    description: str = Field(..., description="What will be delivered")
    amount: Amount
    due_on: date = Field(..., description="To be delivered by")
    provider: PartyOut = Field(..., description="Delivers, and is paid")
    receiver: PartyOut = Field(..., description="Receives, and pays: the credits are reserved here")
    proposed_by: PersonRef
    steps: list[AgreementStep] = Field(..., description="What the caller may do with it now")
    transfer: int | None = Field(..., description="The payment, once confirmed or settled")
    created_at: datetime
    decided_at: datetime | None = Field(..., description="When it was accepted or declined")
    delivered_at: datetime | None
    confirmed_at: datetime | None
    disputed_at: datetime | None
    dispute_reason: str = Field(..., description="Empty when the 30 days ran out unconfirmed")
    settled_at: datetime | None
    settled_by: PersonRef | None
    settlement_amount: Amount | None = Field(..., description="What the settlement paid")
    settlement_note: str


def _agreement_out(agreement: Agreement, user) -> dict:
    network = agreement.network
    steps = services.agreement_steps(agreement, user)
    if (
        agreement.status == Agreement.Status.DISPUTED
        and agreement.side_of(user) is None
        and access.can_manage(user, network)
    ):
        steps = ["settle"]
    return {
        "id": agreement.pk,
        "conversation": agreement.conversation_id,
        "status": agreement.status,
        "description": agreement.description,
        "amount": _amount(agreement.amount, network),
        "due_on": agreement.due_on,
        "provider": {"account_id": agreement.provider_id, "label": agreement.provider.label},
        "receiver": {"account_id": agreement.receiver_id, "label": agreement.receiver.label},
        "proposed_by": _person(agreement.proposed_by),
        "steps": steps,
        "transfer": agreement.transfer_id,
        "created_at": agreement.created_at,
        "decided_at": agreement.decided_at,
        "delivered_at": agreement.delivered_at,
        "confirmed_at": agreement.confirmed_at,
        "disputed_at": agreement.disputed_at,
        "dispute_reason": agreement.dispute_reason,
        "settled_at": agreement.settled_at,
        "settled_by": _person(agreement.settled_by),
        "settlement_amount": _amount(agreement.settlement_amount, network),
        "settlement_note": agreement.settlement_note,
    }


class AgreementPage(Page[AgreementOut]):
    pass


class ConversationOut(Schema):
    id: int
    other: PersonRef = Field(..., description="The other side")
    topic: str
    reference: str = Field(..., description='What it is about, as "app.model:id", or empty')
    unread: int = Field(..., description="Messages of the other side the caller has not read")
    last_message_at: datetime


class ConversationDetailOut(ConversationOut):
    messages: list[MessageOut] = Field(..., description="Oldest first")
    agreements: list[AgreementOut] = Field(..., description="Oldest first")


class ConversationPage(Page[ConversationOut]):
    pass


class ConversationIn(Schema):
    member: Id = Field(..., description="User id of the member to write to")
    body: str = Field(..., max_length=5000, description="The first message, plain text")
    topic: str = Field("", max_length=200)
    reference: str = Field(
        "", max_length=80, description='What it is about, as "app.model:id" ("exchange.listing:12")'
    )


class MessageIn(Schema):
    body: str = Field(..., max_length=5000, description="Plain text; web addresses become links")


class AgreementIn(Schema):
    role: Literal["provider", "receiver"] = Field(
        ..., description="provider: the caller delivers; receiver: the caller receives and pays"
    )
    description: str = Field(..., max_length=300, description="What will be delivered")
    amount: int = Field(..., description="In minor units; more than zero", le=MAX_AMOUNT)
    due_on: date = Field(..., description="To be delivered by")


class DisputeIn(Schema):
    reason: str = Field(..., max_length=1000, description="What is wrong, for the coordinator")


class SettleIn(Schema):
    amount: int = Field(
        ...,
        le=MAX_AMOUNT,
        description="Minor units paid to the provider: 0 up to the agreed amount",
    )
    note: str = Field(..., max_length=1000, description="Both sides read it")


def _trader(request, network) -> None:
    if not access.can_contribute(request.user, network):
        raise NotFound(_("You have no conversations in this network."))


def _conversation(request, network, conversation_id: int) -> Conversation:
    _trader(request, network)
    found = Conversation.objects.filter(
        network=network, members__user=request.user, pk=conversation_id
    ).first()
    if found is None:
        raise NotFound(_("This conversation does not exist."))
    found.network = network
    return found


def _conversation_out(request, conversation: Conversation) -> dict:
    """One conversation with its messages and agreements, read up to its last message."""
    user = request.user
    sides = list(conversation.members.select_related("user"))
    mine = next(s for s in sides if s.user_id == user.pk)
    other = next(s.user for s in sides if s.user_id != user.pk)
    thread = list(conversation.messages.select_related("author"))
    since = mine.last_read_at
    agreements = list(conversation.agreements.with_parties().order_by("created_at", "pk"))
    if thread:
        services.mark_read(conversation, by=user, seen_until=thread[-1].created_at)
    return {
        "id": conversation.pk,
        "other": _person(other),
        "topic": conversation.topic,
        "reference": conversation.reference,
        "unread": sum(
            1 for m in thread if m.author_id != user.pk and (since is None or m.created_at > since)
        ),
        "last_message_at": conversation.last_message_at,
        "messages": [_message_out(m) for m in thread],
        "agreements": [_agreement_out(a, user) for a in agreements],
    }


def _agreement(request, network, agreement_id: int) -> Agreement:
    found = (
        Agreement.objects.visible_to(request.user, network)
        .with_parties()
        .filter(pk=agreement_id)
        .first()
    )
    if found is None:
        raise NotFound(_("This agreement does not exist."))
    return found


@router.get(
    "/networks/{slug}/conversations",
    response={200: ConversationPage, **READ_ERRORS},
    summary="My conversations",
)
def list_conversations(request, slug: str, query: Query[PageQuery]):
    """The caller's conversations in the network, the latest first, with unread counts."""
    network = network_for(request, slug)
    _trader(request, network)
    body = paginate(request, ConversationMember.objects.inbox(request.user, network), query)
    body["results"] = [
        {
            "id": side.conversation_id,
            "other": _person(
                next((m.user for m in side.conversation.members.all() if m.pk != side.pk), None)
            ),
            "topic": side.conversation.topic,
            "reference": side.conversation.reference,
            "unread": side.unread,
            "last_message_at": side.conversation.last_message_at,
        }
        for side in body["results"]
    ]
    return body


@router.post(
    "/networks/{slug}/conversations",
    response={200: ConversationDetailOut, 201: ConversationDetailOut, **WRITE_ERRORS},
    summary="Write to a member",
)
def start_conversation(request, slug: str, payload: ConversationIn):
    """The first message to another member, about `reference` (or nothing in particular).
    If the two already have a conversation about it, the message goes there: 200 instead
    of 201."""
    network = network_for(request, slug)
    _trader(request, network)
    other = (
        Membership.objects.active()
        .select_related("user")
        .filter(network=network, user_id=payload.member, role__in=services.TRADING_ROLES)
        .first()
    )
    conversation, _message, created = services.start_conversation(
        network,
        by=request.user,
        with_user=other.user if other else None,
        body=payload.body,
        topic=payload.topic,
        reference=payload.reference,
    )
    return Status(201 if created else 200, _conversation_out(request, conversation))


@router.get(
    "/networks/{slug}/conversations/{conversation_id}",
    response={200: ConversationDetailOut, **READ_ERRORS},
    summary="A conversation",
)
def get_conversation(request, slug: str, conversation_id: int):
    """Its messages and agreements; `unread` counts what was new before this request,
    which marks the conversation read."""
    network = network_for(request, slug)
    return _conversation_out(request, _conversation(request, network, conversation_id))


@router.post(
    "/networks/{slug}/conversations/{conversation_id}/messages",
    response={201: MessageOut, **WRITE_ERRORS},
    summary="Reply in a conversation",
)
def send_message(request, slug: str, conversation_id: int, payload: MessageIn):
    """The other side is mailed, at most once an hour while they have not read it."""
    network = network_for(request, slug)
    conversation = _conversation(request, network, conversation_id)
    message = services.send_message(conversation, by=request.user, body=payload.body)
    message.author = request.user
    return Status(201, _message_out(message))


@router.post(
    "/networks/{slug}/conversations/{conversation_id}/agreements",
    response={201: AgreementOut, **WRITE_ERRORS},
    summary="Propose an agreement",
)
def propose_agreement(request, slug: str, conversation_id: int, payload: AgreementIn):
    """What will be delivered, for how many credits (minor units), by when; the other
    side accepts or declines."""
    network = network_for(request, slug)
    conversation = _conversation(request, network, conversation_id)
    made = services.propose_agreement(conversation, by=request.user, **payload.dict())
    return Status(201, _agreement_out(_agreement(request, network, made.pk), request.user))


def _agreement_step(request, slug: str, agreement_id: int, step, **kwargs) -> dict:
    network = network_for(request, slug)
    found = _agreement(request, network, agreement_id)
    step(found, by=request.user, **kwargs)
    return _agreement_out(_agreement(request, network, agreement_id), request.user)


@router.post(
    "/networks/{slug}/agreements/{agreement_id}/accept",
    response={200: AgreementOut, **WRITE_ERRORS},
    summary="Accept an agreement",
)
def accept_agreement(request, slug: str, agreement_id: int):
    """The side that did not propose it: the credits are reserved on the receiver's
    account. Accepting twice is a 409."""
    return _agreement_step(request, slug, agreement_id, services.accept_agreement)


@router.post(
    "/networks/{slug}/agreements/{agreement_id}/decline",
    response={200: AgreementOut, **WRITE_ERRORS},
    summary="Decline an agreement",
)
def decline_agreement(request, slug: str, agreement_id: int):
    return _agreement_step(request, slug, agreement_id, services.decline_agreement)


@router.post(
    "/networks/{slug}/agreements/{agreement_id}/withdraw",
    response={200: AgreementOut, **WRITE_ERRORS},
    summary="Withdraw a proposal",
)
def withdraw_agreement(request, slug: str, agreement_id: int):
    """Who proposed it, while the other side has not decided."""
    return _agreement_step(request, slug, agreement_id, services.withdraw_agreement)


@router.post(
    "/networks/{slug}/agreements/{agreement_id}/deliver",
    response={200: AgreementOut, **WRITE_ERRORS},
    summary="Mark an agreement delivered",
)
def deliver_agreement(request, slug: str, agreement_id: int):
    """The provider; the receiver is asked to confirm."""
    return _agreement_step(request, slug, agreement_id, services.deliver_agreement)


@router.post(
    "/networks/{slug}/agreements/{agreement_id}/confirm",
    response={200: AgreementOut, **WRITE_ERRORS},
    summary="Confirm a delivery",
)
def confirm_agreement(request, slug: str, agreement_id: int):
    """The receiver: the reserved credits are paid to the provider (`transfer`)."""
    return _agreement_step(request, slug, agreement_id, services.confirm_agreement)


@router.post(
    "/networks/{slug}/agreements/{agreement_id}/dispute",
    response={200: AgreementOut, **WRITE_ERRORS},
    summary="Dispute an agreement",
)
def dispute_agreement(request, slug: str, agreement_id: int, payload: DisputeIn):
    """The receiver, once it is accepted: a coordinator settles it."""
    return _agreement_step(
        request, slug, agreement_id, services.dispute_agreement, reason=payload.reason
    )


@router.post(
    "/networks/{slug}/agreements/{agreement_id}/settle",
    response={200: AgreementOut, **WRITE_ERRORS},
    summary="Settle a dispute",
)
def settle_agreement(request, slug: str, agreement_id: int, payload: SettleIn):
    """A coordinator who is not one of its sides: `amount` (0 up to the agreed amount)
    is paid from the reservation, the rest released. Only a disputed one (else 409)."""
    return _agreement_step(
        request,
        slug,
        agreement_id,
        services.settle_agreement,
        amount=payload.amount,
        note=payload.note,
    )


@router.get(
    "/networks/{slug}/disputes",
    response={200: AgreementPage, **READ_ERRORS},
    summary="Disputes",
)
def list_disputes(request, slug: str, query: Query[PageQuery]):
    """Coordinators: the disputed agreements of the network, the oldest first."""
    network = network_for(request, slug)
    if not access.can_manage(request.user, network):
        raise NotFound(_("Only coordinators settle disputes."))
    rows = (
        Agreement.objects.visible_to(request.user, network)
        .with_parties()
        .disputed()
        .order_by("disputed_at", "pk")
    )
    body = paginate(request, rows, query)
    body["results"] = [_agreement_out(a, request.user) for a in body["results"]]
    return body
