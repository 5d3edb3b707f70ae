"""The ledger as a state machine: random sequences of every write, checked against a model.

Hypothesis drives pay, request/accept/decline/cancel, reverse, limit changes (also a
limit raised above a balance, or a ceiling lowered below it), holds with full and
partial captures and releases, and suspending and reinstating memberships, among
four people with accounts and a shared account in one network, and a second network
(one person is in both). The model (`Books`) predicts each call's outcome before it
is made: which refusal, in the order the services check, or exactly which amounts
move. A refusal the model did not expect, an acceptance it did not expect, or any
difference between the database and the model after a step fails the run.

The ledger's two customers are driven too, through their own services. Agreements,
in four conversations (three in the first network, one in the second, where its only
coordinator is a side and no one can settle): either side proposes, the other accepts
(the credits are reserved on the receiver's account: a hold, refused beyond its room)
or declines, the proposer withdraws; the provider marks it delivered, the receiver
confirms (the reservation is paid out) or disputes, and a coordinator who is no side
settles a dispute with all, part or none of the amount. Sessions of the first
network priced in credits (`SESSIONS`: a workshop with two places paid to its
organiser, a lecture paid to the shared account, a training with one place that has
started): registering pays at once (refused, taking no place, when the registrant's
balance does not allow it or they have no open account), cancelling before the start
refunds with a reversal linked to the payment (refused, keeping the place, when the
payee cannot pay it back), and a freed place goes to the waiting list, whose first
person pays as they move up or, when they cannot, leaves it for the next. Each of
these steps is also tried by the wrong person or in the wrong state. Hypothesis
switches rules off at random for each example (swarm testing), so two rules carry a
whole life on their own: `agreement` takes the agreement furthest along one step on
(or proposes one when none will go ahead), and `waiting_list` fills a session and then
frees a place someone waits for.

After every step the invariants recompute the books from the rows: each network sums
to zero, each balance is the sum of its completed transfers and each `reserved` the
sum of its open holds, no balance lies outside its limits except where a limit change
put it (and `verify()` warns about exactly those), and `verify().ok`; every transfer,
hold, agreement and registration is the model's, down to its reference and what was
paid for a place.

The cast (people, networks, accounts, conversations, sessions) is made once per test,
in `TestLedger.setUp`, inside pytest-django's transaction; each example runs in a
savepoint of it that `teardown` rolls back, so every example starts from the same
fresh cast and costs no flush. `pytest --hypothesis-show-statistics` shows how often
each call was made and refused (`event`), which is how to tell whether the rules
still reach the corners.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from gilde.accounts.models import User
from gilde.core.errors import Conflict, DomainError, Invalid, NotAllowed, NotFound
from gilde.core.testing import make_membership, make_network, make_user
from gilde.exchange import services
from gilde.exchange.models import Account, Agreement, Conversation, Hold, LimitChange, Transfer
from gilde.exchange.verify import verify
from gilde.knowledge import services as knowledge
from gilde.knowledge.models import Registration, Session
from gilde.networks import services as network_services
from gilde.networks.models import Membership, Network

# Small limits, so that the limits and ceilings are reached within a few steps.
DEFAULTS = {"a": (-300, 400), "b": (-200, 300)}
# Who is where: (user, network) -> role. Bert is in both networks.
CAST = {
    ("anke", "a"): "coordinator",
    ("dina", "a"): "coordinator",
    ("bert", "a"): "member",
    ("cor", "a"): "member",
    ("gea", "a"): "guest",
    ("pia", "b"): "coordinator",
    ("bert", "b"): "member",
}
USERS = ["anke", "bert", "cor", "dina", "gea", "pia"]
# Suspended mostly: a suspended coordinator is the exception (the last cannot be).
MEMBERS = [("bert", "a"), ("cor", "a"), ("bert", "b")]
# Accounts by key: the holder's name and network, or the shared account "pot" of a.
ACCOUNTS = ["anke@a", "bert@a", "cor@a", "dina@a", "pot@a", "pia@b", "bert@b"]
ACCOUNT = st.sampled_from(ACCOUNTS)
# About half the calls are made by whoever may (an account's holder, a coordinator for
# "pot" or for a reversal: `None`), the others by someone named, who often may not.
ACTORS = st.none() | st.sampled_from(USERS)
# For agreements and registrations, mostly whoever may (two of three).
MOSTLY_RIGHT = st.one_of(st.none(), st.none(), st.sampled_from(USERS))
# Another account: a number picks one of the same network (mostly allowed), a key any
# account, the other network's and the account itself included (refused).
OTHER = st.integers(min_value=0, max_value=10**6) | ACCOUNT
# Amounts up to beyond the room between limit and ceiling, or exactly on a bound or one
# past it, worked out when the call is made (`Ledger.resolve`); a bound already reached
# makes that zero or less (refused as Invalid).
BOUNDS = ["to the limit", "past the limit", "to the ceiling", "past the ceiling"]
AMOUNTS = st.integers(min_value=1, max_value=320) | st.sampled_from(BOUNDS)
# A row of the model by position; `STALE` chooses among all rows, also those already
# decided (refused), instead of the open ones.
PICK = st.integers(min_value=0, max_value=10**6)
# The reference of the reservations the rules `hold`, `capture` and `release` make and end
# themselves; an agreement's reservation is ended only by the agreement's own steps.
HOLD_REF = "test.hold:1"
STALE = st.sampled_from([False, False, True])

# The conversations agreements are made in: its two people and their network. In "b"
# its only coordinator is a side, so a dispute there cannot be settled.
CONVERSATIONS = [
    ("bert", "cor", "a"),
    ("anke", "bert", "a"),
    ("cor", "dina", "a"),
    ("bert", "pia", "b"),
]
# The steps of an agreement after its proposal, and the states each is taken from.
STEPS = {
    "accept": (Agreement.Status.PROPOSED,),
    "decline": (Agreement.Status.PROPOSED,),
    "withdraw": (Agreement.Status.PROPOSED,),
    "deliver": (Agreement.Status.ACCEPTED,),
    "confirm": (Agreement.Status.DELIVERED,),
    "dispute": (Agreement.Status.ACCEPTED, Agreement.Status.DELIVERED),
}
# Agreements under way: a step of theirs is still to come.
LIVE = (
    Agreement.Status.PROPOSED,
    Agreement.Status.ACCEPTED,
    Agreement.Status.DELIVERED,
    Agreement.Status.DISPUTED,
)
# What a settlement pays of the amount agreed (more than all of it: refused).
SHARES = st.sampled_from([1.0, 0.5, 0.0, 1.5])
AFTER = {
    "accept": Agreement.Status.ACCEPTED,
    "decline": Agreement.Status.DECLINED,
    "withdraw": Agreement.Status.CANCELLED,
    "deliver": Agreement.Status.DELIVERED,
    "confirm": Agreement.Status.CONFIRMED,
    "dispute": Agreement.Status.DISPUTED,
}


@dataclass(frozen=True)
class Spec:
    """A session of network "a" priced in credits."""

    organiser: str
    payee: str  # the account key it is paid to
    capacity: int | None
    price: int
    visibility: str  # "network": members only (NotFound for others); "public": anyone
    hours: int  # from now to its start; negative: it has started (no refunds)


SESSIONS = {
    "workshop": Spec("cor", "cor@a", 2, 80, "network", 24),
    "lecture": Spec("anke", "pot@a", None, 150, "public", 24),
    "training": Spec("dina", "dina@a", 1, 40, "public", -1),
}


class Refused(Exception):
    """The model's prediction that a call is refused with `error`, and why."""

    def __init__(self, error: type[DomainError], why: str):
        super().__init__(f"{error.__name__} ({why})")
        self.error = error
        self.why = why


