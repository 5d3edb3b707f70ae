"""Conversation and agreement pages: "Mijn gesprekken", starting a conversation (from a
listing or a person's page), a conversation with its messages and agreements, the steps
of an agreement, and the coordinators' disputes.

A conversation is fetched among the viewer's own (`members__user`), an agreement through
`Agreement.objects.visible_to`, so one the viewer may not open answers 404 like one that
does not exist. Every write goes through gilde.exchange.services; its refusals become
messages or form errors.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gilde.core.errors import Invalid
from gilde.core.forms import refusals
from gilde.exchange import services
from gilde.exchange.forms import (
    AgreementForm,
    DisputeForm,
    MessageForm,
    SettleForm,
    StartConversationForm,
)
from gilde.exchange.models import Agreement, Conversation, ConversationMember
from gilde.networks.models import Membership
from gilde.networks.views import network_view

CONVERSATIONS_PER_PAGE = 20
RECENTLY_SETTLED = 10


def start_url(network, user_id: int, reference: str = "", topic: str = "") -> str:
    """Where "Reageer" on a listing or "Stuur een bericht" leads: the start route, which
    opens the conversation the two have about `reference` or asks for a first message."""
    query: dict[str, str | int] = {"with": user_id}
    if reference:
        query["about"] = reference
    if topic:
        query["topic"] = topic[:200]
    return reverse("exchange:conversation_start", args=[network.slug]) + "?" + urlencode(query)


def _conversation_url(network, conversation_id: int, anchor: str = "") -> str:
    url = reverse("exchange:conversation", args=[network.slug, conversation_id])
    return url + (f"#{anchor}" if anchor else "")


@login_required
@network_view("contribute")
def conversations(request, network):
    """Mijn gesprekken: the viewer's conversations, the latest first, with unread counts."""
    rows = ConversationMember.objects.inbox(request.user, network)
    page = Paginator(rows, CONVERSATIONS_PER_PAGE).get_page(request.GET.get("page"))
    items = [
        (side, next((m.user for m in side.conversation.members.all() if m.pk != side.pk), None))
        for side in page
    ]
    return render(
        request,
        "exchange/conversations.html",
        {"network": network, "page": page, "items": items},
    )


def _trader_or_404(network, user_id):
    """The person behind `?with=`: an active member or coordinator of `network`."""
    if not str(user_id or "").isdigit():
        raise Http404
    membership = (
        Membership.objects.active()
        .select_related("user")
        .filter(network=network, user_id=int(user_id), role__in=services.TRADING_ROLES)
        .first()
    )
    if membership is None:
        raise Http404
    return membership.user


@login_required
@network_view("contribute")
def conversation_start(request, network):
    """`?with=<user id>&about=<reference>&topic=…`: the conversation the two already have
    about it, or the form for the first message of a new one."""
    source = request.POST if request.method == "POST" else request.GET
    other = _trader_or_404(network, source.get("with"))
    try:
        reference = services.clean_reference(source.get("about", ""))
    except Invalid as exc:
        raise Http404 from exc
    if other.pk == request.user.pk:
        messages.error(request, _("You cannot start a conversation with yourself."))
        return redirect("exchange:conversations", network.slug)
    existing = services.conversation_between(network, request.user, other, reference)
    if existing is not None and request.method != "POST":
        return redirect(_conversation_url(network, existing.pk, "reply"))
    form = StartConversationForm(
        request.POST or None, initial={"topic": request.GET.get("topic", "")[:200]}
    )
    if request.method == "POST" and form.is_valid():
        with refusals(form=form) as refused:
            conversation, _message, _created = services.start_conversation(
                network,
                by=request.user,
                with_user=other,
                body=form.cleaned_data["body"],
                topic=form.cleaned_data["topic"],
                reference=reference,
            )
        if not refused:
            messages.success(
                request, _("Your message to %(name)s is sent.") % {"name": other.display_name}
            )
            return redirect(_conversation_url(network, conversation.pk))
    return render(
        request,
        "exchange/conversation_start.html",
        {"network": network, "other": other, "reference": reference, "form": form},
    )


def _conversation_or_404(request, network, conversation_id: int) -> Conversation:
    conversation = get_object_or_404(
        Conversation.objects.filter(network=network, members__user=request.user),
        pk=conversation_id,
    )
    conversation.network = network
    return conversation


def _conversation_page(request, network, conversation, *, message_form=None, agreement_form=None):
    """The conversation: its agreements with the viewer's steps, its messages (marked
    read), the reply and the proposal forms."""
    user = request.user
    sides = list(conversation.members.select_related("user"))
    mine = next(s for s in sides if s.user_id == user.pk)
    other = next(s.user for s in sides if s.user_id != user.pk)
    read_until = mine.last_read_at
    thread = list(conversation.messages.select_related("author"))
    agreements = list(conversation.agreements.with_parties().order_by("created_at", "pk"))
    for agreement in agreements:
        agreement.conversation = conversation
        agreement.steps = services.agreement_steps(agreement, user)
    if request.method == "GET" and thread:
        services.mark_read(conversation, by=user, seen_until=thread[-1].created_at)
    return render(
        request,
        "exchange/conversation.html",
        {
            "network": network,
            "conversation": conversation,
            "other": other,
            "other_active": services.may_trade(other, network),
            "thread": thread,
            "read_until": read_until,
            "agreements": agreements,
            "message_form": message_form or MessageForm(),
            "agreement_form": agreement_form or AgreementForm(network, other),
            "dispute_form": DisputeForm(),
        },
    )


