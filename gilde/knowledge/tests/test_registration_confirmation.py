"""Registering for a session sends a confirmation with the session's .ics, in the
person's own language, once the registration is committed; a place on the waiting
list gets word of that instead (no .ics: there is no place yet)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from gilde.core.models import OutgoingMail
from gilde.core.testing import make_membership, make_user
from gilde.knowledge import services


@pytest.fixture
def workshop(network, anke):
    starts = timezone.now() + timedelta(days=3)
    return services.create_session(
        network, by=anke, title="Werkplaats vlas", description="Met **koffie**.", capacity=1,
        starts_at=starts, ends_at=starts + timedelta(hours=2), location="Groningen",
    )  # fmt: skip


def _ics(message) -> Calendar:
    [attachment] = message.attachments
    name, content, mimetype = attachment
    assert name.endswith(".ics")
    assert mimetype == "text/calendar"
    return Calendar.from_ical(content)


def test_a_registration_is_confirmed_with_the_ics(
    workshop, bert, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.register(workshop, by=bert)
    [message] = mailoutbox
    assert message.to == [bert.email]
    assert "Werkplaats vlas" in message.subject
    assert "/sessions/" in message.body
    calendar = _ics(message)
    calendar.validate()
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == workshop.uid
    assert str(event["SUMMARY"]) == "Werkplaats vlas"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["DESCRIPTION"]).startswith("Met koffie.")
    assert event.decoded("DTSTART") == workshop.starts_at.replace(microsecond=0)


def test_nothing_is_sent_before_the_registration_commits(workshop, bert, mailoutbox):
    services.register(workshop, by=bert)  # the test's transaction never commits
    assert mailoutbox == []
    assert not OutgoingMail.objects.exists()


def test_the_confirmation_is_in_the_persons_language(
    workshop, bert, mailoutbox, django_capture_on_commit_callbacks
):
    bert.language = "en"
    bert.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        services.register(workshop, by=bert)
    [message] = mailoutbox
    assert "You are registered for “Werkplaats vlas”" in message.subject
    assert "See you there!" in message.body
    assert OutgoingMail.objects.get().language == "en"


def test_the_waiting_list_gets_its_own_mail_without_ics(
    workshop, network, bert, mailoutbox, django_capture_on_commit_callbacks
):
    carla = make_user("Carla Visser", email="carla@example.test", language="en")
    make_membership(carla, network)
    with django_capture_on_commit_callbacks(execute=True):
        services.register(workshop, by=bert)
        services.register(workshop, by=carla)
    confirmation, waiting = mailoutbox
    assert confirmation.to == [bert.email]
    assert waiting.to == [carla.email]
    assert "waiting list" in waiting.subject
    assert "You are number 1." in waiting.body
    assert waiting.attachments == []


def test_registering_again_after_cancelling_confirms_again(
    workshop, bert, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.register(workshop, by=bert)
        services.cancel_registration(workshop, by=bert)
        services.register(workshop, by=bert)
    assert len(mailoutbox) == 2
    assert all(len(message.attachments) == 1 for message in mailoutbox)


def test_who_moves_up_from_the_waiting_list_gets_the_ics_too(
    workshop, network, bert, mailoutbox, django_capture_on_commit_callbacks
):
    carla = make_user("Carla Visser", email="carla@example.test")
    make_membership(carla, network)
    services.register(workshop, by=bert)
    services.register(workshop, by=carla)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(workshop, by=bert)
    [message] = mailoutbox
    assert message.to == [carla.email]
    [event] = _ics(message).walk("VEVENT")
    assert str(event["UID"]) == workshop.uid
