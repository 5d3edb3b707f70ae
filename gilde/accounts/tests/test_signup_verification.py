"""Sign-up does not tell whether an address has an account; an invitation mailed to the
address counts as verifying it, so joining that way still takes three screens.

Otto has an account; Anke coordinates Biobased Noord and invites people.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from gilde.networks import services
from gilde.networks.models import Invitation

NEW_PASSWORD = "Vezels-Emmen-2024!"  # noqa: S105 - test value


def _sign_up(client, email: str, next_path: str = ""):
    url = reverse("account_signup") + (f"?next={next_path}" if next_path else "")
    return client.post(url, {"email": email, "password1": NEW_PASSWORD})


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def _invitation_mailed_to(network, anke, email: str) -> Invitation:
    """An invitation to `email`, made without sending, so the test follows its link itself."""
    return Invitation.objects.create(network=network, email=email, created_by=anke)


def test_signing_up_with_a_known_address_looks_like_signing_up_with_a_new_one(client, otto):
    new = _sign_up(Client(), "nieuw@example.test")
    known = _sign_up(client, otto.email)
    assert new.status_code == known.status_code == 302
    assert new["Location"] == known["Location"] == reverse("account_email_verification_sent")
    assert not _logged_in(client)
    # No second account; the owner hears that someone tried.
    assert get_user_model().objects.filter(email=otto.email).count() == 1
    to_otto = [m for m in mail.outbox if m.to == [otto.email]]
    assert len(to_otto) == 1 and "/accounts/password/reset/" in to_otto[0].body


def test_a_new_address_must_be_verified_before_logging_in(client, db):
    _sign_up(client, "nieuw@example.test")
    assert not _logged_in(client)
    address = EmailAddress.objects.get(email="nieuw@example.test")
    assert not address.verified
    assert mail.outbox[-1].to == ["nieuw@example.test"]


def test_following_a_mailed_invitation_verifies_its_address(client, network, anke):
    invitation = _invitation_mailed_to(network, anke, "nina@vezelwerk.example")
    invite_path = reverse("networks:invitation", args=[invitation.token])
    response = client.get(invitation.mailed_url())
    assert response["Location"].startswith(reverse("account_signup"))

    response = _sign_up(client, "nina@vezelwerk.example", next_path=invite_path)
    # Straight on to the profile step: logged in, no mail to verify the address.
    assert response.status_code == 302 and response["Location"] == invite_path
    assert _logged_in(client)
    assert EmailAddress.objects.get(email="nina@vezelwerk.example").verified
    assert not mail.outbox
    assert client.get(invite_path).status_code == 200


def test_the_bare_invitation_link_does_not_verify(client, network, anke):
    """The coordinator sees the link without its proof: following that proves nothing."""
    invitation = _invitation_mailed_to(network, anke, "nina@vezelwerk.example")
    invite_path = reverse("networks:invitation", args=[invitation.token])
    client.get(invite_path + "?proof=" + "0" * 64)
    _sign_up(client, "nina@vezelwerk.example", next_path=invite_path)
    assert not _logged_in(client)
    assert not EmailAddress.objects.get(email="nina@vezelwerk.example").verified


def test_a_mailed_invitation_verifies_only_the_address_it_was_sent_to(client, network, anke):
    invitation = _invitation_mailed_to(network, anke, "nina@vezelwerk.example")
    client.get(invitation.mailed_url())
    _sign_up(client, "ander@example.test")
    assert not _logged_in(client)
    assert not EmailAddress.objects.get(email="ander@example.test").verified
    assert not EmailAddress.objects.filter(email="nina@vezelwerk.example").exists()


def test_a_withdrawn_invitation_no_longer_verifies(client, network, anke):
    invitation = _invitation_mailed_to(network, anke, "nina@vezelwerk.example")
    client.get(invitation.mailed_url())
    services.revoke_invitation(invitation, by=anke)
    _sign_up(client, "nina@vezelwerk.example")
    assert not _logged_in(client)


def test_a_link_invitation_asks_to_verify_and_then_continues_to_the_profile_step(
    client, network, anke
):
    """No address in the invitation: verify as usual, then on where sign-up was headed."""
    invitation = services.create_invitation(network, by=anke)
    invite_path = reverse("networks:invitation", args=[invitation.token])
    client.get(invite_path)
    response = _sign_up(client, "nina@vezelwerk.example", next_path=invite_path)
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not _logged_in(client)

    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[-1].body)
    response = client.post(link.group(1))
    assert response.status_code == 302 and response["Location"] == invite_path
    assert _logged_in(client)
    assert client.get(invite_path).status_code == 200


@pytest.mark.django_db
def test_the_invitation_mail_carries_the_proof(network, anke, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.create_invitation(network, by=anke, email="nina@vezelwerk.example")
    assert invitation.mailed_url() in mail.outbox[-1].body
    assert f"proof={invitation.email_proof()}" in mail.outbox[-1].body