@login_required
@network_view("contribute")
def conversation(request, network, conversation_id: int):
    item = _conversation_or_404(request, network, conversation_id)
    return _conversation_page(request, network, item)


@require_POST
@login_required
@network_view("contribute")
def conversation_reply(request, network, conversation_id: int):
    item = _conversation_or_404(request, network, conversation_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        with refusals(form=form) as refused:
            services.send_message(item, by=request.user, body=form.cleaned_data["body"])
        if not refused:
            return redirect(_conversation_url(network, item.pk, "reply"))
    return _conversation_page(request, network, item, message_form=form)


@require_POST
@login_required
@network_view("contribute")
def agreement_propose(request, network, conversation_id: int):
    item = _conversation_or_404(request, network, conversation_id)
    form = AgreementForm(network, services.other_member(item, request.user), request.POST)
    if form.is_valid():
        with refusals(form=form) as refused:
            agreement = services.propose_agreement(
                item,
                by=request.user,
                role=form.cleaned_data["role"],
                description=form.cleaned_data["description"],
                amount=form.cleaned_data["amount"],
                due_on=form.cleaned_data["due_on"],
            )
        if not refused:
            messages.success(
                request, _("Your proposal is sent: the other side accepts or declines it.")
            )
            return redirect(_conversation_url(network, item.pk, f"agreement-{agreement.pk}"))
    return _conversation_page(request, network, item, agreement_form=form)


STEP_DONE = {
    "accept": gettext_lazy("Accepted: %(amount)s is reserved until the delivery is confirmed."),
    "decline": gettext_lazy("You declined the proposal."),
    "withdraw": gettext_lazy("You withdrew the proposal."),
    "deliver": gettext_lazy("Marked delivered: the other side is asked to confirm."),
    "confirm": gettext_lazy("Confirmed: %(amount)s is paid."),
    "dispute": gettext_lazy("Disputed: a coordinator of the network settles it."),
}


@require_POST
@login_required
@network_view("contribute")
def agreement_step(request, network, agreement_id: int):
    """Accept, decline, withdraw, mark delivered, confirm or dispute an agreement."""
    agreement = get_object_or_404(
        Agreement.objects.visible_to(request.user, network).with_parties(), pk=agreement_id
    )
    action = request.POST.get("action", "")
    back = (
        _conversation_url(network, agreement.conversation_id, f"agreement-{agreement.pk}")
        if agreement.side_of(request.user)
        else reverse("exchange:disputes", args=[network.slug])
    )
    if action == "dispute":
        form = DisputeForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say what is wrong, for the coordinator."))
            return redirect(back)
        with refusals(request) as refused:
            services.dispute_agreement(
                agreement, by=request.user, reason=form.cleaned_data["reason"]
            )
    elif action in services.AGREEMENT_STEPS:
        with refusals(request) as refused:
            services.AGREEMENT_STEPS[action](agreement, by=request.user)
    else:
        messages.error(request, _("Choose a step for this agreement."))
        return redirect(back)
    if not refused:
        messages.success(request, STEP_DONE[action] % {"amount": agreement.fmt()})
    return redirect(back)


def _disputes_page(request, network, *, bound: dict | None = None):
    visible = Agreement.objects.visible_to(request.user, network).with_parties()
    disputed = list(visible.disputed().order_by("disputed_at", "pk"))
    bound = bound or {}
    for agreement in disputed:
        agreement.settle_form = bound.get(agreement.pk) or SettleForm(agreement)
        agreement.is_party = agreement.side_of(request.user) is not None
    settled = visible.filter(status=Agreement.Status.SETTLED).order_by("-settled_at", "-pk")
    return render(
        request,
        "exchange/disputes.html",
        {"network": network, "disputed": disputed, "settled": settled[:RECENTLY_SETTLED]},
    )


@login_required
@network_view("manage")
def disputes(request, network):
    """The coordinators' list of disputed agreements, each with its settle form."""
    return _disputes_page(request, network)


@require_POST
@login_required
@network_view("manage")
def agreement_settle(request, network, agreement_id: int):
    agreement = get_object_or_404(
        Agreement.objects.visible_to(request.user, network).with_parties(), pk=agreement_id
    )
    form = SettleForm(agreement, request.POST)
    if form.is_valid():
        with refusals(form=form) as refused:
            settled = services.settle_agreement(
                agreement,
                by=request.user,
                amount=form.amount_to_pay(),
                note=form.cleaned_data["note"],
            )
        if not refused:
            messages.success(
                request,
                _("Settled: %(paid)s paid to %(name)s, the rest released.")
                % {"paid": settled.fmt(settled.settlement_amount), "name": settled.provider.label},
            )
            return redirect("exchange:disputes", network.slug)
    if agreement.status != Agreement.Status.DISPUTED:
        # Not in the list any more (settled in the meantime): say why on the list.
        for error in form.non_field_errors():
            messages.error(request, str(error))
        if not form.non_field_errors():
            messages.error(request, _("This agreement is no longer disputed."))
        return redirect("exchange:disputes", network.slug)
    return _disputes_page(request, network, bound={agreement.pk: form})
