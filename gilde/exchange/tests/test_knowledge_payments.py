"""Paying for knowledge through the ledger: Anke (coordinator) organises a training priced
in credits, Bert and Ria register, Carla waits her turn; questions carry a reward.

Every path ends with the books checked: `verify().ok`.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from gilde.core.errors import Conflict, Invalid, NotAllowed
from gilde.core.models import OutgoingMail
from gilde.core.testing import make_membership, make_user
from gilde.exchange import services as ledger
from gilde.exchange.models import Account, Hold, Transfer
from gilde.exchange.verify import verify
from gilde.knowledge import services
from gilde.knowledge.models import Question, Registration, Session

PRICE = 90  # 1 uur 30 min


def said(text: str) -> str:
    """A pattern for `text` as the (Dutch) refusal says it."""
    with translation.override("nl"):
        return re.escape(translation.gettext(text))


@pytest.fixture
def ria(network):
    user = make_user("Ria Veenstra", email="ria@example.test", language="en")
    make_membership(user, network)
    return user


@pytest.fixture
def carla(network):
    user = make_user("Carla Smit", email="carla@example.test")
    make_membership(user, network)
    return user


def account(user, network) -> Account:
    return ledger.account_of(user, network)


def balance(user, network) -> int:
    return account(user, network).balance


def limit(user, network, anke, minor_units: int) -> None:
    """A coordinator lowers someone's credit limit (−minor_units)."""
    ledger.set_account_limits(
        account(user, network), by=anke, limit=-minor_units, ceiling=None, reason="Proef"
    )


def training(network, organiser, *, capacity=None, hours_ahead=24, **fields) -> Session:
    starts = timezone.now() + timedelta(hours=hours_ahead)
    return services.create_session(
        network, by=organiser, title="Training LCA", description="Levenscyclusanalyse.",
        kind="training", starts_at=starts, ends_at=starts + timedelta(hours=3),
        capacity=capacity, price_kind="credits", price_credits=PRICE, **fields,
    )  # fmt: skip


def payment_for(registration) -> Transfer:
    return Transfer.objects.get(
        reference=ledger.reference_for(registration), kind=Transfer.Kind.PAYMENT
    )


# -- sessions --------------------------------------------------------------------------


def test_a_session_in_credits_is_paid_to_its_organiser_by_default(network, anke):
    session = training(network, anke)
    assert session.price_account_id == account(anke, network).pk


def test_registering_pays_the_price_to_the_organiser(network, anke, bert):
    session = training(network, anke)
    registration = services.register(session, by=bert)
    assert registration.status == Registration.Status.REGISTERED
    assert Registration.objects.get(pk=registration.pk).paid_credits == PRICE
    payment = payment_for(registration)
    assert (payment.payer, payment.payee) == (account(bert, network), account(anke, network))
    assert payment.amount == PRICE and payment.status == Transfer.Status.COMPLETED
    assert "Training LCA" in payment.description
    assert (balance(bert, network), balance(anke, network)) == (-PRICE, PRICE)
    assert verify().ok


def test_a_registration_the_payer_cannot_afford_is_refused_and_takes_no_place(network, anke, bert):
    session = training(network, anke, capacity=5)
    limit(bert, network, anke, 60)
    with pytest.raises(Conflict, match="1 uur 30 min") as refused:
        services.register(session, by=bert)
    assert "1 uur" in str(refused.value.message)  # what he can spend
    assert not Registration.objects.exists()
    assert not Transfer.objects.exists()
    assert verify().ok


def test_registering_again_after_cancelling_is_refused_when_the_balance_is_gone(
    network, anke, bert
):
    session = training(network, anke)
    services.register(session, by=bert)
    services.cancel_registration(session, by=bert)
    ledger.pay(account(bert, network), account(anke, network), 1200, by=bert, description="Advies")
    with pytest.raises(Conflict):
        services.register(session, by=bert)
    assert Registration.objects.get().status == Registration.Status.CANCELLED
    assert verify().ok


def test_people_without_an_account_cannot_pay_in_credits(network, anke, gea, otto):
    session = training(network, anke, visibility="public")
    for person in (gea, otto):
        with pytest.raises(Conflict, match="Biobased Noord"):
            services.register(session, by=person)
    assert not Registration.objects.exists()


def test_the_organiser_at_their_own_session_pays_nothing(network, anke):
    registration = services.register(training(network, anke), by=anke)
    assert registration.status == Registration.Status.REGISTERED
    assert registration.paid_credits == 0
    assert not Transfer.objects.exists()


