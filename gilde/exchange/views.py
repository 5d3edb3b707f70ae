"""Exchange pages: my account and statement, paying and asking, deciding requests, and
the coordinators' overview, limits and settings.

Accounts and transfers are fetched through `visible_to(user, network)`, so one the
user may not open answers 404 like one that does not exist. Every write goes through
`gilde.exchange.services`; its refusals become messages or form errors.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gilde.core import access
from gilde.core.confirm import confirmed
from gilde.core.forms import refusals
from gilde.exchange import report, services, statements
from gilde.exchange.forms import (
    LedgerSettingsForm,
    LimitsForm,
    ReverseForm,
    SharedAccountForm,
    StatementForm,
    TransferForm,
)
from gilde.exchange.models import Account, LimitChange, Transfer
from gilde.networks.views import network_view

RECENT = 10


def _own_account(request, network):
    account = services.account_of(request.user, network)
    if account is None:
        raise Http404
    return account


@login_required
@network_view("contribute")
def account(request, network):
    """My balance, limit, reserved and pending amounts, what waits for me, and recent lines."""
    mine = _own_account(request, network)
    transfers = Transfer.objects.with_parties().involving(mine)
    context = {
        "network": network,
        "account": mine,
        "to_decide": transfers.pending().filter(payer=mine).order_by("created_at"),
        "asked": transfers.pending().filter(payee=mine).order_by("created_at"),
        "recent": transfers.completed().order_by("-decided_at", "-pk")[:RECENT],
        "pending_in": Transfer.objects.pending()
        .filter(payee=mine)
        .aggregate(total=Coalesce(Sum("amount"), 0))["total"],
        # Changes of this account's limits and of the network's defaults that apply to it.
        "limit_changes": LimitChange.objects.filter(
            Q(account=mine) | Q(network=network, account__isnull=True)
        )
        .select_related("changed_by")
        .order_by("-pk")[:20],
        "can_manage": access.can_manage(request.user, network),
    }
    return render(request, "exchange/account.html", context)


def _own_accounts(request, network) -> list:
    """The accounts the user may pay from or ask for: their own, and for coordinators
    the network's open shared accounts."""
    mine = _own_account(request, network)
    accounts = [mine]
    if access.can_manage(request.user, network):
        accounts += list(
            Account.objects.with_holder().filter(
                network=network, kind=Account.Kind.SHARED, closed_at__isnull=True
            )
        )
    return accounts


def _transfer_form(request, network, *, paying: bool):
    own = _own_accounts(request, network)
    initial = {"other": request.GET.get("to") or request.GET.get("from")}
    return TransferForm(network, own, request.POST or None, paying=paying, initial=initial)


@login_required
@network_view("contribute")
def pay(request, network):
    """Pay: the first POST shows the balance after the payment (with a warning near the
    limit); the second, with `confirm=yes`, pays."""
    form = _transfer_form(request, network, paying=True)
    if request.method == "POST" and form.is_valid():
        payer, payee = form.own_account(), form.other_account()
        amount = form.cleaned_data["amount"]
        if not confirmed(request):
            return render(
                request,
                "exchange/pay_confirm.html",
                {
                    "network": network,
                    "form": form,
                    "payer": payer,
                    "payee": payee,
                    "amount": amount,
                    "preview": services.preview(payer, amount),
                    "fields": [
                        (name, value)
                        for name, value in request.POST.items()
                        if name not in ("csrfmiddlewaretoken", "confirm")
                    ],
                },
            )
        with refusals(form=form) as refused:
            transfer = services.pay(
                payer,
                payee,
                amount,
                by=request.user,
                description=form.cleaned_data["description"],
            )
        if not refused:
            messages.success(
                request,
                _("You paid %(amount)s to %(name)s.")
                % {"amount": transfer.fmt(), "name": payee.label},
            )
            return redirect("exchange:account", network.slug)
    return render(request, "exchange/transfer_form.html", {"network": network, "form": form,
                                                            "paying": True})  # fmt: skip


@login_required
@network_view("contribute")
def request_payment(request, network):
    form = _transfer_form(request, network, paying=False)
    if request.method == "POST" and form.is_valid():
        payee, payer = form.own_account(), form.other_account()
        with refusals(form=form) as refused:
            transfer = services.request_payment(
                payee,
                payer,
                form.cleaned_data["amount"],
                by=request.user,
                description=form.cleaned_data["description"],
            )
        if not refused:
            messages.success(
                request,
                _("You asked %(name)s for %(amount)s. It is paid when they accept.")
                % {"amount": transfer.fmt(), "name": payer.label},
            )
            return redirect("exchange:account", network.slug)
    return render(request, "exchange/transfer_form.html", {"network": network, "form": form,
                                                            "paying": False})  # fmt: skip


