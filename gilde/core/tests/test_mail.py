"""Mail goes out through the outbox: one message per recipient, after commit, retried, stoppable."""

from __future__ import annotations

from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gilde.core import mail
from gilde.core.models import MailStop, OutgoingMail

TEMPLATE = "core/email/test_message.txt"


@pytest.fixture(autouse=True)
def _template(settings, tmp_path):
    folder = tmp_path / "templates" / "core" / "email"
    folder.mkdir(parents=True)
    (folder / "test_message.txt").write_text(
        "{% load i18n %}{% translate 'Search' %}: **{{ title }}** {{ SITE_URL }}/n/x/\n"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    ]


def _send(recipients, **kwargs):
    return mail.send_templated(
        _("New comment on “%(title)s”"), TEMPLATE, {"title": "Vezels"}, recipients,
        subject_params={"title": "Vezels"}, **kwargs,
    )  # fmt: skip


def test_each_recipient_gets_a_message_of_their_own_after_commit(
    anke, bert, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assert _send([anke, bert.email, "nieuw@example.test"], caused_by=anke) == 3
        assert mailoutbox == []  # nothing leaves before the transaction commits
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [anke.email, bert.email, "nieuw@example.test"]
    )
    message = mailoutbox[0]
    assert isinstance(message, EmailMultiAlternatives)
    assert message.subject == "[Gilde] Nieuwe reactie op ‘Vezels’"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert "Zoeken: **Vezels**" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="nl">' in html and "Zoeken: **Vezels**" in html
    assert OutgoingMail.objects.filter(status="sent").count() == 3


def test_a_mail_server_that_is_down_is_no_error_and_the_mail_is_retried(
    anke, mailoutbox, monkeypatch, django_capture_on_commit_callbacks, client_for
):
    def down(self, *args, **kwargs):
        raise SMTPException("Connection refused")

    monkeypatch.setattr(EmailMultiAlternatives, "send", down)
    with django_capture_on_commit_callbacks(execute=True):
        _send(["nieuw@example.test"], caused_by=anke)
    queued = OutgoingMail.objects.get()
    assert queued.status == "retrying"
    assert queued.attempts == 1
    assert "Connection refused" in queued.last_error
    assert queued.next_attempt_at > timezone.now()

    page = client_for(anke).get("/me/mail/")
    assert page.status_code == 200
    assert "nieuw@example.test" in page.content.decode()
    assert "Connection refused" in page.content.decode()

    monkeypatch.undo()
    assert mail.send_due() == (0, 0)  # not due yet
    assert mail.send_due(now=queued.next_attempt_at + timedelta(seconds=1)) == (1, 0)
    assert [m.to for m in mailoutbox] == [["nieuw@example.test"]]
    assert OutgoingMail.objects.get().status == "sent"


def test_a_mail_is_given_up_after_the_last_retry(anke, monkeypatch):
    monkeypatch.setattr(
        EmailMultiAlternatives, "send", lambda self, *a, **k: (_ for _ in ()).throw(OSError("x"))
    )
    _send(["weg@example.test"])
    queued = OutgoingMail.objects.get()
    later = timezone.now()
    for _attempt in range(len(mail.BACKOFF) + 1):
        later += timedelta(days=1)
        mail.deliver_now(queued.pk)
    queued.refresh_from_db()
    assert queued.status == "failed"
    assert queued.attempts == len(mail.BACKOFF) + 1
    assert mail.send_due(now=later + timedelta(days=7)) == (0, 0)


def test_someone_else_does_not_see_my_mail(anke, bert, client_for):
    _send(["nieuw@example.test"], caused_by=anke)
    assert "nieuw@example.test" not in client_for(bert).get("/me/mail/").content.decode()
    assert Client().get("/me/mail/").status_code == 302


def test_a_notification_stops_with_one_click_and_then_stays_away(
    bert, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _send([bert], topic="knowledge.follow")
    headers = mailoutbox[0].extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = headers["List-Unsubscribe"].strip("<>")
    path = url.removeprefix("http://127.0.0.1:8000")
    assert path.startswith("/mail/stop/")

    # A link scanner that follows the address stops nothing; the mail client's POST does.
    assert Client().get(path).status_code == 200
    assert not MailStop.objects.exists()
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert MailStop.objects.filter(user=bert, topic="knowledge.follow").exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert _send([bert], topic="knowledge.follow") == 0
        assert _send([bert]) == 1  # mail that is not that notification still arrives
    assert len(mailoutbox) == 2


def test_a_forged_stop_address_is_not_found(bert):
    assert Client().post("/mail/stop/not-a-token/").status_code == 404
    forged = mail.stop_token(bert, "knowledge.follow")[:-2] + "xx"
    assert Client().post(f"/mail/stop/{forged}/").status_code == 404
    assert not MailStop.objects.exists()


def test_a_line_break_in_a_subject_cannot_add_a_header(anke, mailoutbox):
    mail.send_templated("Hallo\nBcc: iedereen@example.test", TEMPLATE, {"title": "x"}, [anke])
    assert OutgoingMail.objects.get().subject == "[Gilde] Hallo Bcc: iedereen@example.test"


def test_a_small_text_attachment_goes_along(anke, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mail.send_templated(
            "Agenda", TEMPLATE, {"title": "x"}, [anke],
            attachments=[("sessie.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
        )  # fmt: skip
    (name, content, mimetype) = mailoutbox[0].attachments[0]
    assert (name, mimetype) == ("sessie.ics", "text/calendar")
    assert content.startswith("BEGIN:VCALENDAR")


def test_the_profile_links_to_the_mail_sent_for_me(client_for, bert):
    assert 'href="/me/mail/"' in client_for(bert).get("/me/").content.decode()
