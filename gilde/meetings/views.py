"""Pages of the meetings: the network's meetings, one meeting with its agenda and minutes,
closing it, the actions board, the ideas board, the decision log, and "Mijn acties".

Meetings and what comes out of them are fetched through their `visible_to` QuerySets
inside the network, so what a visitor may not see answers 404 like what does not
exist. Every write goes through gilde.meetings.services; htmx swaps the part of the
page that changed (`hx-select`), and every form also works as a plain POST.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gilde.core import access
from gilde.core.confirm import ask_first, confirmed
from gilde.core.forms import refusals
from gilde.meetings import charts, feeds, services
from gilde.meetings.forms import (
    ActionFilterForm,
    ActionForm,
    ActionStatusForm,
    AgendaItemForm,
    CommentForm,
    CorrectionForm,
    IdeaForm,
    MeetingForm,
    MinutesForm,
    RsvpForm,
    SeriesForm,
)
from gilde.meetings.models import (
    Action,
    AgendaItem,
    Correction,
    Decision,
    Idea,
    Meeting,
)
from gilde.networks.views import network_view


def _meeting_or_404(request, network, meeting_id: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible_to(request.user)
        .filter(network=network)
        .select_related("network", "series", "note_taker")
        .prefetch_related("organisers", "invited"),
        pk=meeting_id,
    )


def _item_or_404(request, network, meeting_id: int, agenda_item_id: int) -> AgendaItem:
    meeting = _meeting_or_404(request, network, meeting_id)
    item = get_object_or_404(meeting.items.all(), pk=agenda_item_id)
    item.meeting = meeting
    return item


def _meeting_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("meetings:meeting", args=[meeting.network.slug, meeting.pk])
    return f"{url}#{anchor}" if anchor else url


# -- meetings ----------------------------------------------------------------------


@login_required
@network_view("members")
def meetings(request, network):
    visible = (
        Meeting.objects.visible_to(request.user)
        .filter(network=network)
        .annotate(
            yes_count=Count("rsvps", filter=Q(rsvps__answer=Meeting.Rsvp.YES), distinct=True),
            open_action_count=Count(
                "actions", filter=Q(actions__status__in=Action.OPEN_STATUSES), distinct=True
            ),
        )
        .select_related("series")
    )
    return render(
        request,
        "meetings/meetings.html",
        {
            "network": network,
            "upcoming": visible.upcoming()[:50],
            "past": visible.past()[:50],
            "can_contribute": access.can_contribute(request.user, network),
        },
    )


@login_required
@network_view("contribute")
def meeting_new(request, network):
    form = MeetingForm(network, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals(form=form) as refused:
            meeting = services.create_meeting(network, by=request.user, **form.values())
        if not refused:
            messages.success(request, _("The meeting is planned. Add the agenda below."))
            return redirect(_meeting_url(meeting))
    return render(request, "meetings/meeting_form.html", {"network": network, "form": form})


@login_required
@network_view("members")
def meeting_edit(request, network, meeting_id: int):
    meeting = _meeting_or_404(request, network, meeting_id)
    if not services.may_run(meeting, request.user):
        return redirect(_meeting_url(meeting))
    form = MeetingForm(network, request.POST or None, instance=Meeting.objects.get(pk=meeting.pk))
    if request.method == "POST" and form.is_valid():
        with refusals(form=form) as refused:
            services.update_meeting(meeting, by=request.user, **form.values())
        if not refused:
            messages.success(request, _("The meeting is changed."))
            return redirect(_meeting_url(meeting))
    return render(
        request,
        "meetings/meeting_form.html",
        {"network": network, "form": form, "meeting": meeting},
    )


@login_required
@network_view("members")
def meeting(request, network, meeting_id: int):
    """The meeting: when and where, answers, the agenda with each item's minutes, and what
    came out of it."""
    item = _meeting_or_404(request, network, meeting_id)
    user = request.user
    items = list(
        item.items.select_related("owner").prefetch_related(
            Prefetch(
                "corrections",
                queryset=Correction.objects.filter(status=Correction.Status.OPEN).select_related(
                    "proposed_by"
                ),
            )
        )
    )
    rsvps = list(item.rsvps.select_related("user").order_by("user__name", "pk"))
    mine = next((r for r in rsvps if r.user_id == user.pk), None)
    open_actions = list(services.open_actions_for(item))
    actions = list(item.actions.with_related().order_by("item__position", "pk"))
    may_run = services.may_run(item, user)
    return render(
        request,
        "meetings/meeting.html",
        {
            "network": network,
            "meeting": item,
            "items": items,
            "rsvps": rsvps,
            "yes": [r for r in rsvps if r.answer == Meeting.Rsvp.YES],
            "maybe": [r for r in rsvps if r.answer == Meeting.Rsvp.MAYBE],
            "no": [r for r in rsvps if r.answer == Meeting.Rsvp.NO],
            "my_answer": mine.answer if mine else "",
            "may_answer": not item.has_ended
            and access.can_contribute(user, network)
            and services.is_invited(item, user),
            "open_actions": open_actions,
            "actions": actions,
            "decisions": list(item.decisions.select_related("item")),
            "ideas": list(item.ideas.all()),
            "may_run": may_run,
            "may_write": services.may_write_minutes(item, user),
            "may_correct": not item.minutes_final
            and access.can_contribute(user, network)
            and services.is_attendee(item, user),
            "item_form": AgendaItemForm(network) if may_run and not item.minutes_final else None,
            "series_form": SeriesForm(initial={"title": item.title})
            if may_run and not item.series_id
            else None,
            "has_next": bool(item.series_id) and services.next_meeting_after(item) is not None,
            "today": timezone.localdate(),
            "rate": services.follow_through(
                item.actions.all(), item.local_date, timezone.localdate()
            )
            if item.minutes_final
            else None,
        },
    )


@login_required
@network_view("members")
def meeting_ics(request, network, meeting_id: int):
    """The meeting as an .ics file, to put in one's own calendar."""
    item = _meeting_or_404(request, network, meeting_id)
    content = feeds.meeting_calendar(item, request.build_absolute_uri(_meeting_url(item)))
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{item.pk}.ics"'
    return response


