"""What `manage.py send_reminders` mails: each kind to the right people, once."""

import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from gilde.core.models import MailStop, OutgoingMail
from gilde.core.testing import make_membership, make_network, make_user
from gilde.meetings import reminders, services
from gilde.meetings.models import Correction, Reminder
from gilde.meetings.tests.conftest import plan
from gilde.networks.models import Membership

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def mails(template: str):
    return OutgoingMail.objects.filter(template=f"meetings/email/{template}.txt").order_by("pk")


def action_for(network, by, owner, days, title="Offerte opvragen bij de drukker"):
    """An action of `owner` due `days` from today (None: no due date)."""
    due = None if days is None else TODAY() + timedelta(days=days)
    return services.create_action(network, by=by, title=title, owner=owner, due_on=due)


def link(action) -> str:
    return settings.SITE_URL + reverse("meetings:action", args=[action.network.slug, action.pk])


def test_the_owner_hears_of_an_action_due_within_two_days(network, anke, bert):
    soon = action_for(network, anke, bert, 2)
    today = action_for(network, anke, bert, 0, title="Zaal reserveren")
    action_for(network, anke, bert, 3, title="Later")
    action_for(network, anke, bert, None, title="Ooit")
    done = action_for(network, anke, bert, 1, title="Al gedaan")
    services.set_action_status(done, by=bert, status="done")

    sent = reminders.actions_due()

    assert {s.object_id for s in sent} == {soon.pk, today.pk}
    assert list(mails("action_due").values_list("to", flat=True)) == [bert.email] * 2
    mail = mails("action_due").get(text__contains=soon.title)
    assert soon.title in mail.subject
    assert link(soon) in mail.text
    assert not mails("action_overdue").exists()


def test_the_owner_hears_of_an_overdue_action_once_per_due_date(network, anke, bert):
    late = action_for(network, anke, bert, -1)
    on_time = action_for(network, anke, bert, 1, title="Nog niet te laat")

    assert [s.object_id for s in reminders.actions_overdue()] == [late.pk]
    mail = mails("action_overdue").get()
    assert (mail.to, late.title in mail.subject) == (bert.email, True)
    assert late.title in mail.text and link(late) in mail.text
    assert on_time.title not in mail.text

    assert reminders.actions_overdue() == []
    services.update_action(late, by=bert, due_on=TODAY() - timedelta(days=2))
    assert [s.object_id for s in reminders.actions_overdue()] == [late.pk]
    assert mails("action_overdue").count() == 2


def test_a_changed_due_date_reminds_again(network, anke, bert):
    action = action_for(network, anke, bert, 1)
    assert len(reminders.actions_due()) == 1
    assert reminders.actions_due() == []
    services.update_action(action, by=bert, due_on=TODAY() + timedelta(days=2))
    assert len(reminders.actions_due()) == 1
    assert mails("action_due").count() == 2
    assert set(Reminder.objects.values_list("key", flat=True)) == {
        (TODAY() + timedelta(days=1)).isoformat(),
        (TODAY() + timedelta(days=2)).isoformat(),
    }


def test_a_suspended_member_or_closed_account_gets_nothing(network, anke, bert, inge):
    action_for(network, anke, bert, 1)
    action_for(network, anke, inge, -3)
    Membership.objects.filter(user=bert, network=network).update(status="suspended")
    inge.is_active = False
    inge.save()

    sent = reminders.send_reminders()
    assert sent["action_due"] == sent["action_overdue"] == []
    assert not mails("action_due").exists() and not mails("action_overdue").exists()
    # The coordinator still sees the overdue action in the weekly list.
    assert [s.to for s in sent["overdue_summary"]] == [(anke.email,)]
    assert not Reminder.objects.exclude(kind="overdue_summary").exists()

    # Back in the network: what is still open is reminded after all.
    Membership.objects.filter(user=bert, network=network).update(status="active")
    assert len(reminders.actions_due()) == 1


def test_someone_who_stopped_action_mails_gets_none_and_none_is_counted(network, anke, bert):
    MailStop.objects.create(user=bert, topic=services.ACTIONS_TOPIC)
    action_for(network, anke, bert, 1)
    assert reminders.actions_due() == []
    assert not mails("action_due").exists()
    assert Reminder.objects.filter(kind="action_due").count() == 1  # dealt with, not retried


def test_each_coordinator_gets_one_overdue_list_a_week(network, anke, bert, inge):
    first = action_for(network, anke, bert, -5)
    second = action_for(network, anke, inge, -1, title="Notulen rondsturen")
    action_for(network, anke, inge, 4, title="Niet te laat")
    elsewhere = make_network("Elders")
    other = make_user("Olga Oost")
    make_membership(other, elsewhere, role="coordinator")
    pieter = make_user("Pieter Terpstra")
    make_membership(pieter, network, role="coordinator")
    gone = make_user("Gerda Weg")
    make_membership(gone, network, role="coordinator", status="suspended")

    sent = reminders.overdue_summaries()

    assert sorted(s.to for s in sent) == sorted([(anke.email,), (pieter.email,)])
    to_anke = mails("overdue_summary").get(to=anke.email)
    assert network.name in to_anke.subject and "2" in to_anke.subject
    for action in (first, second):
        assert action.title in to_anke.text and link(action) in to_anke.text
    assert "Niet te laat" not in to_anke.text
    assert bert.display_name in to_anke.text
    overview = settings.SITE_URL + reverse("meetings:actions", args=[network.slug])
    assert overview + "?overdue=1" in to_anke.text

    assert reminders.overdue_summaries() == []  # same week
    next_week = TODAY() + timedelta(days=7)
    assert len(reminders.overdue_summaries(today=next_week)) == 2
    assert set(Reminder.objects.values_list("key", flat=True)) == {
        reminders.iso_week(TODAY()),
        reminders.iso_week(next_week),
    }


