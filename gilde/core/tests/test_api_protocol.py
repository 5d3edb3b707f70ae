"""The API speaks HTTP as clients expect: JSON for every error, HEAD, OPTIONS, ETags, limits."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings

from gilde.accounts.services import issue_token
from gilde.api import api


def _token_client(user) -> tuple[Client, dict]:
    _token, raw = issue_token(user, "integratie", by=user)
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.mark.django_db
def test_an_unknown_api_path_is_json_even_with_debug_on():
    with override_settings(DEBUG=True):
        response = Client().get("/api/v1/nergens/te/vinden")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"message": "Niet gevonden."}


@pytest.mark.django_db
def test_a_wrong_method_is_a_json_405_that_names_the_allowed_ones(bert):
    client, auth = _token_client(bert)
    response = client.delete("/api/v1/me", **auth)
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert "GET" in response["Allow"]
    assert response.json()["message"]


@pytest.mark.django_db
def test_head_answers_like_get_without_a_body(network):
    get = Client().get("/api/v1/networks")
    head = Client().head("/api/v1/networks")
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]
    assert head["Content-Length"] == str(len(get.content))


@pytest.mark.django_db
def test_options_lists_the_methods_of_a_path(network):
    response = Client().options("/api/v1/me/profile")
    assert response.status_code == 204
    allowed = {m.strip() for m in response["Allow"].split(",")}
    assert {"GET", "PATCH", "HEAD", "OPTIONS"} <= allowed


@pytest.mark.django_db
def test_a_read_has_an_etag_and_answers_304_when_unchanged(bert):
    client, auth = _token_client(bert)
    first = client.get("/api/v1/me/profile", **auth)
    assert first.status_code == 200 and first["ETag"].startswith('"')
    again = client.get("/api/v1/me/profile", HTTP_IF_NONE_MATCH=first["ETag"], **auth)
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.django_db
def test_a_patch_with_a_stale_if_match_is_refused_and_changes_nothing(bert):
    client, auth = _token_client(bert)
    etag = client.get("/api/v1/me/profile", **auth)["ETag"]
    patch = json.dumps({"headline": "Eerste wijziging"})
    fresh = client.patch(
        "/api/v1/me/profile", patch, content_type="application/json", HTTP_IF_MATCH=etag, **auth
    )
    assert fresh.status_code == 200
    stale = client.patch(
        "/api/v1/me/profile",
        json.dumps({"headline": "Tweede, op een oude versie"}),
        content_type="application/json",
        HTTP_IF_MATCH=etag,
        **auth,
    )
    assert stale.status_code == 412
    assert stale["Content-Type"] == "application/json"
    bert.refresh_from_db()
    assert bert.headline == "Eerste wijziging"


@pytest.mark.django_db
def test_a_token_that_is_sent_but_invalid_is_401_on_public_routes_too(network):
    response = Client().get("/api/v1/networks", HTTP_AUTHORIZATION="Bearer gilde_ingetrokken")
    assert response.status_code == 401
    assert response.json()["message"]
    assert Client().get("/api/v1/networks").status_code == 200


@pytest.mark.django_db
def test_an_expired_session_is_401_not_a_csrf_refusal(bert):
    client = Client(enforce_csrf_checks=True)
    client.cookies["sessionid"] = "verlopen-sessie"
    response = client.patch(
        "/api/v1/me/profile", json.dumps({"headline": "x"}), content_type="application/json"
    )
    assert response.status_code == 401


@pytest.mark.django_db
def test_a_csrf_refusal_is_json_in_the_callers_language(client_for, bert):
    client = Client(enforce_csrf_checks=True)
    client.force_login(bert)
    response = client.patch(
        "/api/v1/me/profile",
        json.dumps({"headline": "x"}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert "CSRF" in response.json()["message"] and "Failed" not in response.json()["message"]


@pytest.mark.django_db
def test_validation_messages_are_in_dutch_with_the_errors_list(bert):
    client, auth = _token_client(bert)
    response = client.patch(
        "/api/v1/me/profile",
        json.dumps({"availability_hours": "veel"}),
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 400
    body = response.json()
    assert body["errors"][0]["msg"] == "Voer een geheel getal in."  # Django's own Dutch
    assert body["errors"][0]["loc"][-1] == "availability_hours"


@pytest.mark.django_db
def test_a_twenty_digit_id_is_not_found_not_a_crash(bert, network):
    client, auth = _token_client(bert)
    for url in (
        f"/api/v1/networks/{network.slug}/articles/99999999999999999999",
        "/api/v1/search?q=vezels&author=99999999999999999999",
    ):
        response = client.get(url, **auth)
        assert response.status_code in (400, 404), (url, response.status_code)
        assert response["Content-Type"].startswith("application/json")


@pytest.mark.django_db
def test_too_many_requests_get_429_with_retry_after(bert, monkeypatch):
    (throttle,) = api.throttle
    monkeypatch.setattr(throttle, "num_requests", 3)
    client, auth = _token_client(bert)
    statuses = [client.get("/api/v1/me", **auth).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/me", **auth)
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["message"]


def test_the_spec_declares_every_error_and_readable_operation_ids():
    schema = api.get_openapi_schema()
    operations = [
        (path, method, op)
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
        if method in {"get", "post", "patch", "delete", "put"}
    ]
    ids = [op["operationId"] for _p, _m, op in operations]
    assert len(ids) == len(set(ids))
    assert all(not i.startswith("gilde_") for i in ids)
    for path, method, op in operations:
        for status in ("400", "401", "404", "429"):
            assert status in op["responses"], (method, path, status)
        error = op["responses"]["401"]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/ErrorOut"}
    error_out = schema["components"]["schemas"]["ErrorOut"]
    assert {"message", "field", "errors"} <= set(error_out["properties"])
    public = schema["paths"]["/api/v1/networks"]["get"]["security"]
    assert {} in public
    assert {} not in schema["paths"]["/api/v1/me"]["get"]["security"]
