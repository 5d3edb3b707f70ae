"""Trade between partner networks: agreements approved by both sides, payments in two legs
that move together or not at all, caps, exact conversion, and the mirror that verify checks.
The people and networks are in conftest.py."""

import pytest
from django.db import IntegrityError, transaction

from gilde.core import access
from gilde.core.errors import Conflict, Invalid, NotAllowed, NotFound
from gilde.core.models import AuditEntry
from gilde.core.testing import make_membership, make_user
from gilde.exchange import clearing, services
from gilde.exchange.models import Account, ClearingAgreement, ClearingPayment, Transfer
from gilde.exchange.tests.clearing.world import HOUR, account, clearing_of, propose
from gilde.exchange.verify import verify
from gilde.networks.models import PartnerLink


def _nothing_moved():
    assert not Transfer.objects.exists()
    assert not ClearingPayment.objects.exists()
    assert set(Account.objects.values_list("balance", flat=True)) <= {0}


# -- agreements -----------------------------------------------------------------------


def test_a_proposal_keeps_the_rate_reduced_with_the_lower_id_as_side_a(linked, network, ruil, rita):
    proposed = propose(ruil, network, rita, own=4, theirs=2 * HOUR)
    assert network.pk < ruil.pk
    assert (proposed.network_a_id, proposed.network_b_id) == (network.pk, ruil.pk)
    # 4 punten for 2 uur: 120 minutes of A are worth 4 points of B, reduced to 30 : 1.
    assert (proposed.rate_a, proposed.rate_b) == (30, 1)
    assert (proposed.cap_a, proposed.cap_b) == (20, 10 * HOUR)
    assert proposed.status == ClearingAgreement.Status.PROPOSED
    assert proposed.is_approved_by(ruil) and not proposed.is_approved_by(network)
    assert proposed.rate_text(network) == "1 uur = 2 punten"
    assert proposed.rate_text(ruil) == "1 punt = 30 min"


def test_both_coordinators_approve_before_it_is_active(agreement, network, ruil, anke, rita):
    assert agreement.status == ClearingAgreement.Status.ACTIVE
    assert (agreement.approved_by_a, agreement.approved_by_b) == (anke, rita)
    assert agreement.activated_at and agreement.approved_at_b
    # Both clearing accounts are open from the start, empty.
    assert clearing_of(network, ruil).balance == 0
    assert clearing_of(ruil, network).balance == 0
    verbs = set(AuditEntry.objects.filter(network_id=ruil.pk).values_list("verb", flat=True))
    assert {clearing.PROPOSED, clearing.APPROVED} <= verbs


def test_only_partner_networks_agree(network, ruil, anke):
    with pytest.raises(NotFound, match="partner"):
        propose(network, ruil, anke)
    PartnerLink.objects.create(from_network=network, to_network=ruil)  # proposed, not accepted
    with pytest.raises(NotFound, match="partner"):
        propose(network, ruil, anke)
    assert not ClearingAgreement.objects.exists()


def test_members_do_not_propose(linked, network, ruil, bert):
    with pytest.raises(NotAllowed):
        propose(network, ruil, bert)


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("own_amount", {"own": 0}),
        ("partner_amount", {"theirs": -2}),
        ("own_cap", {"own_cap": 0}),
        ("partner_cap", {"partner_cap": 10**13}),
    ],
)
def test_terms_must_be_positive_amounts(linked, network, ruil, anke, field, values):
    with pytest.raises(Invalid) as refused:
        propose(network, ruil, anke, **values)
    assert refused.value.field == field
    assert not ClearingAgreement.objects.exists()


def test_a_coordinator_cannot_approve_their_own_proposal_as_the_other_side(
    linked, network, ruil, anke
):
    make_membership(anke, ruil, role="coordinator")
    proposed = propose(network, ruil, anke)
    with pytest.raises(NotAllowed, match="iemand anders"):
        clearing.approve_clearing(proposed, by=anke)
    proposed.refresh_from_db()
    assert proposed.status == ClearingAgreement.Status.PROPOSED
    assert proposed.approved_at_b is None
    assert not Account.objects.filter(kind=Account.Kind.CLEARING).exists()


def test_the_proposing_side_does_not_approve_twice(linked, network, ruil, anke):
    second = make_user("Anna Tweede")
    make_membership(second, network, role="coordinator")
    proposed = propose(network, ruil, anke)
    with pytest.raises(NotAllowed, match="keurde al goed"):
        clearing.approve_clearing(proposed, by=second)


