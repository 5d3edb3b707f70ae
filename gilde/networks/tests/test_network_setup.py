import pytest
from django.urls import reverse

from gilde.core.errors import Invalid, NotAllowed
from gilde.networks import services
from gilde.networks.models import Membership, Network


def test_the_creator_of_a_network_becomes_its_coordinator(client_for, otto):
    response = client_for(otto).post(
        reverse("networks:create"),
        {
            "name": "Vezelnetwerk",
            "slug": "vezel",
            "visibility": "listed",
            "join_policy": "approval",
        },
    )
    assert response.status_code == 302
    network = Network.objects.get(slug="vezel")
    assert Membership.objects.get(network=network, user=otto).role == "coordinator"


def test_a_taken_web_address_gets_the_first_free_variant(network, otto):
    """Never refused for being taken (see test_network_address_guessing.py)."""
    copy = services.create_network(by=otto, name="Kopie", slug=network.slug)
    assert copy.slug == f"{network.slug}-2"
    assert Network.objects.count() == 2


def test_the_creator_is_recorded(otto):
    network = services.create_network(by=otto, name="Vezelnetwerk", slug="vezel")
    assert network.created_by == otto
    assert not network.awaiting_approval


def test_an_invalid_web_address_is_refused(otto):
    with pytest.raises(Invalid) as error:
        services.create_network(by=otto, name="Raar", slug="met spaties!")
    assert error.value.field == "slug"
    assert not Network.objects.filter(name="Raar").exists()


def test_only_a_coordinator_changes_the_settings(network, anke, bert):
    services.update_network(network, by=anke, visibility="hidden")
    network.refresh_from_db()
    assert network.visibility == "hidden"
    with pytest.raises(NotAllowed):
        services.update_network(network, by=bert, visibility="listed")


@pytest.mark.django_db
def test_settings_page_saves_the_join_policy(client_for, network, anke):
    response = client_for(anke).post(
        reverse("networks:settings", args=[network.slug]),
        {"name": network.name, "visibility": "listed", "join_policy": "open"},
    )
    assert response.status_code == 302
    network.refresh_from_db()
    assert network.join_policy == "open"
