"""The knowledge list pages use a fixed number of queries, however many items they show.

Each test measures a page with 5 items, adds 25 more, and measures again. Every
request is made once before it is measured, so caches filled on first use do not count.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gilde.core.testing import make_membership, make_user
from gilde.knowledge import services

# Kept page parts would be served without a query; what is measured is the rendering.
pytestmark = pytest.mark.usefixtures("fragments_off")

_serial = count(1)


def measure(client, url: str, expect: str) -> list[str]:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    assert expect in response.content.decode()
    return [q["sql"] for q in context.captured_queries]


def assert_same_count(small: list[str], large: list[str], what: str) -> None:
    assert len(small) == len(large), (
        f"{what}: {len(small)} queries when small, {len(large)} when large:\n" + "\n".join(large)
    )


@pytest.fixture
def ria(network):
    user = make_user("Ria Veenstra")
    make_membership(user, network)
    return user


def add_articles(network, n: int, authors: list) -> None:
    for i in range(n):
        s = next(_serial)
        services.create_article(
            network, by=authors[i % len(authors)], title=f"Artikel {s:03d}", body="Tekst",
            summary="Kort", tags=[f"onderwerp {s % 7}", "vezels"], coauthors=[authors[0].pk],
            visibility="public" if i % 2 else "network", publish=i % 5 != 0,
        )  # fmt: skip


def add_questions(network, n: int, people: list) -> None:
    for i in range(n):
        s = next(_serial)
        question = services.ask_question(
            network, by=people[i % len(people)], title=f"Vraag {s:03d}", tags=["pla"],
            reward=5 if i % 2 else 0,  # a reward shows in the network's unit
        )  # fmt: skip
        for other in people:
            if other != question.author:
                services.answer_question(question, by=other, body="Antwoord")
        if i % 4 == 3:
            services.close_question(question, by=question.author)


def add_sessions(network, n: int, organiser, people: list) -> None:
    start = timezone.now() + timedelta(days=1)
    for i in range(n):
        s = next(_serial)
        session = services.create_session(
            network, by=organiser, title=f"Sessie {s:03d}", description="x", tags=["lca"],
            starts_at=start + timedelta(hours=i), ends_at=start + timedelta(hours=i + 1),
            capacity=1 if i % 2 else None, location="Emmen",
            price_kind=("euros", "credits", "free")[i % 3],
            price_cents=2500 if i % 3 == 0 else 0, price_credits=10 if i % 3 == 1 else 0,
        )  # fmt: skip
        for person in people:
            services.register(session, by=person)


def test_article_list(client_for, network, anke, bert):
    client = client_for(bert)
    url = reverse("knowledge:articles", args=[network.slug])
    add_articles(network, 5, [bert, anke])
    small = measure(client, url, "Artikel ")
    add_articles(network, 25, [bert, anke])
    large = measure(client, url, "Artikel ")
    assert_same_count(small, large, "article list, 5 vs 30 articles")


def test_article_list_anonymous_and_filtered(client, network, anke, bert):
    url = reverse("knowledge:articles", args=[network.slug]) + "?kind=kennisartikel&tag=vezels"
    add_articles(network, 5, [bert, anke])
    small = measure(client, url, "Artikel ")
    add_articles(network, 25, [bert, anke])
    large = measure(client, url, "Artikel ")
    assert_same_count(small, large, "article list (anonymous, filtered), 5 vs 30 articles")


def test_question_list(client_for, network, anke, bert, ria):
    client = client_for(ria)
    url = reverse("knowledge:questions", args=[network.slug])
    add_questions(network, 5, [anke, bert, ria])
    small = measure(client, url, "5 min")  # a reward
    add_questions(network, 25, [anke, bert, ria])
    large = measure(client, url, "5 min")
    assert_same_count(small, large, "question list, 5 vs 30 questions")


def test_session_list(client_for, network, anke, bert, ria):
    client = client_for(bert)
    url = reverse("knowledge:sessions", args=[network.slug])
    add_sessions(network, 5, anke, [bert, ria])
    small = measure(client, url, "10 min")  # a price in credits
    add_sessions(network, 25, anke, [bert, ria])
    large = measure(client, url, "10 min")
    assert_same_count(small, large, "session list, 5 vs 30 sessions")
