"""Every API list pages alike (gilde.core.apischema.paginate): bounds, sizes, links, and bad
input answered with JSON 4xx, never a 500."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client, RequestFactory

from gilde.accounts.services import issue_token
from gilde.core.apischema import MAX_PAGE_SIZE, PAGE_SIZE, PageQuery, paginate
from gilde.core.errors import Invalid
from gilde.knowledge import services as knowledge


@pytest.fixture
def five_articles(network, bert):
    for number in range(5):
        knowledge.create_article(network, by=bert, title=f"Stuk {number}", body="x", publish=True)


@pytest.fixture
def api(bert):
    _token, raw = issue_token(bert, "lijsten", by=bert)
    client = Client()

    def get(path, **params):
        return client.get(path, params, HTTP_AUTHORIZATION=f"Bearer {raw}")

    return get


def _query(url: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_pages_split_the_list_and_link_to_each_other(network, five_articles, api):
    path = f"/api/v1/networks/{network.slug}/articles"
    first = api(path, page_size=2).json()
    assert (first["count"], first["page"], first["page_size"]) == (5, 1, 2)
    assert len(first["results"]) == 2 and first["previous"] is None
    assert _query(first["next"]) == {"page": "2", "page_size": "2"}
    assert first["next"].startswith("http://testserver" + path)

    last = api(path, page=3, page_size=2).json()
    assert len(last["results"]) == 1 and last["next"] is None
    assert _query(last["previous"]) == {"page": "2", "page_size": "2"}

    titles = [
        article["title"]
        for page in (1, 2, 3)
        for article in api(path, page=page, page_size=2).json()["results"]
    ]
    assert sorted(titles) == [f"Stuk {n}" for n in range(5)]  # each once, none lost


def test_other_query_parameters_are_kept_in_the_links(network, five_articles, api):
    page = api(f"/api/v1/networks/{network.slug}/articles", page_size=2, q="Stuk").json()
    assert _query(page["next"]).get("q") == "Stuk"


def test_the_default_page_size_and_an_empty_list(network, api):
    page = api(f"/api/v1/networks/{network.slug}/articles").json()
    assert page == {"count": 0, "page": 1, "page_size": PAGE_SIZE, "next": None,
                    "previous": None, "results": []}  # fmt: skip


@pytest.mark.parametrize(
    "params",
    [
        {"page": 0},
        {"page": -1},
        {"page": "twee"},
        {"page": 4, "page_size": 2},  # past the last page
        {"page": 10**30},
        {"page_size": 0},
        {"page_size": MAX_PAGE_SIZE + 1},
        {"page_size": "veel"},
        {"page": "1.5"},
    ],
)
def test_bad_paging_is_a_json_400(network, five_articles, api, params):
    response = api(f"/api/v1/networks/{network.slug}/articles", **params)
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"]


def test_the_largest_page_size_is_allowed(network, five_articles, api):
    page = api(f"/api/v1/networks/{network.slug}/articles", page_size=MAX_PAGE_SIZE).json()
    assert page["page_size"] == MAX_PAGE_SIZE and len(page["results"]) == 5


def test_paginate_on_a_list_refuses_a_page_past_the_end():
    request = RequestFactory().get("/api/v1/dingen")
    body = paginate(request, list(range(7)), PageQuery(page=2, page_size=5))
    assert body["results"] == [5, 6] and body["next"] is None and body["count"] == 7
    assert paginate(request, [], PageQuery(page=1, page_size=5))["results"] == []
    with pytest.raises(Invalid) as refused:
        paginate(request, list(range(7)), PageQuery(page=3, page_size=5))
    assert refused.value.field == "page"
