"""NETWORK_CREATION: anyone sets up a network (open), anyone but a site admin approves it
first (approval), or only site admins do (admins).

Otto sets up networks; Sita is a site admin; Bert a member of another network.
"""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.urls import reverse

from gilde.core import search
from gilde.core.errors import Conflict, NotAllowed
from gilde.core.models import AuditEntry
from gilde.core.testing import make_user
from gilde.knowledge import services as knowledge_services
from gilde.networks import services
from gilde.networks.models import Network


@pytest.fixture
def sita(db):
    return make_user("Sita Beheer", email="sita@example.test", is_staff=True, is_superuser=True)


@pytest.fixture
def approval(settings):
    settings.NETWORK_CREATION = "approval"


@pytest.fixture
def admins_only(settings):
    settings.NETWORK_CREATION = "admins"


FIELDS = {"name": "Vezelkring", "slug": "vezelkring", "visibility": "listed"}


def _create(user, **fields):
    return services.create_network(by=user, **{**FIELDS, **fields})


# --- admins only -----------------------------------------------------------------------


def test_only_site_admins_set_up_networks_when_the_operator_says_so(otto, sita, admins_only):
    with pytest.raises(NotAllowed):
        _create(otto)
    assert not Network.objects.exists()
    assert _create(sita).slug == "vezelkring"


def test_the_setup_page_is_not_found_for_others_when_only_admins_may(
    client_for, otto, sita, admins_only
):
    assert client_for(otto).get(reverse("networks:create")).status_code == 404
    response = client_for(otto).post(reverse("networks:create"), FIELDS)
    assert response.status_code == 404 and not Network.objects.exists()
    assert client_for(sita).get(reverse("networks:create")).status_code == 200


def test_the_setup_link_shows_only_to_who_may_use_it(client_for, otto, sita, settings):
    link = reverse("networks:create")
    assert link in client_for(otto).get(reverse("networks:mine")).content.decode()
    settings.NETWORK_CREATION = "admins"
    assert link not in client_for(otto).get(reverse("networks:mine")).content.decode()
    assert link in client_for(sita).get(reverse("networks:mine")).content.decode()


# --- after approval --------------------------------------------------------------------