def test_no_overdue_list_without_overdue_actions(network, anke, bert):
    action_for(network, anke, bert, 0)
    assert reminders.overdue_summaries() == []


def test_the_organisers_hear_of_a_meeting_not_closed_two_days_after(network, anke, bert, inge):
    meeting = plan(network, anke, days=-5, organisers=[bert])
    closed = plan(network, anke, days=-5, title="Gesloten")
    services.close_meeting(closed, by=anke, present=[anke])
    OutgoingMail.objects.all().delete()

    assert reminders.meetings_not_closed(now=meeting.ends_at + timedelta(hours=47)) == []
    sent = reminders.meetings_not_closed(now=meeting.ends_at + timedelta(hours=49))

    assert [s.object_id for s in sent] == [meeting.pk]
    got = mails("meeting_not_closed")
    assert sorted(got.values_list("to", flat=True)) == sorted([anke.email, bert.email])
    close = reverse("meetings:meeting_close", args=[network.slug, meeting.pk])
    assert all(meeting.title in m.subject and settings.SITE_URL + close in m.text for m in got)
    assert reminders.meetings_not_closed() == []


def test_the_organisers_hear_of_corrections_open_for_two_days(network, anke, bert, inge):
    meeting = plan(network, anke, days=-1)
    item = services.add_agenda_item(meeting, by=anke, title="Pilotinstallatie")
    services.save_minutes(item, by=anke, text="We bespreken de offerte.")
    services.record_attendance(meeting, by=anke, present=[bert, inge])
    old = services.propose_correction(item, by=bert, text="We bespreken twee offertes.")
    older = services.propose_correction(item, by=inge, text="We bespreken drie offertes.")
    fresh = services.propose_correction(item, by=inge, text="Vier offertes.", note="typo")
    Correction.objects.filter(pk__in=[old.pk, older.pk]).update(
        created_at=timezone.now() - timedelta(days=3)
    )
    decided = services.propose_correction(item, by=bert, text="Vijf.")
    services.decide_correction(decided, by=anke, accept=False)
    Correction.objects.filter(pk=decided.pk).update(created_at=timezone.now() - timedelta(days=5))

    sent = reminders.minutes_to_finalise()

    assert sorted(s.object_id for s in sent) == sorted([old.pk, older.pk])
    mail = mails("minutes_to_finalise").get()  # one mail for the meeting, to its organiser
    assert mail.to == anke.email and meeting.title in mail.subject
    assert item.title in mail.text and bert.display_name in mail.text
    assert settings.SITE_URL + reverse("meetings:meeting", args=[network.slug, meeting.pk]) in (
        mail.text
    )
    assert reminders.minutes_to_finalise() == []
    later = timezone.now() + timedelta(days=3)
    assert [s.object_id for s in reminders.minutes_to_finalise(now=later)] == [fresh.pk]


def test_running_twice_sends_nothing_new(network, anke, bert):
    action_for(network, anke, bert, 1)
    action_for(network, anke, bert, -2, title="Te laat")
    plan(network, anke, days=-4)
    first = reminders.send_reminders()
    assert [len(first[kind]) for kind in reminders.KINDS] == [1, 1, 1, 1, 0]
    count = OutgoingMail.objects.count()
    assert all(sent == [] for sent in reminders.send_reminders().values())
    assert OutgoingMail.objects.count() == count


def test_the_command_names_the_counts_and_with_v2_each_reminder(network, anke, bert):
    soon = action_for(network, anke, bert, 1)
    action_for(network, anke, bert, -2, title="Te laat")

    out = io.StringIO()
    call_command("send_reminders", "--dry-run", "-v2", stdout=out)
    assert "1 reminders would be sent: actions due soon (action_due)." in out.getvalue()
    assert f"action_due #{soon.pk}" in out.getvalue() and bert.email in out.getvalue()
    assert not Reminder.objects.exists() and not mails("action_due").exists()

    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    report = out.getvalue()
    assert "1 reminders sent: actions due soon (action_due)." in report
    assert "1 reminders sent: overdue actions (action_overdue)." in report
    assert "1 reminders sent: weekly overdue lists to coordinators (overdue_summary)." in report
    assert "0 reminders sent: meetings not closed (meeting_not_closed)." in report
    assert f"#{soon.pk}" not in report  # each one only with -v2

    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert "1 reminders" not in out.getvalue()
