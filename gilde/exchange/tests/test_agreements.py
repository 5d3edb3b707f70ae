"""Agreements: proposed in a conversation, accepted (credits reserved), delivered,
confirmed (paid from the reservation), or disputed and settled by a coordinator. Every
refusal moves nothing, and the books verify after every step."""

import pytest
from django.utils import translation

from gilde.core import access
from gilde.core.errors import Conflict, Invalid, NotAllowed, NotFound
from gilde.core.testing import make_membership, make_network, make_user
from gilde.exchange import services
from gilde.exchange.models import Agreement, Hold, Transfer
from gilde.exchange.tests.conftest import due, fresh
from gilde.exchange.verify import verify
from gilde.networks.models import Membership


@pytest.fixture(autouse=True)
def _in_english():
    """The refusals are read in English here; the pages' tests read them in Dutch."""
    with translation.override("en"):
        yield


@pytest.fixture
def accounts(network, bert, ria):
    return services.account_of(bert, network), services.account_of(ria, network)


def _reload(agreement) -> Agreement:
    return Agreement.objects.with_parties().get(pk=agreement.pk)


def _accepted(propose, ria, bert):
    """Ria delivers to Bert for 90 minutes; Bert accepted: 90 reserved on his account."""
    return services.accept_agreement(propose(ria), by=bert)


def _delivered(propose, ria, bert):
    return services.deliver_agreement(_reload(_accepted(propose, ria, bert)), by=ria)


def test_a_proposal_reserves_nothing(propose, ria, accounts):
    agreement = propose(ria)
    assert agreement.status == Agreement.Status.PROPOSED
    assert agreement.provider == accounts[1] and agreement.receiver == accounts[0]
    assert fresh(accounts[0]).reserved == 0 and not Hold.objects.exists()


def test_the_receiver_may_propose_too(propose, bert, accounts):
    agreement = propose(bert, role="receiver")
    assert (agreement.provider, agreement.receiver) == (accounts[1], accounts[0])


def test_accepting_reserves_the_credits_on_the_receivers_account(propose, ria, bert, accounts):
    agreement = _accepted(propose, ria, bert)
    assert agreement.status == Agreement.Status.ACCEPTED
    assert agreement.hold.amount == 90 and agreement.hold.reference == (
        f"exchange.agreement:{agreement.pk}"
    )
    bert_account = fresh(accounts[0])
    assert (bert_account.balance, bert_account.reserved) == (0, 90)
    assert bert_account.available == 20 * 60 - 90
    assert verify().ok


def test_the_full_way_pays_the_provider_from_the_reservation(propose, ria, bert, accounts):
    agreement = _delivered(propose, ria, bert)
    assert agreement.status == Agreement.Status.DELIVERED and agreement.delivered_at
    assert not Transfer.objects.exists()
    confirmed = services.confirm_agreement(_reload(agreement), by=bert)
    assert confirmed.status == Agreement.Status.CONFIRMED
    transfer = confirmed.transfer
    assert (transfer.payer, transfer.payee, transfer.amount) == (accounts[0], accounts[1], 90)
    assert transfer.reference == f"exchange.agreement:{agreement.pk}"
    assert transfer.created_by == bert
    bert_account, ria_account = fresh(accounts[0]), fresh(accounts[1])
    assert (bert_account.balance, bert_account.reserved) == (-90, 0)
    assert ria_account.balance == 90
    assert Hold.objects.get().status == Hold.Status.CAPTURED
    assert verify().ok


def test_accepting_twice_is_refused_and_reserves_once(propose, ria, bert, accounts):
    agreement = _accepted(propose, ria, bert)
    with pytest.raises(Conflict, match="already"):
        services.accept_agreement(_reload(agreement), by=bert)
    assert fresh(accounts[0]).reserved == 90 and Hold.objects.count() == 1
    assert verify().ok


def test_the_proposer_does_not_accept_their_own_proposal(propose, ria):
    agreement = propose(ria)
    for step in (services.accept_agreement, services.decline_agreement):
        with pytest.raises(NotAllowed):
            step(agreement, by=ria)
    assert _reload(agreement).status == Agreement.Status.PROPOSED


