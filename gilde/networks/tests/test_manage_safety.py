"""The manage area asks before anything hard to undo: roles, removals, suspensions."""

from django.urls import reverse

from gilde.networks.forms import InvitationForm
from gilde.networks.models import Invitation


def test_a_new_invitation_offers_member_by_default(client_for, network, anke):
    form = InvitationForm()
    assert form["role"].value() == "member"
    html = str(form["role"])
    assert 'value="member" selected' in html
    assert 'value="coordinator" selected' not in html


def test_a_coordinator_invitation_needs_the_confirmation(client_for, network, anke):
    path = reverse("networks:create_invitation", args=[network.slug])
    data = {"email": "", "role": "coordinator", "max_uses": 1, "days_valid": 14}
    response = client_for(anke).post(path, data, follow=True)
    assert not Invitation.objects.exists()
    assert "Bevestig dat de uitgenodigde coördinator wordt" in response.content.decode()

    client_for(anke).post(path, {**data, "confirm_coordinator": "on"})
    assert Invitation.objects.get().role == "coordinator"


def test_a_member_invitation_needs_no_confirmation(client_for, network, anke):
    path = reverse("networks:create_invitation", args=[network.slug])
    client_for(anke).post(path, {"role": "member", "max_uses": 1, "days_valid": 14})
    assert Invitation.objects.get().role == "member"