def test_cancelling_before_the_start_refunds_by_a_linked_reversal(network, anke, bert):
    session = training(network, anke)
    registration = services.register(session, by=bert)
    payment = payment_for(registration)
    services.cancel_registration(session, by=bert)
    reversal = Transfer.objects.get(kind=Transfer.Kind.REVERSAL)
    assert reversal.reverses == payment
    assert (reversal.payer, reversal.payee) == (payment.payee, payment.payer)
    assert reversal.amount == PRICE
    assert reversal.reference == payment.reference
    assert "Training LCA" in reversal.description
    assert Registration.objects.get(pk=registration.pk).paid_credits == 0
    assert (balance(bert, network), balance(anke, network)) == (0, 0)
    assert verify().ok


def test_registering_again_after_a_refund_pays_again(network, anke, bert):
    session = training(network, anke)
    services.register(session, by=bert)
    services.cancel_registration(session, by=bert)
    registration = services.register(session, by=bert)
    assert registration.paid_credits == PRICE
    assert Transfer.objects.filter(kind=Transfer.Kind.PAYMENT).count() == 2
    assert balance(bert, network) == -PRICE
    assert verify().ok


def test_cancelling_after_the_start_refunds_nothing_and_registering_again_costs_nothing(
    network, anke, bert
):
    session = training(network, anke, hours_ahead=-1)  # started an hour ago, three hours long
    services.register(session, by=bert)
    services.cancel_registration(session, by=bert)
    assert not Transfer.objects.filter(kind=Transfer.Kind.REVERSAL).exists()
    assert Registration.objects.get().paid_credits == PRICE
    assert balance(bert, network) == -PRICE
    services.register(session, by=bert)
    assert Transfer.objects.filter(kind=Transfer.Kind.PAYMENT).count() == 1
    assert balance(bert, network) == -PRICE
    assert verify().ok


def test_a_refund_the_organiser_cannot_pay_back_keeps_the_registration(network, anke, bert):
    session = training(network, anke)
    services.register(session, by=bert)
    # Anke spends all she may: her balance is at her limit, so the refund cannot come back.
    ledger.pay(
        account(anke, network), account(bert, network), 1200 + PRICE, by=anke, description="Advies"
    )
    with pytest.raises(Conflict, match="Anke Dijkstra"):
        services.cancel_registration(session, by=bert)
    registration = Registration.objects.get()
    assert (registration.status, registration.paid_credits) == ("registered", PRICE)
    assert not Transfer.objects.filter(kind=Transfer.Kind.REVERSAL).exists()
    assert verify().ok


def test_moving_up_from_the_waiting_list_charges_then(network, anke, bert, carla):
    session = training(network, anke, capacity=1)
    services.register(session, by=bert)
    waiting = services.register(session, by=carla)
    assert waiting.status == Registration.Status.WAITLISTED
    assert balance(carla, network) == 0  # nothing is paid for a place on the waiting list
    services.cancel_registration(session, by=bert)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.paid_credits) == ("registered", PRICE)
    assert payment_for(waiting).payer == account(carla, network)
    assert (balance(bert, network), balance(carla, network)) == (0, -PRICE)
    assert verify().ok


def test_who_cannot_pay_when_a_place_frees_is_told_and_the_next_moves_up(
    network, anke, bert, ria, carla, mailoutbox, django_capture_on_commit_callbacks
):
    session = training(network, anke, capacity=1)
    services.register(session, by=bert)
    services.register(session, by=ria)
    services.register(session, by=carla)
    limit(ria, network, anke, 30)  # Ria may go to −30 min: not enough for 1 uur 30 min
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(session, by=bert)
    statuses = dict(Registration.objects.values_list("user__name", "status"))
    assert statuses == {
        "Bert Kuipers": "cancelled",
        "Ria Veenstra": "cancelled",  # off the waiting list
        "Carla Smit": "registered",
    }
    assert (balance(ria, network), balance(carla, network)) == (0, -PRICE)
    [to_ria] = [m for m in mailoutbox if m.to == [ria.email]]
    # In her own language (English), with the ledger's reason.
    assert "could not be paid" in to_ria.subject
    assert "You cannot afford this session" in to_ria.body
    assert "30 min" in to_ria.body
    assert OutgoingMail.objects.filter(to=ria.email, template__contains="not_promoted").exists()
    [to_carla] = [m for m in mailoutbox if m.to == [carla.email]]
    assert "Training LCA" in to_carla.subject
    assert verify().ok


def test_more_places_move_people_up_and_charge_them(network, anke, bert, ria, carla):
    session = training(network, anke, capacity=1)
    for person in (bert, ria, carla):
        services.register(session, by=person)
    services.update_session(session, by=anke, capacity=3)
    assert set(Registration.objects.values_list("status", flat=True)) == {"registered"}
    assert Transfer.objects.filter(kind=Transfer.Kind.PAYMENT).count() == 3
    assert balance(anke, network) == 3 * PRICE
    assert verify().ok


