"""Attachments: uploaded by an item's authors, served only by the view that checks access."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from gilde.core.testing import make_membership, make_network, make_user
from gilde.knowledge import services
from gilde.knowledge.models import Attachment


def url(name, network, *args):
    return reverse(f"knowledge:{name}", args=[network.slug, *args])


def said(text: str) -> str:
    with translation.override("nl"):
        return escape(translation.gettext(text))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def article(network, bert):
    return services.create_article(network, by=bert, title="Met bijlage", body="x", publish=True)


def upload(client, network, item, name, content, kind="article"):
    return client.post(
        url("attachment_add", network),
        {"kind": kind, "object_id": item.pk, "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def stored_files(media):
    folder = media / "attachments"
    return list(folder.iterdir()) if folder.exists() else []


def test_the_author_attaches_a_file_and_a_member_downloads_it(
    client_for, network, anke, bert, article, media
):
    response = upload(client_for(bert), network, article, "Rapport vezels.pdf", b"%PDF-1.4 data")
    attachment = Attachment.objects.get()
    assert attachment.name == "Rapport_vezels.pdf"
    assert "Rapport_vezels.pdf" in response.content.decode()

    download = client_for(anke).get(url("attachment", network, attachment.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert 'filename="Rapport_vezels.pdf"' in download["Content-Disposition"]
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == b"%PDF-1.4 data"


def test_an_outsider_a_guest_and_anonymous_get_404(
    client, client_for, network, bert, gea, otto, article
):
    services.add_attachment(article, by=bert, upload=SimpleUploadedFile("a.pdf", b"%PDF"))
    attachment = Attachment.objects.get()
    for browser in (client_for(otto), client_for(gea)):
        assert browser.get(url("attachment", network, attachment.pk)).status_code == 404
    # Logged out: the login page, which leads back (test_login_instead_of_404.py).
    response = client.get(url("attachment", network, attachment.pk))
    assert response["Location"].startswith(reverse("account_login") + "?next=")


def test_an_attachment_is_not_reachable_through_another_network(client_for, network, bert, article):
    services.add_attachment(article, by=bert, upload=SimpleUploadedFile("a.pdf", b"%PDF"))
    other = make_network("Ander Netwerk")
    make_membership(bert, other)
    attachment = Attachment.objects.get()
    assert client_for(bert).get(url("attachment", other, attachment.pk)).status_code == 404


def test_a_file_that_is_too_large_is_refused_and_nothing_saved(
    client_for, network, bert, article, media, settings
):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    response = upload(client_for(bert), network, article, "groot.pdf", b"x" * (1024 * 1024 + 1))
    with translation.override("nl"):
        message = translation.gettext("The file is too large: at most %(size)s MB.") % {"size": 1}
    assert escape(message) in response.content.decode()
    assert not Attachment.objects.exists() and stored_files(media) == []


def test_a_forbidden_type_is_refused_and_nothing_saved(client_for, network, bert, article, media):
    response = upload(client_for(bert), network, article, "setup.exe", b"MZ")
    assert said("Files of this type cannot be attached. Allowed: %(types)s").split("%")[0] in (
        response.content.decode()
    )
    assert not Attachment.objects.exists() and stored_files(media) == []


def test_someone_elses_item_gets_no_attachment(client_for, network, anke, article, media):
    response = upload(client_for(anke), network, article, "a.pdf", b"%PDF")
    assert said("Only the author can change this.") in response.content.decode()
    assert not Attachment.objects.exists() and stored_files(media) == []


def test_the_author_removes_an_attachment_and_its_file(
    client_for, network, bert, article, media, django_capture_on_commit_callbacks
):
    services.add_attachment(article, by=bert, upload=SimpleUploadedFile("a.pdf", b"%PDF"))
    attachment = Attachment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(bert).post(url("attachment_delete", network, attachment.pk), {"confirm": "yes"})
    assert not Attachment.objects.exists() and stored_files(media) == []


def test_session_files_for_attendees_only(client_for, network, anke, bert):
    ria = make_user("Ria Veenstra")
    make_membership(ria, network)
    session = services.create_session(
        network, by=anke, title="Workshop", description="x", materials_for_attendees=True,
        starts_at=timezone.now() + timedelta(days=1), ends_at=timezone.now() + timedelta(days=2),
    )  # fmt: skip
    response = upload(client_for(anke), network, session, "dias.pdf", b"%PDF", kind="session")
    assert response.status_code == 200
    attachment = Attachment.objects.get()
    services.register(session, by=bert)
    services.register(session, by=ria)
    services.record_attendance(session, by=anke, user_ids=[bert.pk])
    assert client_for(bert).get(url("attachment", network, attachment.pk)).status_code == 200
    assert client_for(ria).get(url("attachment", network, attachment.pk)).status_code == 404
    assert (
        "dias.pdf" not in client_for(ria).get(url("session", network, session.pk)).content.decode()
    )


def test_deleting_an_article_removes_its_files_once_committed(
    network, bert, article, media, django_capture_on_commit_callbacks
):
    services.add_attachment(article, by=bert, upload=SimpleUploadedFile("a.pdf", b"%PDF"))
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_article(article, by=bert)
    assert stored_files(media) == []
