"""Pages for trade between partner networks: the coordinators' page of agreements with each
partner (propose, approve, end; the clearing balances and caps), and paying a member of
a partner network, with the converted amount shown before one confirms.

Agreements are fetched through `ClearingAgreement.objects.visible_to`, partners' accounts
through `Account.objects.across_partners`, so what a user may not reach answers 404.
Every write goes through gilde.exchange.clearing; its refusals become messages or
form errors.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gilde.core import access
from gilde.core.confirm import ask_first, confirmed
from gilde.core.credits import format_amount
from gilde.core.forms import refusals
from gilde.exchange import clearing
from gilde.exchange.forms import ClearingTermsForm, PartnerChoiceForm, PartnerPaymentForm
from gilde.exchange.models import Account, ClearingAgreement, ClearingPayment
from gilde.exchange.views import _own_accounts
from gilde.networks.models import Network, PartnerLink
from gilde.networks.views import network_view

RECENT_PAYMENTS = 10


@dataclass
class Terms:
    """An agreement as seen from one of its two networks (templates cannot pass it)."""

    agreement: ClearingAgreement
    rate: str
    own_cap: int
    partner_cap: int
    own_approver: object
    own_approved_at: object
    partner_approver: object
    partner_approved_at: object

    @classmethod
    def of(cls, agreement: ClearingAgreement | None, network) -> Terms | None:
        if agreement is None:
            return None
        partner = agreement.other(network)
        side = agreement.side(network)
        other = "b" if side == "a" else "a"
        return cls(
            agreement=agreement,
            rate=agreement.rate_text(network),
            own_cap=agreement.cap(network),
            partner_cap=agreement.cap(partner),
            own_approver=getattr(agreement, f"approved_by_{side}"),
            own_approved_at=getattr(agreement, f"approved_at_{side}"),
            partner_approver=getattr(agreement, f"approved_by_{other}"),
            partner_approved_at=getattr(agreement, f"approved_at_{other}"),
        )


@dataclass
class PartnerRow:
    """One partner network on the coordinators' page."""

    partner: Network
    active: Terms | None
    waiting: Terms | None
    own_account: Account | None  # our clearing account for the partner
    mirror: Account | None  # theirs for us
    form: ClearingTermsForm
    can_approve: bool


def _initial(network, partner, agreement) -> dict:
    """The form starts from the current terms, or from one unit for one unit."""
    if agreement is None:
        return {
            "own_amount": network.minor_units,
            "partner_amount": partner.minor_units,
            "own_cap": 10 * network.minor_units,
            "partner_cap": 10 * partner.minor_units,
        }
    own, other = agreement.rate_in_units(network)
    return {
        "own_amount": own,
        "partner_amount": other,
        "own_cap": agreement.cap(network),
        "partner_cap": agreement.cap(partner),
    }


def _partner_rows(request, network, bound: ClearingTermsForm | None = None) -> list[PartnerRow]:
    """Every accepted partner with its agreements and clearing accounts, in fixed queries."""
    partners = sorted(
        (link.other(network) for link in PartnerLink.objects.accepted_for(network)),
        key=lambda p: p.name,
    )
    agreements = (
        ClearingAgreement.objects.involving(network)
        .exclude(status=ClearingAgreement.Status.ENDED)
        .with_parties()
    )
    active: dict[int, ClearingAgreement] = {}
    waiting: dict[int, ClearingAgreement] = {}
    for agreement in agreements:
        by_partner = active if agreement.status == ClearingAgreement.Status.ACTIVE else waiting
        by_partner[agreement.other(network).pk] = agreement
    accounts = Account.objects.filter(kind=Account.Kind.CLEARING).filter(
        Q(network=network) | Q(partner=network)
    )
    own = {a.partner_id: a for a in accounts if a.network_id == network.pk}
    mirrors = {a.network_id: a for a in accounts if a.partner_id == network.pk}
    rows = []
    for partner in partners:
        current = waiting.get(partner.pk) or active.get(partner.pk)
        form = (
            bound
            if bound is not None and bound.partner.pk == partner.pk
            else ClearingTermsForm(
                network, partner, initial=_initial(network, partner, current), prefix=partner.slug
            )
        )
        proposal = waiting.get(partner.pk)
        rows.append(
            PartnerRow(
                partner=partner,
                active=Terms.of(active.get(partner.pk), network),
                waiting=Terms.of(proposal, network),
                own_account=own.get(partner.pk),
                mirror=mirrors.get(partner.pk),
                form=form,
                can_approve=proposal is not None
                and not proposal.is_approved_by(network)
                and request.user.pk not in (proposal.approved_by_a_id, proposal.approved_by_b_id),
            )
        )
    return rows


def _recent_payments(network):
    return (
        ClearingPayment.objects.filter(Q(out_leg__network=network) | Q(in_leg__network=network))
        .select_related(
            "out_leg__network",
            "out_leg__payer__membership__user",
            "in_leg__network",
            "in_leg__payee__membership__user",
        )
        .order_by("-pk")[:RECENT_PAYMENTS]
    )


def _partners_page(request, network, bound=None):
    context = {
        "network": network,
        "rows": _partner_rows(request, network, bound),
        "payments": _recent_payments(network),
    }
    return render(request, "exchange/partners.html", context)


@login_required
@network_view("manage")
def partners(request, network):
    """Each partner network with the agreement to trade (active, waiting), the clearing
    balances against the caps, and the forms to propose, approve or end."""
    return _partners_page(request, network)


def _partner_or_404(network, partner_id: int) -> Network:
    for link in PartnerLink.objects.accepted_for(network):
        if link.other(network).pk == partner_id:
            return link.other(network)
    raise Http404


def _back(network):
    return redirect(reverse("exchange:partners", args=[network.slug]))


