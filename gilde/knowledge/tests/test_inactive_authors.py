"""Suspended and departed authors write nothing and read only what an outsider reads.

Ria was a member of Biobased Noord and wrote there; then she was suspended, or
she left. Her authorship no longer counts (docs/access.md): what is not public
is 404 to her, and on what is public she may change nothing (403 in the API, a
message on the page). Bert (member) and Anke (coordinator) go on working.
"""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from gilde.accounts.services import issue_token
from gilde.core import access, search
from gilde.core.testing import make_membership, make_user
from gilde.knowledge import services
from gilde.knowledge.models import Answer, Article, Attachment, Question, Session
from gilde.networks.models import Membership

INACTIVE = pytest.mark.parametrize("status", ["suspended", "left"])


def url(name, network, *args):
    return reverse(f"knowledge:{name}", args=[network.slug, *args])


def api(network, path: str) -> str:
    return f"/api/v1/networks/{network.slug}/{path}"


def inactive_message(network) -> str:
    with translation.override("nl"):
        return translation.gettext(
            "Your membership of %(network)s is not active: you can no longer change this."
        ) % {"network": network}


def bearer(user) -> dict:
    _token, raw = issue_token(user, "tests", by=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def send(client, method: str, path: str, body=None, **headers):
    return client.generic(
        method, path, json.dumps(body or {}), content_type="application/json", **headers
    )


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def ria(network):
    user = make_user("Ria Veenstra", email="ria@example.test")
    make_membership(user, network, role="member")
    return user


@pytest.fixture
def token(ria):
    """Issued while Ria was active: tokens outlive a suspension, her rights do not."""
    return bearer(ria)


@pytest.fixture
def written(network, anke, bert, ria):
    """What Ria wrote while active: a circle-only article (the report's case), a public one,
    a draft, a members' question and a public one, and a public session."""
    starts = timezone.now() + timedelta(days=3)
    return {
        "circle": services.create_article(
            network, by=ria, title="Alleen voor Bert", body="Geheim recept.",
            visibility="circle", circle=[bert.pk], publish=True,
        ),
        "public": services.create_article(
            network, by=ria, title="Hennep voor iedereen", body="Open kennis.",
            visibility="public", publish=True,
        ),
        "draft": services.create_article(network, by=ria, title="Half af", body="Nog niet klaar."),
        "question": services.ask_question(network, by=ria, title="Wie kent PHA?"),
        "public_question": services.ask_question(
            network, by=ria, title="Wie maakt vezelplaat?", visibility="public"
        ),
        "session": services.create_session(
            network, by=ria, title="Open werkplaats", description="Kom langs.",
            visibility="public", starts_at=starts, ends_at=starts + timedelta(hours=2),
        ),
    }  # fmt: skip


def stop(ria, status: str) -> None:
    """A coordinator suspends Ria, or she leaves."""
    Membership.objects.filter(user=ria).update(status=status)
    access.forget_memberships(ria)


# -- the API -------------------------------------------------------------------


@INACTIVE
def test_the_api_refuses_to_make_her_circle_article_public(
    client, network, ria, token, written, status
):
    stop(ria, status)
    article = written["circle"]
    response = send(
        client, "PATCH", api(network, f"articles/{article.pk}"), {"visibility": "public"}, **token
    )
    assert response.status_code == 404
    article.refresh_from_db()
    assert article.visibility == "circle"


@INACTIVE
def test_the_api_refuses_to_change_or_publish_even_what_she_may_still_read(
    client, network, ria, token, written, status
):
    stop(ria, status)
    public = written["public"]
    detail = client.get(api(network, f"articles/{public.pk}"), **token)
    assert detail.status_code == 200 and detail.json()["may_edit"] is False

    response = send(
        client, "PATCH", api(network, f"articles/{public.pk}"), {"title": "Nieuw"}, **token
    )
    assert response.status_code == 403
    assert response.json()["message"] == inactive_message(network)
    public.refresh_from_db()
    assert public.title == "Hennep voor iedereen"

    draft = written["draft"]
    response = send(client, "POST", api(network, f"articles/{draft.pk}/publish"), **token)
    assert response.status_code == 404
    assert Article.objects.get(pk=draft.pk).status == "draft"


@INACTIVE
def test_the_api_refuses_her_a_new_visibility_for_her_public_question(
    client, network, ria, token, written, status
):
    stop(ria, status)
    question = written["public_question"]
    response = send(
        client, "PATCH", api(network, f"questions/{question.pk}"), {"visibility": "private"},
        **token,
    )  # fmt: skip
    assert response.status_code == 403
    assert Question.objects.get(pk=question.pk).visibility == "public"


@INACTIVE
def test_she_no_longer_reads_new_answers_to_her_question(
    client,
    client_for,
    network,
    bert,
    ria,
    token,
    written,
    status,
    django_capture_on_commit_callbacks,
):
    question = written["question"]
    stop(ria, status)
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_question(question, by=bert, body="Ik ken een leverancier van PHA-korrels.")

    assert client_for(ria).get(url("question", network, question.pk)).status_code == 404
    assert client.get(api(network, f"questions/{question.pk}"), **token).status_code == 404
    assert search.search(ria, "leverancier").total == 0
    assert [m for m in mail.outbox if "ria@example.test" in m.to] == []


# -- the pages -----------------------------------------------------------------


@INACTIVE
def test_the_edit_pages_are_404_to_her(client_for, network, ria, written, status):
    stop(ria, status)
    browser = client_for(ria)
    for key in ("circle", "public", "draft"):
        assert browser.get(url("article_edit", network, written[key].pk)).status_code == 404
        response = browser.post(
            url("article_edit", network, written[key].pk),
            {"title": "Gekaapt", "body": "x", "kind": "kennisartikel", "visibility": "public"},
        )
        assert response.status_code == 404
    assert browser.get(url("question_edit", network, written["question"].pk)).status_code == 404
    assert browser.get(url("session_edit", network, written["session"].pk)).status_code == 404
    assert not Article.objects.filter(title="Gekaapt").exists()


@INACTIVE
def test_publishing_her_draft_on_the_page_is_404(client_for, network, ria, written, status):
    stop(ria, status)
    response = client_for(ria).post(url("article_publish", network, written["draft"].pk))
    assert response.status_code == 404
    assert Article.objects.get(pk=written["draft"].pk).status == "draft"


@INACTIVE
def test_on_her_public_article_she_gets_a_message_and_no_buttons(
    client_for, network, ria, written, status
):
    stop(ria, status)
    browser = client_for(ria)
    public = written["public"]
    page = browser.get(url("article", network, public.pk)).content.decode()
    assert url("article_edit", network, public.pk) not in page
    assert url("article_delete", network, public.pk) not in page
    assert url("attachment_add", network) not in page

    response = browser.post(url("article_publish", network, public.pk), {"action": "unpublish"})
    assert response.status_code == 302
    assert Article.objects.get(pk=public.pk).status == "published"
    response = browser.post(url("article_delete", network, public.pk), follow=True)
    assert escape(inactive_message(network)) in response.content.decode()
    assert Article.objects.filter(pk=public.pk).exists()


@INACTIVE
def test_uploading_an_attachment_is_refused(client_for, network, ria, written, status):
    stop(ria, status)
    browser = client_for(ria)

    def upload(item, kind="article"):
        return browser.post(
            url("attachment_add", network),
            {"kind": kind, "object_id": item.pk, "file": SimpleUploadedFile("a.pdf", b"%PDF")},
            follow=True,
        )

    assert upload(written["circle"]).status_code == 404
    for item, kind in ((written["public"], "article"), (written["session"], "session")):
        response = upload(item, kind)
        assert escape(inactive_message(network)) in response.content.decode()
    assert not Attachment.objects.exists()


@INACTIVE
def test_she_cannot_accept_an_answer_to_her_public_question(
    client_for, network, bert, ria, written, status
):
    question = written["public_question"]
    answer = services.answer_question(question, by=bert, body="Groenvezel B.V.")
    stop(ria, status)
    page = client_for(ria).get(url("question", network, question.pk)).content.decode()
    assert url("answer_accept", network, answer.pk) not in page
    assert url("question_edit", network, question.pk) not in page
    response = client_for(ria).post(url("answer_accept", network, answer.pk), follow=True)
    assert escape(inactive_message(network)) in response.content.decode()
    assert Question.objects.get(pk=question.pk).accepted_answer is None
    assert Answer.objects.filter(pk=answer.pk).exists()


@INACTIVE
def test_as_organiser_she_no_longer_sees_who_registered_nor_records_attendance(
    client_for, network, bert, ria, written, status
):
    session = written["session"]
    services.register(session, by=bert)
    stop(ria, status)
    page = client_for(ria).get(url("session", network, session.pk)).content.decode()
    assert "Bert Kuipers" not in page
    assert url("session_edit", network, session.pk) not in page
    response = client_for(ria).post(
        url("session_attendance", network, session.pk), {"attended": [bert.pk]}, follow=True
    )
    assert escape(inactive_message(network)) in response.content.decode()
    assert not Session.objects.get(pk=session.pk).registrations.filter(attended=True).exists()


def test_when_reinstated_she_edits_again(client_for, network, ria, written):
    stop(ria, "suspended")
    stop(ria, "active")
    browser = client_for(ria)
    article = written["circle"]
    assert browser.get(url("article_edit", network, article.pk)).status_code == 200
    services.update_article(article, by=ria, title="Weer van mij")
    assert Article.objects.get(pk=article.pk).title == "Weer van mij"
