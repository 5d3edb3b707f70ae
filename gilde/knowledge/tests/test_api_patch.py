"""PATCH changes only what is sent: a field left out stays as it is, null clears a field
only where null means something (a session's capacity: no limit), and is a 400 elsewhere."""

from __future__ import annotations

from django.test import Client

from gilde.knowledge.models import Session
from gilde.knowledge.tests.test_api import (
    assert_error,
    bearer,
    make_article,
    make_session,
    send,
    url,
)


def test_a_field_left_out_of_a_session_patch_is_unchanged(network, anke):
    session = make_session(network, anke, capacity=12, location="Emmen", tags=["hennep"])
    response = send(Client(), "PATCH", url(network, f"sessions/{session.pk}"), {"title": "Nieuw"},
                    **bearer(anke))  # fmt: skip
    assert response.status_code == 200, response.content
    session.refresh_from_db()
    assert session.title == "Nieuw"
    assert (session.capacity, session.location, session.visibility) == (12, "Emmen", "network")
    assert [tag.name for tag in session.tags.all()] == ["hennep"]


def test_null_capacity_means_no_limit(network, anke):
    session = make_session(network, anke, capacity=12)
    response = send(Client(), "PATCH", url(network, f"sessions/{session.pk}"), {"capacity": None},
                    **bearer(anke))  # fmt: skip
    assert response.status_code == 200, response.content
    assert Session.objects.get(pk=session.pk).capacity is None


def test_null_where_it_means_nothing_is_a_400_and_changes_nothing(network, anke, bert):
    session = make_session(network, anke, location="Emmen")
    for field in ("title", "location", "starts_at", "price_kind", "materials_for_attendees"):
        response = send(Client(), "PATCH", url(network, f"sessions/{session.pk}"), {field: None},
                        **bearer(anke))  # fmt: skip
        assert_error(response, 400)
    session.refresh_from_db()
    assert session.location == "Emmen" and session.title
    article = make_article(network, bert, tags=["vezels"])
    for field in ("title", "visibility", "tags", "coauthors"):
        response = send(Client(), "PATCH", url(network, f"articles/{article.pk}"), {field: None},
                        **bearer(bert))  # fmt: skip
        assert_error(response, 400)
    article.refresh_from_db()
    assert [tag.name for tag in article.tags.all()] == ["vezels"]


def test_an_article_patch_changes_only_what_it_sends(network, bert):
    article = make_article(network, bert, summary="Kort", tags=["vezels"])
    path = url(network, f"articles/{article.pk}")
    assert send(Client(), "PATCH", path, {"body": "Nieuw"}, **bearer(bert)).status_code == 200
    article.refresh_from_db()
    assert (article.body, article.summary, article.title) == (
        "Nieuw",
        "Kort",
        "Vezels uit bermgras",
    )
    assert [tag.name for tag in article.tags.all()] == ["vezels"]
    assert send(Client(), "PATCH", path, {"tags": []}, **bearer(bert)).status_code == 200
    assert not article.tags.exists()  # an empty list, unlike an absent field, clears