@require_POST
@login_required
@network_view("manage")
def clearing_propose(request, network, partner_id: int):
    partner = _partner_or_404(network, partner_id)
    form = ClearingTermsForm(network, partner, request.POST, prefix=partner.slug)
    if form.is_valid():
        with refusals(form=form) as refused:
            clearing.propose_clearing(network, partner, by=request.user, **form.cleaned_data)
        if not refused:
            messages.success(
                request,
                _("Terms proposed. They apply once a coordinator of %(partner)s approves them.")
                % {"partner": partner.name},
            )
            return _back(network)
    return _partners_page(request, network, bound=form)


def _agreement_or_404(request, network, clearing_id: int) -> ClearingAgreement:
    return get_object_or_404(
        ClearingAgreement.objects.visible_to(request.user, network).with_parties(),
        pk=clearing_id,
    )


@require_POST
@login_required
@network_view("manage")
def clearing_approve(request, network, clearing_id: int):
    agreement = _agreement_or_404(request, network, clearing_id)
    with refusals(request) as refused:
        clearing.approve_clearing(agreement, by=request.user)
    if not refused:
        messages.success(
            request,
            _("The agreement with %(partner)s is active: members can pay each other.")
            % {"partner": agreement.other(network).name},
        )
    return _back(network)


@require_POST
@login_required
@network_view("manage")
def clearing_end(request, network, clearing_id: int):
    agreement = _agreement_or_404(request, network, clearing_id)
    partner = agreement.other(network)
    active = agreement.status == ClearingAgreement.Status.ACTIVE
    if not confirmed(request):
        return ask_first(
            request,
            question=(
                _("End the trade agreement with %(partner)s?")
                if active
                else _("Withdraw the proposed terms with %(partner)s?")
            )
            % {"partner": partner.name},
            explanation=_(
                "Members can no longer pay each other's members. The trade balances stay "
                "as they are."
            )
            if active
            else "",
            button=_("End") if active else _("Withdraw"),
            cancel_url=reverse("exchange:partners", args=[network.slug]),
        )
    with refusals(request) as refused:
        clearing.end_clearing(agreement, by=request.user)
    if not refused:
        messages.success(
            request,
            (
                _("The agreement with %(partner)s has ended.")
                if active
                else _("The proposed terms with %(partner)s are withdrawn.")
            )
            % {"partner": partner.name},
        )
    return _back(network)


# -- paying a partner's member ----------------------------------------------------------


def _payable_partner(request, network, wanted) -> Network | None:
    """The partner chosen (?partner= or the form's field), if the user may pay there."""
    ids = access.payable_partners(request.user, network)
    try:
        partner_id = int(wanted)
    except (TypeError, ValueError):
        partner_id = None
    if partner_id is None and len(ids) == 1:
        partner_id = ids[0]
    if partner_id is None:
        return None
    if partner_id not in ids:
        raise Http404
    return Network.objects.get(pk=partner_id)


@login_required
@network_view("contribute")
def pay_partner(request, network):
    """Pay a member of a partner network: choose the network, then the member; the first
    POST shows what the payee receives in their unit, the second (`confirm=yes`) pays."""
    own = _own_accounts(request, network)
    wanted = request.POST.get("partner") if request.method == "POST" else None
    partner = _payable_partner(request, network, wanted or request.GET.get("partner"))
    if partner is None:
        choices = Network.objects.filter(
            pk__in=access.payable_partners(request.user, network)
        ).order_by("name")
        return render(
            request,
            "exchange/pay_partner.html",
            {"network": network, "choose": PartnerChoiceForm(choices), "partners": choices},
        )
    agreement = clearing.active_agreement(network, partner)
    if agreement is None:
        raise Http404
    payees = list(
        Account.objects.across_partners(request.user, network)
        .filter(network=partner)
        .with_holder()
        .order_by("kind", "membership__user__name", "name")
    )
    form = PartnerPaymentForm(
        network,
        partner,
        payees,
        own,
        request.POST or None,
        initial={"payee": request.GET.get("to")},
    )
    step = agreement.step(network)
    context = {
        "network": network,
        "partner": partner,
        "agreement": agreement,
        "form": form,
        "rate": agreement.rate_text(network),
        "step_hint": _("In steps of %(step)s: other amounts do not convert exactly.")
        % {"step": format_amount(step, network.unit)}
        if step > 1
        else "",
        "many_partners": len(access.payable_partners(request.user, network)) > 1,
    }
    if request.method == "POST" and form.is_valid():
        payer, payee = form.own_account(), form.payee_account()
        amount, description = form.cleaned_data["amount"], form.cleaned_data["description"]
        if not confirmed(request):
            with refusals(form=form) as refused:
                seen = clearing.preview_partner(payer, payee, amount, by=request.user)
            if not refused:
                return render(
                    request,
                    "exchange/pay_partner_confirm.html",
                    {
                        **context,
                        "payer": payer,
                        "payee": payee,
                        "preview": seen,
                        "fields": [
                            (name, value)
                            for name, value in request.POST.items()
                            if name not in ("csrfmiddlewaretoken", "confirm")
                        ],
                    },
                )
        else:
            with refusals(form=form) as refused:
                payment = clearing.pay_partner(
                    payer, payee, amount, by=request.user, description=description
                )
            if not refused:
                messages.success(
                    request,
                    _("You paid %(amount)s to %(name)s of %(partner)s; they receive %(received)s.")
                    % {
                        "amount": payment.out_leg.fmt(),
                        "name": payee.label,
                        "partner": partner.name,
                        "received": payment.in_leg.fmt(),
                    },
                )
                return redirect("exchange:account", network.slug)
    return render(request, "exchange/pay_partner.html", context)
