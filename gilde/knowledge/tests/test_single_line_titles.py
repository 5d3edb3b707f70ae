"""Titles (and a session's place) are one line: the services turn line breaks, tabs and
other control characters into single spaces, from the pages and the API alike.
Free text keeps its lines but loses NUL characters, which PostgreSQL cannot store."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from gilde.accounts.services import issue_token
from gilde.core.errors import Invalid
from gilde.knowledge import services
from gilde.knowledge.models import Article, Question, Session


def test_article_and_question_titles_are_kept_to_one_line(network, bert):
    article = services.create_article(
        network, by=bert, title=" Vezels\r\nuit\tgras\x0b ", body="Regel een\nregel\x00 twee"
    )
    assert article.title == "Vezels uit gras"
    assert Article.objects.get(pk=article.pk).body == "Regel een\nregel twee"
    services.update_article(article, by=bert, title="Nieuwe\ntitel", summary="Kort\x00 ")
    article.refresh_from_db()
    assert (article.title, article.summary) == ("Nieuwe titel", "Kort")

    question = services.ask_question(network, by=bert, title="Wie\nkent\u0085PHA?")
    assert question.title == "Wie kent PHA?"
    services.update_question(question, by=bert, title="Wie kent\n\nPLA?")
    assert Question.objects.get(pk=question.pk).title == "Wie kent PLA?"


def test_session_titles_and_places_are_kept_to_one_line(network, anke):
    starts = timezone.now() + timedelta(days=1)
    session = services.create_session(
        network, by=anke, title="Lezing\nvlas", description="Twee\nregels",
        location="Zaal\t1", starts_at=starts, ends_at=starts + timedelta(hours=1),
    )  # fmt: skip
    assert (session.title, session.location, session.description) == (
        "Lezing vlas",
        "Zaal 1",
        "Twee\nregels",
    )
    services.update_session(session, by=anke, title="Lezing\r\nhennep")
    assert Session.objects.get(pk=session.pk).title == "Lezing hennep"


def test_a_title_of_only_line_breaks_is_refused_as_empty(network, bert):
    with pytest.raises(Invalid) as refused:
        services.create_article(network, by=bert, title="\n\r\n\t", body="x")
    assert refused.value.field == "title"
    assert not Article.objects.exists()


def test_the_api_stores_a_title_with_a_line_break_on_one_line(client, network, bert):
    _token, raw = issue_token(bert, "tests", by=bert)
    response = client.post(
        f"/api/v1/networks/{network.slug}/articles",
        json.dumps({"title": "Vezels\nuit gras", "body": "x\u0000y"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 201, response.content
    assert (response.json()["title"], response.json()["body"]) == ("Vezels uit gras", "xy")
