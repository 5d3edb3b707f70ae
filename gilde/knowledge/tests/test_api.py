"""The knowledge API: articles, questions and answers, sessions and registration."""

import json
from datetime import datetime, timedelta
from typing import get_args
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gilde.accounts.services import issue_token
from gilde.core.testing import make_membership, make_network, make_user
from gilde.knowledge import api as knowledge_api
from gilde.knowledge import services
from gilde.knowledge.models import (
    Article,
    ArticleRevision,
    Question,
    Registration,
    Session,
    Visibility,
)


def bearer(user) -> dict:
    _token, raw = issue_token(user, "tests", by=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def soon(hours=24):
    return timezone.now() + timedelta(hours=hours)


def url(network, path: str = "") -> str:
    return f"/api/v1/networks/{network.slug}/{path}"


def send(client, method: str, path: str, body=None, **headers):
    return client.generic(
        method, path, json.dumps(body or {}), content_type="application/json", **headers
    )


def assert_error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["message"]
    return body


def make_article(network, author, **fields):
    fields.setdefault("title", "Vezels uit bermgras")
    fields.setdefault("body", "Zo doe je dat.")
    fields.setdefault("publish", True)
    return services.create_article(network, by=author, **fields)


def make_session(network, organiser, **fields):
    fields.setdefault("title", "Workshop biocomposieten")
    fields.setdefault("description", "Zelf aan de slag.")
    fields.setdefault("starts_at", soon())
    fields.setdefault("ends_at", soon(26))
    return services.create_session(network, by=organiser, **fields)


@pytest.fixture
def carla(network):
    """A second member, so that a member can meet someone else's work."""
    user = make_user("Carla Veenstra", email="carla@example.test")
    make_membership(user, network, role="member")
    return user


# -- articles ----------------------------------------------------------------


def test_a_member_writes_reads_changes_and_publishes_an_article_with_a_token(
    client, network, anke, bert
):
    auth = bearer(bert)
    response = send(
        client,
        "POST",
        url(network, "articles"),
        {
            "title": "Vezels uit bermgras",
            "summary": "Kort",
            "body": "Zo doe je **dat**.",
            "kind": "how-to",
            "tags": ["Biocomposieten", "vezels"],
            "coauthors": [anke.pk],
        },
        **auth,
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "draft"
    assert created["visibility"] == "network"
    assert created["author"] == {"id": bert.pk, "name": "Bert Kuipers"}
    assert created["coauthors"] == [{"id": anke.pk, "name": "Anke Dijkstra"}]
    assert sorted(t["slug"] for t in created["tags"]) == ["biocomposieten", "vezels"]
    assert created["body_html"] == "<p>Zo doe je <strong>dat</strong>.</p>\n"
    assert created["may_edit"] is True
    assert created["circle"] == []
    datetime.fromisoformat(created["created_at"])

    article_url = url(network, f"articles/{created['id']}")
    response = send(
        client, "PATCH", article_url, {"title": "Vezels uit berm", "note": "Titel"}, **auth
    )
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Vezels uit berm"
    assert response.json()["summary"] == "Kort"  # not sent, not changed
    assert ArticleRevision.objects.filter(article_id=created["id"]).first().note == "Titel"

    response = client.post(f"{article_url}/publish", **auth)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "published"
    assert response.json()["published_at"]

    response = client.get(article_url, **bearer(anke))
    assert response.status_code == 200
    assert response.json()["title"] == "Vezels uit berm"
    assert response.json()["may_edit"] is True  # co-author


def test_an_outsider_gets_404_json_for_a_members_only_article(client, network, bert, otto):
    article = make_article(network, bert)
    response = client.get(url(network, f"articles/{article.pk}"), **bearer(otto))
    assert_error(response, 404)
    assert_error(client.get(url(network, f"articles/{article.pk}")), 404)


def test_anonymous_visitors_list_only_public_published_items(client, network, bert):
    make_article(network, bert, title="Openbaar", visibility="public")
    make_article(network, bert, title="Voor leden")
    make_article(network, bert, title="Openbaar concept", visibility="public", publish=False)
    services.ask_question(network, by=bert, title="Open vraag?", visibility="public")
    services.ask_question(network, by=bert, title="Ledenvraag?")
    make_session(network, bert, title="Open lezing", visibility="public")
    make_session(network, bert, title="Ledenlezing")

    titles = {
        kind: [item["title"] for item in client.get(url(network, kind)).json()["results"]]
        for kind in ("articles", "questions", "sessions")
    }
    assert titles == {
        "articles": ["Openbaar"],
        "questions": ["Open vraag?"],
        "sessions": ["Open lezing"],
    }
    assert client.get(url(network, "articles"), **bearer(bert)).json()["count"] == 3


def test_a_guest_sees_public_items_but_a_member_sees_the_network(client, network, bert, gea):
    make_article(network, bert, title="Openbaar", visibility="public")
    make_article(network, bert, title="Voor leden")
    listed = client.get(url(network, "articles"), **bearer(gea)).json()
    assert [a["title"] for a in listed["results"]] == ["Openbaar"]


def test_a_hidden_network_is_404_for_outsiders(client, otto, bert):
    hidden = make_network("Stille Kring", visibility="hidden")
    make_membership(bert, hidden)
    make_article(hidden, bert, visibility="public")
    assert_error(client.get(url(hidden, "articles")), 404)
    assert_error(client.get(url(hidden, "articles"), **bearer(otto)), 404)
    assert client.get(url(hidden, "articles"), **bearer(bert)).json()["count"] == 1


def test_articles_are_filtered_by_kind_tag_and_author(client, network, anke, bert):
    make_article(network, bert, title="Handleiding", kind="how-to", tags=["Vezels"])
    make_article(network, bert, title="Casus", kind="praktijkcase", tags=["PLA"])
    make_article(network, anke, title="Van Anke", tags=["Vezels"])
    auth = bearer(bert)

    def titles(query):
        response = client.get(url(network, f"articles?{query}"), **auth)
        assert response.status_code == 200, response.content
        return sorted(a["title"] for a in response.json()["results"])

    assert titles("kind=how-to") == ["Handleiding"]
    assert titles("tag=vezels") == ["Handleiding", "Van Anke"]
    assert titles("tag=Vezels") == ["Handleiding", "Van Anke"]
    assert titles("tag=onbekend") == []
    assert titles(f"author={anke.pk}") == ["Van Anke"]
    assert titles(f"tag=vezels&author={bert.pk}") == ["Handleiding"]


def test_lists_are_paginated(client, network, bert):
    for n in range(5):
        make_article(network, bert, title=f"Artikel {n}")
    body = client.get(url(network, "articles?page=2&page_size=2"), **bearer(bert)).json()
    assert (body["count"], body["page"], body["page_size"], len(body["results"])) == (5, 2, 2, 2)
    assert body["next"] == f"http://testserver{url(network, 'articles')}?page=3&page_size=2"
    assert body["previous"] == f"http://testserver{url(network, 'articles')}?page=1&page_size=2"
    assert_error(client.get(url(network, "articles?page=9"), **bearer(bert)), 400)
    assert_error(client.get(url(network, "articles?page_size=101"), **bearer(bert)), 400)


def test_someone_elses_patch_is_403_and_changes_nothing(client, network, anke, bert):
    article = make_article(network, bert, title="Van Bert")
    response = send(
        client,
        "PATCH",
        url(network, f"articles/{article.pk}"),
        {"title": "Van Anke", "visibility": "public"},
        **bearer(anke),
    )
    assert_error(response, 403)
    article.refresh_from_db()
    assert (article.title, article.visibility) == ("Van Bert", "network")
    assert article.revisions.count() == 1


def test_a_guest_may_not_write_an_article(client, network, gea):
    response = send(
        client, "POST", url(network, "articles"), {"title": "T", "body": "B"}, **bearer(gea)
    )
    assert_error(response, 403)
    assert not Article.objects.exists()


def test_an_unknown_visibility_is_400_json_and_creates_nothing(client, network, bert):
    response = send(
        client,
        "POST",
        url(network, "articles"),
        {"title": "T", "body": "B", "visibility": "everyone"},
        **bearer(bert),
    )
    body = assert_error(response, 400)
    assert "visibility" in json.dumps(body["errors"])
    assert not Article.objects.exists()


def test_null_for_a_required_field_in_a_patch_is_400_not_500(client, network, bert):
    article = make_article(network, bert, title="Blijft")
    response = send(
        client, "PATCH", url(network, f"articles/{article.pk}"), {"title": None}, **bearer(bert)
    )
    assert_error(response, 400)
    article.refresh_from_db()
    assert article.title == "Blijft"


def test_a_circle_without_members_is_refused_with_the_field(client, network, bert):
    response = send(
        client,
        "POST",
        url(network, "articles"),
        {"title": "T", "body": "B", "visibility": "circle"},
        **bearer(bert),
    )
    assert assert_error(response, 400)["field"] == "circle"
    assert not Article.objects.exists()


def test_only_the_authors_see_the_circle(client, network, bert, carla):
    article = make_article(network, bert, visibility="circle", circle=[carla.pk])
    path = url(network, f"articles/{article.pk}")
    assert client.get(path, **bearer(bert)).json()["circle"] == [
        {"id": carla.pk, "name": "Carla Veenstra"}
    ]
    seen_by_carla = client.get(path, **bearer(carla)).json()
    assert seen_by_carla["circle"] is None
    assert seen_by_carla["may_edit"] is False


def test_markdown_is_rendered_safely(client, network, bert):
    article = make_article(network, bert, visibility="public", body="<script>x()</script>")
    body = client.get(url(network, f"articles/{article.pk}")).json()
    assert body["body"] == "<script>x()</script>"
    assert "<script>" not in body["body_html"]


# -- questions and answers ---------------------------------------------------


def test_a_question_is_asked_answered_and_accepted_by_the_asker_only(
    client, network, anke, bert, carla
):
    response = send(
        client,
        "POST",
        url(network, "questions"),
        {"title": "Wie kent PLA?", "body": "Graag *snel*.", "tags": ["PLA"]},
        **bearer(anke),
    )
    assert response.status_code == 201, response.content
    question = response.json()
    assert question["body_html"] == "<p>Graag <em>snel</em>.</p>\n"
    assert question["answers"] == []

    response = send(
        client,
        "POST",
        url(network, f"questions/{question['id']}/answers"),
        {"body": "Ik!"},
        **bearer(bert),
    )
    assert response.status_code == 201, response.content
    answer = response.json()
    assert (answer["author"]["id"], answer["useful_count"], answer["accepted"]) == (
        bert.pk,
        0,
        False,
    )

    accept = url(network, f"answers/{answer['id']}/accept")
    assert_error(client.post(accept, **bearer(carla)), 403)
    assert Question.objects.get().accepted_answer is None

    response = client.post(accept, **bearer(anke))
    assert response.status_code == 200, response.content
    assert response.json()["accepted_answer"] == answer["id"]
    assert response.json()["answers"][0]["accepted"] is True

    listed = client.get(url(network, "questions?answered=true"), **bearer(carla)).json()
    assert [q["answer_count"] for q in listed["results"]] == [1]
    assert (
        client.get(url(network, "questions?answered=false"), **bearer(carla)).json()["count"] == 0
    )


def test_marking_your_own_answer_useful_is_403_and_others_may(client, network, anke, bert):
    question = services.ask_question(network, by=anke, title="Wie kent PLA?")
    answer = services.answer_question(question, by=bert, body="Ik!")
    useful = url(network, f"answers/{answer.pk}/useful")

    assert_error(send(client, "POST", useful, {"useful": True}, **bearer(bert)), 403)
    assert answer.useful_by.count() == 0

    response = send(client, "POST", useful, {"useful": True}, **bearer(anke))
    assert response.status_code == 200, response.content
    assert (response.json()["useful_count"], response.json()["useful_to_me"]) == (1, True)
    response = send(client, "POST", useful, {"useful": False}, **bearer(anke))
    assert response.json()["useful_count"] == 0


def test_a_guest_may_not_answer(client, network, anke, gea):
    question = services.ask_question(network, by=anke, title="Wie?", visibility="public")
    response = send(
        client, "POST", url(network, f"questions/{question.pk}/answers"), {"body": "Ik"},
        **bearer(gea),
    )  # fmt: skip
    assert_error(response, 403)
    assert not question.answers.exists()


def test_an_answer_to_an_invisible_question_is_404(client, network, anke, bert, otto):
    question = services.ask_question(network, by=anke, title="Ledenvraag?")
    answer = services.answer_question(question, by=bert, body="Ik!")
    assert_error(client.post(url(network, f"answers/{answer.pk}/accept"), **bearer(otto)), 404)
    response = send(client, "POST", url(network, f"answers/{answer.pk}/useful"), {}, **bearer(otto))
    assert_error(response, 404)


def test_the_asker_changes_a_question(client, network, anke, bert):
    question = services.ask_question(network, by=anke, title="Wie kent PLA?")
    path = url(network, f"questions/{question.pk}")
    assert_error(send(client, "PATCH", path, {"title": "Anders"}, **bearer(bert)), 403)
    response = send(client, "PATCH", path, {"visibility": "public"}, **bearer(anke))
    assert response.status_code == 200, response.content
    assert response.json()["visibility"] == "public"
    assert response.json()["title"] == "Wie kent PLA?"


# -- sessions and registration -----------------------------------------------


def test_a_session_is_organised_and_changed(client, network, bert):
    response = send(
        client,
        "POST",
        url(network, "sessions"),
        {
            "title": "Training 3D-printen",
            "description": "Met *eigen* materiaal.",
            "kind": "training",
            "starts_at": "2099-03-01T10:00:00",
            "ends_at": "2099-03-01T12:00:00+01:00",
            "capacity": 12,
            "price_kind": "euros",
            "price_cents": 2500,
            "materials": "Dia's",
        },
        **bearer(bert),
    )
    assert response.status_code == 201, response.content
    created = response.json()
    session = Session.objects.get()
    # Without an offset the time is Amsterdam's (winter time: UTC+1).
    assert session.starts_at == datetime(2099, 3, 1, 9, tzinfo=ZoneInfo("UTC"))
    assert (created["places_left"], created["price_cents"], created["materials"]) == (
        12,
        2500,
        "Dia's",
    )
    assert created["my_registration"] is None

    response = send(
        client, "PATCH", url(network, f"sessions/{session.pk}"), {"price_kind": "free"},
        **bearer(bert),
    )  # fmt: skip
    assert response.status_code == 200, response.content
    assert (response.json()["price_kind"], response.json()["price_cents"]) == ("free", 0)


def test_a_paid_session_without_a_price_is_refused(client, network, bert):
    body = {
        "title": "T", "description": "D", "starts_at": soon().isoformat(),
        "ends_at": soon(2).isoformat(), "price_kind": "euros",
    }  # fmt: skip
    response = send(client, "POST", url(network, "sessions"), body, **bearer(bert))
    assert assert_error(response, 400)["field"] == "price_cents"
    response = send(
        client, "POST", url(network, "sessions"), {**body, "price_kind": "gratis"}, **bearer(bert)
    )
    assert_error(response, 400)
    assert not Session.objects.exists()


# What a registration for a free session says it paid.
UNPAID = {"paid_credits": 0, "paid_formatted": None}


def test_registering_twice_is_409_json(client, network, anke, bert):
    session = make_session(network, anke)
    path = url(network, f"sessions/{session.pk}/registration")
    auth = bearer(bert)
    response = client.post(path, **auth)
    assert response.status_code == 201, response.content
    assert response.json() == {"status": "registered", "position": None, **UNPAID}
    assert_error(client.post(path, **auth), 409)
    assert Registration.objects.filter(session=session).count() == 1


def test_a_full_session_puts_people_on_the_waiting_list_and_a_cancellation_promotes(
    client, network, anke, bert, carla
):
    session = make_session(network, anke, capacity=1)
    dirk = make_user("Dirk de Vries")
    make_membership(dirk, network)
    path = url(network, f"sessions/{session.pk}/registration")

    registered = {"status": "registered", "position": None, **UNPAID}
    assert client.post(path, **bearer(bert)).json() == registered
    first, second = ({"status": "waitlisted", "position": n, **UNPAID} for n in (1, 2))
    assert client.post(path, **bearer(carla)).json() == first
    assert client.post(path, **bearer(dirk)).json() == second

    detail = client.get(url(network, f"sessions/{session.pk}"), **bearer(dirk)).json()
    assert (detail["places_left"], detail["registered_count"]) == (0, 1)
    assert detail["my_registration"] == {"status": "waitlisted", "position": 2, **UNPAID}
    assert detail["my_status"] == "waitlisted"

    response = client.delete(path, **bearer(bert))
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "cancelled", "position": None, **UNPAID}
    detail = client.get(url(network, f"sessions/{session.pk}"), **bearer(carla)).json()
    assert detail["my_registration"] == {"status": "registered", "position": None, **UNPAID}
    detail = client.get(url(network, f"sessions/{session.pk}"), **bearer(dirk)).json()
    assert detail["my_registration"] == {"status": "waitlisted", "position": 1, **UNPAID}


def test_cancelling_without_a_registration_is_404(client, network, anke, bert):
    session = make_session(network, anke)
    response = client.delete(url(network, f"sessions/{session.pk}/registration"), **bearer(bert))
    assert_error(response, 404)


def test_fewer_places_than_registrations_is_409_and_changes_nothing(
    client, network, anke, bert, carla
):
    session = make_session(network, anke, capacity=3)
    services.register(session, by=bert)
    services.register(session, by=carla)
    response = send(
        client, "PATCH", url(network, f"sessions/{session.pk}"), {"capacity": 1}, **bearer(anke)
    )
    assert assert_error(response, 409)["field"] == "capacity"
    session.refresh_from_db()
    assert session.capacity == 3


def test_materials_for_attendees_are_hidden_from_others(client, network, anke, bert):
    session = make_session(network, anke, materials="Geheime dia's", materials_for_attendees=True)
    services.register(session, by=bert)
    path = url(network, f"sessions/{session.pk}")
    seen_by_bert = client.get(path, **bearer(bert)).json()
    assert (seen_by_bert["materials"], seen_by_bert["materials_html"]) == (None, None)
    assert client.get(path, **bearer(anke)).json()["materials"] == "Geheime dia's"
    services.record_attendance(session, by=anke, user_ids=[bert.pk])
    assert client.get(path, **bearer(bert)).json()["materials"] == "Geheime dia's"


def test_sessions_are_listed_upcoming_past_or_all(client, network, anke):
    make_session(network, anke, title="Straks")
    past = make_session(network, anke, title="Geweest")
    Session.objects.filter(pk=past.pk).update(starts_at=soon(-50), ends_at=soon(-48))
    auth = bearer(anke)

    def titles(when):
        response = client.get(url(network, f"sessions?when={when}"), **auth)
        return [s["title"] for s in response.json()["results"]]

    assert titles("upcoming") == ["Straks"]
    assert titles("past") == ["Geweest"]
    assert titles("all") == ["Straks", "Geweest"]
    assert_error(client.get(url(network, "sessions?when=someday"), **auth), 400)


def test_registering_for_a_past_session_is_409(client, network, anke, bert):
    session = make_session(network, anke)
    Session.objects.filter(pk=session.pk).update(starts_at=soon(-50), ends_at=soon(-48))
    response = client.post(url(network, f"sessions/{session.pk}/registration"), **bearer(bert))
    assert_error(response, 409)


# -- the API as a whole ------------------------------------------------------

ROUTES = [
    ("get", "/networks/{slug}/articles"),
    ("post", "/networks/{slug}/articles"),
    ("get", "/networks/{slug}/articles/{article_id}"),
    ("patch", "/networks/{slug}/articles/{article_id}"),
    ("post", "/networks/{slug}/articles/{article_id}/publish"),
    ("get", "/networks/{slug}/questions"),
    ("post", "/networks/{slug}/questions"),
    ("get", "/networks/{slug}/questions/{question_id}"),
    ("patch", "/networks/{slug}/questions/{question_id}"),
    ("post", "/networks/{slug}/questions/{question_id}/answers"),
    ("post", "/networks/{slug}/answers/{answer_id}/accept"),
    ("post", "/networks/{slug}/answers/{answer_id}/useful"),
    ("get", "/networks/{slug}/sessions"),
    ("post", "/networks/{slug}/sessions"),
    ("get", "/networks/{slug}/sessions/{session_id}"),
    ("patch", "/networks/{slug}/sessions/{session_id}"),
    ("post", "/networks/{slug}/sessions/{session_id}/registration"),
    ("delete", "/networks/{slug}/sessions/{session_id}/registration"),
]


@pytest.mark.django_db
def test_the_openapi_document_describes_every_knowledge_route(client):
    schema = client.get("/api/v1/openapi.json").json()
    for method, path in ROUTES:
        operation = schema["paths"].get(f"/api/v1{path}", {}).get(method)
        assert operation, f"{method.upper()} {path} is not in the OpenAPI document"
        assert operation["summary"]
        assert "404" in operation["responses"]


def test_the_schema_choices_match_the_models():
    assert set(get_args(knowledge_api.VisibilityName)) == set(Visibility.values)
    assert set(get_args(knowledge_api.ArticleKind)) == set(Article.Kind.values)
    assert set(get_args(knowledge_api.ArticleStatus)) == set(Article.Status.values)
    assert set(get_args(knowledge_api.SessionKind)) == set(Session.Kind.values)
    assert set(get_args(knowledge_api.PriceKind)) == set(Session.Price.values)
    assert set(get_args(knowledge_api.RegistrationStatus)) == set(Registration.Status.values)


def test_every_error_response_is_json(client, network, anke, bert, otto):
    article = make_article(network, bert)
    session = make_session(network, anke)
    services.register(session, by=bert)
    cases = [
        (send(client, "POST", url(network, "articles"), {"title": "T", "body": "B"}), 401),
        (client.post(url(network, "articles"), "{nope", "application/json", **bearer(bert)), 400),
        (send(client, "POST", url(network, "articles"), {"kind": "x"}, **bearer(bert)), 400),
        (client.get(url(network, "articles/abc"), **bearer(bert)), 400),
        (client.get(url(network, "articles/999999"), **bearer(bert)), 404),
        (client.get("/api/v1/networks/bestaat-niet/articles"), 404),
        (client.get(url(network, f"articles/{article.pk}"), **bearer(otto)), 404),
        (send(client, "PATCH", url(network, f"articles/{article.pk}"), {}, **bearer(anke)), 403),
        (client.post(url(network, f"sessions/{session.pk}/registration"), **bearer(bert)), 409),
    ]
    for response, status in cases:
        assert_error(response, status)


def _fill(kind: str, network, author, reader, count: int) -> None:
    for n in range(count):
        if kind == "articles":
            make_article(network, author, title=f"Artikel {n}", tags=["vezels", f"tag {n}"])
        elif kind == "questions":
            question = services.ask_question(
                network, by=author, title=f"Vraag {n}?", tags=["pla"], reward=n % 2
            )
            services.answer_question(question, by=reader, body="Antwoord")
        else:
            # Some in credits: their prices are given in words too (no query per session).
            price = {"price_kind": "credits", "price_credits": 1} if n % 2 else {}
            session = make_session(network, author, title=f"Sessie {n}", tags=["3d"], **price)
            services.register(session, by=reader)


@pytest.mark.parametrize("kind", ["articles", "questions", "sessions"])
def test_lists_take_the_same_number_of_queries_for_5_and_30_items(
    client_for, network, anke, bert, kind
):
    browser = client_for(bert)
    path = url(network, f"{kind}?page_size=100")
    counts = []
    for count in (5, 25):
        _fill(kind, network, anke, bert, count)
        browser.get(path)  # the session and its user are loaded the same way each time
        with CaptureQueriesContext(connection) as queries:
            response = browser.get(path)
        assert response.status_code == 200
        assert len(response.json()["results"]) == (5 if count == 5 else 30)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