def test_declining_and_withdrawing(propose, ria, bert):
    declined = services.decline_agreement(propose(ria), by=bert)
    assert declined.status == Agreement.Status.DECLINED
    with pytest.raises(NotAllowed, match="proposed"):
        services.withdraw_agreement(propose(ria), by=bert)
    withdrawn = services.withdraw_agreement(propose(ria), by=ria)
    assert withdrawn.status == Agreement.Status.CANCELLED
    with pytest.raises(Conflict):
        services.accept_agreement(_reload(withdrawn), by=bert)
    assert not Hold.objects.exists()


def test_a_decided_proposal_is_not_withdrawn(propose, ria, bert):
    agreement = _accepted(propose, ria, bert)
    with pytest.raises(Conflict):
        services.withdraw_agreement(_reload(agreement), by=ria)


def test_only_the_provider_marks_delivered(propose, ria, bert):
    agreement = _accepted(propose, ria, bert)
    with pytest.raises(NotAllowed):
        services.deliver_agreement(_reload(agreement), by=bert)
    with pytest.raises(Conflict):
        services.deliver_agreement(propose(ria), by=ria)  # not accepted yet
    assert _reload(agreement).status == Agreement.Status.ACCEPTED


def test_confirming_someone_elses_delivery_is_refused(propose, ria, bert, accounts):
    agreement = _delivered(propose, ria, bert)
    with pytest.raises(NotAllowed):
        services.confirm_agreement(_reload(agreement), by=ria)
    assert _reload(agreement).status == Agreement.Status.DELIVERED
    assert fresh(accounts[1]).balance == 0 and not Transfer.objects.exists()


def test_a_coordinator_who_is_no_party_takes_no_party_steps(propose, ria, bert, anke):
    agreement = _delivered(propose, ria, bert)
    with pytest.raises(NotAllowed):
        services.confirm_agreement(_reload(agreement), by=anke)


def test_confirming_before_delivery_or_twice_is_refused(propose, ria, bert):
    agreement = _accepted(propose, ria, bert)
    with pytest.raises(Conflict):
        services.confirm_agreement(_reload(agreement), by=bert)
    delivered = services.deliver_agreement(_reload(agreement), by=ria)
    services.confirm_agreement(_reload(delivered), by=bert)
    with pytest.raises(Conflict):
        services.confirm_agreement(_reload(delivered), by=bert)
    assert Transfer.objects.count() == 1
    assert verify().ok


def test_outsiders_and_other_members_do_not_see_an_agreement(propose, ria, bert, network, otto):
    agreement = propose(ria)
    pim = make_user("Pim Lid")
    make_membership(pim, network)
    for stranger in (otto, pim):
        with pytest.raises(NotFound):
            services.accept_agreement(agreement, by=stranger)


@pytest.mark.parametrize(
    ("amount", "error"),
    [(0, Invalid), (-30, Invalid), ("1.5", Invalid), (10**13, Invalid)],
)
def test_bad_amounts_are_refused(propose, ria, amount, error):
    with pytest.raises(error):
        propose(ria, amount=amount)
    assert not Agreement.objects.exists()


def test_bad_proposals_are_refused(conversation, ria):
    def attempt(**changes):
        values = {"role": "provider", "description": "Advies", "amount": 60, "due_on": due()}
        services.propose_agreement(conversation, by=ria, **{**values, **changes})

    with pytest.raises(Invalid, match="deliver"):
        attempt(role="both")
    with pytest.raises(Invalid, match="delivered"):
        attempt(description="  ")
    with pytest.raises(Invalid, match="passed"):
        attempt(due_on=due(-1))
    with pytest.raises(Invalid, match="three years"):
        attempt(due_on=due(4 * 366))
    assert not Agreement.objects.exists()


def test_a_coordinator_outside_the_conversation_proposes_nothing(conversation, anke):
    with pytest.raises(NotFound):
        services.propose_agreement(
            conversation, by=anke, role="provider", description="x", amount=1, due_on=due()
        )