def test_a_network_waits_hidden_for_approval_and_the_site_admins_hear_of_it(
    otto, sita, approval, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        network = _create(otto)
    assert network.awaiting_approval
    assert network.visibility == Network.Visibility.HIDDEN
    assert network.requested_visibility == Network.Visibility.LISTED
    to_sita = [m for m in mail.outbox if m.to == [sita.email]]
    assert len(to_sita) == 1
    assert "Vezelkring" in to_sita[0].subject
    assert reverse("admin:networks_network_changelist") in to_sita[0].body
    entry = AuditEntry.objects.get(verb="network.created", target_id=network.pk)
    assert entry.actor == otto and entry.data["awaiting_approval"] is True


def test_a_waiting_network_is_seen_only_by_its_creator_and_site_admins(
    client, client_for, otto, sita, bert, approval
):
    network = _create(otto)
    home = reverse("networks:home", args=[network.slug])
    creator_page = client_for(otto).get(home, HTTP_ACCEPT_LANGUAGE="en")
    assert creator_page.status_code == 200
    assert "Waiting for approval" in creator_page.content.decode()
    assert client_for(sita).get(home).status_code == 200
    assert client_for(bert).get(home).status_code == 404
    # Logged out: the login page, as for a network that does not exist.
    assert client.get(home)["Location"] == reverse("account_login") + f"?next={home}"
    assert "Vezelkring" not in client.get(reverse("networks:directory")).content.decode()
    assert "vezelkring" not in client_for(bert).get("/api/v1/networks").content.decode()
    assert client_for(bert).get(f"/api/v1/networks/{network.slug}").status_code == 404


def test_a_site_admins_network_needs_no_approval(sita, approval):
    network = _create(sita)
    assert not network.awaiting_approval and network.visibility == Network.Visibility.LISTED


def test_a_waiting_network_invites_nobody_and_links_no_partner(otto, network, approval):
    waiting = _create(otto)
    with pytest.raises(Conflict):
        services.create_invitation(waiting, by=otto, email="nina@example.test")
    with pytest.raises(Conflict):
        services.propose_partner(waiting, network, by=otto)


def test_a_waiting_network_stays_hidden_when_its_visibility_is_changed(otto, approval):
    network = _create(otto)
    services.update_network(network, by=otto, visibility=Network.Visibility.UNLISTED)
    network.refresh_from_db()
    assert network.visibility == Network.Visibility.HIDDEN
    assert network.requested_visibility == Network.Visibility.UNLISTED


def test_the_settings_page_of_a_waiting_network_keeps_it_hidden(client_for, otto, approval):
    network = _create(otto)
    settings_page = reverse("networks:settings", args=[network.slug])
    page = client_for(otto).get(settings_page).content.decode()
    assert 'value="listed" checked' in page or 'value="listed" selected' in page
    response = client_for(otto).post(
        settings_page, {"name": "Vezelkring", "visibility": "unlisted", "join_policy": "open"}
    )
    assert response.status_code == 302
    network.refresh_from_db()
    assert network.visibility == Network.Visibility.HIDDEN
    assert network.requested_visibility == Network.Visibility.UNLISTED
    assert network.join_policy == Network.JoinPolicy.OPEN


def test_public_knowledge_of_a_waiting_network_is_not_found_until_approval(otto, sita, approval):
    network = _create(otto)
    knowledge_services.create_article(
        network, by=otto, title="Vlasvezels", body="Vlasvezels in de bouw.",
        visibility="public", publish=True,
    )  # fmt: skip
    assert _titles(AnonymousUser(), "vlasvezels") == []
    services.approve_network(network, by=sita)
    assert _titles(AnonymousUser(), "vlasvezels") == ["Vlasvezels"]


def _titles(user, q: str) -> list[str]:
    return [hit.title for hit in search.search(user, q).hits]


def test_a_site_admin_approves_in_the_admin(client_for, otto, sita, approval):
    network = _create(otto)
    response = client_for(sita).post(
        reverse("admin:networks_network_changelist"),
        {"action": "approve", ACTION_CHECKBOX_NAME: [network.pk]},
    )
    assert response.status_code == 302
    network.refresh_from_db()
    assert not network.awaiting_approval
    assert network.visibility == Network.Visibility.LISTED and network.requested_visibility == ""
    entry = AuditEntry.objects.get(verb="network.approved", target_id=network.pk)
    assert entry.actor == sita
    # Now the creator can invite people.
    services.create_invitation(network, by=otto)


def test_approval_tells_the_creator(otto, sita, approval, django_capture_on_commit_callbacks):
    network = _create(otto)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_network(network, by=sita)
    assert [m.to for m in mail.outbox if "Vezelkring" in m.subject][-1] == [otto.email]


def test_only_a_site_admin_approves(otto, approval):
    network = _create(otto)
    with pytest.raises(NotAllowed):
        services.approve_network(network, by=otto)
    network.refresh_from_db()
    assert network.awaiting_approval


def test_an_approved_network_is_not_approved_twice(otto, sita, approval):
    network = _create(otto)
    services.approve_network(network, by=sita)
    with pytest.raises(Conflict):
        services.approve_network(network, by=sita)


def test_the_setup_page_says_approval_comes_first(client_for, otto, approval):
    page = client_for(otto).get(reverse("networks:create"), HTTP_ACCEPT_LANGUAGE="en")
    assert "approves new networks first" in page.content.decode()


def test_after_setting_up_a_waiting_network_its_creator_lands_on_its_page(
    client_for, otto, approval
):
    response = client_for(otto).post(
        reverse("networks:create"), {**FIELDS, "join_policy": "approval"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("networks:home", args=["vezelkring"])
    assert "/n/vezelkring/" in response.content.decode()  # the message names the address