def refuse(error: type[DomainError], why: str):
    raise Refused(error, why)


@dataclass
class Acct:
    key: str
    network: str
    holder: str | None  # None: the shared account
    limit: int | None = None  # the account's own; None: the network's default
    ceiling: int | None = None
    balance: int = 0
    reserved: int = 0
    pk: int = 0


@dataclass
class Xfer:
    payer: str
    payee: str
    amount: int
    kind: str
    status: str
    reversed: bool = False
    ref: str = ""  # its reference: what it pays for


@dataclass
class HoldRow:
    account: str
    amount: int
    ref: str
    status: str = Hold.Status.HELD


@dataclass
class Deal:
    """An agreement: the provider delivers, the receiver pays (account keys)."""

    network: str
    provider: str
    receiver: str
    proposer: str
    amount: int
    status: str = Agreement.Status.PROPOSED
    hold: int | None = None
    transfer: int | None = None


@dataclass
class Place:
    """A registration for a session; `queued` orders the waiting list."""

    pk: int
    status: str
    queued: int
    paid: int = 0


@dataclass
class Books:
    """What the ledger should hold, and what each service should do to it.

    The `expect_*` methods mirror the order in which the services check (access, input,
    parties, state, limits) and raise `Refused` with the error the service must raise;
    they change nothing. The caller applies an outcome only after the service agreed.
    """

    accounts: dict[str, Acct] = field(default_factory=dict)
    roles: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # [role, status]
    defaults: dict[str, list[int]] = field(default_factory=dict)
    transfers: dict[int, Xfer] = field(default_factory=dict)
    holds: dict[int, HoldRow] = field(default_factory=dict)
    deals: dict[int, Deal] = field(default_factory=dict)
    places: dict[tuple[str, str], Place] = field(default_factory=dict)  # (session, user)
    queued: int = 0
    limit_changes: int = 0
    # Accounts a limit change left outside their limits: the only ones allowed there.
    excused: set[str] = field(default_factory=set)

    # -- who may ---------------------------------------------------------------------

    def role(self, user: str, network: str) -> str | None:
        role, status = self.roles.get((user, network), (None, None))
        return role if status == Membership.Status.ACTIVE else None

    def may_act_for(self, user: str, key: str) -> bool:
        account = self.accounts[key]
        if account.holder is None:
            return self.role(user, account.network) == "coordinator"
        return account.holder == user and self.role(user, account.network) is not None

    def holder(self, key: str) -> str:
        """Who acts for `key` when a rule draws no actor (None): its holder, or a coordinator."""
        account = self.accounts[key]
        return account.holder or self.coordinator(account.network)

    def require_actor(self, user: str, key: str) -> None:
        if self.role(user, self.accounts[key].network) is None:
            refuse(NotFound, "not in the network")
        if not self.may_act_for(user, key):
            refuse(NotAllowed, "not theirs")

    def require_coordinator(self, user: str, network: str) -> None:
        if self.role(user, network) != "coordinator":
            refuse(NotAllowed, "no coordinator")

    # -- what may move ---------------------------------------------------------------

    def frozen(self, key: str) -> bool:
        account = self.accounts[key]
        if account.holder is None:
            return False
        return self.roles[(account.holder, account.network)][1] != Membership.Status.ACTIVE

    def limit(self, key: str) -> int:
        account = self.accounts[key]
        return self.defaults[account.network][0] if account.limit is None else account.limit

    def ceiling(self, key: str) -> int:
        account = self.accounts[key]
        return self.defaults[account.network][1] if account.ceiling is None else account.ceiling

    def left(self, key: str) -> int:
        """What the account has before its limit counts: the balance less what is reserved."""
        return self.accounts[key].balance - self.accounts[key].reserved

    def coordinator(self, network: str) -> str:
        """An active coordinator of `network` (there is always one: the last cannot go)."""
        return next(
            user for (user, net), (role, status) in self.roles.items()
            if net == network and role == "coordinator" and status == "active"
        )  # fmt: skip

    def outside(self, key: str) -> bool:
        account = self.accounts[key]
        return account.balance - account.reserved < self.limit(
            key
        ) or account.balance > self.ceiling(key)

    @staticmethod
    def amount(amount: int) -> None:
        if amount <= 0:
            refuse(Invalid, "no amount")

    def parties(self, payer: str, payee: str) -> None:
        if payer == payee:
            refuse(Invalid, "oneself")
        if self.accounts[payer].network != self.accounts[payee].network:
            refuse(NotFound, "another network")

    def book(self, payer: str, payee: str, amount: int, *, from_hold: bool = False) -> None:
        """services._book's checks: parties, frozen accounts, the limit, the ceiling."""
        self.parties(payer, payee)
        if self.frozen(payer):
            refuse(Conflict, "payer frozen")
        if self.frozen(payee):
            refuse(Conflict, "payee frozen")
        account = self.accounts[payer]
        if not from_hold and account.balance - account.reserved - amount < self.limit(payer):
            refuse(Conflict, "limit")
        if self.accounts[payee].balance + amount > self.ceiling(payee):
            refuse(Conflict, "ceiling")

    def move(self, payer: str, payee: str, amount: int, *, release: int = 0) -> None:
        self.accounts[payer].balance -= amount
        self.accounts[payer].reserved -= release
        self.accounts[payee].balance += amount

    # -- the services, predicted -------------------------------------------------------

    def expect_pay(self, actor: str, payer: str, payee: str, amount: int) -> None:
        self.require_actor(actor, payer)
        self.amount(amount)
        self.parties(payer, payee)
        self.book(payer, payee, amount)

    def expect_request(self, actor: str, payee: str, payer: str, amount: int) -> None:
        self.require_actor(actor, payee)
        self.amount(amount)
        self.parties(payer, payee)
        if self.frozen(payer) or self.frozen(payee):
            refuse(Conflict, "frozen")

    def expect_accept(self, actor: str, pk: int) -> None:
        request = self.transfers[pk]
        self.require_actor(actor, request.payer)
        if request.status != Transfer.Status.PENDING:
            refuse(Conflict, "decided")
        self.book(request.payer, request.payee, request.amount)

    def expect_decline(self, actor: str, pk: int) -> None:
        self.require_actor(actor, self.transfers[pk].payer)
        if self.transfers[pk].status != Transfer.Status.PENDING:
            refuse(Conflict, "decided")

    def expect_cancel(self, actor: str, pk: int) -> None:
        request = self.transfers[pk]
        if not (self.may_act_for(actor, request.payee) or self.may_act_for(actor, request.payer)):
            self.require_actor(actor, request.payee)
        if request.status != Transfer.Status.PENDING:
            refuse(Conflict, "decided")

    def expect_reverse(self, actor: str, pk: int) -> None:
        original = self.transfers[pk]
        self.require_coordinator(actor, self.accounts[original.payer].network)
        if original.status != Transfer.Status.COMPLETED:
            refuse(Conflict, "not completed")
        if original.kind == Transfer.Kind.REVERSAL or original.reversed:
            refuse(Conflict, "a reversal or reversed")
        self.book(original.payee, original.payer, original.amount)

    def expect_limits(self, actor: str, key: str, limit, ceiling) -> None:
        account = self.accounts[key]
        self.require_coordinator(actor, account.network)
        if (account.limit, account.ceiling) == (limit, ceiling):
            refuse(Conflict, "unchanged")

    def expect_hold(self, key: str, amount: int) -> None:
        self.amount(amount)
        if self.frozen(key):
            refuse(Conflict, "frozen")
        account = self.accounts[key]
        if account.balance - account.reserved - amount < self.limit(key):
            refuse(Conflict, "limit")

    def expect_capture(self, pk: int, payee: str, amount: int) -> None:
        row = self.holds[pk]
        if not 0 <= amount <= row.amount:
            refuse(Invalid, "more than held")
        if row.status != Hold.Status.HELD:
            refuse(Conflict, "ended")
        if amount:
            self.book(row.account, payee, amount, from_hold=True)

    def expect_release(self, pk: int) -> None:
        if self.holds[pk].status != Hold.Status.HELD:
            refuse(Conflict, "ended")

    # -- what a reservation does (also for the agreements' and registrations' rules) --

    def hold_made(self, pk: int, key: str, amount: int, ref: str) -> None:
        self.accounts[key].reserved += amount
        self.holds[pk] = HoldRow(key, amount, ref)

    def hold_captured(self, pk: int, payee: str, amount: int, transfer: int | None) -> None:
        """`amount` of hold `pk` paid to `payee` (as transfer `transfer`), the rest freed."""
        row = self.holds[pk]
        self.move(row.account, payee, amount, release=row.amount)
        if amount:
            self.transfers[transfer] = Xfer(
                row.account, payee, amount, "payment", "completed", ref=row.ref
            )
        row.status = Hold.Status.CAPTURED if amount else Hold.Status.RELEASED

    def hold_released(self, pk: int) -> None:
        row = self.holds[pk]
        self.accounts[row.account].reserved -= row.amount
        row.status = Hold.Status.RELEASED

    def expect_membership(self, actor: str, user: str, network: str, status: str) -> None:
        self.require_coordinator(actor, network)
        role, current = self.roles[(user, network)]
        others = [
            u for (u, n), (r, s) in self.roles.items()
            if n == network and r == "coordinator" and s == "active" and u != user
        ]  # fmt: skip
        if status == "suspended" and role == "coordinator" and current == "active" and not others:
            refuse(Conflict, "last coordinator")

    # -- agreements (exchange.services.*_agreement) -------------------------------------

    def trades(self, user: str, network: str) -> bool:
        """An active member or coordinator: who may write in conversations and see items."""
        return self.role(user, network) in ("member", "coordinator")

    def expect_propose(self, actor: str, conversation, amount: int, days: int) -> None:
        one, two, network = conversation
        if actor not in (one, two) or not self.trades(actor, network):
            refuse(NotFound, "not in the conversation")
        self.amount(amount)
        if days < 0:
            refuse(Invalid, "the date has passed")
        if self.frozen(f"{two if actor == one else one}@{network}"):
            refuse(Conflict, "the other side is not active")

    def side(self, actor: str, deal: Deal) -> str | None:
        """`actor`'s side of `deal`, or None; NotFound for whoever may not see it (its sides
        while active members, and the network's coordinators)."""
        sides = {
            self.accounts[deal.provider].holder: "provider",
            self.accounts[deal.receiver].holder: "receiver",
        }
        role = self.role(actor, deal.network)
        if role != "coordinator" and not (role == "member" and actor in sides):
            refuse(NotFound, "not theirs to see")
        return sides.get(actor)

    def expect_step(self, actor: str, pk: int, step: str) -> None:
        deal = self.deals[pk]
        side = self.side(actor, deal)
        if side is None:
            refuse(NotAllowed, "no side")
        proposer = actor == deal.proposer
        if step in ("accept", "decline") and proposer:
            refuse(NotAllowed, "their own proposal")
        if step == "withdraw" and not proposer:
            refuse(NotAllowed, "not their proposal")
        if step == "deliver" and side != "provider":
            refuse(NotAllowed, "not the provider")
        if step in ("confirm", "dispute") and side != "receiver":
            refuse(NotAllowed, "not the receiver")
        if deal.status not in STEPS[step]:
            refuse(Conflict, f"already {deal.status}")
        if step == "accept":
            if self.frozen(deal.provider) or self.frozen(deal.receiver):
                refuse(Conflict, "a side is not active")
            self.expect_hold(deal.receiver, deal.amount)
        elif step == "deliver" and self.frozen(deal.receiver):
            refuse(Conflict, "the receiver is not active")
        elif step == "confirm":
            if self.frozen(deal.provider):
                refuse(Conflict, "the provider is not active")
            self.expect_capture(deal.hold, deal.provider, deal.amount)

    def expect_settle(self, actor: str, pk: int, amount: int) -> None:
        deal = self.deals[pk]
        side = self.side(actor, deal)
        self.require_coordinator(actor, deal.network)
        if side is not None:
            refuse(NotAllowed, "a side")
        if not 0 <= amount <= deal.amount:
            refuse(Invalid, "more than agreed")
        if deal.status != Agreement.Status.DISPUTED:
            refuse(Conflict, f"{deal.status}, not disputed")
        if amount and (self.frozen(deal.receiver) or self.frozen(deal.provider)):
            refuse(Conflict, "a side is not active")
        self.expect_capture(deal.hold, deal.provider, amount)

    # -- registrations (knowledge.services, paid by exchange.knowledge_payments) --------

    def taken(self, session: str) -> int:
        """How many places of `session` are taken."""
        return sum(
            1 for (s, _user), place in self.places.items()
            if s == session and place.status == Registration.Status.REGISTERED
        )  # fmt: skip

    def full(self, session: str) -> bool:
        capacity = SESSIONS[session].capacity
        return capacity is not None and self.taken(session) >= capacity

    def expect_register(self, user: str, session: str) -> None:
        if SESSIONS[session].visibility == "network" and not self.trades(user, "a"):
            refuse(NotFound, "not visible")
        place = self.places.get((session, user))
        if place is not None and place.status != Registration.Status.CANCELLED:
            refuse(Conflict, "registered already")
        if not self.full(session):
            self.expect_charge(user, session)

    def expect_charge(self, user: str, session: str) -> int:
        """What charge_registration pays for `user`'s place now (0: nothing: they paid
        before, or it is paid to their own account), or Refused(Conflict)."""
        spec = SESSIONS[session]
        place = self.places.get((session, user))
        if place is not None and place.paid:
            return 0
        payer = f"{user}@a"
        if payer not in self.accounts or self.frozen(payer):
            refuse(Conflict, "no open account")
        if self.frozen(spec.payee):
            refuse(Conflict, "the payee is frozen")
        if payer == spec.payee:
            return 0
        if self.left(payer) - self.limit(payer) < spec.price:
            refuse(Conflict, "cannot afford it")
        self.book(payer, spec.payee, spec.price)
        return spec.price

    def payment_of(self, place: Place) -> int | None:
        """The last payment for `place` not reversed yet (knowledge_payments._payment_of)."""
        ref = f"knowledge.registration:{place.pk}"
        payments = [
            pk for pk, t in self.transfers.items()
            if t.ref == ref and t.kind == "payment" and t.status == "completed" and not t.reversed
        ]  # fmt: skip
        return max(payments, default=None)

    def refund_of(self, session: str, user: str) -> int | None:
        """The payment cancelling `user`'s place reverses: its last one not reversed yet,
        while the place is taken, paid for and the session has not started."""
        place = self.places[(session, user)]
        if place.status != Registration.Status.REGISTERED or SESSIONS[session].hours < 0:
            return None
        return self.payment_of(place) if place.paid else None

    def expect_unregister(self, user: str, session: str) -> None:
        place = self.places.get((session, user))
        if place is None or place.status == Registration.Status.CANCELLED:
            refuse(NotFound, "not registered")
        payment = self.refund_of(session, user)
        if payment is not None:
            original = self.transfers[payment]
            refused = _predict(self.book, original.payee, original.payer, original.amount)
            if refused is not None:
                refuse(Conflict, f"no refund: {refused.why}")