def _transfer_or_404(request, network, transfer_id: int) -> Transfer:
    return get_object_or_404(
        Transfer.objects.visible_to(request.user, network).with_parties(), pk=transfer_id
    )


@login_required
@network_view("view")
def transfer(request, network, transfer_id: int):
    item = _transfer_or_404(request, network, transfer_id)
    user = request.user
    return render(
        request,
        "exchange/transfer.html",
        {
            "network": network,
            "transfer": item,
            "reversal": Transfer.objects.filter(reverses=item).first(),
            "can_accept": item.is_pending and services.may_act_for(user, item.payer),
            "can_cancel": item.is_pending and services.may_act_for(user, item.payee),
            "can_reverse": access.can_manage(user, network)
            and item.status == Transfer.Status.COMPLETED
            and item.kind in (Transfer.Kind.PAYMENT, Transfer.Kind.REQUEST),
            "reverse_form": ReverseForm(),
        },
    )


DECISIONS = {
    "accept": (services.accept, gettext_lazy("Paid: %(amount)s to %(name)s.")),
    "decline": (services.decline, gettext_lazy("You declined the request of %(name)s.")),
    "cancel": (services.cancel, gettext_lazy("The request to %(name)s is withdrawn.")),
}


@require_POST
@login_required
@network_view("view")
def transfer_decide(request, network, transfer_id: int):
    """Accept, decline or withdraw a payment request (htmx: the request's row is replaced)."""
    item = _transfer_or_404(request, network, transfer_id)
    action = request.POST.get("action", "")
    if action not in DECISIONS:
        messages.error(request, _("Choose to pay, decline or withdraw."))
        return redirect("exchange:transfer", network.slug, item.pk)
    service, done = DECISIONS[action]
    with refusals(request) as refused:
        decided = service(item, by=request.user)
    if not refused:
        other = item.payee if action != "cancel" else item.payer
        messages.success(request, done % {"amount": decided.fmt(), "name": other.label})
    if request.POST.get("next") == "transfer":
        return redirect("exchange:transfer", network.slug, item.pk)
    return redirect(reverse("exchange:account", args=[network.slug]) + "#to-decide")


@require_POST
@login_required
@network_view("manage")
def transfer_reverse(request, network, transfer_id: int):
    item = _transfer_or_404(request, network, transfer_id)
    form = ReverseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the transfer is reversed."))
    else:
        with refusals(request) as refused:
            services.reverse(item, by=request.user, reason=form.cleaned_data["reason"])
        if not refused:
            messages.success(request, _("The transfer is reversed by a new, linked transfer."))
    return redirect("exchange:transfer", network.slug, item.pk)


def _period(form) -> tuple:
    """The statement's period: the form's dates, or the last twelve months."""
    today = timezone.localdate()
    since = form.cleaned_data.get("since") if form.is_valid() else None
    until = form.cleaned_data.get("until") if form.is_valid() else None
    since = since or today.replace(year=today.year - 1) + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(since, time.min))
    end = (
        timezone.make_aware(datetime.combine(until, time.min)) + timedelta(days=1)
        if until
        else None
    )
    return since, until, start, end


def _statement_account(request, network):
    """Mine, or (for coordinators, and members for shared accounts) `?account=`."""
    wanted = request.GET.get("account")
    if wanted and wanted.isdigit():
        return get_object_or_404(
            Account.objects.visible_to(request.user, network).with_holder(), pk=int(wanted)
        )
    return _own_account(request, network)


@login_required
@network_view("view")
def statement_page(request, network):
    chosen = _statement_account(request, network)
    form = StatementForm(request.GET or None)
    since, until, start, end = _period(form)
    result = statements.statement(chosen, start, end)
    return render(
        request,
        "exchange/statement.html",
        {
            "network": network,
            "account": chosen,
            "form": form,
            "result": result,
            "since": since,
            "until": until,
            "chart": statements.chart(result),
            "csv_query": request.GET.urlencode(),
        },
    )