def test_accepting_beyond_the_receivers_limit_reserves_nothing(propose, ria, bert, accounts):
    too_much = propose(ria, amount=20 * 60 + 1)
    with pytest.raises(Conflict, match="can be spent"):
        services.accept_agreement(too_much, by=bert)
    # The provider accepting the receiver's proposal learns nothing of the receiver's balance.
    asked = propose(bert, role="receiver", amount=20 * 60 + 1)
    with pytest.raises(Conflict) as refused:
        services.accept_agreement(asked, by=ria)
    assert "Bert" in str(refused.value.message) and "can be spent" not in str(refused.value.message)
    assert fresh(accounts[0]).reserved == 0 and not Hold.objects.exists()


def test_reserved_credits_count_against_the_limit(propose, ria, bert, accounts, network):
    services.accept_agreement(propose(ria, amount=20 * 60 - 30), by=bert)
    with pytest.raises(Conflict, match="limit"):
        services.pay(fresh(accounts[0]), fresh(accounts[1]), 31, by=bert, description="Te veel")
    with pytest.raises(Conflict):
        services.accept_agreement(propose(ria, amount=31), by=bert)


def test_a_party_whose_membership_ended_stops_the_agreement(propose, ria, bert, accounts):
    proposed = propose(ria)
    accepted = _accepted(propose, ria, bert)
    Membership.objects.filter(user=ria).update(status=Membership.Status.LEFT)
    access.forget_memberships(ria)
    with pytest.raises(Conflict, match="no longer active"):
        services.accept_agreement(_reload(proposed), by=bert)
    assert _reload(proposed).status == Agreement.Status.PROPOSED
    # Ria cannot deliver any more (she sees nothing), and Bert cannot pay her.
    with pytest.raises(NotFound):
        services.deliver_agreement(_reload(accepted), by=ria)
    assert fresh(accounts[0]).reserved == 90
    assert verify().ok


def test_confirming_to_a_provider_who_left_is_refused(propose, ria, bert, accounts):
    agreement = _delivered(propose, ria, bert)
    Membership.objects.filter(user=ria).update(status=Membership.Status.LEFT)
    with pytest.raises(Conflict, match="Ria"):
        services.confirm_agreement(_reload(agreement), by=bert)
    assert fresh(accounts[0]).reserved == 90 and not Transfer.objects.exists()


# -- disputes -----------------------------------------------------------------------


def _disputed(propose, ria, bert, *, delivered=True):
    agreement = (_delivered if delivered else _accepted)(propose, ria, bert)
    return services.dispute_agreement(
        _reload(agreement), by=bert, reason="De analyse mist de transportfase."
    )


def test_the_receiver_disputes_instead_of_confirming(propose, ria, bert):
    agreement = _disputed(propose, ria, bert)
    assert agreement.status == Agreement.Status.DISPUTED
    assert agreement.disputed_by == bert and "transport" in agreement.dispute_reason
    assert Hold.objects.get().status == Hold.Status.HELD


def test_a_receiver_may_dispute_what_was_never_delivered(propose, ria, bert):
    assert _disputed(propose, ria, bert, delivered=False).status == Agreement.Status.DISPUTED


def test_only_the_receiver_disputes_and_says_why(propose, ria, bert):
    agreement = _delivered(propose, ria, bert)
    with pytest.raises(NotAllowed):
        services.dispute_agreement(_reload(agreement), by=ria, reason="Ik wil meer")
    with pytest.raises(Invalid, match="wrong"):
        services.dispute_agreement(_reload(agreement), by=bert, reason="  ")
    with pytest.raises(Conflict):
        services.dispute_agreement(propose(ria), by=bert, reason="Nog niet eens aanvaard")
    assert _reload(agreement).status == Agreement.Status.DELIVERED


@pytest.mark.parametrize(
    ("paid", "provider", "receiver"), [(90, 90, -90), (30, 30, -30), (0, 0, 0)]
)
def test_a_coordinator_settles_full_partial_or_nothing(
    propose, ria, bert, anke, accounts, paid, provider, receiver
):
    agreement = _disputed(propose, ria, bert)
    settled = services.settle_agreement(
        _reload(agreement), by=anke, amount=paid, note="Gesproken met beiden."
    )
    assert settled.status == Agreement.Status.SETTLED
    assert (settled.settlement_amount, settled.settled_by) == (paid, anke)
    assert settled.settlement_note == "Gesproken met beiden."
    bert_account, ria_account = fresh(accounts[0]), fresh(accounts[1])
    assert (bert_account.balance, bert_account.reserved) == (receiver, 0)
    assert ria_account.balance == provider
    assert (settled.transfer is None) == (paid == 0)
    hold = Hold.objects.get()
    assert hold.status == (Hold.Status.CAPTURED if paid else Hold.Status.RELEASED)
    assert verify().ok