def test_a_coordinator_may_have_a_session_paid_to_a_shared_account(network, anke, bert):
    pilot = ledger.create_shared_account(network, by=anke, name="Pilotlijn")
    options = services.payee_options(network, anke)
    assert [pk for pk, _label in options] == [account(anke, network).pk, pilot.pk]
    session = training(network, anke, price_account_id=pilot.pk)
    services.register(session, by=bert)
    pilot.refresh_from_db()
    assert pilot.balance == PRICE
    assert balance(anke, network) == 0
    assert verify().ok


def test_a_member_cannot_have_a_session_paid_to_a_shared_account(network, anke, bert):
    pilot = ledger.create_shared_account(network, by=anke, name="Pilotlijn")
    assert [pk for pk, _label in services.payee_options(network, bert)] == [
        account(bert, network).pk
    ]
    with pytest.raises(Invalid) as refused:
        training(network, bert, price_account_id=pilot.pk)
    assert refused.value.field == "price_account_id"
    with pytest.raises(Invalid):
        training(network, bert, price_account_id=account(anke, network).pk)
    assert not Session.objects.exists()


def test_a_session_paid_to_a_closed_account_refuses_registrations(network, anke, bert):
    pilot = ledger.create_shared_account(network, by=anke, name="Pilotlijn")
    session = training(network, anke, price_account_id=pilot.pk)
    Account.objects.filter(pk=pilot.pk).update(closed_at=timezone.now())
    with pytest.raises(Conflict, match="Anke Dijkstra"):  # whom to ask
        services.register(session, by=bert)
    assert not Registration.objects.exists()


def test_a_payee_chosen_earlier_is_kept_when_the_organiser_edits(network, anke, bert):
    pilot = ledger.create_shared_account(network, by=anke, name="Pilotlijn")
    session = training(network, anke, price_account_id=pilot.pk)
    membership = account(anke, network).membership
    membership.role = "member"  # no longer a coordinator
    membership.save()
    services.update_session(session, by=anke, title="Training LCA, deel 1")
    session.refresh_from_db()
    assert session.price_account_id == pilot.pk
    services.update_session(session, by=anke, price_kind="free", price_credits=0)
    session.refresh_from_db()
    assert session.price_account_id is None


# -- question rewards --------------------------------------------------------------------


def ask(network, asker, reward=60, **fields) -> Question:
    return services.ask_question(
        network, by=asker, title="Wie kent een PHA-leverancier?", reward=reward, **fields
    )


def held(question) -> list[Hold]:
    return list(Hold.objects.filter(reference=ledger.reference_for(question)))


def test_a_reward_is_reserved_when_asked(network, bert):
    question = ask(network, bert)
    [hold] = held(question)
    assert (hold.status, hold.amount, hold.account) == ("held", 60, account(bert, network))
    mine = account(bert, network)
    assert (mine.balance, mine.reserved, mine.available) == (0, 60, 1200 - 60)
    assert verify().ok


def test_a_reward_beyond_the_askers_means_is_refused_and_nothing_is_asked(network, anke, bert):
    limit(bert, network, anke, 30)
    with pytest.raises(Conflict) as refused:
        ask(network, bert, reward=60)
    assert refused.value.field == "reward"
    assert "30 min" in str(refused.value.message)
    assert not Question.objects.exists()
    assert not Hold.objects.exists()
    assert verify().ok


def test_a_negative_or_odd_reward_is_refused(network, bert):
    with pytest.raises(Invalid):
        ask(network, bert, reward=-5)
    with pytest.raises(Invalid):
        ask(network, bert, reward="veel")
    assert not Question.objects.exists()


def test_accepting_an_answer_pays_the_reward_to_its_author(network, anke, bert, ria):
    question = ask(network, bert)
    answer = services.answer_question(question, by=ria, body="Bij Vezelhof.")
    services.answer_question(question, by=anke, body="Ik weet er een.")
    services.accept_answer(answer, by=bert)
    [hold] = held(question)
    assert hold.status == Hold.Status.CAPTURED
    assert (hold.transfer.payer, hold.transfer.payee) == (
        account(bert, network),
        account(ria, network),
    )
    assert hold.transfer.reference == ledger.reference_for(question)
    assert "Wie kent een PHA-leverancier?" in hold.transfer.description
    mine = account(bert, network)
    assert (mine.balance, mine.reserved) == (-60, 0)
    assert balance(ria, network) == 60
    assert verify().ok