@require_POST
@login_required
@network_view("members")
def meeting_rsvp(request, network, meeting_id: int):
    item = _meeting_or_404(request, network, meeting_id)
    form = RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Answer yes, no or maybe."))
    else:
        with refusals(request) as refused:
            services.answer(item, by=request.user, answer=form.cleaned_data["answer"])
        if not refused:
            messages.success(request, _("Your answer is saved."))
    return redirect(_meeting_url(item, "answers"))


@require_POST
@login_required
@network_view("members")
def series_start(request, network, meeting_id: int):
    item = _meeting_or_404(request, network, meeting_id)
    form = SeriesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Name the series and say how often it meets."))
    else:
        with refusals(request) as refused:
            services.start_series(item, by=request.user, **form.cleaned_data)
        if not refused:
            messages.success(request, _("This meeting is now the first of a series."))
    return redirect(_meeting_url(item))


@require_POST
@login_required
@network_view("members")
def meeting_next(request, network, meeting_id: int):
    item = _meeting_or_404(request, network, meeting_id)
    with refusals(request) as refused:
        following = services.plan_next_meeting(item, by=request.user)
    if refused:
        return redirect(_meeting_url(item))
    messages.success(request, _("The next meeting is planned, with the standing items."))
    return redirect(_meeting_url(following))


# -- agenda ------------------------------------------------------------------------


@require_POST
@login_required
@network_view("members")
def item_new(request, network, meeting_id: int):
    item = _meeting_or_404(request, network, meeting_id)
    form = AgendaItemForm(network, request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, str(errors[0]))
    else:
        with refusals(request) as refused:
            services.add_agenda_item(item, by=request.user, **form.cleaned_data)
        if not refused:
            messages.success(request, _("The item is on the agenda."))
    return redirect(_meeting_url(item, "agenda"))


