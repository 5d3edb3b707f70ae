"""The sign-up adapter on its own: who may sign up under each SIGNUP_MODE, when an address
counts as verified, and where sign-up leads (gilde.accounts.adapters.AccountAdapter)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from gilde.accounts.adapters import AccountAdapter
from gilde.networks import services


def request_with(**session):
    request = RequestFactory().get("/accounts/signup/")
    request.session = SessionStore()
    request.session.update(session)
    return request


@pytest.fixture
def invitation(network, anke):
    return services.create_invitation(network, by=anke, email="nieuw@example.test")


@pytest.fixture
def by_invitation(settings):
    settings.SIGNUP_MODE = "invitation"


@pytest.mark.django_db
def test_open_mode_lets_anyone_sign_up(settings):
    settings.SIGNUP_MODE = "open"
    assert AccountAdapter().is_open_for_signup(request_with())


@pytest.mark.django_db
def test_invitation_mode_is_closed_without_an_invitation(by_invitation):
    assert not AccountAdapter().is_open_for_signup(request_with())
    assert not AccountAdapter().is_open_for_signup(request_with(invitation=""))
    assert not AccountAdapter().is_open_for_signup(request_with(invitation="verzonnen"))


def test_invitation_mode_opens_with_a_usable_invitation(by_invitation, invitation):
    assert AccountAdapter().is_open_for_signup(request_with(invitation=invitation.token))


@pytest.mark.parametrize("spoil", ["revoked", "expired", "used_up", "network_not_approved"])
def test_invitation_mode_stays_closed_with_an_unusable_invitation(by_invitation, invitation, spoil):
    if spoil == "revoked":
        invitation.revoked_at = timezone.now()
    elif spoil == "expired":
        invitation.expires_at = timezone.now() - timedelta(minutes=1)
    elif spoil == "used_up":
        invitation.use_count = invitation.max_uses
    invitation.save()
    if spoil == "network_not_approved":
        invitation.network.awaiting_approval = True
        invitation.network.save()
    assert not AccountAdapter().is_open_for_signup(request_with(invitation=invitation.token))


def test_the_mailed_address_followed_from_the_mail_is_verified(invitation):
    request = request_with(invitation=invitation.token, invitation_email="nieuw@example.test")
    assert AccountAdapter().is_email_verified(request, "Nieuw@Example.test")


@pytest.mark.parametrize(
    "session, email",
    [
        ({"invitation_email": "nieuw@example.test"}, "andere@example.test"),  # another address
        ({}, "nieuw@example.test"),  # the link was not followed from the mail
        ({"invitation_email": "andere@example.test"}, "andere@example.test"),  # not the one mailed
    ],
)
def test_no_other_address_is_verified_by_the_invitation(invitation, session, email):
    request = request_with(invitation=invitation.token, **session)
    assert not AccountAdapter().is_email_verified(request, email)


def test_a_withdrawn_invitation_verifies_nothing(invitation, anke):
    services.revoke_invitation(invitation, by=anke)
    request = request_with(invitation=invitation.token, invitation_email="nieuw@example.test")
    assert not AccountAdapter().is_email_verified(request, "nieuw@example.test")


def test_an_invitation_link_without_an_address_verifies_nothing(network, anke):
    link = services.create_invitation(network, by=anke)
    request = request_with(invitation=link.token, invitation_email="nieuw@example.test")
    assert not AccountAdapter().is_email_verified(request, "nieuw@example.test")


def test_after_sign_up_an_invitation_leads_to_its_page(invitation):
    request = request_with(invitation=invitation.token)
    url = AccountAdapter().get_signup_redirect_url(request)
    assert url == reverse("networks:invitation", args=[invitation.token])


@pytest.mark.django_db
def test_after_sign_up_without_an_invitation_the_default_applies():
    url = AccountAdapter().get_signup_redirect_url(request_with())
    assert "/invite/" not in url
