"""Questions and answers through the pages: Bert asks, Anke and Ria answer, Bert accepts."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from gilde.core.testing import make_membership, make_user
from gilde.knowledge import services
from gilde.knowledge.models import Answer, Question


def url(name, network, *args):
    return reverse(f"knowledge:{name}", args=[network.slug, *args])


def said(text: str) -> str:
    """`text` as the (Dutch) page shows it, whether or not it is translated yet."""
    with translation.override("nl"):
        return escape(translation.gettext(text))


@pytest.fixture
def ria(network):
    user = make_user("Ria Veenstra", email="ria@example.test")
    make_membership(user, network)
    return user


@pytest.fixture
def question(network, bert):
    return services.ask_question(network, by=bert, title="Wie kan PLA extruderen?")


def test_ask_answer_accept_and_mark_useful(
    client_for, network, anke, bert, ria, mailoutbox, django_capture_on_commit_callbacks
):
    response = client_for(bert).post(
        url("question_new", network),
        {"title": "Wie kan PLA extruderen?", "body": "Voor een *proef*.", "visibility": "network",
         "tags_text": "PLA"},
    )  # fmt: skip
    question = Question.objects.get()
    assert response["Location"] == url("question", network, question.pk)

    with django_capture_on_commit_callbacks(execute=True):
        client_for(anke).post(url("answer_add", network, question.pk), {"body": "Wij, in Emmen."})
    client_for(ria).post(url("answer_add", network, question.pk), {"body": "Probeer Groningen."})
    assert [m.to for m in mailoutbox] == [[bert.email]]  # the asker follows their question
    first, second = Answer.objects.order_by("pk")

    # Ria's answer is found useful twice, Anke's is accepted: accepted comes first all the same.
    client_for(anke).post(url("answer_useful", network, second.pk))
    client_for(bert).post(url("answer_useful", network, second.pk))
    client_for(bert).post(url("answer_accept", network, first.pk))
    question.refresh_from_db()
    assert question.accepted_answer == first
    assert second.useful_by.count() == 2

    page = client_for(ria).get(url("question", network, question.pk)).content.decode()
    assert page.index("Wij, in Emmen.") < page.index("Probeer Groningen.")
    assert said("Accepted answer") in page


def test_answers_without_acceptance_are_sorted_by_usefulness(client_for, network, anke, bert, ria):
    question = services.ask_question(network, by=bert, title="Vraag")
    services.answer_question(question, by=anke, body="Eerste antwoord")
    later = services.answer_question(question, by=ria, body="Later maar nuttig")
    services.mark_useful(later, by=bert)
    page = client_for(bert).get(url("question", network, question.pk)).content.decode()
    assert page.index("Later maar nuttig") < page.index("Eerste antwoord")


def test_only_the_asker_can_accept(client_for, network, anke, question):
    answer = services.answer_question(question, by=anke, body="Ik")
    response = client_for(anke).post(url("answer_accept", network, answer.pk), follow=True)
    assert said("Only the person who asked can accept an answer.") in response.content.decode()
    question.refresh_from_db()
    assert question.accepted_answer is None


def test_marking_your_own_answer_useful_is_refused(client_for, network, anke, question):
    answer = services.answer_question(question, by=anke, body="Ik")
    response = client_for(anke).post(url("answer_useful", network, answer.pk), follow=True)
    assert said("You cannot mark your own answer as useful.") in response.content.decode()
    assert answer.useful_by.count() == 0


def test_useful_can_be_taken_back_and_htmx_gets_the_fragment(
    client_for, network, anke, bert, question
):
    answer = services.answer_question(question, by=anke, body="Ik")
    client = client_for(bert)
    response = client.post(url("answer_useful", network, answer.pk), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="useful-{answer.pk}"' in response.content.decode()
    assert 'aria-pressed="true"' in response.content.decode()
    client.post(url("answer_useful", network, answer.pk), {"useful": "0"})
    assert answer.useful_by.count() == 0


def test_an_empty_answer_is_refused_and_nothing_saved(client_for, network, anke, question):
    response = client_for(anke).post(url("answer_add", network, question.pk), {"body": ""})
    assert response.status_code == 200
    assert response.context["answer_form"].errors["body"]
    assert not Answer.objects.exists()


def test_a_guest_cannot_answer_a_public_question(client_for, network, bert, gea):
    question = services.ask_question(network, by=bert, title="Open vraag", visibility="public")
    response = client_for(gea).post(url("answer_add", network, question.pk), {"body": "Ik!"})
    assert response.status_code == 200
    assert not Answer.objects.exists()


def test_outsiders_get_404_on_a_network_question(client, client_for, network, otto, question):
    assert client_for(otto).get(url("question", network, question.pk)).status_code == 404
    # Logged out: the login page, which leads back (test_login_instead_of_404.py).
    response = client.get(url("question", network, question.pk))
    assert response["Location"].startswith(reverse("account_login") + "?next=")
    response = client_for(otto).post(url("answer_add", network, question.pk), {"body": "Ik"})
    assert response.status_code == 404
    assert not Answer.objects.exists()


def test_the_asker_edits_and_others_get_404(client_for, network, anke, bert, question):
    data = {"title": "Wie kan PLA en PHA extruderen?", "body": "", "visibility": "network"}
    assert (
        client_for(anke).post(url("question_edit", network, question.pk), data).status_code == 404
    )
    question.refresh_from_db()
    assert question.title == "Wie kan PLA extruderen?"
    client_for(bert).post(url("question_edit", network, question.pk), data)
    question.refresh_from_db()
    assert question.title == "Wie kan PLA en PHA extruderen?"


def test_the_list_shows_answer_counts_and_filters_open_questions(
    client_for, network, anke, bert, question
):
    answered = services.ask_question(network, by=bert, title="Al beantwoord")
    services.accept_answer(services.answer_question(answered, by=anke, body="Ja"), by=bert)
    page = client_for(anke).get(url("questions", network), {"open": "1"}).content.decode()
    assert "Wie kan PLA extruderen?" in page and "Al beantwoord" not in page


def test_a_closed_question_takes_no_answers_and_leaves_the_open_list(
    client_for, network, bert, ria, question
):
    client_for(bert).post(url("question_close", network, question.pk), {"confirm": "yes"})
    assert Question.objects.get().closed_at is not None
    page = client_for(ria).get(url("question", network, question.pk)).content.decode()
    assert said("This question is closed: it takes no new answers.") in page
    assert 'name="body"' not in page  # no answer form
    response = client_for(ria).post(
        url("answer_add", network, question.pk), {"body": "Toch nog."}, follow=True
    )
    assert said("This question is closed: it takes no new answers.") in response.content.decode()
    assert not Answer.objects.exists()
    open_list = client_for(ria).get(url("questions", network) + "?open=1").content.decode()
    assert "Wie kan PLA extruderen?" not in open_list
    listing = client_for(ria).get(url("questions", network)).content.decode()
    assert "Wie kan PLA extruderen?" in listing and said("Closed") in listing


def test_only_the_asker_or_a_coordinator_closes(client_for, network, anke, bert, ria, question):
    response = client_for(ria).post(
        url("question_close", network, question.pk), {"confirm": "yes"}, follow=True
    )
    assert said("Only the person who asked or a coordinator can close this question.") in (
        response.content.decode()
    )
    assert Question.objects.get().closed_at is None
    client_for(anke).post(url("question_close", network, question.pk), {"confirm": "yes"})
    assert Question.objects.get().closed_at is not None