def test_a_third_networks_coordinator_cannot_approve_or_end(linked, network, ruil, anke, tom):
    proposed = propose(network, ruil, anke)
    with pytest.raises(NotFound):
        clearing.approve_clearing(proposed, by=tom)
    with pytest.raises(NotFound):
        clearing.end_clearing(proposed, by=tom)
    proposed.refresh_from_db()
    assert proposed.status == ClearingAgreement.Status.PROPOSED


def test_one_proposal_waits_at_a_time(linked, network, ruil, anke, rita):
    propose(network, ruil, anke)
    with pytest.raises(Conflict, match="wachten al"):
        propose(ruil, network, rita, own=1, theirs=HOUR)
    assert ClearingAgreement.objects.count() == 1


def test_the_database_keeps_one_active_agreement_per_pair(agreement):
    with pytest.raises(IntegrityError), transaction.atomic():
        ClearingAgreement.objects.create(
            network_a_id=agreement.network_a_id, network_b_id=agreement.network_b_id,
            rate_a=1, rate_b=1, cap_a=1, cap_b=1, status="active",
            approved_at_a=agreement.approved_at_a, approved_at_b=agreement.approved_at_b,
        )  # fmt: skip


def test_new_terms_need_both_approvals_and_then_replace_the_old(
    agreement, network, ruil, anke, rita, bert, ruud
):
    with pytest.raises(Conflict, match="al de afgesproken voorwaarden"):
        propose(network, ruil, anke)
    change = propose(ruil, network, rita, own=1, theirs=HOUR, partner_cap=5 * HOUR)
    # Until Anke approves, the old rate holds.
    payment = clearing.pay_partner(
        account(bert, network), account(ruud, ruil), HOUR, by=bert, description="Advies"
    )
    assert payment.in_leg.amount == 2
    clearing.approve_clearing(change, by=anke)
    agreement.refresh_from_db()
    assert agreement.status == ClearingAgreement.Status.ENDED
    assert agreement.ended_by == anke
    assert clearing.active_agreement(network, ruil) == change
    payment = clearing.pay_partner(
        account(bert, network), account(ruud, ruil), HOUR, by=bert, description="Advies"
    )
    assert payment.in_leg.amount == 1
    assert (payment.rate_a, payment.rate_b) == (60, 1)
    # The mirror holds across the change of rate: each payment at its own rate.
    assert clearing_of(network, ruil).balance == 2 * HOUR
    assert clearing_of(ruil, network).balance == -3
    report = verify()
    assert report.ok, report.errors


def test_ending_stops_payments_and_keeps_the_balances(agreement, network, ruil, rita, bert, ruud):
    clearing.pay_partner(
        account(bert, network), account(ruud, ruil), HOUR, by=bert, description="Advies"
    )
    clearing.end_clearing(agreement, by=rita)
    with pytest.raises(NotFound, match="ruilafspraak"):
        clearing.pay_partner(
            account(bert, network), account(ruud, ruil), HOUR, by=bert, description="Nog een"
        )
    assert clearing_of(network, ruil).balance == HOUR
    with pytest.raises(Conflict, match="al beëindigd"):
        clearing.end_clearing(agreement, by=rita)
    assert verify().ok


def test_a_removed_partner_link_stops_payments(agreement, network, ruil, bert, ruud, linked):
    linked.delete()
    with pytest.raises(NotFound):
        clearing.pay_partner(
            account(bert, network), account(ruud, ruil), HOUR, by=bert, description="Advies"
        )
    assert access.payable_partners(bert, network) == []


# -- paying a partner's member ----------------------------------------------------------


def test_a_payment_books_both_legs_linked_and_each_network_sums_to_zero(
    agreement, network, ruil, bert, ruud
):
    payment = clearing.pay_partner(
        account(bert, network), account(ruud, ruil), 90, by=bert, description="Vezeltest"
    )
    out_leg, in_leg = payment.out_leg, payment.in_leg
    assert (out_leg.network, out_leg.amount, out_leg.kind) == (network, 90, "clearing")
    assert (in_leg.network, in_leg.amount) == (ruil, 3)
    assert out_leg.payee == clearing_of(network, ruil)
    assert in_leg.payer == clearing_of(ruil, network)
    assert in_leg.leg_of == out_leg and out_leg.other_leg == in_leg
    assert in_leg.description == out_leg.description == "Vezeltest"
    assert account(bert, network).balance == -90
    assert account(ruud, ruil).balance == 3
    assert clearing_of(network, ruil).balance == 90
    assert clearing_of(ruil, network).balance == -3
    assert payment.agreement == agreement
    report = verify()
    assert report.ok, report.errors


