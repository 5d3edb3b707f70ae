"""Paying for knowledge on the pages and through the API: Anke (coordinator) organises a
training in credits and asks with a reward; Bert (member) registers, pays and answers."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from gilde.accounts.services import issue_token
from gilde.core.testing import make_membership, make_user
from gilde.exchange import services as ledger
from gilde.exchange.models import Hold, Transfer
from gilde.exchange.verify import verify
from gilde.knowledge import services
from gilde.knowledge.models import Question, Registration, Session


def url(name, network, *args):
    return reverse(f"knowledge:{name}", args=[network.slug, *args])


def said(text: str, **values) -> str:
    """`text` as the (Dutch) page shows it."""
    with translation.override("nl"):
        translated = translation.gettext(text)
    return escape(translated % values if values else translated)


def api(network, path: str = "") -> str:
    return f"/api/v1/networks/{network.slug}/{path}"


def bearer(user) -> dict:
    _token, raw = issue_token(user, "tests", by=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def send(client, method: str, path: str, body=None, **headers):
    return client.generic(
        method, path, json.dumps(body or {}), content_type="application/json", **headers
    )


def account(user, network):
    return ledger.account_of(user, network)


@pytest.fixture
def ria(network):
    user = make_user("Ria Veenstra", email="ria@example.test")
    make_membership(user, network)
    return user


@pytest.fixture
def training(network, anke):
    starts = timezone.now() + timedelta(days=2)
    return services.create_session(
        network, by=anke, title="Training LCA", description="Levenscyclusanalyse.",
        starts_at=starts, ends_at=starts + timedelta(hours=3), capacity=1,
        price_kind="credits", price_credits=90,
    )  # fmt: skip


def session_data(**fields):
    return {
        "kind": "training",
        "title": "Training LCA",
        "description": "Levenscyclusanalyse voor beginners.",
        "starts_at": "2031-03-04T14:00",
        "ends_at": "2031-03-04T17:00",
        "location": "Zernike Campus",
        "online_url": "",
        "capacity": "12",
        "price_kind": "credits",
        "price_euros": "",
        "price_credits_amount": "2",
        "materials": "",
        "visibility": "network",
        "tags_text": "",
        **fields,
    }


# -- sessions ---------------------------------------------------------------------------


def test_the_session_page_shows_the_price_and_paying_registers(
    client_for, network, anke, bert, training
):
    client = client_for(bert)
    page = client.get(url("session", network, training.pk)).content.decode()
    assert "1 uur 30 min" in page
    assert said("Register and pay %(price)s", price="1 uur 30 min") in page
    response = client.post(url("session_register", network, training.pk), follow=True)
    page = response.content.decode()
    assert (
        said("You are registered and paid %(amount)s. See you there!", amount="1 uur 30 min")
        in page
    )
    assert f"{said('Paid')}</span> 1 uur 30 min" in page
    assert said("Cancel before the start and you get it back.") in page
    assert account(bert, network).balance == -90
    # The organiser sees who paid what.
    page = client_for(anke).get(url("session", network, training.pk)).content.decode()
    assert f'<th scope="col">{said("Paid")}</th>' in page
    assert verify().ok


def test_a_registration_that_cannot_be_paid_shows_why_and_takes_no_place(
    client_for, network, anke, bert, training
):
    ledger.set_account_limits(account(bert, network), by=anke, limit=-60, ceiling=None, reason="x")
    response = client_for(bert).post(url("session_register", network, training.pk), follow=True)
    page = response.content.decode()
    assert (
        said(
            "You cannot afford this session: it costs %(price)s, and you can spend %(room)s.",
            price="1 uur 30 min",
            room="1 uur",
        )
        in page
    )
    assert not Registration.objects.exists()
    assert not Transfer.objects.exists()


def test_cancelling_asks_first_and_says_the_payment_comes_back(client_for, network, bert, training):
    client = client_for(bert)
    client.post(url("session_register", network, training.pk))
    page = client.post(url("session_cancel", network, training.pk)).content.decode()
    assert said("The %(amount)s you paid is refunded.", amount="1 uur 30 min") in page
    assert account(bert, network).balance == -90
    response = client.post(
        url("session_cancel", network, training.pk), {"confirm": "yes"}, follow=True
    )
    assert (
        said(
            "Your registration is cancelled; %(amount)s is refunded to your account.",
            amount="1 uur 30 min",
        )
        in response.content.decode()
    )
    assert account(bert, network).balance == 0
    assert Transfer.objects.get(kind="reversal").reverses.payer == account(bert, network)
    assert verify().ok


def test_the_waiting_list_says_when_one_pays(client_for, network, bert, ria, training):
    services.register(training, by=ria)
    page = client_for(bert).get(url("session", network, training.pk)).content.decode()
    assert (
        said(
            "You pay %(price)s from your account when a place becomes free for you.",
            price="1 uur 30 min",
        )
        in page
    )


def test_the_session_form_reads_the_price_in_the_unit_and_offers_a_coordinators_accounts(
    client_for, network, anke, bert
):
    pilot = ledger.create_shared_account(network, by=anke, name="Pilotlijn")
    page = client_for(anke).get(url("session_new", network)).content.decode()
    assert 'name="price_account_id"' in page and "Pilotlijn" in page
    # A member has only their own account: no choice to make.
    assert (
        'name="price_account_id"'
        not in client_for(bert).get(url("session_new", network)).content.decode()
    )
    response = client_for(anke).post(
        url("session_new", network), session_data(price_account_id=str(pilot.pk))
    )
    session = Session.objects.get()
    assert response["Location"] == url("session", network, session.pk)
    assert (session.price_credits, session.price_account_id) == (120, pilot.pk)
    edit = client_for(anke).get(url("session_edit", network, session.pk)).content.decode()
    assert 'value="2 uren"' in edit


def test_a_member_posting_someone_elses_account_is_still_paid_on_their_own(
    client_for, network, anke, bert
):
    """A member has no choice of payee: the form has no such field, and what is posted for it
    is not read."""
    client_for(bert).post(
        url("session_new", network),
        session_data(price_account_id=str(account(anke, network).pk)),
    )
    assert Session.objects.get().price_account_id == account(bert, network).pk


def test_a_price_in_credits_that_cannot_be_read_is_a_form_error(client_for, network, anke):
    response = client_for(anke).post(
        url("session_new", network), session_data(price_credits_amount="veel")
    )
    assert response.status_code == 200
    assert "price_credits_amount" in response.context["form"].errors
    assert not Session.objects.exists()


def test_the_api_pays_and_refunds_and_gives_amounts_in_words(client, network, anke, bert, training):
    path = api(network, f"sessions/{training.pk}/registration")
    response = client.post(path, **bearer(bert))
    assert response.status_code == 201, response.content
    assert response.json() == {
        "status": "registered",
        "position": None,
        "paid_credits": 90,
        "paid_formatted": "1 uur 30 min",
    }
    detail = client.get(api(network, f"sessions/{training.pk}"), **bearer(bert)).json()
    assert (detail["price_credits"], detail["price_credits_formatted"]) == (90, "1 uur 30 min")
    assert detail["price_account"] == account(anke, network).pk
    assert detail["my_registration"]["paid_credits"] == 90
    response = client.delete(path, **bearer(bert))
    assert response.json()["paid_credits"] == 0
    assert account(bert, network).balance == 0
    assert verify().ok


def test_the_api_refuses_what_cannot_be_paid_with_409(client, network, anke, bert, training):
    ledger.set_account_limits(account(bert, network), by=anke, limit=0, ceiling=None, reason="x")
    response = client.post(api(network, f"sessions/{training.pk}/registration"), **bearer(bert))
    assert response.status_code == 409
    assert "1 uur 30 min" in response.json()["message"]
    assert not Registration.objects.exists()


def test_the_api_takes_a_payee_from_the_organisers_options_only(client, network, anke, bert):
    pilot = ledger.create_shared_account(network, by=anke, name="Pilotlijn")
    starts = (timezone.now() + timedelta(days=3)).isoformat()
    ends = (timezone.now() + timedelta(days=3, hours=2)).isoformat()
    body = {
        "title": "Training", "description": "x", "starts_at": starts, "ends_at": ends,
        "price_kind": "credits", "price_credits": 60, "price_account": pilot.pk,
    }  # fmt: skip
    response = send(client, "POST", api(network, "sessions"), body, **bearer(anke))
    assert response.status_code == 201, response.content
    assert response.json()["price_account"] == pilot.pk
    response = send(client, "POST", api(network, "sessions"), body, **bearer(bert))
    assert response.status_code == 400
    assert Session.objects.count() == 1
    session = Session.objects.get()
    response = send(
        client, "PATCH", api(network, f"sessions/{session.pk}"), {"price_account": None},
        **bearer(anke),
    )  # fmt: skip
    assert response.json()["price_account"] == account(anke, network).pk


# -- questions --------------------------------------------------------------------------


def question_data(**fields):
    return {
        "title": "Wie kent een PHA-leverancier?",
        "body": "",
        "reward": "1",
        "tags_text": "",
        "visibility": "network",
        **fields,
    }


def test_asking_with_a_reward_reserves_it_and_the_pages_show_it(client_for, network, anke, bert):
    response = client_for(anke).post(url("question_new", network), question_data())
    question = Question.objects.get()
    assert response["Location"] == url("question", network, question.pk)
    assert question.reward == 60
    assert account(anke, network).reserved == 60
    page = client_for(bert).get(url("question", network, question.pk)).content.decode()
    assert said("Reward %(amount)s", amount="1 uur") in page
    assert (
        said("A reward of %(amount)s is reserved for the answer the asker accepts.", amount="1 uur")
        in page
    )
    listing = client_for(bert).get(url("questions", network)).content.decode()
    assert said("Reward %(amount)s", amount="1 uur") in listing


def test_a_reward_beyond_ones_means_is_a_form_error_and_nothing_is_asked(
    client_for, network, anke, bert
):
    ledger.set_account_limits(account(bert, network), by=anke, limit=-30, ceiling=None, reason="x")
    response = client_for(bert).post(url("question_new", network), question_data())
    assert response.status_code == 200
    assert response.context["form"].errors["reward"]
    assert (
        said("You cannot reserve this reward: you can spend %(room)s.", room="30 min")
        in response.content.decode()
    )
    assert not Question.objects.exists() and not Hold.objects.exists()


def test_accepting_on_the_page_pays_the_reward(client_for, network, anke, bert):
    question = services.ask_question(network, by=anke, title="Wie kent PHA?", reward=60)
    answer = services.answer_question(question, by=bert, body="Ik")
    client = client_for(anke)
    page = client.get(url("question", network, question.pk)).content.decode()
    assert said("Accept and pay the reward of %(amount)s", amount="1 uur") in page
    response = client.post(url("answer_accept", network, answer.pk), follow=True)
    page = response.content.decode()
    assert (
        said(
            "You accepted this answer: %(name)s received the reward of %(amount)s.",
            name="Bert Kuipers",
            amount="1 uur",
        )
        in page
    )
    assert (
        said(
            "The reward of %(amount)s went to %(person)s, for the accepted answer.",
            amount="1 uur",
            person="Bert Kuipers",
        )
        in page
    )
    assert account(bert, network).balance == 60
    assert verify().ok


def test_closing_on_the_page_asks_first_and_releases_the_reward(client_for, network, anke, bert):
    question = services.ask_question(network, by=anke, title="Wie kent PHA?", reward=60)
    client = client_for(anke)
    assert (
        said("Close question") in client.get(url("question", network, question.pk)).content.decode()
    )
    # Bert may read it, but closing is the asker's (or a coordinator's).
    assert (
        said("Close question")
        not in client_for(bert).get(url("question", network, question.pk)).content.decode()
    )
    page = client.post(url("question_close", network, question.pk)).content.decode()
    assert (
        said("It takes no more answers, and the reward of %(amount)s is released.", amount="1 uur")
        in page
    )
    assert Question.objects.get().closed_at is None
    response = client.post(
        url("question_close", network, question.pk), {"confirm": "yes"}, follow=True
    )
    page = response.content.decode()
    assert said("The question is closed.") in page
    assert said("This question is closed: it takes no new answers.") in page
    assert Question.objects.get().closed_at is not None
    assert account(anke, network).reserved == 0
    assert verify().ok


def test_the_api_asks_with_a_reward_and_closes(client, network, anke, bert):
    response = send(
        client, "POST", api(network, "questions"), {"title": "Wie kent PHA?", "reward": 90},
        **bearer(anke),
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["reward"], body["reward_formatted"], body["closed_at"]) == (
        90,
        "1 uur 30 min",
        None,
    )
    question_id = body["id"]
    listing = client.get(api(network, "questions"), **bearer(bert)).json()
    assert listing["results"][0]["reward_formatted"] == "1 uur 30 min"
    close = api(network, f"questions/{question_id}/close")
    assert send(client, "POST", close, **bearer(bert)).status_code == 403
    response = send(client, "POST", close, **bearer(anke))
    assert response.status_code == 200
    assert response.json()["closed_at"]
    assert send(client, "POST", close, **bearer(anke)).status_code == 409
    assert account(anke, network).reserved == 0
    assert verify().ok


def test_the_api_refuses_a_reward_beyond_ones_means_with_409(client, network, anke, bert):
    ledger.set_account_limits(account(bert, network), by=anke, limit=0, ceiling=None, reason="x")
    response = send(
        client, "POST", api(network, "questions"), {"title": "Wie?", "reward": 60}, **bearer(bert)
    )
    assert response.status_code == 409
    assert response.json()["message"]
    assert not Question.objects.exists()
    response = send(
        client, "POST", api(network, "questions"), {"title": "Wie?", "reward": -1}, **bearer(bert)
    )
    assert response.status_code == 400
