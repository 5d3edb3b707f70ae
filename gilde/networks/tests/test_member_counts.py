"""A network's number of members is the same everywhere: active members and coordinators."""

from django.urls import reverse

from gilde.core.testing import make_membership, make_user
from gilde.networks.models import Membership, Network


def _crowd(network):
    """Besides Anke (coordinator), Bert (member) and Gea (guest): one suspended, one left."""
    make_membership(make_user("Sam Geschorst"), network, status="suspended")
    make_membership(make_user("Lea Vertrokken"), network, status="left")


def test_one_definition_counts_members_and_coordinators_only(network, anke, bert, gea):
    _crowd(network)
    assert Network.objects.with_member_count().get(pk=network.pk).member_count == 2
    assert Membership.objects.filter(network=network).counted().count() == 2
    assert Membership.objects.directory().filter(network=network).count() == 2


def test_the_directory_the_network_page_and_the_api_agree(client, network, anke, bert, gea):
    _crowd(network)
    directory = client.get(reverse("networks:directory")).content.decode()
    home = client.get(reverse("networks:home", args=[network.slug])).content.decode()
    assert "2 leden" in directory
    assert "2 leden" in home
    api = client.get(f"/api/v1/networks/{network.slug}").json()
    assert api["member_count"] == 2
    listed = client.get("/api/v1/networks").json()["results"]
    assert [n["member_count"] for n in listed if n["slug"] == network.slug] == [2]