def test_members_of_either_side_pay_the_other(agreement, network, ruil, anke, ruud):
    payment = clearing.pay_partner(
        account(ruud, ruil), account(anke, network), 3, by=ruud, description="Les"
    )
    assert payment.in_leg.amount == 90
    assert clearing_of(ruil, network).balance == 3
    assert clearing_of(network, ruil).balance == -90
    assert verify().ok


def test_an_amount_that_does_not_convert_exactly_is_refused_with_the_nearest(
    agreement, network, ruil, bert, ruud
):
    with pytest.raises(Invalid, match="45 min") as refused:
        clearing.pay_partner(
            account(bert, network), account(ruud, ruil), 45, by=bert, description="x"
        )
    assert "30 min" in refused.value.message and "1 uur" in refused.value.message
    with pytest.raises(Invalid, match="minstens 30 min"):
        clearing.pay_partner(
            account(bert, network), account(ruud, ruil), 10, by=bert, description="x"
        )
    _nothing_moved()


def test_the_payers_cap_refuses_and_moves_nothing(agreement, network, ruil, anke, bert, ruud):
    services.set_account_limits(
        account(bert, network), by=anke, limit=-20 * HOUR, ceiling=None, reason="Proef"
    )
    clearing.pay_partner(
        account(bert, network), account(ruud, ruil), 9 * HOUR, by=bert, description="x"
    )
    with pytest.raises(
        Conflict, match="maximum van 10 uren: in deze richting kan nog 1 uur"
    ) as refused:
        clearing.pay_partner(
            account(bert, network), account(ruud, ruil), HOUR + 30, by=bert, description="x"
        )
    assert "Biobased Noord" in refused.value.message
    assert Transfer.objects.count() == 2
    assert account(bert, network).balance == -9 * HOUR
    clearing.pay_partner(
        account(bert, network), account(ruud, ruil), HOUR, by=bert, description="Precies"
    )
    assert clearing_of(network, ruil).balance == 10 * HOUR


def test_the_payees_networks_cap_refuses_too(agreement, network, ruil, anke, rita, bert, ruud):
    change = propose(network, ruil, anke, own_cap=100 * HOUR, partner_cap=4)
    clearing.approve_clearing(change, by=rita)
    with pytest.raises(Conflict, match="Ruilkring Drenthe met Biobased Noord") as refused:
        clearing.pay_partner(
            account(bert, network), account(ruud, ruil), 3 * HOUR, by=bert, description="x"
        )
    assert "4 punten" in refused.value.message
    _nothing_moved()


def test_a_payment_back_towards_zero_passes_a_cap_lowered_since(
    agreement, network, ruil, anke, rita, bert, ruud
):
    clearing.pay_partner(
        account(bert, network), account(ruud, ruil), 4 * HOUR, by=bert, description="x"
    )
    lower = propose(ruil, network, rita, own=2, theirs=HOUR, own_cap=20, partner_cap=HOUR)
    clearing.approve_clearing(lower, by=anke)
    with pytest.raises(Conflict, match="maximum"):
        clearing.pay_partner(
            account(bert, network), account(ruud, ruil), HOUR, by=bert, description="x"
        )
    clearing.pay_partner(
        account(ruud, ruil), account(bert, network), 2, by=ruud, description="Terug"
    )
    assert clearing_of(network, ruil).balance == 3 * HOUR
    assert verify().ok


def test_when_the_second_leg_fails_the_first_is_undone(agreement, network, ruil, rita, bert, ruud):
    """The payee at their ceiling: the first leg was booked in Biobased Noord before the
    second failed in Ruilkring Drenthe; the one transaction takes both back."""
    services.set_account_limits(account(ruud, ruil), by=rita, limit=None, ceiling=2, reason="Vol")
    with pytest.raises(Conflict, match="plafond"):
        clearing.pay_partner(
            account(bert, network), account(ruud, ruil), 90, by=bert, description="x"
        )
    _nothing_moved()
    assert verify().ok


