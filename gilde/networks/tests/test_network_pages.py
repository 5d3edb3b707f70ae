import pytest
from django.urls import reverse

from gilde.core.testing import make_network


@pytest.mark.django_db
def test_directory_lists_listed_networks_only(client):
    make_network("Zichtbaar Netwerk")
    make_network("Via Link", visibility="unlisted")
    make_network("Geheim Netwerk", visibility="hidden")
    response = client.get(reverse("networks:directory"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Zichtbaar Netwerk" in content
    assert "Via Link" not in content and "Geheim Netwerk" not in content


def test_hidden_network_answers_404_to_outsiders(client_for, otto):
    hidden = make_network("Geheim", visibility="hidden")
    response = client_for(otto).get(reverse("networks:home", args=[hidden.slug]))
    assert response.status_code == 404


def test_member_directory_shows_members_in_dutch(client_for, network, anke, bert):
    response = client_for(anke).get(reverse("networks:members", args=[network.slug]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Bert Kuipers" in content and "Leden" in content
