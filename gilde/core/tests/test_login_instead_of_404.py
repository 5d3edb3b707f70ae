"""A members-only link opened logged out leads to the login page, which leads back.

Every page that would answer 404 to a logged-out visitor sends them to log in with
`next` instead, whether the thing is hidden, members-only or missing, so they still
cannot tell those apart. The API, files and calendar feeds keep answering 404, and so
does everyone who is logged in.
"""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gilde.core.testing import make_membership, make_network
from gilde.knowledge import services


@pytest.fixture
def article(network, bert):
    return services.create_article(network, by=bert, title="Alleen leden", body="x", publish=True)


def login_url(path: str) -> str:
    return f"{reverse('account_login')}?next={quote(path, safe='/')}"


def test_a_members_only_page_sends_to_login_and_back(client, network, article):
    path = reverse("knowledge:article", args=[network.slug, article.pk])
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == login_url(path)


def test_the_query_string_comes_along(client, network, article):
    path = reverse("knowledge:article", args=[network.slug, article.pk]) + "?tab=comments"
    response = client.get(path)
    assert response["Location"] == f"{reverse('account_login')}?next={quote(path, safe='/')}"


def test_hidden_and_missing_networks_look_the_same(client, bert):
    hidden = make_network("Stille Kring", visibility="hidden")
    make_membership(bert, hidden)
    for slug in (hidden.slug, "bestaat-niet"):
        path = reverse("networks:home", args=[slug])
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (302, login_url(path))


def test_a_page_that_does_not_exist_at_all_sends_to_login_too(client, db):
    response = client.get("/no/such/page/")
    assert response["Location"] == login_url("/no/such/page/")


def test_logged_in_it_stays_404(client_for, network, otto, article):
    path = reverse("knowledge:article", args=[network.slug, article.pk])
    assert client_for(otto).get(path).status_code == 404


def test_the_api_feeds_and_files_stay_404(client, network, anke, article):
    starts = timezone.now() + timedelta(days=1)
    session = services.create_session(
        network, by=anke, title="Ledenavond", description="x",
        starts_at=starts, ends_at=starts + timedelta(hours=1),
    )  # fmt: skip
    api = client.get(f"/api/v1/networks/{network.slug}/articles/{article.pk}")
    assert api.status_code == 404 and api["Content-Type"].startswith("application/json")
    ics = reverse("knowledge:session_ics", args=[network.slug, session.pk])
    assert client.get(ics).status_code == 404
    missing_feed = reverse("network_calendar", args=["bestaat-niet"])
    assert client.get(missing_feed).status_code == 404
    assert client.get("/calendar/nonsense.ics").status_code == 404
    assert client.get("/media/photos/none.png").status_code == 404


def test_a_post_stays_404(db):
    assert Client().post("/no/such/page/").status_code == 404