def test_the_payers_limit_holds(agreement, network, ruil, anke, bert, ruud):
    services.set_account_limits(
        account(bert, network), by=anke, limit=-HOUR, ceiling=None, reason="Nieuw lid"
    )
    with pytest.raises(Conflict, match="limiet"):
        clearing.pay_partner(
            account(bert, network), account(ruud, ruil), 2 * HOUR, by=bert, description="x"
        )
    _nothing_moved()


def test_a_frozen_payee_is_refused(agreement, network, ruil, bert, ruud):
    ruud.memberships.update(status="suspended")
    with pytest.raises(Conflict, match="niet actief"):
        clearing.pay_partner(
            account(bert, network), account(ruud, ruil), HOUR, by=bert, description="x"
        )
    _nothing_moved()


def test_a_frozen_payer_is_refused(agreement, network, ruil, bert, ruud):
    bert.memberships.update(status="suspended")
    access.forget_memberships(bert)
    with pytest.raises(NotFound):
        clearing.pay_partner(
            account(bert, network), account(ruud, ruil), HOUR, by=bert, description="x"
        )
    _nothing_moved()


def test_paying_a_network_without_an_agreement_is_refused(
    linked, network, ruil, anke, rita, bert, ruud
):
    # A proposal is not an agreement yet.
    propose(network, ruil, anke)
    with pytest.raises(NotFound, match="geen lopende ruilafspraak"):
        clearing.pay_partner(
            account(bert, network), account(ruud, ruil), HOUR, by=bert, description="x"
        )
    # Nor does Ruud reach Biobased Noord the other way.
    with pytest.raises(NotFound):
        clearing.pay_partner(
            account(ruud, ruil), account(bert, network), 2, by=ruud, description="x"
        )
    _nothing_moved()


def test_paying_into_a_network_that_is_not_a_partner_is_refused(agreement, network, bert, tom):
    stranger = Account.objects.get(membership__user=tom)
    with pytest.raises(NotFound):
        clearing.pay_partner(account(bert, network), stranger, HOUR, by=bert, description="x")
    _nothing_moved()


def test_within_ones_own_network_one_uses_the_pay_page(agreement, network, anke, bert):
    with pytest.raises(Invalid, match="eigen netwerk"):
        clearing.pay_partner(
            account(bert, network), account(anke, network), HOUR, by=bert, description="x"
        )


def test_nobody_pays_from_or_into_a_clearingaccount(agreement, network, ruil, anke, bert, ruud):
    with pytest.raises(NotFound):
        clearing.pay_partner(
            account(bert, network), clearing_of(ruil, network), HOUR, by=bert, description="x"
        )
    with pytest.raises(NotAllowed):
        clearing.pay_partner(
            clearing_of(network, ruil), account(ruud, ruil), HOUR, by=anke, description="x"
        )
    # Nor within a network, through the ordinary services.
    with pytest.raises(NotAllowed):
        services.pay(
            account(bert, network), clearing_of(network, ruil), HOUR, by=bert, description="x"
        )


def test_only_the_holder_pays_from_an_account(agreement, network, ruil, anke, bert, ruud):
    with pytest.raises(NotAllowed):
        clearing.pay_partner(
            account(bert, network), account(ruud, ruil), HOUR, by=anke, description="x"
        )


def test_the_preview_shows_the_converted_amount_and_the_caps_refusal(
    agreement, network, ruil, bert, ruud
):
    seen = clearing.preview_partner(account(bert, network), account(ruud, ruil), 90, by=bert)
    assert (seen.amount, seen.converted, seen.refusal) == (90, 3, None)
    assert seen.balance.balance_after == -90
    over = clearing.preview_partner(account(bert, network), account(ruud, ruil), 11 * HOUR, by=bert)
    assert "maximum" in over.refusal.message
    with pytest.raises(Invalid):
        clearing.preview_partner(account(bert, network), account(ruud, ruil), 45, by=bert)
    _nothing_moved()


# -- who sees whom -----------------------------------------------------------------------


def test_members_see_the_partners_payable_accounts_only_with_an_active_agreement(
    linked, network, ruil, anke, rita, bert, ruud, gea
):
    assert not Account.objects.across_partners(bert, network).exists()
    proposed = propose(network, ruil, anke)
    assert not Account.objects.across_partners(bert, network).exists()
    clearing.approve_clearing(proposed, by=rita)
    payable = set(Account.objects.across_partners(bert, network))
    assert payable == {account(ruud, ruil), account(rita, ruil)}
    # Guests trade nothing and see nobody; the partner's clearing accounts are not payable.
    assert not Account.objects.across_partners(gea, network).exists()
    ruud.memberships.update(status="left")
    assert account(ruud, ruil) not in set(Account.objects.across_partners(bert, network))
    assert account(ruud, ruil) in set(Account.objects.across_partners(bert, network, payable=False))