def _open_hold(row: HoldRow) -> bool:
    return row.status == Hold.Status.HELD


def _predict(expect, *args) -> Refused | None:
    try:
        expect(*args)
    except Refused as refused:
        return refused
    return None


@dataclass
class Cast:
    """The people, networks, memberships and accounts every example starts with, by pk."""

    users: dict[str, int] = field(default_factory=dict)
    networks: dict[str, int] = field(default_factory=dict)
    memberships: dict[tuple[str, str], int] = field(default_factory=dict)
    accounts: dict[str, int] = field(default_factory=dict)
    conversations: dict[tuple[str, str, str], int] = field(default_factory=dict)
    sessions: dict[str, int] = field(default_factory=dict)

    @classmethod
    def build(cls) -> Cast:
        cast = cls()
        for key, (limit, ceiling) in DEFAULTS.items():
            network = make_network(
                f"Netwerk {key.upper()}", credit_limit=limit, credit_ceiling=ceiling
            )
            cast.networks[key] = network.pk
        for name in USERS:
            cast.users[name] = make_user(name.title()).pk
        for (name, network), role in CAST.items():
            user = User.objects.get(pk=cast.users[name])
            membership = make_membership(
                user, Network.objects.get(pk=cast.networks[network]), role=role
            )
            cast.memberships[(name, network)] = membership.pk
        for key in ACCOUNTS:
            name, network = key.split("@")
            if name == "pot":
                cast.accounts[key] = services.create_shared_account(
                    Network.objects.get(pk=cast.networks[network]),
                    by=User.objects.get(pk=cast.users["anke"]),
                    name="Gemeenschapspot",
                ).pk
            else:
                membership = cast.memberships[(name, network)]
                cast.accounts[key] = Account.objects.get(membership_id=membership).pk
        for one, two, network in CONVERSATIONS:
            conversation, _message, _new = services.start_conversation(
                Network.objects.get(pk=cast.networks[network]),
                by=User.objects.get(pk=cast.users[one]),
                with_user=User.objects.get(pk=cast.users[two]),
                body="Zullen we iets afspreken?",
            )
            cast.conversations[(one, two, network)] = conversation.pk
        for name, spec in SESSIONS.items():
            starts = timezone.now() + timedelta(hours=spec.hours)
            session = knowledge.create_session(
                Network.objects.get(pk=cast.networks["a"]),
                by=User.objects.get(pk=cast.users[spec.organiser]),
                title=name.title(), description="Levenscyclusanalyse.", kind="training",
                starts_at=starts, ends_at=starts + timedelta(hours=3), capacity=spec.capacity,
                price_kind="credits", price_credits=spec.price,
                price_account_id=cast.accounts[spec.payee], visibility=spec.visibility,
            )  # fmt: skip
            cast.sessions[name] = session.pk
        return cast


