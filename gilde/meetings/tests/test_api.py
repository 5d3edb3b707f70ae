"""The meetings API: plan a meeting, its agenda and answers, write minutes and see what they
would create, close it, and follow the actions, ideas and decisions up; with the bad input
of the issue answered as JSON in the caller's language, changing nothing."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import get_args

import pytest
from django.utils import timezone

from gilde.accounts.services import issue_token
from gilde.core.models import OutgoingMail
from gilde.core.testing import make_membership, make_network, make_user
from gilde.meetings import api as meetings_api
from gilde.meetings import services
from gilde.meetings.models import (
    Action,
    AgendaItem,
    Correction,
    Decision,
    Idea,
    Meeting,
    MinutesRevision,
    Series,
)
from gilde.meetings.tests.conftest import plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragments_off")]


def bearer(user) -> dict:
    _token, raw = issue_token(user, "tests", by=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def url(network, path: str = "") -> str:
    return f"/api/v1/networks/{network.slug}/{path}"


def send(client, method: str, path: str, body=None, **headers):
    return client.generic(
        method, path, json.dumps(body if body is not None else {}),
        content_type="application/json", **headers,
    )  # fmt: skip


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.content
    return response.json() if response.content else {}


def refused(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["message"]
    return body


def soon(days: int = 7, hours: int = 0) -> str:
    return (timezone.now() + timedelta(days=days, hours=hours)).replace(microsecond=0).isoformat()


def test_the_choices_are_the_models_choices():
    pairs = [
        (meetings_api.MeetingVisibility, Meeting.Visibility),
        (meetings_api.RsvpAnswer, Meeting.Rsvp),
        (meetings_api.AgendaKind, AgendaItem.Kind),
        (meetings_api.CorrectionStatus, Correction.Status),
        (meetings_api.ActionStatus, Action.Status),
        (meetings_api.IdeaStatus, Idea.Status),
        (meetings_api.SeriesFrequency, Series.Frequency),
    ]
    for literal, choices in pairs:
        assert set(get_args(literal)) == set(choices.values), literal


def test_a_meeting_from_plan_to_close(client, network, anke, bert, inge):
    """Anke plans, Bert answers, Anke writes minutes, previews and closes them: the ACTIE,
    BESLUIT and IDEE lines become actions, decisions and ideas, and Bert is mailed."""
    auth = bearer(anke)
    made = ok(
        send(client, "POST", url(network, "meetings"), {
            "title": "Ledenavond", "starts_at": soon(0, -1), "ends_at": soon(0, 1),
            "location": "Emmen", "note_taker": inge.pk,
        }, **auth),
        201,
    )  # fmt: skip
    meeting_id = made["id"]
    assert [i["kind"] for i in made["agenda"]] == ["open_actions"]
    assert made["agenda"][0]["title"] == "Openstaande acties"
    assert made["organisers"] == [{"id": anke.pk, "name": anke.display_name}]
    assert made["note_taker"]["id"] == inge.pk
    assert made["may_run"] is True

    item = ok(
        send(client, "POST", url(network, f"meetings/{meeting_id}/agenda"),
             {"title": "Pilotinstallatie", "duration_minutes": 30, "owner": bert.pk}, **auth),
        201,
    )  # fmt: skip
    assert item["position"] == 1 and item["owner"]["id"] == bert.pk

    text = (
        "We bespraken de pilot.\n"
        "BESLUIT we huren de extruder voor drie maanden\n"
        "ACTIE @Bert offerte opvragen bij de drukker vóór vrijdag\n"
        "IDEE samen inkopen bij de drukker\n"
    )
    preview = ok(
        send(client, "POST", url(network, f"meetings/{meeting_id}/preview"), {"text": text}, **auth)
    )
    assert preview["ok"] is True
    assert (preview["actions"], preview["decisions"], preview["ideas"]) == (1, 1, 1)
    action_line = next(f for f in preview["found"] if f["kind"] == "action")
    assert action_line["owner"] == {"id": bert.pk, "name": bert.name}
    assert action_line["line"] == 3
    assert action_line["due"] is not None and action_line["due_phrase"] == "vóór vrijdag"
    assert not Action.objects.exists(), "a preview saves nothing"

    # The note-taker writes the minutes; every version is kept.
    written = ok(
        send(client, "PUT", url(network, f"meetings/{meeting_id}/agenda/{item['id']}/minutes"),
             {"text": text}, **bearer(inge))
    )  # fmt: skip
    assert written["minutes_html"].startswith("<p>We bespraken de pilot.")
    assert MinutesRevision.objects.filter(item_id=item["id"]).count() == 1

    answered = ok(
        send(client, "PUT", url(network, f"meetings/{meeting_id}/answer"), {"answer": "yes"},
             **bearer(bert))
    )  # fmt: skip
    assert answered == {
        "person": {"id": bert.pk, "name": bert.display_name},
        "answer": "yes",
        "attended": False,
    }

    closed = ok(
        send(client, "POST", url(network, f"meetings/{meeting_id}/close"),
             {"present": [anke.pk, bert.pk]}, **auth)
    )  # fmt: skip
    assert closed["actions_created"] == 1
    detail = closed["meeting"]
    assert detail["minutes_final"] is True and detail["closed_at"]
    assert [a["title"] for a in detail["actions"]] == ["offerte opvragen bij de drukker"]
    assert detail["actions"][0]["agenda_item"] == item["id"]
    assert detail["actions"][0]["meeting"]["id"] == meeting_id
    assert [d["text"] for d in detail["decisions"]] == ["we huren de extruder voor drie maanden"]
    assert [i["title"] for i in detail["ideas"]] == ["samen inkopen bij de drukker"]
    assert {(a["person"]["id"], a["attended"]) for a in detail["answers"]} >= {
        (anke.pk, True),
        (bert.pk, True),
    }
    assert OutgoingMail.objects.filter(to=bert.email, subject__contains="Ledenavond").exists()

    # Final minutes are locked.
    refused(
        send(client, "PUT", url(network, f"meetings/{meeting_id}/agenda/{item['id']}/minutes"),
             {"text": "Anders"}, **auth),
        409,
    )  # fmt: skip
    decisions = ok(client.get(url(network, "decisions"), **bearer(bert)))
    assert decisions["count"] == 1
    assert decisions["results"][0]["meeting"]["id"] == meeting_id


def test_closing_is_refused_whole_while_a_line_is_unclear(client, network, anke, bert):
    make_membership(make_user("Bert de Vries"), network)
    meeting = plan(network, anke)
    item = services.add_agenda_item(meeting, by=anke, title="Pilot")
    services.save_minutes(
        item, by=anke, text="BESLUIT door\nACTIE @Bert offerte opvragen\nACTIE @nobody iets"
    )
    body = refused(
        send(client, "POST", url(network, f"meetings/{meeting.pk}/close"), {}, **bearer(anke)), 400
    )
    assert "regel 2" in body["message"] and "regel 3" in body["message"]
    assert not Decision.objects.exists() and not Action.objects.exists()
    assert not Meeting.objects.get(pk=meeting.pk).minutes_final
    # The preview names both Berts as candidates and never guesses.
    preview = ok(
        send(client, "POST", url(network, f"meetings/{meeting.pk}/preview"),
             {"text": "ACTIE @Bert offerte opvragen"}, **bearer(anke))
    )  # fmt: skip
    found = preview["found"][0]
    assert preview["ok"] is False and found["owner"] is None
    assert len(found["candidates"]) == 2 and found["problems"]


def test_bad_meetings_are_refused_and_nothing_is_saved(client, network, anke, otto):
    auth = bearer(anke)
    body = refused(
        send(client, "POST", url(network, "meetings"),
             {"title": "Omgekeerd", "starts_at": soon(2, 2), "ends_at": soon(2)}, **auth),
        400,
    )  # fmt: skip
    assert body["message"] == "Een vergadering moet eindigen na het begin."
    refused(
        send(client, "POST", url(network, "meetings"),
             {"title": "Link", "starts_at": soon(2), "ends_at": soon(2, 2),
              "online_url": "geen adres"}, **auth),
        400,
    )  # fmt: skip
    refused(
        send(client, "POST", url(network, "meetings"),
             {"title": "Kring", "starts_at": soon(2), "ends_at": soon(2, 2),
              "visibility": "circle"}, **auth),
        400,
    )  # fmt: skip
    refused(
        send(client, "POST", url(network, "meetings"),
             {"title": "Met buitenstaander", "starts_at": soon(2), "ends_at": soon(2, 2),
              "invited": [otto.pk]}, **auth),
        400,
    )  # fmt: skip
    refused(send(client, "POST", url(network, "meetings"), {"title": "Zonder tijd"}, **auth), 400)
    assert not Meeting.objects.exists()


def test_a_full_meeting_refuses_a_yes(client, network, anke, bert, inge):
    meeting = plan(network, anke, days=3, capacity=1)
    ok(send(client, "PUT", url(network, f"meetings/{meeting.pk}/answer"), {"answer": "yes"},
            **bearer(bert)))  # fmt: skip
    body = refused(
        send(client, "PUT", url(network, f"meetings/{meeting.pk}/answer"), {"answer": "yes"},
             **bearer(inge)),
        409,
    )  # fmt: skip
    assert "vol" in body["message"]
    refused(
        send(client, "PUT", url(network, f"meetings/{meeting.pk}/answer"), {"answer": "ja"},
             **bearer(inge)),
        400,
    )  # fmt: skip
    listed = ok(client.get(url(network, "meetings"), **bearer(bert)))
    assert listed["results"][0]["yes_count"] == 1
    assert listed["results"][0]["my_answer"] == "yes"


def test_the_agenda_and_the_series(client, network, anke, bert):
    auth = bearer(anke)
    meeting = plan(network, anke, days=-2)
    first = services.add_agenda_item(meeting, by=anke, title="Pilot", standing=True)
    second = services.add_agenda_item(meeting, by=anke, title="Begroting")
    moved = ok(
        send(client, "POST", url(network, f"meetings/{meeting.pk}/agenda/{second.pk}/move"),
             {"direction": "up"}, **auth)
    )  # fmt: skip
    assert moved["position"] == 1
    changed = ok(
        send(client, "PATCH", url(network, f"meetings/{meeting.pk}/agenda/{first.pk}"),
             {"title": "Pilotinstallatie"}, **auth)
    )  # fmt: skip
    assert changed["title"] == "Pilotinstallatie" and changed["standing"] is True
    ok(send(client, "DELETE", url(network, f"meetings/{meeting.pk}/agenda/{second.pk}"),
            **auth), 204)  # fmt: skip
    open_item = meeting.items.get(kind=AgendaItem.Kind.OPEN_ACTIONS)
    refused(
        send(client, "DELETE", url(network, f"meetings/{meeting.pk}/agenda/{open_item.pk}"),
             **auth),
        409,
    )  # fmt: skip
    # A member who does not run the meeting changes nothing of its agenda.
    refused(
        send(client, "PATCH", url(network, f"meetings/{meeting.pk}/agenda/{first.pk}"),
             {"title": "Anders"}, **bearer(bert)),
        403,
    )  # fmt: skip
    series = ok(
        send(client, "POST", url(network, f"meetings/{meeting.pk}/series"),
             {"title": "Ledenavond", "frequency": "monthly", "week_of_month": 1}, **auth),
        201,
    )  # fmt: skip
    assert series["frequency"] == "monthly"
    services.create_action(network, by=anke, title="Offerte", owner=bert, meeting=meeting)
    following = ok(send(client, "POST", url(network, f"meetings/{meeting.pk}/next"), **auth), 201)
    assert following["series"] == series["id"]
    assert [i["kind"] for i in following["agenda"]] == ["open_actions", "topic"]
    assert following["agenda"][1]["title"] == "Pilotinstallatie"
    assert [a["title"] for a in following["open_actions"]] == ["Offerte"]


def test_corrections_until_final(client, network, anke, bert):
    meeting = plan(network, anke)
    item = services.add_agenda_item(meeting, by=anke, title="Pilot")
    services.save_minutes(item, by=anke, text="We bespraken de pilot.")
    # Bert did not come: he proposes nothing.
    path = url(network, f"meetings/{meeting.pk}/agenda/{item.pk}/corrections")
    refused(send(client, "POST", path, {"text": "Anders"}, **bearer(bert)), 403)
    services.record_attendance(meeting, by=anke, present=[anke, bert])
    proposed = ok(
        send(client, "POST", path, {"text": "We bespraken de pilot en de kosten.",
                                    "note": "kosten vergeten"}, **bearer(bert)),
        201,
    )  # fmt: skip
    assert proposed["status"] == "open" and proposed["proposed_by"]["id"] == bert.pk
    decide = url(network, f"meetings/{meeting.pk}/corrections/{proposed['id']}/decide")
    refused(send(client, "POST", decide, {"accept": True}, **bearer(bert)), 403)
    decided = ok(send(client, "POST", decide, {"accept": True}, **bearer(anke)))
    assert decided["status"] == "accepted"
    item.refresh_from_db()
    assert item.minutes == "We bespraken de pilot en de kosten."
    refused(send(client, "POST", decide, {"accept": False}, **bearer(anke)), 409)


def test_actions_owned_changed_and_commented(client, network, anke, bert, inge, otto):
    auth = bearer(anke)
    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    made = ok(
        send(client, "POST", url(network, "actions"),
             {"title": "LCA-rapport rondsturen", "owner": bert.pk, "due_on": due,
              "involved": [inge.pk]}, **auth),
        201,
    )  # fmt: skip
    assert made["owner"]["id"] == bert.pk and made["involved"][0]["id"] == inge.pk
    assert made["may_change"] is True and made["network"] == network.slug
    assert OutgoingMail.objects.filter(to=bert.email, subject__contains="LCA").exists()
    path = url(network, f"actions/{made['id']}")

    # Bad input: no owner, an owner outside the network, a status by someone else.
    refused(send(client, "POST", url(network, "actions"), {"title": "Zonder"}, **auth), 400)
    body = refused(
        send(client, "POST", url(network, "actions"), {"title": "Elders", "owner": otto.pk},
             **auth),
        400,
    )  # fmt: skip
    assert "actief lid" in body["message"]
    body = refused(send(client, "POST", path + "/status", {"status": "done"}, **bearer(inge)), 403)
    assert (
        body["message"] == "Alleen de eigenaar van de actie of een coördinator kan haar veranderen."
    )
    refused(send(client, "POST", path + "/status", {"status": "dropped"}, **bearer(bert)), 400)
    refused(send(client, "POST", path + "/status", {"status": "klaar"}, **bearer(bert)), 400)
    assert Action.objects.get(pk=made["id"]).status == "open"

    started = ok(send(client, "POST", path + "/status", {"status": "in_progress"}, **bearer(bert)))
    assert started["status"] == "in_progress"
    commented = ok(send(client, "POST", path + "/comments", {"body": "Loopt"}, **bearer(inge)), 201)
    assert commented["author"]["id"] == inge.pk
    changed = ok(send(client, "PATCH", path, {"due_on": None}, **bearer(bert)))
    assert changed["due_on"] is None
    given = ok(send(client, "POST", path + "/assign", {"owner": inge.pk}, **bearer(bert)))
    assert given["owner"]["id"] == inge.pk
    done = ok(send(client, "POST", path + "/status", {"status": "done"}, **bearer(inge)))
    assert done["status"] == "done" and done["done_on"] == timezone.localdate().isoformat()
    detail = ok(client.get(path, **bearer(bert)))
    assert [c["body"] for c in detail["comments"]] == ["Loopt"]
    assert detail["may_change"] is False


def test_the_board_my_actions_and_follow_through(client, network, anke, bert):
    today = timezone.localdate()
    meeting = plan(network, anke, days=-20)
    late = services.create_action(
        network, by=anke, title="Te laat", owner=bert, meeting=meeting,
        due_on=today - timedelta(days=3),
    )  # fmt: skip
    on_time = services.create_action(network, by=anke, title="Op tijd", owner=bert, due_on=today)
    services.set_action_status(on_time, by=bert, status="done")
    services.create_action(network, by=anke, title="Van Anke", owner=anke)
    other = make_network("Elders")
    make_membership(bert, other)
    boss = make_user()
    make_membership(boss, other, role="coordinator")
    services.create_action(other, by=boss, title="Elders te doen", owner=bert)

    board = ok(client.get(url(network, "actions"), {"overdue": True}, **bearer(anke)))
    assert [a["id"] for a in board["results"]] == [late.pk]
    assert board["results"][0]["overdue"] is True
    everything = ok(client.get(url(network, "actions"), {"status": "all", "owner": bert.pk},
                               **bearer(anke)))  # fmt: skip
    assert {a["title"] for a in everything["results"]} == {"Te laat", "Op tijd"}
    by_meeting = ok(client.get(url(network, "actions"), {"meeting": meeting.pk}, **bearer(anke)))
    assert [a["id"] for a in by_meeting["results"]] == [late.pk]

    mine = ok(client.get("/api/v1/me/actions", **bearer(bert)))
    assert [a["title"] for a in mine["results"]] == ["Te laat", "Elders te doen"]
    assert {a["network"] for a in mine["results"]} == {network.slug, other.slug}

    rate = ok(client.get(url(network, "follow-through"), {"owner": bert.pk}, **bearer(anke)))
    assert (rate["due"], rate["on_time"], rate["rate"]) == (2, 1, 0.5)
    refused(
        client.get(url(network, "follow-through"),
                   {"since": today.isoformat(), "until": (today - timedelta(days=1)).isoformat()},
                   **bearer(anke)),
        400,
    )  # fmt: skip


def test_ideas_supported_and_taken_up(client, network, anke, bert, inge):
    made = ok(
        send(client, "POST", url(network, "ideas"), {"title": "Samen inkopen"}, **bearer(bert)),
        201,
    )
    assert made["raised_by"]["id"] == bert.pk and made["support_count"] == 0
    path = url(network, f"ideas/{made['id']}")
    supported = ok(send(client, "PUT", path + "/support", {"support": True}, **bearer(inge)))
    assert supported["support_count"] == 1 and supported["supported_by_me"] is True
    # A member does not turn ideas into actions; a coordinator does, once.
    refused(send(client, "POST", path + "/action", {"owner": bert.pk}, **bearer(inge)), 403)
    action = ok(send(client, "POST", path + "/action", {"owner": bert.pk}, **bearer(anke)), 201)
    assert action["idea"] == made["id"] and action["title"] == "Samen inkopen"
    refused(send(client, "POST", path + "/action", {"owner": bert.pk}, **bearer(anke)), 409)
    board = ok(client.get(url(network, "ideas"), {"status": "taken_up"}, **bearer(bert)))
    assert [i["id"] for i in board["results"]] == [made["id"]]
    refused(send(client, "POST", url(network, "ideas"), {"title": "   "}, **bearer(bert)), 400)


def test_a_circle_meeting_and_its_outcomes_are_not_there_for_others(client, network, anke, bert,
                                                                     inge):  # fmt: skip
    meeting = plan(network, anke, visibility="circle", invited=[inge])
    services.create_action(network, by=anke, title="Geheim", owner=inge, meeting=meeting)
    body = refused(client.get(url(network, f"meetings/{meeting.pk}"), **bearer(bert)), 404)
    assert body["message"] == "Deze vergadering bestaat niet."
    assert ok(client.get(url(network, "actions"), **bearer(bert)))["count"] == 0
    assert ok(client.get(url(network, "meetings"), {"when": "all"}, **bearer(bert)))["count"] == 0
    assert ok(client.get(url(network, f"meetings/{meeting.pk}"), **bearer(inge)))["id"]


def test_guests_and_outsiders_find_no_meetings(client, network, anke, gea, otto):
    meeting = plan(network, anke)
    for person in (gea, otto):
        refused(client.get(url(network, "meetings"), **bearer(person)), 404)
        refused(client.get(url(network, f"meetings/{meeting.pk}"), **bearer(person)), 404)
    refused(client.get(url(network, "meetings")), 401)


def test_the_meeting_as_an_ics_file(client, network, anke):
    meeting = plan(network, anke, days=3, location="Emmen")
    response = client.get(url(network, f"meetings/{meeting.pk}/calendar"), **bearer(anke))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body and "LOCATION:Emmen" in body
    assert f"/n/{network.slug}/meetings/{meeting.pk}/" in body.replace("\r\n ", "")