def test_paying_across_opens_nothing_else_of_the_partner(agreement, network, ruil, bert, ruud):
    assert access.payable_partners(bert, network) == [ruil.pk]
    assert access.role_in(bert, ruil) is None
    assert not access.can_view_members(bert, ruil)
    assert not Account.objects.visible_to(bert, ruil).exists()
    assert not ClearingAgreement.objects.visible_to(bert, ruil).exists()
    # Seen from the partner, the rule does not run backwards to a network one is not in.
    assert access.payable_partners(bert, ruil) == []


def test_agreements_are_visible_to_the_coordinators_and_active_ones_to_members(
    linked, network, ruil, anke, rita, bert, gea, tom
):
    proposed = propose(network, ruil, anke)
    assert list(ClearingAgreement.objects.visible_to(anke, network)) == [proposed]
    assert list(ClearingAgreement.objects.visible_to(rita, ruil)) == [proposed]
    assert not ClearingAgreement.objects.visible_to(bert, network).exists()
    clearing.approve_clearing(proposed, by=rita)
    assert list(ClearingAgreement.objects.visible_to(bert, network)) == [proposed]
    assert not ClearingAgreement.objects.visible_to(gea, network).exists()
    assert not ClearingAgreement.objects.visible_to(tom, network).exists()


# -- the mirror ---------------------------------------------------------------------------


@pytest.fixture
def traded(agreement, network, ruil, bert, ruud, anke):
    clearing.pay_partner(
        account(bert, network), account(ruud, ruil), 90, by=bert, description="Vezeltest"
    )
    clearing.pay_partner(account(ruud, ruil), account(anke, network), 1, by=ruud, description="Les")
    return agreement


def test_verify_passes_on_trade_between_networks(traded, network, ruil):
    assert clearing_of(network, ruil).balance == 60
    assert clearing_of(ruil, network).balance == -2
    report = verify()
    assert report.ok, report.errors
    assert verify(network_ids=[network.pk]).ok


def test_verify_finds_a_clearing_balance_changed_by_hand(traded, network, ruil):
    Account.objects.filter(pk=clearing_of(ruil, network).pk).update(balance=-3)
    errors = verify().errors
    assert any("mirror" in e and "ruilkring-drenthe" in e for e in errors), errors
    # Asked about the other network only, the mirror still reads both.
    errors = clearing.mirror_problems(Account.objects.filter(network=network))
    assert any("mirror" in e for e in errors), errors


def test_verify_finds_a_leg_that_no_longer_mirrors_though_its_network_adds_up(
    traded, network, ruil, ruud
):
    """Ruilkring's books are made consistent by hand with a larger second leg: only the
    comparison with Biobased Noord's books can tell."""
    payment = ClearingPayment.objects.get(out_leg__network=network)
    leg = payment.in_leg
    Transfer.objects.filter(pk=leg.pk).update(
        amount=4, payer_balance=leg.payer_balance - 1, payee_balance=leg.payee_balance + 1
    )
    later = Transfer.objects.filter(pk__gt=leg.pk, network=ruil)
    for transfer in later:  # Ruud's payment back: running balances one further
        Transfer.objects.filter(pk=transfer.pk).update(
            payer_balance=transfer.payer_balance + 1, payee_balance=transfer.payee_balance - 1
        )
    Account.objects.filter(pk=leg.payer_id).update(balance=-4 + 1)
    Account.objects.filter(pk=leg.payee_id).update(balance=4 - 1)
    errors = verify().errors
    assert errors and all("mirror" in e or "worth the same" in e for e in errors), errors
    assert any("worth the same" in e for e in errors)


def test_verify_finds_a_transfer_of_a_clearing_account_outside_a_payment(traded, network, ruil):
    payment = ClearingPayment.objects.get(out_leg__network=network)
    payment.delete()
    errors = verify().errors
    assert any("outside a payment" in e for e in errors), errors


def test_verify_finds_a_payment_booked_at_another_rate(traded, network):
    ClearingPayment.objects.filter(out_leg__network=network).update(rate_a=60, rate_b=3)
    errors = verify().errors
    assert any("booked at 60:3" in e for e in errors), errors