class Ledger(RuleBasedStateMachine):
    # Built once per test by TestLedger.setUp; each example rolls back to it.
    cast: Cast | None = None

    def __init__(self):
        super().__init__()
        self._savepoint = transaction.atomic()
        self._savepoint.__enter__()
        cast = self.cast or Cast.build()
        self.users, self.memberships = cast.users, cast.memberships
        self.networks = cast.networks
        self.conversations, self.sessions = cast.conversations, cast.sessions
        self.books = Books(defaults={key: list(limits) for key, limits in DEFAULTS.items()})
        for (name, network), role in CAST.items():
            self.books.roles[(name, network)] = [role, Membership.Status.ACTIVE]
        for key, pk in cast.accounts.items():
            name, network = key.split("@")
            self.books.accounts[key] = Acct(key, network, None if name == "pot" else name, pk=pk)

    def teardown(self):
        transaction.set_rollback(True)
        self._savepoint.__exit__(None, None, None)

    # Every call gets rows read afresh, as a page does: a user object caches its
    # memberships (core.access) and an account its membership's status.

    def user(self, name: str) -> User:
        return User.objects.get(pk=self.users[name])

    def account(self, key: str) -> Account:
        return Account.objects.with_holder().get(pk=self.books.accounts[key].pk)

    def actor(self, who: str | None, key: str) -> str:
        return self.books.holder(key) if who is None else who

    def resolve(self, amount: int | str, payer: str, payee: str | None = None) -> int:
        """An amount of AMOUNTS: as it is, or the room to a bound (BOUNDS) as it is now."""
        if isinstance(amount, int):
            return amount
        if "ceiling" in amount and payee is not None:
            room = self.books.ceiling(payee) - self.books.accounts[payee].balance
        else:
            room = self.books.left(payer) - self.books.limit(payer)
        return room + 1 if amount.startswith("past") else room

    def other(self, key: str, other: int | str) -> str:
        if isinstance(other, str):
            return other
        network = self.books.accounts[key].network
        others = [k for k, a in self.books.accounts.items() if a.network == network and k != key]
        return others[other % len(others)]

    def attempt(self, what: str, expected: Refused | None, call):
        """Run `call`; it must be refused as `expected` says, or succeed when that is None.
        Each outcome is an `event` (pytest --hypothesis-show-statistics counts them)."""
        event(f"{what}: {expected or 'done'}")
        try:
            result = call()
        except DomainError as error:
            assert expected is not None, f"refused unexpectedly: {type(error).__name__}: {error}"
            assert type(error) is expected.error, f"expected {expected}, got {error!r}"
            return None
        assert expected is None, f"expected {expected}, but the service went ahead"
        return result

    @staticmethod
    def pick(rows: dict, pick: int, stale: bool, *, open_if, **where):
        """A row's pk: one of the open rows (`open_if`), or with `stale` of all of them."""
        keys = [
            pk for pk, row in rows.items() if all(getattr(row, k) == v for k, v in where.items())
        ]
        fresh = [pk for pk in keys if open_if(rows[pk])]
        keys = keys if stale or not fresh else fresh
        return keys[pick % len(keys)]

    def booked(self, transfer, payer: str, payee: str, amount: int, *, before: int) -> None:
        """A completed transfer the service returned (the model has applied it): it moved
        exactly `amount`, its running balances are the model's, and it took neither side
        outside its limits. `before` is what the payer had left before; out of a hold the
        amount was reserved already, so what is left may not shrink at all."""
        books = self.books
        assert transfer.status == Transfer.Status.COMPLETED
        assert (transfer.payer_id, transfer.payee_id, transfer.amount) == (
            books.accounts[payer].pk, books.accounts[payee].pk, amount,
        )  # fmt: skip
        assert transfer.payer_balance == books.accounts[payer].balance
        assert transfer.payee_balance == books.accounts[payee].balance
        left = books.accounts[payer].balance - books.accounts[payer].reserved
        if transfer.kind == Transfer.Kind.PAYMENT and Hold.objects.filter(transfer=transfer):
            assert left >= before
        else:
            assert left == before - amount >= books.limit(payer)
        assert transfer.payee_balance <= books.ceiling(payee)

    def after_move(self, payer: str, payee: str) -> None:
        """Credits moved: neither side may now be outside its limits because of it, unless it
        was already there after a limit change and the move did not make that worse."""
        for key in (payer, payee):
            if not self.books.outside(key):
                self.books.excused.discard(key)
            assert not self.books.outside(key) or key in self.books.excused, key

    # -- moving credits --------------------------------------------------------------

    @rule(who=ACTORS, payer=ACCOUNT, to=OTHER, amount=AMOUNTS)
    def pay(self, who, payer, to, amount):
        actor, payee = self.actor(who, payer), self.other(payer, to)
        amount = self.resolve(amount, payer, payee)
        expected = _predict(self.books.expect_pay, actor, payer, payee, amount)
        before = self.books.left(payer)
        transfer = self.attempt(
            "pay",
            expected,
            lambda: services.pay(
                self.account(payer), self.account(payee), amount, by=self.user(actor),
                description="Hulp bij een aanvraag",
            ),
        )  # fmt: skip
        if transfer is not None:
            self.books.move(payer, payee, amount)
            self.booked(transfer, payer, payee, amount, before=before)
            self.books.transfers[transfer.pk] = Xfer(payer, payee, amount, "payment", "completed")
            self.after_move(payer, payee)

    @rule(who=ACTORS, payee=ACCOUNT, to=OTHER, amount=AMOUNTS)
    def request(self, who, payee, to, amount):
        actor, payer = self.actor(who, payee), self.other(payee, to)
        amount = self.resolve(amount, payer, payee)
        expected = _predict(self.books.expect_request, actor, payee, payer, amount)
        transfer = self.attempt(
            "request",
            expected,
            lambda: services.request_payment(
                self.account(payee), self.account(payer), amount, by=self.user(actor),
                description="Workshop",
            ),
        )  # fmt: skip
        if transfer is not None:
            assert transfer.status == Transfer.Status.PENDING
            self.books.transfers[transfer.pk] = Xfer(payer, payee, amount, "request", "pending")

    @precondition(lambda self: any(t.kind == "request" for t in self.books.transfers.values()))
    @rule(
        who=ACTORS,
        pick=PICK,
        stale=STALE,
        decision=st.sampled_from(["accept", "accept", "decline", "cancel"]),
    )
    def decide(self, who, pick, stale, decision):
        """Accept, decline or cancel a request: a pending one, or with `stale` any."""
        pk = self.pick(
            self.books.transfers,
            pick,
            stale,
            kind="request",
            open_if=lambda t: t.status == "pending",
        )
        request = self.books.transfers[pk]
        # Cancelling is the payee's move as much as the payer's.
        actor = self.actor(who, request.payee if decision == "cancel" else request.payer)
        expected = _predict(getattr(self.books, f"expect_{decision}"), actor, pk)
        service = getattr(services, decision)
        before = self.books.left(request.payer)
        result = self.attempt(
            decision, expected, lambda: service(Transfer.objects.get(pk=pk), by=self.user(actor))
        )
        if result is None:
            return
        if decision == "accept":
            self.books.move(request.payer, request.payee, request.amount)
            request.status = Transfer.Status.COMPLETED
            self.booked(result, request.payer, request.payee, request.amount, before=before)
            self.after_move(request.payer, request.payee)
        else:
            request.status = {"decline": "declined", "cancel": "cancelled"}[decision]
            assert result.status == request.status

    @precondition(lambda self: self.books.transfers)
    @rule(who=ACTORS, pick=PICK, stale=STALE)
    def reverse(self, who, pick, stale):
        """A coordinator reverses a completed payment; with `stale` any transfer: pending,
        declined, a reversal, one reversed before."""
        pk = self.pick(
            self.books.transfers, pick, stale,
            open_if=lambda t: t.status == "completed" and t.kind != "reversal" and not t.reversed,
        )  # fmt: skip
        original = self.books.transfers[pk]
        who = who or self.books.coordinator(self.books.accounts[original.payer].network)
        expected = _predict(self.books.expect_reverse, who, pk)
        before = self.books.left(original.payee)
        reversal = self.attempt(
            "reverse",
            expected,
            lambda: services.reverse(
                Transfer.objects.get(pk=pk), by=self.user(who), reason="Dubbel geboekt"
            ),
        )
        if reversal is not None:
            self.books.move(original.payee, original.payer, original.amount)
            self.booked(reversal, original.payee, original.payer, original.amount, before=before)
            assert reversal.reverses_id == pk
            original.reversed = True
            self.books.transfers[reversal.pk] = Xfer(
                original.payee, original.payer, original.amount, "reversal", "completed",
                ref=original.ref,
            )  # fmt: skip
            self.after_move(original.payee, original.payer)

    # -- limits ----------------------------------------------------------------------

    def limits_changed(self, keys) -> None:
        self.books.limit_changes += 1
        for key in keys:
            if self.books.outside(key):
                self.books.excused.add(key)
            else:
                self.books.excused.discard(key)

    @rule(
        who=ACTORS,
        pick=PICK,
        limit=st.just("squeeze") | st.none() | st.integers(min_value=-600, max_value=0),
        ceiling=st.none() | st.integers(min_value=0, max_value=600),
    )
    def set_limits(self, who, pick, limit, ceiling):
        """An account's own limit and ceiling (None: the network's default again), by a
        coordinator or by someone who may not.

        "squeeze": the limit is raised above what the account has left, and the ceiling
        lowered below its balance (by `ceiling`, or 50), so the account is outside its
        limits without any transfer having taken it there. Accounts with credits reserved
        are squeezed first: what they may still do with a reservation is the subtle part."""
        holding = [k for k, a in self.books.accounts.items() if a.reserved]
        if limit != "squeeze" or not holding:
            holding = ACCOUNTS
        key = holding[pick % len(holding)]
        account = self.books.accounts[key]
        if limit == "squeeze":
            margin = ceiling or 50
            limit = min(0, account.balance - account.reserved + margin)
            ceiling = max(0, account.balance - margin)
        who = who or self.books.coordinator(account.network)
        self._set_limits(who, key, limit, ceiling)

    def _set_limits(self, who, key, limit, ceiling):
        expected = _predict(self.books.expect_limits, who, key, limit, ceiling)
        change = self.attempt(
            "limits",
            expected,
            lambda: services.set_account_limits(
                self.account(key), by=self.user(who), limit=limit, ceiling=ceiling,
                reason="Afspraak met de coördinator",
            ),
        )  # fmt: skip
        if change is not None:
            self.books.accounts[key].limit, self.books.accounts[key].ceiling = limit, ceiling
            self.limits_changed([key])

    @rule(
        network=st.sampled_from(["a", "b"]),
        limit=st.integers(min_value=-600, max_value=0),
        ceiling=st.integers(min_value=0, max_value=600),
    )
    def network_defaults(self, network, limit, ceiling):
        """The network's default limit and ceiling change (logged when they differ)."""
        coordinator = self.books.coordinator(network)
        row = Network.objects.get(pk=self.networks[network])
        services.update_ledger_settings(
            row, by=self.user(coordinator), unit_singular=row.unit_singular,
            unit_plural=row.unit_plural, minor_units=row.minor_units, minor_name=row.minor_name,
            credit_limit=limit, credit_ceiling=ceiling, reason="Nieuwe afspraken",
        )  # fmt: skip
        if self.books.defaults[network] != [limit, ceiling]:
            self.books.defaults[network] = [limit, ceiling]
            keys = [k for k, a in self.books.accounts.items() if a.network == network]
            self.limits_changed(keys)

    # -- reservations ----------------------------------------------------------------

    @rule(key=ACCOUNT, amount=AMOUNTS)
    def hold(self, key, amount):
        self.held(key, self.resolve(amount, key), reference=HOLD_REF)

    def held(self, key: str, amount: int, *, reference: str) -> Hold | None:
        """Reserve `amount` on `key` through services.hold, as the model expects."""
        expected = _predict(self.books.expect_hold, key, amount)
        row = self.attempt(
            "hold",
            expected,
            lambda: services.hold(
                self.account(key), amount, description="Afspraak", reference=reference
            ),
        )
        if row is not None:
            self.books.hold_made(row.pk, key, amount, reference)
        return row

    @precondition(lambda self: any(h.ref == HOLD_REF for h in self.books.holds.values()))
    @rule(
        pick=PICK,
        stale=STALE,
        to=OTHER,
        share=st.sampled_from([1.0, 0.5, 0.01, 0.0, 1.5]),
    )
    def capture(self, pick, stale, to, share):
        """Pay all, part or none of an open hold (or more than it holds, or one that has
        ended: refused)."""
        pk = self.pick(self.books.holds, pick, stale, open_if=_open_hold, ref=HOLD_REF)
        row = self.books.holds[pk]
        self.captured(pk, self.other(row.account, to), int(row.amount * share))

    def captured(self, pk: int, payee: str, amount: int) -> Transfer | None:
        row = self.books.holds[pk]
        expected = _predict(self.books.expect_capture, pk, payee, amount)
        before = self.books.left(row.account)
        if self.books.outside(row.account):
            event("capture: from an account a limit change left outside its limits")
        transfer = self.attempt(
            "capture" if amount else "capture nothing",
            expected,
            lambda: services.capture(
                Hold.objects.get(pk=pk), self.account(payee), by=self.user("anke"), amount=amount
            ),
        )
        if expected is None:
            self.hold_captured(pk, payee, amount, transfer, before=before)
        return transfer

    def hold_captured(self, pk: int, payee: str, amount: int, transfer, *, before: int) -> None:
        """Book a capture the service made (`transfer`: None when `amount` is 0) in the
        model, and check the transfer as every other (`booked`)."""
        account = self.books.holds[pk].account
        self.books.hold_captured(pk, payee, amount, None if transfer is None else transfer.pk)
        if amount:
            self.booked(transfer, account, payee, amount, before=before)
            assert transfer.reference == self.books.holds[pk].ref
            self.after_move(account, payee)
        else:
            assert transfer is None

    @precondition(lambda self: any(h.ref == HOLD_REF for h in self.books.holds.values()))
    @rule(pick=PICK, stale=STALE)
    def release(self, pick, stale):
        self.released(self.pick(self.books.holds, pick, stale, open_if=_open_hold, ref=HOLD_REF))

    def released(self, pk: int) -> None:
        expected = _predict(self.books.expect_release, pk)
        if self.attempt("release", expected, lambda: services.release(Hold.objects.get(pk=pk))):
            self.books.hold_released(pk)

    # -- memberships -----------------------------------------------------------------

    @rule(
        who=ACTORS,
        membership=st.sampled_from(MEMBERS) | st.sampled_from(sorted(CAST)),
        status=st.sampled_from(["suspended", "suspended", "active"]),
    )
    def membership(self, who, membership, status):
        """Suspend or reinstate someone: a suspended member's account is frozen, and a
        suspended coordinator manages nothing (the last one cannot be suspended)."""
        user, network = membership
        who = who or self.books.coordinator(network)
        expected = _predict(self.books.expect_membership, who, user, network, status)
        changed = self.attempt(
            status,
            expected,
            lambda: network_services.change_membership(
                Membership.objects.get(pk=self.memberships[membership]),
                by=self.user(who), status=status,
            ),
        )  # fmt: skip
        if changed is not None:
            self.books.roles[membership][1] = status

    # -- agreements ------------------------------------------------------------------

    @rule(
        conversation=st.sampled_from(CONVERSATIONS),
        who=MOSTLY_RIGHT,
        first=st.booleans(),
        role=st.sampled_from(["provider", "receiver"]),
        amount=AMOUNTS,
        days=st.sampled_from([7, 7, 7, 7, 7, 7, -1]),
    )
    def propose(self, conversation, who, first, role, amount, days):
        """Either side proposes (or someone outside the conversation: refused), for an
        amount up to the receiver's room or the provider's ceiling or past them."""
        one, two, _network = conversation
        self.proposed(who or (one if first else two), conversation, role, amount, days)

    def proposed(self, actor: str, conversation, role: str, amount, days: int) -> None:
        one, two, network = conversation
        me, them = (actor, two if actor == one else one) if actor in (one, two) else (one, two)
        provider, receiver = (me, them) if role == "provider" else (them, me)
        provider, receiver = f"{provider}@{network}", f"{receiver}@{network}"
        amount = self.resolve(amount, receiver, provider)
        expected = _predict(self.books.expect_propose, actor, conversation, amount, days)
        row = self.attempt(
            "agreement propose",
            expected,
            lambda: services.propose_agreement(
                Conversation.objects.get(pk=self.conversations[conversation]),
                by=self.user(actor), role=role, description="Een LCA doorrekenen",
                amount=amount, due_on=timezone.localdate() + timedelta(days=days),
            ),
        )  # fmt: skip
        if row is not None:
            assert (row.provider_id, row.receiver_id, row.amount) == (
                self.books.accounts[provider].pk, self.books.accounts[receiver].pk, amount,
            )  # fmt: skip
            self.books.deals[row.pk] = Deal(network, provider, receiver, actor, amount)

    @staticmethod
    def row(pk: int) -> Agreement:
        """Agreement `pk` as a page reads it, with its sides."""
        return Agreement.objects.with_parties().get(pk=pk)

    def taker(self, deal: Deal, step: str) -> str:
        """Who takes `step` when a rule draws no actor: the side whose step it is."""
        if step == "withdraw":
            return deal.proposer
        provider = self.books.accounts[deal.provider].holder
        receiver = self.books.accounts[deal.receiver].holder
        if step in ("accept", "decline"):
            return receiver if deal.proposer == provider else provider
        return provider if step == "deliver" else receiver

    def settler(self, deal: Deal) -> str:
        """An active coordinator of the network who is no side of `deal`, if there is one."""
        sides = {self.books.accounts[key].holder for key in (deal.provider, deal.receiver)}
        coordinators = [
            user for (user, net), (role, status) in self.books.roles.items()
            if net == deal.network and role == "coordinator" and status == "active"
        ]  # fmt: skip
        return next((user for user in coordinators if user not in sides), coordinators[0])

    def next_step(self, pk: int, dispute: bool) -> tuple[str, str]:
        """The next step of agreement `pk` and who takes it; `dispute`: the receiver
        disputes instead of waiting for the delivery or confirming it."""
        deal = self.books.deals[pk]
        if deal.status == Agreement.Status.DISPUTED:
            return "settle", self.settler(deal)
        step = {
            Agreement.Status.PROPOSED: "accept",
            Agreement.Status.ACCEPTED: "dispute" if dispute else "deliver",
            Agreement.Status.DELIVERED: "dispute" if dispute else "confirm",
        }[deal.status]
        return step, self.taker(deal, step)

    def expect_next(self, pk: int, dispute: bool, share: float) -> None:
        step, actor = self.next_step(pk, dispute)
        if step == "settle":
            amount = int(self.books.deals[pk].amount * share)
            self.books.expect_settle(actor, pk, amount)
        else:
            self.books.expect_step(actor, pk, step)

    @rule(
        pick=PICK,
        dispute=st.sampled_from([False, False, True]),
        share=st.sampled_from([1.0, 0.5, 0.0]),
        conversation=st.sampled_from(CONVERSATIONS),
        role=st.sampled_from(["provider", "receiver"]),
        amount=AMOUNTS,
    )
    def agreement(self, pick, dispute, share, conversation, role, amount):
        """Take an agreement to its end, a step at a time, on its own (the other rules may
        be switched off): the next step, by the side whose step it is, of one the model
        expects to go ahead and furthest along of those (accepted, delivered, confirmed or
        disputed, settled by a coordinator who is no side); when none will, a new
        proposal by a side of `conversation`."""
        live = [pk for pk, deal in self.books.deals.items() if deal.status in LIVE]
        ahead = [pk for pk in live if _predict(self.expect_next, pk, dispute, share) is None]
        if not ahead:
            self.proposed(conversation[pick % 2], conversation, role, amount, 7)
            return
        furthest = max(LIVE.index(self.books.deals[pk].status) for pk in ahead)
        ahead = [pk for pk in ahead if LIVE.index(self.books.deals[pk].status) == furthest]
        pk = ahead[pick % len(ahead)]
        step, actor = self.next_step(pk, dispute)
        if step == "settle":
            self.settled(actor, pk, share)
        else:
            self.stepped(actor, pk, step)

    @precondition(lambda self: self.books.deals)
    @rule(who=ACTORS, pick=PICK, stale=STALE, step=st.sampled_from(sorted(STEPS)))
    def agreement_step(self, who, pick, stale, step):
        """Any step of an agreement in a state it is taken from (with `stale` any), by the
        side whose step it is or by someone drawn: the other side, a coordinator, anyone."""
        pk = self.pick(self.books.deals, pick, stale, open_if=lambda d: d.status in STEPS[step])
        self.stepped(who or self.taker(self.books.deals[pk], step), pk, step)

    def stepped(self, actor: str, pk: int, step: str) -> None:
        deal = self.books.deals[pk]
        expected = _predict(self.books.expect_step, actor, pk, step)
        call = getattr(services, f"{step}_agreement")
        extra = {"reason": "Het is niet geleverd."} if step == "dispute" else {}
        before = self.books.left(deal.receiver)
        row = self.attempt(
            f"agreement {step}",
            expected,
            lambda: call(self.row(pk), by=self.user(actor), **extra),
        )
        if row is None:
            return
        if step == "accept":
            assert row.hold_id is not None
            ref = f"exchange.agreement:{pk}"
            self.books.hold_made(row.hold_id, deal.receiver, deal.amount, ref)
            deal.hold = row.hold_id
        elif step == "confirm":
            self.hold_captured(deal.hold, deal.provider, deal.amount, row.transfer, before=before)
            deal.transfer = row.transfer_id
        deal.status = AFTER[step]

    @precondition(lambda self: self.books.deals)
    @rule(who=MOSTLY_RIGHT, pick=PICK, stale=STALE, share=SHARES)
    def settle(self, who, pick, stale, share):
        """A coordinator settles a dispute, or someone who may not (a side, a member, the
        other network), or an agreement not disputed: refused."""
        pk = self.pick(self.books.deals, pick, stale, open_if=lambda d: d.status == "disputed")
        self.settled(who or self.settler(self.books.deals[pk]), pk, share)

    def settled(self, actor: str, pk: int, share: float) -> None:
        """`actor` settles with `share` of the amount: all, part, none, or more (refused)."""
        deal = self.books.deals[pk]
        amount = int(deal.amount * share)
        expected = _predict(self.books.expect_settle, actor, pk, amount)
        before = self.books.left(deal.receiver)
        row = self.attempt(
            "agreement settle" if amount else "agreement settle with nothing",
            expected,
            lambda: services.settle_agreement(
                self.row(pk), by=self.user(actor), amount=amount, note="Half geleverd."
            ),
        )
        if row is not None:
            self.hold_captured(deal.hold, deal.provider, amount, row.transfer, before=before)
            deal.status, deal.transfer = Agreement.Status.SETTLED, row.transfer_id
            assert row.settlement_amount == amount

    # -- sessions priced in credits ----------------------------------------------------

    def fresh_transfers(self) -> list[Transfer]:
        """The transfers the model does not know yet, oldest first."""
        return list(Transfer.objects.exclude(pk__in=list(self.books.transfers)).order_by("pk"))

    def transferred(self, fresh: list, payer: str, payee: str, amount: int, kind: str, ref: str):
        """The next of `fresh` (the transfers a call made) moved `amount` from payer to
        payee as a `kind` for `ref`: book it in the model and check it as every other
        transfer (`booked`)."""
        assert fresh, f"no {kind} of {amount} from {payer} to {payee}"
        transfer = fresh.pop(0)
        before = self.books.left(payer)
        self.books.move(payer, payee, amount)
        self.booked(transfer, payer, payee, amount, before=before)
        assert (transfer.kind, transfer.reference) == (kind, ref)
        self.books.transfers[transfer.pk] = Xfer(payer, payee, amount, kind, "completed", ref=ref)
        self.after_move(payer, payee)
        return transfer

    def charged(self, session: str, user: str, fresh: list) -> None:
        """`user` took a place: what they pay for it, if anything (the model agreed)."""
        place = self.books.places[(session, user)]
        amount = self.books.expect_charge(user, session)
        if amount:
            ref = f"knowledge.registration:{place.pk}"
            self.transferred(fresh, f"{user}@a", SESSIONS[session].payee, amount, "payment", ref)
            place.paid = amount

    @rule(
        who=st.sampled_from(["anke", "bert", "cor", "dina"]) | st.sampled_from(USERS),
        session=st.sampled_from(["training", "workshop", "workshop", "lecture"]),
    )
    def register(self, who, session):
        """Register (mostly someone with an account in network "a"): a place paid at once,
        or the waiting list when it is full; refused when it cannot be paid (no place is
        taken), or for whoever may not see the session."""
        self.registered(who, session)

    def registered(self, who: str, session: str) -> None:
        expected = _predict(self.books.expect_register, who, session)
        full = self.books.full(session)
        row = self.attempt(
            "register on the waiting list" if full else "register",
            expected,
            lambda: knowledge.register(
                Session.objects.get(pk=self.sessions[session]), by=self.user(who)
            ),
        )
        fresh = self.fresh_transfers()
        if row is not None:
            place = self.books.places.setdefault((session, who), Place(row.pk, "", 0))
            assert place.pk == row.pk
            self.books.queued += 1
            place.queued = self.books.queued
            if full:
                place.status = Registration.Status.WAITLISTED
            else:
                place.status = Registration.Status.REGISTERED
                if place.paid and self.books.payment_of(place) is None:
                    # Knowledge does not hear of a coordinator's reversal: the place still
                    # counts as paid (paid_credits), and is taken again for nothing.
                    event("register: pays nothing, though its payment was reversed")
                elif place.paid:
                    event("register: paid before the start, pays nothing")
                self.charged(session, who, fresh)
        assert not fresh, fresh

    @precondition(lambda self: self.books.places)
    @rule(pick=PICK, stale=STALE)
    def unregister(self, pick, stale):
        """Cancel a place or a place on the waiting list (with `stale` also one cancelled:
        refused): refunded before the start, and the waiting list moves up."""
        self.cancelled(
            *self.pick(self.books.places, pick, stale, open_if=lambda p: p.status != "cancelled")
        )

    def cancelled(self, session: str, user: str) -> None:
        expected = _predict(self.books.expect_unregister, user, session)
        row = self.attempt(
            "unregister",
            expected,
            lambda: knowledge.cancel_registration(
                Session.objects.get(pk=self.sessions[session]), by=self.user(user)
            ),
        )
        fresh = self.fresh_transfers()
        if row is not None:
            place = self.books.places[(session, user)]
            payment = self.books.refund_of(session, user)
            place.status = Registration.Status.CANCELLED
            if payment is not None:
                original = self.books.transfers[payment]
                refund = self.transferred(
                    fresh, original.payee, original.payer, original.amount, "reversal",
                    original.ref,
                )  # fmt: skip
                assert refund.reverses_id == payment
                event("unregister: refunded")
                original.reversed = True
                place.paid = max(place.paid - original.amount, 0)
            self.moved_up(session, fresh)
        assert not fresh, fresh

    @rule(pick=PICK)
    def waiting_list(self, pick):
        """Work a waiting list on its own (the other rules may be switched off): when
        someone waits for a session, one of its places is cancelled, so that they move up
        (and pay, or leave the list); otherwise someone with an account and no place takes
        one of the session with the fewest free places (a waiting list when it is full)."""
        places = self.books.places
        waiting = {s for (s, _u), p in places.items() if p.status == "waitlisted"}
        moving = [
            key for key, place in places.items()
            if key[0] in waiting and place.status == Registration.Status.REGISTERED
        ]  # fmt: skip
        if moving:
            self.cancelled(*moving[pick % len(moving)])
            return
        free = {
            name: spec.capacity - self.books.taken(name)
            for name, spec in SESSIONS.items() if spec.capacity is not None
        }  # fmt: skip
        for session in sorted(free, key=lambda name: (free[name], name)):
            users = [
                user for user in ("anke", "bert", "cor", "dina")
                if getattr(places.get((session, user)), "status", "cancelled") == "cancelled"
            ]  # fmt: skip
            if users:
                self.registered(users[pick % len(users)], session)
                return

    def moved_up(self, session: str, fresh: list) -> None:
        """knowledge's _promote_waiting: the waiting list in order fills the free places,
        each paying as they move up; whoever cannot pay leaves the list."""
        capacity = SESSIONS[session].capacity
        free = None if capacity is None else capacity - self.books.taken(session)
        waiting = sorted(
            ((place.queued, user) for (s, user), place in self.books.places.items()
             if s == session and place.status == Registration.Status.WAITLISTED)
        )  # fmt: skip
        for _queued, user in waiting:
            if free is not None and free <= 0:
                break
            place = self.books.places[(session, user)]
            refused = _predict(self.books.expect_charge, user, session)
            event(f"move up: {refused or 'done'}")
            if refused is not None:
                place.status = Registration.Status.CANCELLED
                continue
            place.status = Registration.Status.REGISTERED
            self.charged(session, user, fresh)
            if free is not None:
                free -= 1

    # -- invariants ------------------------------------------------------------------

    @invariant()
    def the_rows_are_the_model_and_add_up(self):
        """Every account, transfer, hold and limit change is as the model says (a refused
        call changed nothing, an accepted one exactly what it should); and recomputed
        from the rows alone, each network sums to zero and each balance and reservation is
        that of its completed transfers and open holds."""
        accounts = {
            pk: rest
            for pk, *rest in Account.objects.values_list(
                "pk", "network_id", "balance", "reserved", "limit", "ceiling"
            )
        }
        transfers = list(
            Transfer.objects.values_list("pk", "status", "reference", "payer", "payee", "amount")
        )
        holds = list(Hold.objects.values_list("pk", "status", "reference", "account", "amount"))
        assert {pk: (status, ref) for pk, status, ref, *_ in transfers} == {
            pk: (t.status, t.ref) for pk, t in self.books.transfers.items()
        }
        assert {pk: (status, ref) for pk, status, ref, *_ in holds} == {
            pk: (h.status, h.ref) for pk, h in self.books.holds.items()
        }
        assert LimitChange.objects.count() == self.books.limit_changes

        for key, expected in self.books.accounts.items():
            assert accounts[expected.pk][1:] == [
                expected.balance, expected.reserved, expected.limit, expected.ceiling,
            ], key  # fmt: skip
        assert len(accounts) == len(self.books.accounts), "accounts the model does not know"

        balance, reserved, sums = defaultdict(int), defaultdict(int), defaultdict(int)
        for _pk, status, _ref, payer, payee, amount in transfers:
            if status == Transfer.Status.COMPLETED:
                balance[payer] -= amount
                balance[payee] += amount
        for _pk, status, _ref, account, amount in holds:
            if status == Hold.Status.HELD:
                reserved[account] += amount
        for pk, (network, stored, stored_reserved, *_limits) in accounts.items():
            assert (stored, stored_reserved) == (balance[pk], reserved[pk]), pk
            sums[network] += stored
        assert set(sums.values()) == {0}, sums

    @invariant()
    def agreements_and_registrations_are_the_model(self):
        """Each agreement's state, reservation and payment, and each registration's state
        and what was paid for it, are the model's."""
        assert {
            pk: rest
            for pk, *rest in Agreement.objects.values_list("pk", "status", "hold", "transfer")
        } == {pk: [d.status, d.hold, d.transfer] for pk, d in self.books.deals.items()}
        assert {
            pk: rest
            for pk, *rest in Registration.objects.values_list("pk", "status", "paid_credits")
        } == {p.pk: [p.status, p.paid] for p in self.books.places.values()}

    @invariant()
    def nothing_is_outside_its_limits_but_by_a_limit_change(self):
        outside = {key for key in self.books.accounts if self.books.outside(key)}
        assert outside <= self.books.excused, outside - self.books.excused
        report = verify()
        assert report.ok, report.errors
        assert len(report.warnings) == len(outside), (report.warnings, outside)


@pytest.mark.django_db
class TestLedger(Ledger.TestCase):
    settings = settings(
        Ledger.TestCase.settings, max_examples=30, stateful_step_count=50, deadline=None
    )

    def setUp(self):
        Ledger.cast = Cast.build()

    def tearDown(self):
        Ledger.cast = None