def test_settling_what_is_not_disputed_is_refused(propose, ria, bert, anke, accounts):
    agreement = _delivered(propose, ria, bert)
    with pytest.raises(Conflict, match="already delivered"):
        services.settle_agreement(_reload(agreement), by=anke, amount=90, note="Betaald")
    assert _reload(agreement).status == Agreement.Status.DELIVERED
    assert fresh(accounts[1]).balance == 0 and fresh(accounts[0]).reserved == 90


def test_settling_twice_is_refused(propose, ria, bert, anke):
    agreement = _disputed(propose, ria, bert)
    services.settle_agreement(_reload(agreement), by=anke, amount=90, note="Eens")
    with pytest.raises(Conflict):
        services.settle_agreement(_reload(agreement), by=anke, amount=0, note="Nog eens")
    assert Transfer.objects.count() == 1


def test_only_a_coordinator_who_is_no_party_settles(propose, ria, bert, anke, network):
    agreement = _disputed(propose, ria, bert)
    with pytest.raises(NotAllowed):
        services.settle_agreement(_reload(agreement), by=bert, amount=90, note="Ik beslis")
    # A coordinator who is one of the two sides does not settle their own dispute.
    Membership.objects.filter(user=ria, network=network).update(role="coordinator")
    access.forget_memberships(ria)
    with pytest.raises(NotAllowed, match="another coordinator"):
        services.settle_agreement(_reload(agreement), by=ria, amount=90, note="Voor mij")
    assert _reload(agreement).status == Agreement.Status.DISPUTED


def test_a_coordinator_of_another_network_settles_nothing(propose, ria, bert):
    agreement = _disputed(propose, ria, bert)
    elsewhere = make_network("Andere Kring")
    kees = make_user("Kees Elders")
    make_membership(kees, elsewhere, role="coordinator")
    with pytest.raises(NotFound):
        services.settle_agreement(_reload(agreement), by=kees, amount=0, note="Niet van mij")


@pytest.mark.parametrize("amount", [-1, 91, True, 1.5])
def test_a_settlement_stays_within_the_agreed_amount(propose, ria, bert, anke, amount):
    agreement = _disputed(propose, ria, bert)
    with pytest.raises(Invalid):
        services.settle_agreement(_reload(agreement), by=anke, amount=amount, note="x")
    with pytest.raises(Invalid, match="both sides"):
        services.settle_agreement(_reload(agreement), by=anke, amount=30, note=" ")
    assert _reload(agreement).status == Agreement.Status.DISPUTED


def test_a_settlement_pays_no_one_whose_membership_ended(propose, ria, bert, anke, accounts):
    agreement = _disputed(propose, ria, bert)
    Membership.objects.filter(user=ria).update(status=Membership.Status.LEFT)
    with pytest.raises(Conflict, match="without payment"):
        services.settle_agreement(_reload(agreement), by=anke, amount=90, note="Voor Ria")
    assert fresh(accounts[0]).reserved == 90
    released = services.settle_agreement(_reload(agreement), by=anke, amount=0, note="Vrij")
    assert released.status == Agreement.Status.SETTLED and fresh(accounts[0]).reserved == 0
    assert verify().ok


def test_the_steps_each_side_sees(propose, ria, bert, anke):
    agreement = propose(ria)
    assert services.agreement_steps(agreement, ria) == ["withdraw"]
    assert services.agreement_steps(agreement, bert) == ["accept", "decline"]
    assert services.agreement_steps(agreement, anke) == []
    accepted = _reload(services.accept_agreement(agreement, by=bert))
    assert services.agreement_steps(accepted, ria) == ["deliver"]
    assert services.agreement_steps(accepted, bert) == ["dispute"]
    delivered = _reload(services.deliver_agreement(accepted, by=ria))
    assert services.agreement_steps(delivered, ria) == []
    assert services.agreement_steps(delivered, bert) == ["confirm", "dispute"]
