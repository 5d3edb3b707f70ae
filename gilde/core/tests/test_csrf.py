"""CSRF is enforced: a page form or a session-authenticated API call without the token is
refused and changes nothing; with the token it works; an API token needs no CSRF token."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gilde.accounts.services import issue_token
from gilde.core.testing import PASSWORD
from gilde.knowledge import services as knowledge
from gilde.knowledge.models import Article, Registration
from gilde.networks.models import JoinRequest


def browser(user=None, *, page: str = "/") -> tuple[Client, str]:
    """A client that checks CSRF as a browser's requests are checked, and its CSRF token."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    client.get(page)
    return client, client.cookies["csrftoken"].value


def _is_refused(response):
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()


# -- page forms --------------------------------------------------------------------


def test_logging_in_needs_the_token(bert):
    client, token = browser(page=reverse("account_login"))
    data = {"login": bert.email, "password": PASSWORD}
    _is_refused(client.post(reverse("account_login"), data))
    assert "_auth_user_id" not in client.session
    assert (
        client.post(reverse("account_login"), {**data, "csrfmiddlewaretoken": token}).status_code
        == 302
    )
    assert client.session["_auth_user_id"] == str(bert.pk)


def test_saving_the_profile_needs_the_token(bert):
    client, token = browser(bert, page=reverse("accounts:profile"))
    data = {"name": "Bert de Nieuwe", "headline": "Vezels", "languages": "Nederlands"}
    _is_refused(client.post(reverse("accounts:profile"), data))
    bert.refresh_from_db()
    assert bert.name != "Bert de Nieuwe"
    response = client.post(reverse("accounts:profile"), {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    bert.refresh_from_db()
    assert bert.name == "Bert de Nieuwe"


def test_writing_an_article_needs_the_token(network, bert):
    url = reverse("knowledge:article_new", args=[network.slug])
    client, token = browser(bert, page=url)
    data = {"kind": "kennisartikel", "title": "Vezels", "body": "Tekst", "visibility": "network",
            "action": "publish"}  # fmt: skip
    _is_refused(client.post(url, data))
    assert not Article.objects.exists()
    assert client.post(url, {**data, "csrfmiddlewaretoken": token}).status_code == 302
    assert Article.objects.get().title == "Vezels"


def test_asking_to_join_needs_the_token(network, otto):
    url = reverse("networks:join", args=[network.slug])
    client, token = browser(otto, page=url)
    _is_refused(client.post(url, {"motivation": "Ik werk met hennep."}))
    assert not JoinRequest.objects.exists()
    client.post(url, {"motivation": "Ik werk met hennep.", "csrfmiddlewaretoken": token})
    assert JoinRequest.objects.get(user=otto).motivation == "Ik werk met hennep."


# -- the API with a session --------------------------------------------------------


def _api(client, method: str, path: str, body=None, **headers):
    data = json.dumps(body) if body is not None else ""
    return getattr(client, method)(path, data, content_type="application/json", **headers)


def _json_refusal(response):
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert "CSRF" in response.json()["message"]


@pytest.fixture
def session_item(network, anke, bert):
    """A session Bert is registered for, so that there is something to cancel."""
    starts = timezone.now() + timedelta(days=7)
    session = knowledge.create_session(
        network, by=anke, title="Werkplaats", description="Zelf doen.", starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )  # fmt: skip
    knowledge.register(session, by=bert)
    return session


def test_api_writes_with_a_session_need_the_csrf_header(network, bert, session_item):
    client, token = browser(bert, page=reverse("accounts:profile"))
    articles = f"/api/v1/networks/{network.slug}/articles"
    registration = f"/api/v1/networks/{network.slug}/sessions/{session_item.pk}/registration"

    _json_refusal(_api(client, "post", articles, {"title": "Nieuw", "body": "Tekst"}))
    _json_refusal(_api(client, "patch", "/api/v1/me/profile", {"headline": "Zonder token"}))
    _json_refusal(_api(client, "delete", registration))
    bert.refresh_from_db()
    assert not Article.objects.exists() and bert.headline != "Zonder token"
    assert Registration.objects.get(session=session_item, user=bert).status == "registered"

    header = {"HTTP_X_CSRFTOKEN": token}
    assert (
        _api(client, "post", articles, {"title": "Nieuw", "body": "Tekst"}, **header).status_code
        == 201
    )
    assert (
        _api(client, "patch", "/api/v1/me/profile", {"headline": "Met token"}, **header).status_code
        == 200
    )
    assert _api(client, "delete", registration, **header).status_code in (200, 204)
    bert.refresh_from_db()
    assert Article.objects.count() == 1 and bert.headline == "Met token"
    assert Registration.objects.get(session=session_item, user=bert).status != "registered"


def test_api_writes_with_a_token_need_no_csrf(network, bert, session_item):
    _token, raw = issue_token(bert, "integratie", by=bert)
    client = Client(enforce_csrf_checks=True)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    articles = f"/api/v1/networks/{network.slug}/articles"
    registration = f"/api/v1/networks/{network.slug}/sessions/{session_item.pk}/registration"
    assert (
        _api(client, "post", articles, {"title": "Nieuw", "body": "Tekst"}, **auth).status_code
        == 201
    )
    assert (
        _api(client, "patch", "/api/v1/me/profile", {"headline": "Per token"}, **auth).status_code
        == 200
    )
    assert _api(client, "delete", registration, **auth).status_code in (200, 204)
    bert.refresh_from_db()
    assert Article.objects.count() == 1 and bert.headline == "Per token"
