import json

import pytest

from gilde.accounts.services import issue_token
from gilde.core.testing import make_network
from gilde.networks.models import JoinRequest, Membership


def bearer(user) -> dict:
    _token, raw = issue_token(user, "tests", by=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.mark.django_db
def test_anyone_lists_listed_networks_but_not_hidden_ones(client):
    make_network("Zichtbaar")
    make_network("Geheim", visibility="hidden")
    response = client.get("/api/v1/networks")
    assert response.status_code == 200
    body = response.json()
    assert [n["name"] for n in body["results"]] == ["Zichtbaar"]
    assert (body["count"], body["page"], body["next"], body["previous"]) == (1, 1, None, None)


def test_members_of_a_hidden_network_see_it_in_the_list(client_for, otto):
    hidden = make_network("Geheim", visibility="hidden")
    Membership.objects.create(user=otto, network=hidden)
    names = [n["name"] for n in client_for(otto).get("/api/v1/networks").json()["results"]]
    assert "Geheim" in names


def test_member_directory_filters_by_expertise(client, network, anke, bert):
    from gilde.accounts.services import add_expertise

    add_expertise(bert, "biocomposieten", "expert", by=bert)
    response = client.get(
        f"/api/v1/networks/{network.slug}/members?expertise=biocomposieten", **bearer(anke)
    )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"][0]["name"] == "Bert Kuipers"
    assert body["results"][0]["expertise"] == [
        {"tag": "biocomposieten", "slug": "biocomposieten", "level": "expert"}
    ]


def test_member_directory_is_404_json_for_outsiders(client, network, anke, otto):
    response = client.get(f"/api/v1/networks/{network.slug}/members", **bearer(otto))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"]


def test_members_without_login_get_401_json(client, network):
    response = client.get(f"/api/v1/networks/{network.slug}/members")
    assert response.status_code == 401
    assert "message" in response.json()


def test_join_by_api_creates_a_request(client, network, anke, otto):
    response = client.post(
        f"/api/v1/networks/{network.slug}/join",
        data=json.dumps({"motivation": "Graag!"}),
        content_type="application/json",
        **bearer(otto),
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "pending"
    assert JoinRequest.objects.get(user=otto).motivation == "Graag!"


def test_a_second_membership_by_api_is_409_in_dutch(client, network, bert):
    response = client.post(
        f"/api/v1/networks/{network.slug}/join",
        data="{}",
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="nl",
        **bearer(bert),
    )
    assert response.status_code == 409
    assert "al lid" in response.json()["message"]
    assert Membership.objects.filter(user=bert).count() == 1


def test_unknown_api_route_answers_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["message"]


def test_malformed_json_is_a_400_with_a_message(client, network, otto):
    response = client.post(
        f"/api/v1/networks/{network.slug}/join",
        data="{not json",
        content_type="application/json",
        **bearer(otto),
    )
    assert response.status_code == 400
    assert response.json()["message"]


def test_member_directory_filters_by_organisation_id_or_name(client, network, anke, bert):
    from gilde.core.testing import make_organisation

    drukker = make_organisation("Drukkerij Noord")
    Membership.objects.filter(network=network, user=bert).update(organisation=drukker)
    base = f"/api/v1/networks/{network.slug}/members"
    body = client.get(f"{base}?organisation={drukker.pk}", **bearer(anke)).json()
    assert [row["name"] for row in body["results"]] == ["Bert Kuipers"]
    elsewhere = make_organisation("Elders B.V.")
    response = client.get(f"{base}?organisation={elsewhere.pk}", **bearer(anke))
    assert response.status_code == 400
    assert response.json()["field"] == "organisation"
    assert "Elders B.V." not in response.json()["message"]  # an id is not echoed as a name
