"""SIGNUP_MODE: an operator opens sign-up to anyone, or only to people holding an invitation."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gilde.networks import services

NEW_PASSWORD = "Vezels-Emmen-2024!"  # noqa: S105 - test value


@pytest.fixture
def by_invitation(settings):
    settings.SIGNUP_MODE = "invitation"


def _sign_up(client, email: str):
    return client.post(reverse("account_signup"), {"email": email, "password1": NEW_PASSWORD})


def test_open_sign_up_takes_anyone(client, db):
    _sign_up(client, "nieuw@example.test")
    assert get_user_model().objects.filter(email="nieuw@example.test").exists()


def test_sign_up_by_invitation_only_is_closed_without_one(client, db, by_invitation):
    response = client.get(reverse("account_signup"))
    assert "Registratie gesloten" in response.content.decode()
    _sign_up(client, "nieuw@example.test")
    assert not get_user_model().objects.filter(email="nieuw@example.test").exists()


def test_sign_up_by_invitation_only_opens_with_a_valid_invitation(
    client, network, anke, by_invitation
):
    invitation = services.create_invitation(network, by=anke)
    client.get(reverse("networks:invitation", args=[invitation.token]))
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200 and 'name="password1"' in response.content.decode()
    _sign_up(client, "nieuw@example.test")
    assert get_user_model().objects.filter(email="nieuw@example.test").exists()


def test_a_withdrawn_invitation_does_not_open_sign_up(client, network, anke, by_invitation):
    invitation = services.create_invitation(network, by=anke)
    client.get(reverse("networks:invitation", args=[invitation.token]))
    services.revoke_invitation(invitation, by=anke)
    _sign_up(client, "nieuw@example.test")
    assert not get_user_model().objects.filter(email="nieuw@example.test").exists()


def test_a_made_up_invitation_in_the_session_does_not_open_sign_up(client, db, by_invitation):
    session = client.session
    session["invitation"] = "verzonnen"
    session.save()
    _sign_up(client, "nieuw@example.test")
    assert not get_user_model().objects.filter(email="nieuw@example.test").exists()
