"""A name is needed: without one a person shows to others as "Member without a name"."""

import json

import pytest
from django.urls import reverse

from gilde.accounts import services
from gilde.core.errors import Invalid
from gilde.core.testing import make_user

NEEDED = "Vul je naam in"


@pytest.mark.parametrize("name", ["", "   "])
def test_the_profile_page_refuses_an_empty_name(client_for, bert, name):
    response = client_for(bert).post(
        reverse("accounts:profile"), {"name": name, "headline": "Nieuw"}
    )
    assert response.status_code == 200
    assert NEEDED in response.content.decode()
    bert.refresh_from_db()
    assert bert.name == "Bert Kuipers" and bert.headline == ""


def test_a_new_account_without_a_name_is_asked_for_one(client_for, db):
    nameless = make_user("", email="zonder@example.test")
    nameless.name = ""
    nameless.save()
    response = client_for(nameless).post(reverse("accounts:profile"), {"headline": "Hallo"})
    assert NEEDED in response.content.decode()


@pytest.mark.parametrize("name", ["", " \t "])
def test_the_api_refuses_an_empty_name(client, bert, name):
    from gilde.accounts.tests.test_api_profile import bearer

    response = client.patch(
        "/api/v1/me/profile",
        data=json.dumps({"name": name}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="nl",
        **bearer(bert),
    )
    assert response.status_code == 400
    assert response.json()["field"] == "name"
    bert.refresh_from_db()
    assert bert.name == "Bert Kuipers"


def test_the_service_refuses_an_empty_name(bert):
    with pytest.raises(Invalid):
        services.update_profile(bert, by=bert, name="  ")
