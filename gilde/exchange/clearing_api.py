"""API routes for trade between partner networks: the agreements (list, read, propose,
approve, end) and paying a member of a partner network (the payees, a preview, the
payment itself, answered with both legs).

An agreement is shown from the side of the network in the path: `own` is that network,
`partner` the other. Amounts are minor units of their side's unit plus the formatted
value in the request's language. Agreements are fetched through `visible_to`, partners'
accounts through `across_partners`, so what the caller may not reach is 404; every write
calls gilde.exchange.clearing. Included in gilde.exchange.api's router.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from gilde.core import access
from gilde.core.apischema import ErrorOut, Id, Page, PageQuery, paginate
from gilde.core.credits import MAX_AMOUNT, format_amount
from gilde.core.errors import NotFound
from gilde.exchange import clearing, services
from gilde.exchange.models import Account, ClearingAgreement, ClearingPayment, Transfer
from gilde.networks.api import network_for
from gilde.networks.models import Network, PartnerLink

router = Router(tags=["exchange"])

CLEARING_READ_ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut}
CLEARING_WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}

ClearingStatus = Literal["proposed", "active", "ended"]


class ClearingAmount(Schema):
    minor: int = Field(..., description="In minor units of that network's unit")
    formatted: str = Field(..., description="As people read it, in the request's language")


def _amount(value: int, network: Network) -> dict:
    return {"minor": value, "formatted": format_amount(value, network.unit)}


class ClearingSideOut(Schema):
    network: str = Field(..., description="The network's slug")
    name: str
    rate: ClearingAmount = Field(
        ..., description="This much of this side's unit is worth the other side's `rate`"
    )
    step: ClearingAmount = Field(
        ..., description="Payments from this side are multiples of this: others do not convert"
    )
    cap: ClearingAmount = Field(..., description="How far its trade balance may go either way")
    approved_by: int | None = Field(None, description="Id of the coordinator who approved")
    approved_at: datetime | None
    balance: ClearingAmount | None = Field(
        None, description="Its clearing account's balance; only shown to coordinators"
    )


class ClearingAgreementOut(Schema):
    id: int
    status: ClearingStatus
    rate: str = Field(..., description='The rate in words, from the own side: "1 uur = 2 punten"')
    own: ClearingSideOut
    partner: ClearingSideOut
    proposed_by: int | None
    proposed_at: datetime
    activated_at: datetime | None
    ended_at: datetime | None
    may_approve: bool = Field(..., description="Whether the caller may approve it now")


class ClearingAgreementPage(Page[ClearingAgreementOut]):
    pass


class ClearingFilters(PageQuery):
    status: ClearingStatus | None = None


class ClearingTermsIn(Schema):
    partner: str = Field(..., description="Slug of the partner network", max_length=60)
    own_amount: int = Field(
        ..., gt=0, le=MAX_AMOUNT, description="Minor units of our unit, worth `partner_amount`"
    )
    partner_amount: int = Field(..., gt=0, le=MAX_AMOUNT, description="Minor units of theirs")
    own_cap: int = Field(..., gt=0, le=MAX_AMOUNT, description="Our cap, in our minor units")
    partner_cap: int = Field(..., gt=0, le=MAX_AMOUNT, description="Theirs, in their minor units")


class PartnerPayeeOut(Schema):
    account_id: int
    label: str = Field(..., description="The member's name, or the shared account's name")
    kind: Literal["member", "shared"]


class PartnerPayeePage(Page[PartnerPayeeOut]):
    pass


class PartnerPayeeQuery(PageQuery):
    partner: str = Field(..., max_length=60, description="Slug of the partner network")


class PartnerPreviewQuery(Schema):
    payee: Id = Field(..., description="Account id in the partner network")
    amount: int = Field(..., gt=0, le=MAX_AMOUNT, description="In minor units of our unit")
    payer: Id | None = Field(None, description="Account that pays; default the caller's own")


class PartnerPreviewOut(Schema):
    agreement: int
    amount: ClearingAmount = Field(..., description="What the payer pays, in the payer's unit")
    converted: ClearingAmount = Field(..., description="What the payee receives, in theirs")
    balance_after: ClearingAmount = Field(..., description="The payer's, less reservations")
    allowed: bool = Field(..., description="Whether the payer's limit and both caps allow it")
    refusal: str | None = Field(None, description="Why the caps refuse it, if they do")


class PartnerPaymentIn(Schema):
    payee: Id = Field(..., description="Account id in the partner network")
    amount: int = Field(..., gt=0, le=MAX_AMOUNT, description="In minor units of our unit")
    description: str = Field(..., max_length=300)
    payer: Id | None = Field(None, description="Account that pays; default the caller's own")


class PartnerPartyOut(Schema):
    account_id: int
    label: str


class PartnerLegOut(Schema):
    transfer: int = Field(..., description="The transfer's id in its network")
    network: str = Field(..., description="The network's slug")
    payer: PartnerPartyOut
    payee: PartnerPartyOut
    amount: ClearingAmount


class PartnerPaymentOut(Schema):
    id: int
    agreement: int
    description: str
    created_at: datetime
    out_leg: PartnerLegOut = Field(..., description="In the payer's network, in its unit")
    in_leg: PartnerLegOut = Field(..., description="In the payee's network, in its unit")


# -- helpers ------------------------------------------------------------------------------


def _side(agreement: ClearingAgreement, network: Network, *, coordinator: bool) -> dict:
    side = agreement.side(network)
    own, _other = agreement.rate_in_units(network)
    balance = None
    if coordinator:
        partner = agreement.other(network)
        found = getattr(agreement, "balances", {}).get(network.pk)
        if found is None:
            found = (
                Account.objects.filter(kind=Account.Kind.CLEARING, network=network, partner=partner)
                .values_list("balance", flat=True)
                .first()
            )
        balance = _amount(found or 0, network)
    return {
        "network": network.slug,
        "name": network.name,
        "rate": _amount(own, network),
        "step": _amount(agreement.step(network), network),
        "cap": _amount(agreement.cap(network), network),
        "approved_by": getattr(agreement, f"approved_by_{side}_id"),
        "approved_at": getattr(agreement, f"approved_at_{side}"),
        "balance": balance,
    }


def _agreement_out(request, agreement: ClearingAgreement, network: Network) -> dict:
    coordinator = access.can_manage(request.user, network)
    partner = agreement.other(network)
    user_id = request.user.pk
    return {
        "id": agreement.pk,
        "status": agreement.status,
        "rate": agreement.rate_text(network),
        "own": _side(agreement, network, coordinator=coordinator),
        "partner": _side(agreement, partner, coordinator=coordinator),
        "proposed_by": agreement.proposed_by_id,
        "proposed_at": agreement.proposed_at,
        "activated_at": agreement.activated_at,
        "ended_at": agreement.ended_at,
        "may_approve": coordinator
        and agreement.status == ClearingAgreement.Status.PROPOSED
        and not agreement.is_approved_by(network)
        and user_id not in (agreement.approved_by_a_id, agreement.approved_by_b_id),
    }


def _with_balances(agreements: list[ClearingAgreement]) -> list[ClearingAgreement]:
    """Read the clearing balances of a page of agreements in one query."""
    pairs = {(a.network_a_id, a.network_b_id) for a in agreements}
    networks = {n for pair in pairs for n in pair}
    balances = {
        (network_id, partner_id): balance
        for network_id, partner_id, balance in Account.objects.filter(
            kind=Account.Kind.CLEARING, network_id__in=networks, partner_id__in=networks
        ).values_list("network_id", "partner_id", "balance")
    }
    for agreement in agreements:
        a, b = agreement.network_a_id, agreement.network_b_id
        agreement.balances = {a: balances.get((a, b), 0), b: balances.get((b, a), 0)}  # type: ignore[attr-defined]
    return agreements


def _agreement(request, network: Network, clearing_id: int) -> ClearingAgreement:
    return get_object_or_404(
        ClearingAgreement.objects.visible_to(request.user, network).with_parties(),
        pk=clearing_id,
    )


def _payer(request, network: Network, payer_id: int | None) -> Account:
    if payer_id is None:
        own = services.account_of(request.user, network)
        if own is None:
            return get_object_or_404(Account.objects.none())
        return own
    return get_object_or_404(
        Account.objects.visible_to(request.user, network).with_holder(), pk=payer_id
    )


def _payee(request, network: Network, payee_id: int) -> Account:
    return get_object_or_404(
        Account.objects.across_partners(request.user, network, payable=False).with_holder(),
        pk=payee_id,
    )


def _leg_out(leg: Transfer) -> dict:
    return {
        "transfer": leg.pk,
        "network": leg.network.slug,
        "payer": {"account_id": leg.payer_id, "label": leg.payer.label},
        "payee": {"account_id": leg.payee_id, "label": leg.payee.label},
        "amount": _amount(leg.amount, leg.network),
    }


# -- agreements ---------------------------------------------------------------------------


@router.get(
    "/networks/{slug}/clearing-agreements",
    response={200: ClearingAgreementPage, **CLEARING_READ_ERRORS},
    summary="Trade agreements with partner networks",
)
def list_clearing_agreements(request, slug: str, filters: Query[ClearingFilters]):
    """Coordinators see every agreement of the network, members the active ones."""
    network = network_for(request, slug, "contribute")
    rows = ClearingAgreement.objects.visible_to(request.user, network).with_parties()
    if filters.status:
        rows = rows.filter(status=filters.status)
    body = paginate(request, rows.order_by("-pk"), filters)
    body["results"] = [_agreement_out(request, a, network) for a in _with_balances(body["results"])]
    return body


@router.get(
    "/networks/{slug}/clearing-agreements/{clearing_id}",
    response={200: ClearingAgreementOut, **CLEARING_READ_ERRORS},
    summary="One trade agreement with a partner network",
)
def get_clearing_agreement(request, slug: str, clearing_id: int):
    network = network_for(request, slug, "contribute")
    return _agreement_out(request, _agreement(request, network, clearing_id), network)


@router.post(
    "/networks/{slug}/clearing-agreements",
    response={201: ClearingAgreementOut, **CLEARING_WRITE_ERRORS},
    summary="Propose terms of trade to a partner network",
)
def propose_clearing_agreement(request, slug: str, payload: ClearingTermsIn):
    """Coordinators only. `own_amount` minor units of this network's unit are worth
    `partner_amount` of the partner's. Proposing approves for this network; the terms
    apply once a coordinator of the partner approves them."""
    network = network_for(request, slug, "manage")
    partners = [link.other(network) for link in PartnerLink.objects.accepted_for(network)]
    partner = next((p for p in partners if p.slug == payload.partner), None)
    if partner is None:
        raise NotFound(
            _("Only partner networks agree on trade: link the networks first."), field="partner"
        )
    agreement = clearing.propose_clearing(
        network,
        partner,
        by=request.user,
        own_amount=payload.own_amount,
        partner_amount=payload.partner_amount,
        own_cap=payload.own_cap,
        partner_cap=payload.partner_cap,
    )
    return Status(201, _agreement_out(request, _agreement(request, network, agreement.pk), network))


@router.post(
    "/networks/{slug}/clearing-agreements/{clearing_id}/approve",
    response={200: ClearingAgreementOut, **CLEARING_WRITE_ERRORS},
    summary="Approve proposed terms of trade",
)
def approve_clearing_agreement(request, slug: str, clearing_id: int):
    """A coordinator of the side that has not approved, another person than the one who
    approved the other side. The agreement is then active and replaces an active one."""
    network = network_for(request, slug, "manage")
    clearing.approve_clearing(_agreement(request, network, clearing_id), by=request.user)
    return _agreement_out(request, _agreement(request, network, clearing_id), network)


@router.post(
    "/networks/{slug}/clearing-agreements/{clearing_id}/end",
    response={200: ClearingAgreementOut, **CLEARING_WRITE_ERRORS},
    summary="End a trade agreement or withdraw proposed terms",
)
def end_clearing_agreement(request, slug: str, clearing_id: int):
    """Coordinators of either side. The trade balances stay as they are."""
    network = network_for(request, slug, "manage")
    clearing.end_clearing(_agreement(request, network, clearing_id), by=request.user)
    return _agreement_out(request, _agreement(request, network, clearing_id), network)


# -- paying a partner's member --------------------------------------------------------------


@router.get(
    "/networks/{slug}/partner-payees",
    response={200: PartnerPayeePage, **CLEARING_READ_ERRORS},
    summary="Whom one may pay in a partner network",
)
def list_partner_payees(request, slug: str, query: Query[PartnerPayeeQuery]):
    """The active members and open shared accounts of a partner network with an active
    agreement, by name: nothing else of the partner network."""
    network = network_for(request, slug, "contribute")
    partner = Network.objects.filter(slug=query.partner).first()
    if partner is None or not access.can_pay_partner(request.user, network, partner):
        raise NotFound(_("Your network has no active trade agreement with that network."))
    rows = (
        Account.objects.across_partners(request.user, network)
        .filter(network=partner)
        .with_holder()
        .order_by("kind", "membership__user__name", "name", "pk")
    )
    body = paginate(request, rows, query)
    body["results"] = [
        {"account_id": a.pk, "label": a.label, "kind": a.kind} for a in body["results"]
    ]
    return body


@router.get(
    "/networks/{slug}/partner-payments/preview",
    response={200: PartnerPreviewOut, **CLEARING_WRITE_ERRORS},
    summary="What a payment to a partner's member would do",
)
def preview_partner_payment(request, slug: str, query: Query[PartnerPreviewQuery]):
    """The converted amount and the payer's balance after it; 400 if the amount does not
    convert exactly at the agreed rate (the message names the nearest amounts that do)."""
    network = network_for(request, slug, "contribute")
    payer = _payer(request, network, query.payer)
    payee = _payee(request, network, query.payee)
    seen = clearing.preview_partner(payer, payee, query.amount, by=request.user)
    return {
        "agreement": seen.agreement.pk,
        "amount": _amount(seen.amount, network),
        "converted": _amount(seen.converted, payee.network),
        "balance_after": _amount(seen.balance.balance_after, network),
        "allowed": seen.balance.allowed and seen.refusal is None,
        "refusal": str(seen.refusal.message) if seen.refusal else None,
    }


@router.post(
    "/networks/{slug}/partner-payments",
    response={201: PartnerPaymentOut, **CLEARING_WRITE_ERRORS},
    summary="Pay a member of a partner network",
)
def pay_partner_member(request, slug: str, payload: PartnerPaymentIn):
    """Both legs at once, or nothing: the payer's network's clearing account receives the
    amount, the partner's pays the payee the converted amount. Refused with 400 (an
    amount that does not convert exactly), 404 (no active agreement with the payee's
    network) or 409 (a cap, the payer's limit, the payee's ceiling, a frozen payee).
    Send an `Idempotency-Key` header to retry safely, as for transfers."""
    # The ledger API's, whose router includes this one (imported here: it imports us).
    from gilde.exchange.api import idempotent

    network = network_for(request, slug, "contribute")

    def run():
        payer = _payer(request, network, payload.payer)
        payee = _payee(request, network, payload.payee)
        made = clearing.pay_partner(
            payer, payee, payload.amount, by=request.user, description=payload.description
        )
        payment = ClearingPayment.objects.select_related(
            "out_leg__network",
            "out_leg__payer__membership__user",
            "out_leg__payee__partner",
            "in_leg__network",
            "in_leg__payer__partner",
            "in_leg__payee__membership__user",
        ).get(pk=made.pk)
        return 201, {
            "id": payment.pk,
            "agreement": payment.agreement_id,
            "description": payment.out_leg.description,
            "created_at": payment.created_at,
            "out_leg": _leg_out(payment.out_leg),
            "in_leg": _leg_out(payment.in_leg),
        }

    status, body = idempotent(request, payload.dict(), run)
    return Status(status, body)
