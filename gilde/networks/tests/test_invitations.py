from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gilde.core.errors import Conflict, Invalid, NotAllowed
from gilde.core.testing import make_user
from gilde.networks import services
from gilde.networks.models import Invitation, Membership


def test_an_invitation_by_email_is_sent_with_its_link(
    network, anke, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.create_invitation(network, by=anke, email="Nina@Example.test")
    assert invitation.email == "nina@example.test"
    assert mailoutbox[0].to == ["nina@example.test"]
    assert f"/invite/{invitation.token}/" in mailoutbox[0].body


def test_an_invalid_email_address_creates_no_invitation(network, anke, mailoutbox):
    with pytest.raises(Invalid) as error:
        services.create_invitation(network, by=anke, email="geen-adres")
    assert error.value.field == "email"
    assert not Invitation.objects.exists() and not mailoutbox


def test_members_cannot_invite(network, bert):
    with pytest.raises(NotAllowed):
        services.create_invitation(network, by=bert)


def test_accepting_makes_a_member_with_the_invited_role(network, anke, otto):
    invitation = services.create_invitation(network, by=anke, role="guest")
    membership = services.accept_invitation(invitation, by=otto)
    assert membership.role == "guest"
    invitation.refresh_from_db()
    assert invitation.use_count == 1


def test_an_expired_invitation_is_refused_and_changes_nothing(network, anke, otto):
    invitation = services.create_invitation(network, by=anke)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(Conflict, match="verlopen"):
        services.accept_invitation(invitation, by=otto, profile={"name": "Otto Nieuw"})
    otto.refresh_from_db()
    assert otto.name == "Otto Outsider"
    assert not Membership.objects.filter(user=otto).exists()


def test_a_used_up_invitation_is_refused(network, anke, otto):
    invitation = services.create_invitation(network, by=anke, max_uses=1)
    services.accept_invitation(invitation, by=make_user())
    with pytest.raises(Conflict, match="al gebruikt"):
        services.accept_invitation(invitation, by=otto)
    assert not Membership.objects.filter(user=otto).exists()


def test_a_withdrawn_invitation_is_refused(network, anke, otto):
    invitation = services.create_invitation(network, by=anke)
    services.revoke_invitation(invitation, by=anke)
    with pytest.raises(Conflict):
        services.accept_invitation(invitation, by=otto)


def test_an_invitation_for_another_address_is_refused(network, anke, otto):
    invitation = services.create_invitation(network, by=anke, email="iemand@example.test")
    with pytest.raises(NotAllowed):
        services.accept_invitation(invitation, by=otto)
    invitation.refresh_from_db()
    assert invitation.use_count == 0


def test_the_profile_step_is_saved_with_the_membership(network, anke, otto):
    invitation = services.create_invitation(network, by=anke)
    membership = services.accept_invitation(
        invitation,
        by=otto,
        profile={
            "name": "Otto Vezel",
            "organisation_name": "Vezelwerk B.V.",
            "kvk_number": "90001234",
            "headline": "Maker",
            "region": "drenthe",
            "expertise": ["biocomposieten", "3D-printen"],
        },
    )
    otto.refresh_from_db()
    assert otto.name == "Otto Vezel" and otto.region == "drenthe"
    assert membership.organisation.kvk_number == "90001234"
    assert sorted(otto.expertise.values_list("tag__name", flat=True)) == [
        "3D-printen",
        "biocomposieten",
    ]


def test_a_bad_kvk_number_in_the_profile_step_saves_nothing(network, anke, otto):
    invitation = services.create_invitation(network, by=anke)
    with pytest.raises(Invalid):
        services.accept_invitation(
            invitation,
            by=otto,
            profile={"name": "Otto Vezel", "organisation_name": "X", "kvk_number": "12"},
        )
    otto.refresh_from_db()
    assert otto.name == "Otto Outsider"
    assert not Membership.objects.filter(user=otto).exists()
    invitation.refresh_from_db()
    assert invitation.use_count == 0


def test_expired_invitation_page_explains_in_dutch(client, network, anke):
    invitation = services.create_invitation(network, by=anke, days_valid=1)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    response = client.get(reverse("networks:invitation", args=[invitation.token]))
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()


def test_unknown_invitation_token_is_404(client, client_for, db):
    path = reverse("networks:invitation", args=["nope"])
    assert client_for(make_user("Iemand")).get(path).status_code == 404
    # Logged out, like every page that would be 404: the login page, which leads back.
    assert client.get(path)["Location"] == reverse("account_login") + f"?next={path}"


def test_the_manage_page_creates_an_invitation_link(client_for, network, anke):
    response = client_for(anke).post(
        reverse("networks:create_invitation", args=[network.slug]),
        {"email": "", "role": "member", "max_uses": 25, "days_valid": 30},
        follow=True,
    )
    invitation = Invitation.objects.get()
    assert invitation.max_uses == 25
    assert f"/invite/{invitation.token}/" in response.content.decode()
