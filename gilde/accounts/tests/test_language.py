"""Someone's language follows them: chosen once, used on every device and in their mail."""

from django.test import Client

from gilde.core import mail
from gilde.core.models import OutgoingMail


def test_switching_the_language_remembers_it_for_the_person(client_for, bert):
    client = client_for(bert)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    bert.refresh_from_db()
    assert bert.language == "en"


def test_an_unknown_language_changes_nothing(client_for, bert):
    client_for(bert).post("/i18n/setlang/", {"language": "xx", "next": "/"})
    bert.refresh_from_db()
    assert bert.language == ""


def test_a_new_device_shows_the_persons_own_language(bert):
    bert.language = "en"
    bert.save(update_fields=["language"])
    client = Client()
    client.force_login(bert)
    page = client.get("/my/", HTTP_ACCEPT_LANGUAGE="nl")
    assert '<html lang="en">' in page.content.decode()
    assert page.cookies["django_language"].value == "en"


def test_mail_is_written_in_the_recipients_language(anke, bert):
    bert.language = "en"
    bert.save(update_fields=["language"])
    from django.utils.translation import gettext_lazy as _

    mail.send_templated(
        _("New comment on “%(title)s”"),
        "core/email/message.html",
        {"text": "x"},
        [anke, bert],
        subject_params={"title": "Vezels"},
    )
    subjects = dict(OutgoingMail.objects.values_list("to", "subject"))
    assert subjects[anke.email] == "[Gilde] Nieuwe reactie op ‘Vezels’"
    assert subjects[bert.email] == "[Gilde] New comment on “Vezels”"
