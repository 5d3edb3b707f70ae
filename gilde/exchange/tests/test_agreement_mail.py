"""Every step of an agreement mails whom it concerns, in their language; the reminders
command reminds after 14 days and asks a coordinator after 30, and never sends twice."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from gilde.core.models import OutgoingMail
from gilde.exchange import services
from gilde.exchange.models import Agreement

TEMPLATE = "exchange/email/agreement.txt"


def _to(*people) -> list[str]:
    return sorted(p.email for p in people)


def _mailed(since: int = 0) -> list[str]:
    return sorted(
        OutgoingMail.objects.filter(template=TEMPLATE, pk__gt=since).values_list("to", flat=True)
    )


def _last_mail() -> int:
    return OutgoingMail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _reload(agreement):
    return Agreement.objects.with_parties().get(pk=agreement.pk)


@pytest.fixture
def step(django_capture_on_commit_callbacks):
    """Run a step with its mails sent; returns who was mailed."""

    def run(action, *args, **kwargs):
        before = _last_mail()
        with django_capture_on_commit_callbacks(execute=True):
            result = action(*args, **kwargs)
        return result, _mailed(before)

    return run


def test_each_step_mails_the_other_side(step, propose, anke, bert, ria):
    agreement, mailed = step(propose, ria)
    assert mailed == _to(bert)
    agreement, mailed = step(services.accept_agreement, _reload(agreement), by=bert)
    assert mailed == _to(ria)
    agreement, mailed = step(services.deliver_agreement, _reload(agreement), by=ria)
    assert mailed == _to(bert)
    mail = OutgoingMail.objects.filter(template=TEMPLATE).latest("pk")
    assert "bevestig" in mail.text.lower() and "1 uur 30 min" in mail.text
    agreement, mailed = step(services.confirm_agreement, _reload(agreement), by=bert)
    assert mailed == _to(ria)


def test_declining_and_withdrawing_mail_the_other_side(step, propose, bert, ria):
    _made, mailed = step(services.decline_agreement, propose(ria), by=bert)
    assert mailed == _to(ria)
    _made, mailed = step(services.withdraw_agreement, propose(ria), by=ria)
    assert mailed == _to(bert)


def test_a_dispute_reaches_the_coordinators_and_the_settlement_both_sides(
    step, propose, anke, bert, ria
):
    agreement = services.deliver_agreement(
        _reload(services.accept_agreement(propose(ria), by=bert)), by=ria
    )
    agreement, mailed = step(
        services.dispute_agreement, _reload(agreement), by=bert, reason="Onvolledig"
    )
    assert mailed == _to(anke, ria)
    to_anke = OutgoingMail.objects.filter(template=TEMPLATE, to=anke.email).latest("pk")
    assert "Onvolledig" in to_anke.text and "/exchange/disputes/" in to_anke.text
    agreement, mailed = step(
        services.settle_agreement, _reload(agreement), by=anke, amount=60, note="Twee derde"
    )
    assert mailed == _to(bert, ria)
    assert "Twee derde" in OutgoingMail.objects.filter(to=ria.email).latest("pk").text


def test_agreement_mails_are_in_each_recipients_language(step, propose, bert, ria):
    bert.language = "en"
    bert.save(update_fields=["language"])
    step(propose, ria)
    mail = OutgoingMail.objects.get(template=TEMPLATE, to=bert.email)
    assert mail.language == "en" and "proposes an agreement" in mail.text
    assert "1 hour 30 min" in mail.text or "1 uur 30 min" in mail.text


# -- reminders ------------------------------------------------------------------------


def _delivered(propose, ria, bert, *, days_ago: int):
    agreement = services.deliver_agreement(
        _reload(services.accept_agreement(propose(ria), by=bert)), by=ria
    )
    Agreement.objects.filter(pk=agreement.pk).update(
        delivered_at=timezone.now() - timedelta(days=days_ago)
    )
    return agreement


@pytest.fixture
def reminders(django_capture_on_commit_callbacks):
    def run() -> list[str]:
        before = _last_mail()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("exchange_agreement_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        return _mailed(before)

    return run


def test_nothing_is_sent_before_14_days(reminders, propose, bert, ria):
    _delivered(propose, ria, bert, days_ago=13)
    assert reminders() == []


def test_the_receiver_is_reminded_once_after_14_days(reminders, propose, bert, ria):
    agreement = _delivered(propose, ria, bert, days_ago=15)
    assert reminders() == _to(bert)
    assert reminders() == [], "a second run sends nothing again"
    agreement = _reload(agreement)
    assert agreement.reminded_at is not None and agreement.status == Agreement.Status.DELIVERED
    assert "14" in OutgoingMail.objects.filter(template=TEMPLATE).latest("pk").text


def test_after_30_days_a_coordinator_is_asked_to_settle_once(reminders, propose, anke, bert, ria):
    agreement = _delivered(propose, ria, bert, days_ago=15)
    reminders()
    Agreement.objects.filter(pk=agreement.pk).update(
        delivered_at=timezone.now() - timedelta(days=31)
    )
    assert reminders() == _to(anke, bert, ria)
    assert reminders() == []
    agreement = _reload(agreement)
    assert agreement.status == Agreement.Status.DISPUTED and agreement.escalated_at
    assert agreement.disputed_by is None and agreement.dispute_reason == ""
    # It is a dispute like any other now: the coordinator settles it.
    settled = services.settle_agreement(agreement, by=anke, amount=90, note="Geleverd, betaald")
    assert settled.status == Agreement.Status.SETTLED


def test_an_agreement_past_30_days_is_escalated_without_a_late_reminder(
    reminders, propose, anke, bert, ria
):
    _delivered(propose, ria, bert, days_ago=40)
    assert reminders() == _to(anke, bert, ria)
    assert (
        OutgoingMail.objects.filter(template=TEMPLATE, subject__icontains="herinnering").count()
        == 0
    )


def test_confirmed_and_settled_agreements_are_left_alone(reminders, propose, bert, ria):
    agreement = _delivered(propose, ria, bert, days_ago=40)
    services.confirm_agreement(_reload(agreement), by=bert)
    assert reminders() == []