def test_once_the_reward_is_paid_the_accepted_answer_stays(network, anke, bert, ria):
    question = ask(network, bert)
    first = services.answer_question(question, by=ria, body="Bij Vezelhof.")
    second = services.answer_question(question, by=anke, body="Ik weet er een.")
    services.accept_answer(first, by=bert)
    services.accept_answer(first, by=bert)  # the same again changes nothing
    with pytest.raises(
        Conflict,
        match=said(
            "The reward went with the answer you accepted first: that answer stays accepted."
        ),
    ):
        services.accept_answer(second, by=bert)
    assert Question.objects.get().accepted_answer == first
    assert Transfer.objects.count() == 1
    assert verify().ok


def test_without_a_reward_another_answer_may_still_be_accepted(network, anke, bert, ria):
    question = ask(network, bert, reward=0)
    first = services.answer_question(question, by=ria, body="Bij Vezelhof.")
    second = services.answer_question(question, by=anke, body="Ik weet er een.")
    services.accept_answer(first, by=bert)
    services.accept_answer(second, by=bert)
    assert Question.objects.get().accepted_answer == second
    assert not Hold.objects.exists() and not Transfer.objects.exists()


def test_closing_without_an_accepted_answer_releases_the_reward(network, bert, ria):
    question = ask(network, bert)
    answer = services.answer_question(question, by=ria, body="Geen idee.")
    services.close_question(question, by=bert)
    [hold] = held(question)
    assert hold.status == Hold.Status.RELEASED
    assert account(bert, network).reserved == 0
    assert not Transfer.objects.exists()
    with pytest.raises(Conflict, match=said("This question is closed: it takes no new answers.")):
        services.answer_question(question, by=ria, body="Toch wel.")
    with pytest.raises(Conflict, match=said("This question is closed.")):
        services.accept_answer(answer, by=bert)
    with pytest.raises(Conflict, match=said("This question is already closed.")):
        services.close_question(question, by=bert)
    assert verify().ok


def test_closing_after_the_reward_was_paid_moves_nothing(network, bert, ria):
    question = ask(network, bert)
    services.accept_answer(services.answer_question(question, by=ria, body="Ja."), by=bert)
    services.close_question(question, by=bert)
    assert [h.status for h in held(question)] == ["captured"]
    assert balance(ria, network) == 60
    assert verify().ok


def test_a_coordinator_may_close_and_release_another_members_question(network, anke, bert, ria):
    question = ask(network, bert)
    with pytest.raises(NotAllowed):
        services.close_question(question, by=ria)
    services.close_question(question, by=anke)
    assert [h.status for h in held(question)] == ["released"]
    assert verify().ok


def test_accepting_ones_own_answer_releases_the_reward(network, bert):
    question = ask(network, bert)
    answer = services.answer_question(question, by=bert, body="Zelf gevonden: bij Vezelhof.")
    services.accept_answer(answer, by=bert)
    assert [h.status for h in held(question)] == ["released"]
    assert not Transfer.objects.exists()
    assert verify().ok


def test_the_reward_cannot_go_to_someone_who_left_the_network(network, bert, ria):
    question = ask(network, bert)
    answer = services.answer_question(question, by=ria, body="Bij Vezelhof.")
    membership = account(ria, network).membership
    membership.status = "left"
    membership.save()
    with pytest.raises(Conflict, match="Ria Veenstra"):
        services.accept_answer(answer, by=bert)
    assert Question.objects.get().accepted_answer is None
    assert [h.status for h in held(question)] == ["held"]
    services.close_question(question, by=bert)  # what the message suggests
    assert [h.status for h in held(question)] == ["released"]
    assert verify().ok


def test_changing_the_reward_reserves_the_new_amount(network, anke, bert):
    question = ask(network, bert, reward=30)
    services.update_question(question, by=bert, reward=90)
    assert sorted((h.status, h.amount) for h in held(question)) == [("held", 90), ("released", 30)]
    assert account(bert, network).reserved == 90
    services.update_question(question, by=bert, title="Wie levert PHA?", reward=90)
    assert Hold.objects.held().count() == 1  # the same reward: nothing moves
    services.update_question(question, by=bert, reward=0)
    assert not Hold.objects.held().exists()
    assert account(bert, network).reserved == 0
    assert verify().ok


def test_a_reward_cannot_change_once_the_question_is_closed(network, bert):
    question = ask(network, bert, reward=30)
    services.close_question(question, by=bert)
    with pytest.raises(
        Conflict, match=said("The reward can only change while the question is open.")
    ):
        services.update_question(question, by=bert, reward=60)
    assert Question.objects.get().reward == 30
    assert not Hold.objects.held().exists()
    assert verify().ok
