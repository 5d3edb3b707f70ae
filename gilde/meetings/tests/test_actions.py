"""Actions: made on their own or from minutes, given an owner who is told, changed only by
their owner or a coordinator, and counted in the follow-through rate."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gilde.core.errors import Conflict, Invalid, NotAllowed, NotFound
from gilde.core.models import OutgoingMail
from gilde.core.testing import make_membership, make_network, make_user
from gilde.meetings import services
from gilde.meetings.models import Action, Idea
from gilde.meetings.tests.conftest import plan

pytestmark = pytest.mark.django_db


def test_an_action_needs_an_owner_in_the_network(network, anke, otto, gea):
    with pytest.raises(Invalid, match="eigenaar"):
        services.create_action(network, by=anke, title="Offerte", owner=None)
    for outsider in (otto, gea):  # an outsider and a guest own nothing here
        with pytest.raises(Invalid, match="actief lid"):
            services.create_action(network, by=anke, title="Offerte", owner=outsider)
    assert not Action.objects.exists()


def test_the_owner_is_told_by_mail(network, anke, bert):
    action = services.create_action(network, by=anke, title="Offerte opvragen", owner=bert)
    mail = OutgoingMail.objects.get(to=bert.email)
    assert "Offerte opvragen" in mail.subject
    assert f"/n/{network.slug}/actions/{action.pk}/" in mail.text


def test_a_due_date_before_its_meeting_is_refused(network, anke, bert):
    meeting = plan(network, anke)
    with pytest.raises(Invalid, match="vóór de vergadering"):
        services.create_action(
            network, by=anke, title="Te laat", owner=bert, meeting=meeting,
            due_on=timezone.localdate() - timedelta(days=10),
        )  # fmt: skip


def test_only_the_owner_or_a_coordinator_changes_the_status(network, anke, bert, inge):
    action = services.create_action(network, by=anke, title="Offerte", owner=bert)
    with pytest.raises(NotAllowed):
        services.set_action_status(action, by=inge, status="done")
    services.set_action_status(action, by=bert, status="in_progress")
    services.set_action_status(action, by=anke, status="done")
    action.refresh_from_db()
    assert action.status == "done" and action.done_on == timezone.localdate()


def test_dropping_needs_a_reason(network, anke, bert):
    action = services.create_action(network, by=anke, title="Offerte", owner=bert)
    with pytest.raises(Invalid, match="waarom"):
        services.set_action_status(action, by=bert, status="dropped")
    services.set_action_status(action, by=bert, status="dropped", reason="Niet meer nodig")
    action.refresh_from_db()
    assert action.drop_reason == "Niet meer nodig"


def test_a_new_owner_is_told(network, anke, bert, inge):
    action = services.create_action(network, by=anke, title="Offerte", owner=bert)
    services.assign_action(action, by=anke, owner=inge)
    assert OutgoingMail.objects.filter(to=inge.email).count() == 1


def test_a_coordinator_elsewhere_reaches_nothing_here(network, anke, bert):
    other = make_network("Elders")
    boss = make_user("Baas Elders")
    make_membership(boss, other, role="coordinator")
    action = services.create_action(network, by=anke, title="Offerte", owner=bert)
    with pytest.raises(NotAllowed):
        services.set_action_status(action, by=boss, status="done")
    with pytest.raises(NotFound):
        services.comment_on_action(action, by=boss, body="Hallo")


def test_follow_through_counts_actions_done_on_time(network, anke, bert):
    today = timezone.localdate()
    make = lambda days: services.create_action(  # noqa: E731
        network, by=anke, title=f"Actie {days}", owner=bert, due_on=today - timedelta(days=days)
    )
    on_time, late, still_open, dropped = make(10), make(8), make(5), make(3)
    Action.objects.filter(pk=on_time.pk).update(status="done", done_on=today - timedelta(days=11))
    Action.objects.filter(pk=late.pk).update(status="done", done_on=today - timedelta(days=2))
    Action.objects.filter(pk=dropped.pk).update(status="dropped", drop_reason="Vervallen")
    rate = services.follow_through(Action.objects.all(), today - timedelta(days=30), today)
    assert (rate.on_time, rate.due, rate.percent) == (1, 3, 33)
    assert still_open.is_overdue()


def test_ideas_are_supported_and_turned_into_actions(network, anke, bert, inge):
    idea = services.raise_idea(network, by=bert, title="Samen vlasvezel inkopen")
    services.support_idea(idea, by=inge)
    services.support_idea(idea, by=inge)  # one click, once
    assert Idea.objects.with_support().get().support_count == 1
    with pytest.raises(NotAllowed):
        services.idea_to_action(idea, by=bert, owner=bert)
    action = services.idea_to_action(idea, by=anke, owner=bert)
    assert action.idea == idea and action.title == "Samen vlasvezel inkopen"
    with pytest.raises(Conflict):
        services.idea_to_action(idea, by=anke, owner=bert)


def test_follow_through_per_month_for_the_trend_chart(network, anke, bert):
    from gilde.meetings import charts

    today = timezone.localdate()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=10)
    action = services.create_action(
        network, by=anke, title="Vorige maand", owner=bert, due_on=last_month
    )
    Action.objects.filter(pk=action.pk).update(status="done", done_on=last_month)
    services.create_action(network, by=anke, title="Te laat", owner=bert, due_on=last_month)
    months = services.follow_through_by_month(Action.objects.all(), today=today)
    assert len(months) == 12 and months[-1].start == today.replace(day=1)
    assert (months[-2].rate.on_time, months[-2].rate.due) == (1, 2)
    svg = str(charts.follow_through_chart(months))
    assert svg.startswith("<svg") and "1 van 2 op tijd" in svg
