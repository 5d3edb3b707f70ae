"""The demo of paying for knowledge: a session in credits with paid registrations and a
question with a reward, seeded after the demo networks and their knowledge."""

import io

import pytest
from django.core.management import call_command

from gilde.core.models import OutgoingMail
from gilde.exchange import demo_knowledge
from gilde.exchange.models import Hold, Transfer
from gilde.exchange.services import reference_for
from gilde.exchange.verify import verify
from gilde.knowledge.models import Question, Registration, Session


@pytest.fixture
def demo_networks(db, settings):
    settings.DEBUG = True  # seed_demo refuses to run on what looks like production
    call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_has_a_paid_session_and_a_reward_and_seeds_once(demo_networks):
    mails = OutgoingMail.objects.count()
    report = demo_knowledge.seed()
    assert "3 paid registrations" in report
    session = Session.objects.get(title=demo_knowledge.SESSION_TITLE)
    assert (session.network.slug, session.price_kind, session.price_credits) == (
        "suspacc",
        "credits",
        120,
    )
    registrations = Registration.objects.filter(session=session, status="registered")
    assert [r.paid_credits for r in registrations] == [120, 120, 120]
    payments = Transfer.objects.filter(reference__in=[reference_for(r) for r in registrations])
    assert payments.count() == 3
    assert all(demo_knowledge.SESSION_TITLE in p.description for p in payments)
    question = Question.objects.get(title=demo_knowledge.QUESTION_TITLE)
    assert question.reward == 60 and question.answers.count() == 1
    [hold] = Hold.objects.filter(reference=reference_for(question))
    assert hold.status == Hold.Status.HELD
    assert OutgoingMail.objects.count() == mails  # the invented people get no mail
    assert verify().ok

    before = (Transfer.objects.count(), Hold.objects.count(), Registration.objects.count())
    assert "3 paid registrations" in demo_knowledge.seed()
    assert (Transfer.objects.count(), Hold.objects.count(), Registration.objects.count()) == before


def test_without_the_demo_networks_nothing_is_seeded(db):
    assert "nothing seeded" in demo_knowledge.seed()
    assert not Session.objects.exists()
