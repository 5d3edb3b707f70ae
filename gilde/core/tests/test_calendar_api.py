"""The personal calendar link through the API: made (shown once), read back without the
secret, renewed (the old link stops) and stopped."""

import pytest

from gilde.accounts.services import issue_token
from gilde.core.models import CalendarFeed

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    _token, raw = issue_token(user, "tests", by=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_make_read_renew_and_stop_the_link(client, bert):
    auth = bearer(bert)
    assert client.get("/api/v1/me/calendar", **auth).json() == {
        "active": False, "created_at": None, "https": None, "webcal": None,
    }  # fmt: skip
    made = client.post("/api/v1/me/calendar", **auth)
    assert made.status_code == 201
    first = made.json()
    assert first["https"].startswith("http://testserver/") and first["webcal"].startswith(
        "webcal://"
    )
    feed = client.get(first["https"].removeprefix("http://testserver"))
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    read = client.get("/api/v1/me/calendar", **auth).json()
    assert read["active"] is True and read["https"] is None  # the secret is not kept

    second = client.post("/api/v1/me/calendar", **auth).json()
    assert second["https"] != first["https"]
    assert client.get(first["https"].removeprefix("http://testserver")).status_code == 404

    stopped = client.delete("/api/v1/me/calendar", **auth)
    assert stopped.status_code == 200 and stopped.json()["active"] is False
    assert client.get(second["https"].removeprefix("http://testserver")).status_code == 404
    assert not CalendarFeed.objects.active().exists()


def test_without_login_it_is_401_in_json(client):
    response = client.post("/api/v1/me/calendar")
    assert response.status_code == 401 and response.json()["message"]
