"""The demo trade (gilde.exchange.demo_trade, wired into seed_demo by the lead): every
state of an agreement, a dispute for the coordinator, nothing mailed, the books verify,
and a second run writes nothing. Tried on a small network of its own."""

import pytest

from gilde.core.models import OutgoingMail
from gilde.core.testing import make_membership, make_user
from gilde.exchange import demo_trade, services
from gilde.exchange.models import Agreement, Conversation, ConversationMember, Hold
from gilde.exchange.verify import verify


@pytest.fixture
def small(network, anke, bert, ria):
    tom = make_user("Tom Lid")
    make_membership(tom, network)
    return network


def test_every_state_once_seeded_and_nothing_mailed(
    small, anke, bert, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        line = demo_trade.seed({"networks": [small]})
    assert line.startswith("Trade: 8 agreements") and "1 networks" in line
    assert not callbacks and not OutgoingMail.objects.exists()
    states = set(Agreement.objects.values_list("status", flat=True))
    assert states == set(Agreement.Status.values)
    assert verify().ok, verify().errors
    assert Conversation.objects.filter(network=small).count() == 3


def test_the_demo_member_has_something_to_do(small, anke, bert):
    demo_trade.seed({"networks": [small]})
    # Without demo logins in this network, its first member (Bert) plays the demo member.
    steps = {
        step
        for agreement in Agreement.objects.with_parties()
        for step in services.agreement_steps(agreement, bert)
    }
    assert {"accept", "decline", "deliver", "confirm"} <= steps
    assert [s.unread for s in ConversationMember.objects.inbox(bert, small)].count(1) >= 1
    disputed = Agreement.objects.with_parties().get(status=Agreement.Status.DISPUTED)
    assert disputed.side_of(anke) is None and disputed.side_of(bert) is None
    assert (
        services.account_of(bert, small).reserved
        == Hold.objects.filter(account__membership__user=bert, status=Hold.Status.HELD)
        .values_list("amount", flat=True)
        .get()
    )


def test_a_second_run_writes_nothing(small):
    demo_trade.seed({"networks": [small]})
    before = Agreement.objects.count()
    assert demo_trade.seed({"networks": [small.slug]}).startswith("Trade: 0 agreements")
    assert Agreement.objects.count() == before


def test_a_network_without_enough_members_is_left_alone(network, anke, bert):
    assert demo_trade.seed({"networks": [network]}).startswith("Trade: 0 agreements")
    assert not Conversation.objects.exists()


def test_on_the_full_demo_the_logins_play_it(db, settings):
    """seed_demo gives every demo network its trade (a second run writes nothing), and
    the demo member one logs in with has a proposal waiting."""
    import io

    from django.core.management import call_command

    from gilde.accounts.models import User

    settings.DEBUG = True  # seed_demo refuses to run on what looks like production
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "Trade: 32 agreements in conversations of 4 networks." in out.getvalue()
    line = demo_trade.seed()
    assert line == "Trade: 0 agreements in conversations of 0 networks.", line
    assert verify().ok, verify().errors
    sjoerd = User.objects.get(email="sjoerd.hoekstra@example.nl")
    waiting = Agreement.objects.with_parties().filter(
        network__slug="biocooperatie", status=Agreement.Status.PROPOSED
    )
    assert [services.agreement_steps(a, sjoerd) for a in waiting] == [["accept", "decline"]]
    anke = User.objects.get(email="anke.dijkstra@example.nl")
    dispute = Agreement.objects.with_parties().get(
        network__slug="biocooperatie", status=Agreement.Status.DISPUTED
    )
    assert dispute.side_of(anke) is None