@login_required
@network_view("view")
def statement_csv(request, network):
    chosen = _statement_account(request, network)
    form = StatementForm(request.GET or None)
    since, until, start, end = _period(form)
    result = statements.statement(chosen, start, end)
    response = HttpResponse(statements.as_csv(result), content_type="text/csv; charset=utf-8")
    name = f"{network.slug}-{slugify(chosen.label) or chosen.pk}-{since:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# -- coordinators ------------------------------------------------------------------

NEAR_LIMIT_SHARE = 0.10
OVERVIEW_MONTHS = 12


@login_required
@network_view("manage")
def overview(request, network):
    """The network's books: volume per month, who traded, the balance distribution,
    accounts near their limits, shared accounts and the limit-change log."""
    accounts = list(
        Account.objects.with_holder()
        .select_related("partner")
        .filter(network=network)
        .exclude(kind=Account.Kind.CLEARING)
        .order_by("balance", "pk")
    )
    since = timezone.localdate().replace(day=1) - timedelta(days=31 * (OVERVIEW_MONTHS - 1))
    since = since.replace(day=1)
    start = timezone.make_aware(datetime.combine(since, time.min))
    months = report.volume_per_month(network, start)
    traded = report.traders(network, start)
    near = [a for a in accounts if report.near_limit(a, NEAR_LIMIT_SHARE)]
    return render(
        request,
        "exchange/overview.html",
        {
            "network": network,
            "accounts": accounts,
            "months": months,
            "volume_chart": report.volume_chart(months, network),
            "traded": traded,
            "members": sum(
                1 for a in accounts if a.kind == Account.Kind.MEMBER and not a.is_frozen
            ),
            "distribution": report.distribution(accounts, network),
            "near": near,
            "shared": [a for a in accounts if a.kind == Account.Kind.SHARED],
            "shared_form": SharedAccountForm(),
            "changes": LimitChange.objects.filter(network=network)
            .select_related("changed_by", "account__membership__user", "account__network")
            .order_by("-pk")[:50],
            "since": since,
        },
    )


@login_required
@network_view("manage")
def account_limits(request, network, account_id: int):
    """A coordinator gives one account its own limit and ceiling, with a reason."""
    chosen = get_object_or_404(
        Account.objects.with_holder().filter(network=network).exclude(kind=Account.Kind.CLEARING),
        pk=account_id,
    )
    form = LimitsForm(
        network,
        request.POST or None,
        initial={"limit": chosen.limit, "ceiling": chosen.ceiling},
    )
    if request.method == "POST" and form.is_valid():
        with refusals(form=form) as refused:
            services.set_account_limits(
                chosen,
                by=request.user,
                limit=form.cleaned_data["limit"],
                ceiling=form.cleaned_data["ceiling"],
                reason=form.cleaned_data["reason"],
            )
        if not refused:
            messages.success(
                request, _("The limits of %(name)s are changed.") % {"name": chosen.label}
            )
            return redirect("exchange:overview", network.slug)
    return render(
        request,
        "exchange/account_limits.html",
        {
            "network": network,
            "account": chosen,
            "form": form,
            "changes": LimitChange.objects.filter(account=chosen).select_related("changed_by"),
        },
    )


@login_required
@network_view("manage")
def ledger_settings(request, network):
    form = LedgerSettingsForm(
        network,
        request.POST or None,
        initial={
            "unit_singular": network.unit_singular,
            "unit_plural": network.unit_plural,
            "minor_units": network.minor_units,
            "minor_name": network.minor_name,
            "credit_limit": network.credit_limit,
            "credit_ceiling": network.credit_ceiling,
        },
    )
    if request.method == "POST" and form.is_valid():
        with refusals(form=form) as refused:
            services.update_ledger_settings(network, by=request.user, **form.cleaned_data)
        if not refused:
            messages.success(request, _("The ledger's settings are saved."))
            return redirect("exchange:overview", network.slug)
    return render(request, "exchange/settings.html", {"network": network, "form": form})


@require_POST
@login_required
@network_view("manage")
def shared_account_new(request, network):
    form = SharedAccountForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the shared account a name."))
    else:
        with refusals(request) as refused:
            made = services.create_shared_account(
                network, by=request.user, name=form.cleaned_data["name"]
            )
        if not refused:
            messages.success(
                request, _("The shared account %(name)s is opened.") % {"name": made.label}
            )
    return redirect(reverse("exchange:overview", args=[network.slug]) + "#shared")