@login_required
@network_view("members")
def item_edit(request, network, meeting_id: int, agenda_item_id: int):
    item = _item_or_404(request, network, meeting_id, agenda_item_id)
    if not services.may_run(item.meeting, request.user) or item.kind != AgendaItem.Kind.TOPIC:
        return redirect(_meeting_url(item.meeting, "agenda"))
    initial = {
        "title": item.title,
        "description": item.description,
        "owner": item.owner_id,
        "duration_minutes": item.duration_minutes,
        "standing": item.standing,
    }
    form = AgendaItemForm(network, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusals(form=form) as refused:
            services.update_agenda_item(item, by=request.user, **form.cleaned_data)
        if not refused:
            messages.success(request, _("The agenda item is changed."))
            return redirect(_meeting_url(item.meeting, f"item-{item.pk}"))
    return render(
        request,
        "meetings/item_form.html",
        {"network": network, "meeting": item.meeting, "item": item, "form": form},
    )


@require_POST
@login_required
@network_view("members")
def item_move(request, network, meeting_id: int, agenda_item_id: int):
    """Up or down one place; a plain form button per direction, no JavaScript needed."""
    item = _item_or_404(request, network, meeting_id, agenda_item_id)
    with refusals(request):
        services.move_agenda_item(
            item, by=request.user, direction=request.POST.get("direction", "")
        )
    return redirect(_meeting_url(item.meeting, "agenda"))


@require_POST
@login_required
@network_view("members")
def item_remove(request, network, meeting_id: int, agenda_item_id: int):
    item = _item_or_404(request, network, meeting_id, agenda_item_id)
    if not confirmed(request):
        return ask_first(
            request,
            question=_("Take ‘%(title)s’ off the agenda?") % {"title": item.title},
            button=_("Take it off"),
            cancel_url=_meeting_url(item.meeting, "agenda"),
        )
    with refusals(request) as refused:
        services.remove_agenda_item(item, by=request.user)
    if not refused:
        messages.success(request, _("The item is off the agenda."))
    return redirect(_meeting_url(item.meeting, "agenda"))


# -- minutes -----------------------------------------------------------------------


def _preview_context(meeting: Meeting, text: str) -> dict:
    return {"preview": services.preview(meeting, text), "meeting": meeting}


@login_required
@network_view("members")
def minutes(request, network, meeting_id: int, agenda_item_id: int):
    """Write an item's minutes; "Preview" (or htmx while typing) shows the actions,
    decisions and ideas the text will make, before anything is saved."""
    item = _item_or_404(request, network, meeting_id, agenda_item_id)
    meeting = item.meeting
    may_write = services.may_write_minutes(meeting, request.user)
    if not may_write or meeting.minutes_final:
        return redirect(_meeting_url(meeting, f"item-{item.pk}"))
    form = MinutesForm(request.POST or None, initial={"minutes": item.minutes})
    text = item.minutes
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["minutes"]
        if request.headers.get("HX-Request") and "preview" in request.POST:
            return render(request, "meetings/_preview.html", _preview_context(meeting, text))
        if "preview" not in request.POST:
            with refusals(form=form) as refused:
                services.save_minutes(item, by=request.user, text=text)
            if not refused:
                messages.success(request, _("The minutes are saved."))
                return redirect(_meeting_url(meeting, f"item-{item.pk}"))
    return render(
        request,
        "meetings/minutes.html",
        {
            "network": network,
            "meeting": meeting,
            "item": item,
            "form": form,
            **_preview_context(meeting, text),
        },
    )


@login_required
@network_view("members")
def correction_new(request, network, meeting_id: int, agenda_item_id: int):
    item = _item_or_404(request, network, meeting_id, agenda_item_id)
    meeting = item.meeting
    form = CorrectionForm(request.POST or None, initial={"text": item.minutes})
    if request.method == "POST" and form.is_valid():
        with refusals(form=form) as refused:
            services.propose_correction(item, by=request.user, **form.cleaned_data)
        if not refused:
            messages.success(request, _("Your correction is sent to the organisers."))
            return redirect(_meeting_url(meeting, f"item-{item.pk}"))
    elif request.method == "GET" and (
        meeting.minutes_final or not services.is_attendee(meeting, request.user)
    ):
        return redirect(_meeting_url(meeting, f"item-{item.pk}"))
    return render(
        request,
        "meetings/correction_form.html",
        {"network": network, "meeting": meeting, "item": item, "form": form},
    )


@require_POST
@login_required
@network_view("members")
def correction_decide(request, network, meeting_id: int, correction_id: int):
    item = _meeting_or_404(request, network, meeting_id)
    correction = get_object_or_404(
        Correction.objects.select_related("item", "item__meeting"),
        pk=correction_id,
        item__meeting=item,
    )
    correction.item.meeting = item
    accept = request.POST.get("decision") == "accept"
    with refusals(request) as refused:
        services.decide_correction(correction, by=request.user, accept=accept)
    if not refused:
        messages.success(
            request,
            _("The correction is taken over.")
            if accept
            else _("The correction is not taken over."),
        )
    return redirect(_meeting_url(item, f"item-{correction.item_id}"))


@login_required
@network_view("members")
def meeting_close(request, network, meeting_id: int):
    """Record who was there and close: the minutes become final and their lines become
    actions, decisions and ideas, shown here first."""
    item = _meeting_or_404(request, network, meeting_id)
    if not services.may_run(item, request.user) or item.minutes_final:
        return redirect(_meeting_url(item))
    items = list(item.items.all())
    people = services.people_of(network)
    previews = [(agenda, services.preview(item, agenda.minutes, people)) for agenda in items]
    present = services.attendees_of(item)
    if request.method == "POST":
        chosen = request.POST.getlist("present")
        with refusals(request) as refused:
            made = services.close_meeting(
                item, by=request.user, present=[int(p) for p in chosen if p.isdigit()]
            )
        if not refused:
            messages.success(
                request,
                _("The meeting is closed; %(count)d actions are made and everyone is mailed.")
                % {"count": made["actions"]},
            )
            return redirect(_meeting_url(item))
        present = {int(p) for p in chosen if p.isdigit()}
    return render(
        request,
        "meetings/close.html",
        {
            "network": network,
            "meeting": item,
            "previews": previews,
            "people": services.active_people(network),
            "present": present,
            "ok": all(p.ok for _, p in previews),
        },
    )


# -- actions -----------------------------------------------------------------------


def _action_or_404(request, network, action_id: int) -> Action:
    return get_object_or_404(
        Action.objects.visible_to(request.user).filter(network=network).with_related(),
        pk=action_id,
    )


def _back(request, default: str) -> str:
    target = request.POST.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else default


@login_required
@network_view("members")
def actions(request, network):
    """The network's actions board, filterable by owner, status, meeting and overdue."""
    meetings_qs = Meeting.objects.visible_to(request.user).filter(network=network)
    form = ActionFilterForm(network, meetings_qs.order_by("-starts_at"), request.GET or None)
    filters = form.filters()
    rows = Action.objects.visible_to(request.user).filter(network=network).with_related()
    status = filters.get("status") or ""
    if status == "":
        rows = rows.open()
    elif status != "all":
        rows = rows.filter(status=status)
    if filters.get("owner"):
        rows = rows.filter(owner=filters["owner"])
    if filters.get("meeting"):
        rows = rows.filter(meeting=filters["meeting"])
    if filters.get("overdue"):
        rows = rows.overdue()
    today = timezone.localdate()
    year_ago = today - timedelta(days=365)
    measured = Action.objects.visible_to(request.user).filter(network=network)
    if filters.get("owner"):
        measured = measured.filter(owner=filters["owner"])
    rate = services.follow_through(measured, year_ago, today)
    chart = charts.follow_through_chart(services.follow_through_by_month(measured, today=today))
    return render(
        request,
        "meetings/actions.html",
        {
            "network": network,
            "form": form,
            "rows": rows[:200],
            "today": today,
            "rate": rate,
            "chart": chart,
            "can_contribute": access.can_contribute(request.user, network),
        },
    )


@login_required
@network_view("contribute")
def action_new(request, network):
    form = ActionForm(network, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals(form=form) as refused:
            action = services.create_action(network, by=request.user, **form.cleaned_data)
        if not refused:
            messages.success(request, _("The action is made and its owner is told."))
            return redirect("meetings:action", network.slug, action.pk)
    return render(request, "meetings/action_form.html", {"network": network, "form": form})


@login_required
@network_view("members")
def action(request, network, action_id: int):
    item = _action_or_404(request, network, action_id)
    return render(
        request,
        "meetings/action.html",
        {
            "network": network,
            "action": item,
            "involved": list(item.involved.all()),
            "comments": list(item.comments.select_related("author")),
            "may_change": services.may_change_action(item, request.user),
            "can_contribute": access.can_contribute(request.user, network),
            "people": services.active_people(network),
            "today": timezone.localdate(),
            "comment_form": CommentForm(),
        },
    )


@require_POST
@login_required
@network_view("members")
def action_status(request, network, action_id: int):
    """Change an action's status (tick it off in place: htmx swaps the row)."""
    item = _action_or_404(request, network, action_id)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose open, in progress, done or dropped."))
    else:
        with refusals(request) as refused:
            services.set_action_status(item, by=request.user, **form.cleaned_data)
        if not refused:
            messages.success(
                request,
                _("‘%(title)s’ is now %(status)s.")
                % {
                    "title": item.title,
                    "status": Action.Status(form.cleaned_data["status"]).label,
                },
            )
    return redirect(_back(request, reverse("meetings:action", args=[network.slug, item.pk])))


@require_POST
@login_required
@network_view("members")
def action_assign(request, network, action_id: int):
    item = _action_or_404(request, network, action_id)
    with refusals(request) as refused:
        services.assign_action(item, by=request.user, owner=request.POST.get("owner") or None)
    if not refused:
        messages.success(request, _("The action has a new owner, who is told."))
    return redirect("meetings:action", network.slug, item.pk)


@require_POST
@login_required
@network_view("members")
def action_comment(request, network, action_id: int):
    item = _action_or_404(request, network, action_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a comment."))
    else:
        with refusals(request):
            services.comment_on_action(item, by=request.user, body=form.cleaned_data["body"])
    return redirect(reverse("meetings:action", args=[network.slug, item.pk]) + "#comments")


# -- ideas and decisions -----------------------------------------------------------


@login_required
@network_view("members")
def ideas(request, network):
    rows = (
        Idea.objects.visible_to(request.user)
        .filter(network=network)
        .with_support()
        .select_related("raised_by", "meeting")
        .annotate(mine=Count("supporters", filter=Q(supporters=request.user), distinct=True))
        .order_by("status", "-support_count", "-created_at", "-pk")
    )
    return render(
        request,
        "meetings/ideas.html",
        {
            "network": network,
            "rows": rows[:200],
            "form": IdeaForm(),
            "can_contribute": access.can_contribute(request.user, network),
            "can_manage": access.can_manage(request.user, network),
            "people": services.active_people(network),
        },
    )


@require_POST
@login_required
@network_view("contribute")
def idea_new(request, network):
    form = IdeaForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Describe the idea in a few words."))
    else:
        with refusals(request) as refused:
            services.raise_idea(network, by=request.user, **form.cleaned_data)
        if not refused:
            messages.success(request, _("Your idea is on the board."))
    return redirect("meetings:ideas", network.slug)


def _idea_or_404(request, network, idea_id: int) -> Idea:
    return get_object_or_404(
        Idea.objects.visible_to(request.user).filter(network=network), pk=idea_id
    )


@require_POST
@login_required
@network_view("members")
def idea_support(request, network, idea_id: int):
    idea = _idea_or_404(request, network, idea_id)
    with refusals(request):
        services.support_idea(idea, by=request.user, support=request.POST.get("support") != "no")
    return redirect(reverse("meetings:ideas", args=[network.slug]) + f"#idea-{idea.pk}")


@require_POST
@login_required
@network_view("members")
def idea_to_action(request, network, idea_id: int):
    idea = _idea_or_404(request, network, idea_id)
    with refusals(request) as refused:
        made = services.idea_to_action(
            idea, by=request.user, owner=request.POST.get("owner") or None
        )
    if refused:
        return redirect(reverse("meetings:ideas", args=[network.slug]) + f"#idea-{idea.pk}")
    messages.success(request, _("The idea is now an action."))
    return redirect("meetings:action", network.slug, made.pk)


@login_required
@network_view("members")
def decisions(request, network):
    rows = (
        Decision.objects.visible_to(request.user)
        .filter(network=network)
        .select_related("meeting", "item")
    )
    return render(request, "meetings/decisions.html", {"network": network, "rows": rows[:300]})


# -- across networks ---------------------------------------------------------------


@login_required
def my_actions(request):
    """Everything I own, across my networks, by due date; ticked off in place."""
    rows = (
        Action.objects.visible_to(request.user)
        .filter(owner=request.user)
        .open()
        .with_related()
        .by_due()
    )
    today = timezone.localdate()
    recent = (
        Action.objects.visible_to(request.user)
        .filter(
            owner=request.user, status=Action.Status.DONE, done_on__gte=today - timedelta(days=30)
        )
        .with_related()
        .order_by("-done_on", "-pk")
    )
    mine = Action.objects.visible_to(request.user).filter(owner=request.user)
    chart = charts.follow_through_chart(services.follow_through_by_month(mine, today=today))
    return render(
        request,
        "meetings/my_actions.html",
        {
            "rows": rows,
            "recent": recent[:50],
            "today": today,
            "rate": services.follow_through(mine, today - timedelta(days=365), today),
            "chart": chart,
        },
    )
