import json

import pytest

from gilde.accounts.services import issue_token


def bearer(user) -> dict:
    _token, raw = issue_token(user, "tests", by=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_me_lists_my_memberships(client, network, bert):
    body = client.get("/api/v1/me", **bearer(bert)).json()
    assert body["email"] == "bert@example.test"
    assert [(m["network"], m["role"]) for m in body["memberships"]] == [(network.slug, "member")]


def test_patch_profile_changes_only_what_is_sent(client, bert):
    response = client.patch(
        "/api/v1/me/profile",
        data=json.dumps(
            {"headline": "Procesingenieur", "expertise": [{"tag": "LCA", "level": "expert"}]}
        ),
        content_type="application/json",
        **bearer(bert),
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["headline"] == "Procesingenieur"
    assert body["name"] == "Bert Kuipers"
    assert body["expertise"][0]["tag"] == "LCA"


def test_patch_profile_with_unknown_region_changes_nothing(client, bert):
    response = client.patch(
        "/api/v1/me/profile",
        data=json.dumps({"headline": "Nieuw", "region": "atlantis"}),
        content_type="application/json",
        **bearer(bert),
    )
    assert response.status_code == 400
    assert response.json()["field"] == "region"
    bert.refresh_from_db()
    assert bert.headline == ""


@pytest.mark.django_db
def test_revoked_or_wrong_tokens_are_refused(client, bert):
    token, raw = issue_token(bert, "oud", by=bert)
    from gilde.accounts.services import revoke_token

    revoke_token(token, by=bert)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer gilde_nope").status_code == 401
