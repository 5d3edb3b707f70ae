"""The mutual-credit ledger: accounts, transfers, holds, limit changes, idempotency keys;
and the offers and wants (listings) members trade with it.

Amounts are integers of the network's minor unit (gilde.core.credits). Completed
transfers are never edited or deleted; a correction is a reversing transfer linked
to the first. An account's `balance` and `reserved` are a cache of its transfers and
holds, written in the same transaction as they are (gilde.exchange.services) and
recomputed by `manage.py ledger_verify`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from gilde.core import visibility
from gilde.core.credits import format_amount
from gilde.core.markdown import render, rendered_html_field


class AccountQuerySet(models.QuerySet):
    def of_network(self, network):
        return self.filter(network=network)

    def visible_to(self, user, network):
        """The accounts `user` may open in `network`: their own, the shared ones for
        members; every account for its coordinators."""
        from gilde.core import access

        role = access.role_in(user, network)
        if role == access.COORDINATOR:
            return self.filter(network=network)
        if role == access.MEMBER:
            return self.filter(network=network).filter(
                Q(membership__user=user) | Q(kind=Account.Kind.SHARED)
            )
        if role == access.GUEST:
            return self.filter(network=network, membership__user=user)
        return self.none()

    def payable_in(self, network):
        """Accounts one may pay or ask in `network`: active members' and open shared ones."""
        return self.filter(network=network).filter(
            Q(kind=Account.Kind.MEMBER, membership__status="active")
            | Q(kind=Account.Kind.SHARED, closed_at__isnull=True)
        )

    def with_holder(self):
        return self.select_related("membership__user", "network")

    def across_partners(self, user, network, *, payable: bool = True):
        """Accounts `user` may pay from `network` in partner networks with an active trade
        agreement (core.access.payable_partners): with `payable`, active members' and open
        shared ones, as `payable_in`; without, also frozen ones, so that paying one is
        refused with a reason rather than not found. Only to choose whom to pay."""
        from gilde.core import access

        accounts = self.filter(
            network_id__in=access.payable_partners(user, network),
            kind__in=[Account.Kind.MEMBER, Account.Kind.SHARED],
        )
        if payable:
            accounts = accounts.filter(
                Q(kind=Account.Kind.MEMBER, membership__status="active")
                | Q(kind=Account.Kind.SHARED, closed_at__isnull=True)
            )
        return accounts


class Account(models.Model):
    """One account per membership (kept when the membership ends: frozen, with its
    history), a few shared ones per network, and one clearing account per partner."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("member")
        SHARED = "shared", _("shared account")
        CLEARING = "clearing", _("clearing account")

    # An account without history goes with its membership or network; one with transfers,
    # reservations or limit changes is protected by them: the books are never deleted.
    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, related_name="ledger_accounts"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MEMBER)
    membership = models.OneToOneField(
        "networks.Membership",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="ledger_account",
    )
    # Shared accounts are named; clearing accounts are named after their partner.
    name = models.CharField(_("name"), max_length=120, blank=True)
    partner = models.ForeignKey(
        "networks.Network",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner network"),
    )
    balance = models.BigIntegerField(_("balance"), default=0, editable=False)
    reserved = models.BigIntegerField(_("reserved"), default=0, editable=False)
    # None: the network's default applies.
    limit = models.BigIntegerField(_("credit limit"), null=True, blank=True)
    ceiling = models.BigIntegerField(_("ceiling"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = AccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="member") & Q(membership__isnull=False))
                | (Q(kind="shared") & Q(membership__isnull=True) & Q(partner__isnull=True))
                | (Q(kind="clearing") & Q(membership__isnull=True) & Q(partner__isnull=False)),
                name="account_kind_fits",
            ),
            models.CheckConstraint(
                condition=Q(reserved__gte=0), name="account_reserved_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(limit__isnull=True) | Q(limit__lte=0), name="account_limit_not_positive"
            ),
            models.CheckConstraint(
                condition=Q(ceiling__isnull=True) | Q(ceiling__gte=0),
                name="account_ceiling_not_negative",
            ),
            models.UniqueConstraint(
                fields=["network", "partner"],
                condition=Q(kind="clearing"),
                name="account_one_clearing_per_partner",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.kind == self.Kind.MEMBER and self.membership is not None:
            return self.membership.user.name
        if self.kind == self.Kind.CLEARING and self.partner is not None:
            return str(_("Clearing with %(partner)s") % {"partner": self.partner.name})
        return self.name

    @property
    def holder(self):
        return self.membership.user if self.membership is not None else None

    @property
    def is_frozen(self) -> bool:
        """No new transfers: the membership ended or is suspended, or the account is closed."""
        if self.closed_at:
            return True
        if self.kind == self.Kind.MEMBER:
            return self.membership is None or self.membership.status != "active"
        return False

    @property
    def effective_limit(self) -> int | None:
        """The lowest balance allowed; None for clearing accounts (caps bound them)."""
        if self.kind == self.Kind.CLEARING:
            return None
        return self.network.credit_limit if self.limit is None else self.limit

    @property
    def effective_ceiling(self) -> int | None:
        if self.kind == self.Kind.CLEARING:
            return None
        return self.network.credit_ceiling if self.ceiling is None else self.ceiling

    @property
    def available(self) -> int:
        """What may still be spent: down to the limit, less what is reserved."""
        limit = self.effective_limit
        return self.balance - self.reserved - (limit if limit is not None else 0)

    def fmt(self, amount: int, **kwargs) -> str:
        return format_amount(amount, self.network.unit, **kwargs)


class TransferQuerySet(models.QuerySet):
    def involving(self, account):
        return self.filter(Q(payer=account) | Q(payee=account))

    def completed(self):
        return self.filter(status=Transfer.Status.COMPLETED)

    def pending(self):
        return self.filter(status=Transfer.Status.PENDING)

    def visible_to(self, user, network):
        """Transfers of the accounts `user` may open in `network`."""
        accounts = Account.objects.visible_to(user, network)
        return self.filter(network=network).filter(Q(payer__in=accounts) | Q(payee__in=accounts))

    def with_parties(self):
        return self.select_related(
            "payer__membership__user",
            "payee__membership__user",
            "payer__partner",
            "payee__partner",
            "network",
            "created_by",
        )


class Transfer(models.Model):
    """An amount moved (or asked to be moved) from payer to payee in one network."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the payer")
        COMPLETED = "completed", _("completed")
        DECLINED = "declined", _("declined")
        CANCELLED = "cancelled", _("cancelled")

    class Kind(models.TextChoices):
        PAYMENT = "payment", _("payment")
        REQUEST = "request", _("payment request")
        REVERSAL = "reversal", _("reversal")
        CLEARING = "clearing", _("between networks")

    network = models.ForeignKey(
        "networks.Network", on_delete=models.PROTECT, related_name="transfers"
    )
    payer = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="payments_out")
    payee = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="payments_in")
    amount = models.BigIntegerField(_("amount"))
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PAYMENT)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.COMPLETED)
    description = models.CharField(_("description"), max_length=300)
    # What the transfer pays for, as "app.model:id" (a session, an answer, an agreement,
    # a booking): one generic field rather than a column per kind.
    reference = models.CharField(max_length=80, blank=True, db_index=True)
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    # The other leg of a payment between partner networks.
    leg_of = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="other_leg"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # Set when it completes: the two balances right after it, for statements.
    payer_balance = models.BigIntegerField(null=True, blank=True, editable=False)
    payee_balance = models.BigIntegerField(null=True, blank=True, editable=False)

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="transfer_amount_positive"),
            models.CheckConstraint(
                condition=~Q(payer=F("payee")), name="transfer_payer_is_not_payee"
            ),
            models.CheckConstraint(
                condition=~Q(status="completed")
                | (Q(decided_at__isnull=False) & Q(payer_balance__isnull=False)),
                name="transfer_completed_is_booked",
            ),
        ]
        indexes = [
            models.Index(fields=["payer", "status", "-decided_at"]),
            models.Index(fields=["payee", "status", "-decided_at"]),
            models.Index(fields=["network", "status", "decided_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.payer} → {self.payee}: {self.amount} ({self.status})"

    def fmt(self, **kwargs) -> str:
        return format_amount(self.amount, self.network.unit, **kwargs)

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class HoldQuerySet(models.QuerySet):
    def held(self):
        return self.filter(status=Hold.Status.HELD)


class Hold(models.Model):
    """Credits reserved on an account for an agreement or a question's reward: counted
    against the limit until they are paid out (captured) or released."""

    class Status(models.TextChoices):
        HELD = "held", _("reserved")
        CAPTURED = "captured", _("paid")
        RELEASED = "released", _("released")

    network = models.ForeignKey("networks.Network", on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="holds")
    amount = models.BigIntegerField(_("amount"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.HELD)
    description = models.CharField(_("description"), max_length=300)
    reference = models.CharField(max_length=80, db_index=True)
    transfer = models.OneToOneField(
        Transfer, on_delete=models.PROTECT, null=True, blank=True, related_name="hold"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = HoldQuerySet.as_manager()

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="hold_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.amount} ({self.status})"


class LimitChange(models.Model):
    """Who changed a limit or ceiling, when, from what to what, and why. `account` is
    empty for a change of the network's defaults."""

    network = models.ForeignKey("networks.Network", on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, null=True, blank=True, related_name="limit_changes"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    old_limit = models.BigIntegerField(null=True, blank=True)
    new_limit = models.BigIntegerField(null=True, blank=True)
    old_ceiling = models.BigIntegerField(null=True, blank=True)
    new_ceiling = models.BigIntegerField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        verbose_name = _("limit change")
        verbose_name_plural = _("limit changes")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.account_id or self.network_id}: {self.old_limit} → {self.new_limit}"


class IdempotencyKey(models.Model):
    """The first answer to an API write sent with an `Idempotency-Key`, per user, kept
    at least a day (`KEEP` in gilde.exchange.services), so a retry never pays twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True)
    body = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.key}"


# -- offers and wants ---------------------------------------------------------------

# How long a listing runs when its owner names no date, and when it is renewed.
LISTING_DAYS = 90
# The furthest date an owner may name: a list of offers stays current.
LISTING_MAX_DAYS = 365
# A listing is shown to the network or to anyone: gilde.core.visibility's two wide levels.
LISTING_VISIBILITIES = (visibility.Visibility.PUBLIC, visibility.Visibility.NETWORK)


def listing_expiry(now=None):
    """When a listing made or renewed now expires."""
    return (now or timezone.now()) + timedelta(days=LISTING_DAYS)


def _owned(user) -> Q:
    return Q(owner=user)


def _no_circle(user) -> Q:
    # Listings have no circle; the visibility rule asks for one anyway.
    return Q(pk__in=[])


class ListingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What `user` may see, by gilde.core.visibility's rule: public listings of networks
        that are not hidden, members' listings of their own networks, and their own while
        their membership counts. Expired and withdrawn ones too: `open()` leaves those out."""
        return self.filter(visibility.visible_q(user, owned=_owned, in_circle=_no_circle))

    def open(self, now=None):
        """Still on offer: not expired, not withdrawn, and its owner still an active member
        or coordinator of its network (a departed member's offer is nobody's to answer)."""
        from gilde.networks.models import Membership

        owner_active = Membership.objects.filter(
            network=OuterRef("network"),
            user=OuterRef("owner"),
            status=Membership.Status.ACTIVE,
            role__in=[Membership.Role.MEMBER, Membership.Role.COORDINATOR],
        )
        return self.filter(
            Exists(owner_active), closed_at__isnull=True, expires_at__gt=now or timezone.now()
        )

    def expired(self, now=None):
        """Past their date and not withdrawn: what the expiry mail is about."""
        return self.filter(closed_at__isnull=True, expires_at__lte=now or timezone.now())

    def editable_by(self, user):
        """What `user` may change: their own, in networks where their membership counts."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(visibility.authored_q(user, _owned(user)))

    def with_related(self):
        return self.select_related("owner", "network").prefetch_related("tags")


class Listing(models.Model):
    """What a member offers ("2 uur hulp bij een MIT-subsidieaanvraag") or wants ("review
    van ons LCA-rapport"), with an indicative price in the network's credits. It runs until
    `expires_at` (its owner renews it) or until it is withdrawn (`closed_at`)."""

    class Kind(models.TextChoices):
        OFFER = "offer", _("offer")
        WANT = "want", _("want")

    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, related_name="listings"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="listings",
        verbose_name=_("owner"),
    )
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices, default=Kind.OFFER)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), max_length=20_000, blank=True, help_text=_("Markdown")
    )
    # The sanitised HTML of `description`, rendered by the services on every write.
    description_html = rendered_html_field()
    tags = models.ManyToManyField(
        "accounts.Tag", blank=True, related_name="+", verbose_name=_("tags")
    )
    # Indicative, in minor units of the network's unit; empty: to be agreed.
    price = models.BigIntegerField(_("indicative price"), null=True, blank=True)
    visibility = models.CharField(
        _("who may see this"),
        max_length=10,
        choices=[(v.value, v.label) for v in LISTING_VISIBILITIES],
        default=visibility.Visibility.NETWORK,
    )
    expires_at = models.DateTimeField(_("expires"), default=listing_expiry)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    closed_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    # When the owner was mailed that it expired (once; renewing clears it).
    renewal_mailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ListingQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer or want")
        verbose_name_plural = _("offers and wants")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gt=0), name="listing_price_positive"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["offer", "want"]), name="listing_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=[v.value for v in LISTING_VISIBILITIES]),
                name="listing_visibility_public_or_network",
            ),
        ]
        indexes = [
            models.Index(fields=["network", "closed_at", "expires_at"]),
            models.Index(fields=["expires_at", "renewal_mailed_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def owners(self) -> set[int]:
        """Who changes it (gilde.core.visibility.may_edit): its owner."""
        return {self.owner_id}

    @property
    def visibility_help(self) -> str:
        return str(visibility.HELP[visibility.Visibility(self.visibility)])

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def is_expired(self) -> bool:
        return self.closed_at is None and self.expires_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        """Not withdrawn and not expired (`ListingQuerySet.open` also asks the membership)."""
        return self.closed_at is None and self.expires_at > timezone.now()

    @property
    def last_day(self):
        """The last day it runs, in Europe/Amsterdam (one dated on a page ends at midnight)."""
        return timezone.localdate(self.expires_at - timedelta(microseconds=1))

    @property
    def description_safe(self) -> SafeString:
        """The stored HTML of the description; rendered now for a row written otherwise."""
        if not self.description_html and self.description:
            return render(self.description)
        return mark_safe(self.description_html)  # noqa: S308 - sanitised by gilde.core.markdown

    def fmt_price(self) -> str:
        return format_amount(self.price, self.network.unit) if self.price else ""


# -- between networks (clearing) ------------------------------------------------------


def _pair(first, second) -> tuple[int, int]:
    """Two networks (or their ids) in the agreement's order: the lower id is side A."""
    ids = sorted(getattr(n, "pk", n) for n in (first, second))
    return ids[0], ids[1]


class ClearingAgreementQuerySet(models.QuerySet):
    def between(self, first, second):
        network_a, network_b = _pair(first, second)
        return self.filter(network_a_id=network_a, network_b_id=network_b)

    def involving(self, network):
        return self.filter(Q(network_a=network) | Q(network_b=network))

    def active(self):
        return self.filter(status=ClearingAgreement.Status.ACTIVE)

    def waiting(self):
        return self.filter(status=ClearingAgreement.Status.PROPOSED)

    def visible_to(self, user, network):
        """The agreements of `network` that `user` may read there: every one for its
        coordinators, the active ones (whom one may pay) for its members."""
        from gilde.core import access

        role = access.role_in(user, network)
        if role == access.COORDINATOR:
            return self.involving(network)
        if role == access.MEMBER:
            return self.involving(network).active()
        return self.none()

    def with_parties(self):
        return self.select_related(
            "network_a", "network_b", "proposed_by", "approved_by_a", "approved_by_b", "ended_by"
        )


class ClearingAgreement(models.Model):
    """Two partner networks agree to trade: what one unit is worth in the other, and how
    far each network's trade balance with the other may go (its cap).

    Side A is the network with the lower id. `rate_a` minor units of A's unit are worth
    `rate_b` minor units of B's (kept as a reduced fraction, so conversion is exact
    integer arithmetic). The terms never change: new terms are a new agreement, which
    replaces the active one once both coordinators approved it. An amount that does not
    convert exactly is refused (gilde.exchange.clearing), so that nothing is rounded.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("waiting for approval")
        ACTIVE = "active", _("active")
        ENDED = "ended", _("ended")

    network_a = models.ForeignKey(
        "networks.Network", on_delete=models.PROTECT, related_name="+", verbose_name=_("network")
    )
    network_b = models.ForeignKey(
        "networks.Network", on_delete=models.PROTECT, related_name="+", verbose_name=_("partner")
    )
    rate_a = models.PositiveBigIntegerField(_("minor units of A"))
    rate_b = models.PositiveBigIntegerField(_("minor units of B"))
    # The largest absolute balance of each side's clearing account, in that side's minor units.
    cap_a = models.BigIntegerField(_("cap of A"))
    cap_b = models.BigIntegerField(_("cap of B"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    approved_by_a = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at_a = models.DateTimeField(null=True, blank=True)
    approved_by_b = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at_b = models.DateTimeField(null=True, blank=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = ClearingAgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("trade agreement between networks")
        verbose_name_plural = _("trade agreements between networks")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(network_a__lt=F("network_b")), name="clearing_networks_in_order"
            ),
            models.CheckConstraint(
                condition=Q(rate_a__gt=0, rate_b__gt=0, cap_a__gt=0, cap_b__gt=0),
                name="clearing_terms_positive",
            ),
            models.CheckConstraint(
                condition=~Q(status="active")
                | Q(approved_at_a__isnull=False, approved_at_b__isnull=False),
                name="clearing_active_is_approved",
            ),
            models.UniqueConstraint(
                fields=["network_a", "network_b"],
                condition=Q(status="active"),
                name="clearing_one_active_per_pair",
            ),
            models.UniqueConstraint(
                fields=["network_a", "network_b"],
                condition=Q(status="proposed"),
                name="clearing_one_waiting_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network_a_id} ↔ {self.network_b_id}: {self.rate_a}:{self.rate_b}"

    def side(self, network) -> str:
        """ "a" or "b": which side `network` is on."""
        network_id = getattr(network, "pk", network)
        if network_id == self.network_a_id:
            return "a"
        if network_id == self.network_b_id:
            return "b"
        raise ValueError(f"network {network_id} is not a side of agreement {self.pk}")

    def other(self, network):
        return self.network_b if self.side(network) == "a" else self.network_a

    def network_of(self, side: str):
        return self.network_a if side == "a" else self.network_b

    def cap(self, network) -> int:
        return self.cap_a if self.side(network) == "a" else self.cap_b

    def approver(self, network):
        return self.approved_by_a if self.side(network) == "a" else self.approved_by_b

    def is_approved_by(self, network) -> bool:
        side = self.side(network)
        return (self.approved_at_a if side == "a" else self.approved_at_b) is not None

    def rate_from(self, network) -> tuple[int, int]:
        """(own, other): `own` minor units of `network`'s unit are worth `other` of the
        partner's."""
        return (
            (self.rate_a, self.rate_b) if self.side(network) == "a" else (self.rate_b, self.rate_a)
        )

    def convert(self, amount: int, network) -> int | None:
        """`amount` of `network`'s minor units in the partner's, or None if not exact."""
        own, other = self.rate_from(network)
        converted, rest = divmod(amount * other, own)
        return None if rest else converted

    def step(self, network) -> int:
        """The smallest amount of `network`'s minor units that converts exactly (the rate is
        reduced, so every multiple of it does and nothing else)."""
        return self.rate_from(network)[0]

    def rate_in_units(self, network) -> tuple[int, int]:
        """The rate as people say it, from `network`'s side: (own, other) in minor units,
        scaled so that `own` is the fewest whole units of `network`'s unit."""
        from math import gcd

        own, other = self.rate_from(network)
        minor = self.network_of(self.side(network)).minor_units
        factor = minor // gcd(own, minor)
        return own * factor, other * factor

    def rate_text(self, network) -> str:
        """ "1 uur = 2 kennispunten", from `network`'s side."""
        own, other = self.rate_in_units(network)
        partner = self.other(network)
        mine = self.network_of(self.side(network))
        return f"{format_amount(own, mine.unit)} = {format_amount(other, partner.unit)}"


class ClearingPayment(models.Model):
    """One payment between partner networks: the leg in the payer's network (payer → its
    clearing account for the payee's network) and the leg in the payee's (its clearing
    account for the payer's network → payee), booked in one transaction at the rate of
    the agreement then active, which is kept here so the books can be checked later."""

    agreement = models.ForeignKey(
        ClearingAgreement, on_delete=models.PROTECT, related_name="payments"
    )
    out_leg = models.OneToOneField(Transfer, on_delete=models.PROTECT, related_name="clearing_out")
    in_leg = models.OneToOneField(Transfer, on_delete=models.PROTECT, related_name="clearing_in")
    rate_a = models.PositiveBigIntegerField()
    rate_b = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment between networks")
        verbose_name_plural = _("payments between networks")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rate_a__gt=0, rate_b__gt=0), name="clearing_payment_rate_positive"
            ),
            models.CheckConstraint(
                condition=~Q(out_leg=F("in_leg")), name="clearing_payment_two_legs"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.out_leg_id} → {self.in_leg_id}"


# -- conversations and agreements --------------------------------------------------

# What a conversation is about, like Transfer.reference: "app.model:id" ("exchange.listing:12").
REFERENCE_RE = r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*:[1-9][0-9]{0,17}$"


def pair_key(first_id: int, second_id: int) -> str:
    """The two participants of a conversation as one value, lowest id first, so that one
    unique constraint keeps a single conversation per pair and subject."""
    low, high = sorted((int(first_id), int(second_id)))
    return f"{low}:{high}"


class Conversation(models.Model):
    """Messages between two members of one network, about something (`reference`, with
    `topic` as its title) or about nothing in particular (both empty)."""

    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, related_name="conversations"
    )
    pair = models.CharField(max_length=41, editable=False)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    reference = models.CharField(max_length=80, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "pair", "reference"], name="conversation_one_per_pair_subject"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network_id}/{self.pair}: {self.topic or self.reference or '—'}"


# Before any message: "read up to" for someone who never opened a conversation.
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


class ConversationMemberQuerySet(models.QuerySet):
    def inbox(self, user, network):
        """`user`'s side of each of their conversations in `network`, the latest first,
        each with `unread` (messages of the other side since `user` last read) and
        `last_body`; one query, and one more for the other sides (prefetched)."""
        since = Coalesce(
            OuterRef("last_read_at"), Value(EPOCH, output_field=models.DateTimeField())
        )
        unread = (
            Message.objects.filter(conversation=OuterRef("conversation"), created_at__gt=since)
            .exclude(author=OuterRef("user"))
            .order_by()
            .values("conversation")
            .annotate(n=Count("pk"))
            .values("n")
        )
        last = Message.objects.filter(conversation=OuterRef("conversation")).order_by(
            "-created_at", "-pk"
        )
        return (
            self.filter(user=user, conversation__network=network)
            .select_related("conversation")
            .annotate(
                unread=Coalesce(Subquery(unread), 0),
                last_body=Subquery(last.values("body")[:1]),
                last_author=Subquery(last.values("author")[:1]),
            )
            .prefetch_related(
                Prefetch(
                    "conversation__members",
                    queryset=ConversationMember.objects.select_related("user"),
                )
            )
            .order_by("-conversation__last_message_at", "-conversation_id")
        )


class ConversationMember(models.Model):
    """One side of a conversation: who, what they read, and when they were last mailed."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    last_read_at = models.DateTimeField(null=True, blank=True)
    # Set when a new message was mailed to them; no second mail within MAIL_PAUSE while
    # they have not read since (gilde.exchange.tasks).
    last_mailed_at = models.DateTimeField(null=True, blank=True)

    objects = ConversationMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "conversation"], name="conversation_member_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id}: {self.user_id}"


class Message(models.Model):
    """Plain text; links in it are made clickable when shown (gilde.exchange.text)."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["conversation", "created_at"])]

    def __str__(self) -> str:
        return f"{self.conversation_id}/{self.pk}: {self.body[:40]}"


class AgreementQuerySet(models.QuerySet):
    def visible_to(self, user, network):
        """Its two parties see an agreement; a network's coordinators see them all (they
        settle disputes), without the conversation's messages."""
        from gilde.core import access

        role = access.role_in(user, network)
        if role == access.COORDINATOR:
            return self.filter(network=network)
        if role == access.MEMBER:
            return self.filter(network=network).filter(
                Q(provider__membership__user=user) | Q(receiver__membership__user=user)
            )
        return self.none()

    def with_parties(self):
        return self.select_related(
            "network",
            "conversation",
            "provider__membership__user",
            "receiver__membership__user",
            "proposed_by",
            "settled_by",
        )

    def disputed(self):
        return self.filter(status=Agreement.Status.DISPUTED)


class Agreement(models.Model):
    """What one member delivers to the other, for how many credits, by when.

    Proposed by either side in a conversation; the other accepts (the credits are then
    reserved on the receiver's account, `hold`) or declines; the proposer may withdraw it
    while it is proposed. The provider marks it delivered; the receiver confirms (the
    reservation is paid out, `transfer`) or disputes; a coordinator settles a dispute.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        CANCELLED = "cancelled", _("withdrawn")
        DELIVERED = "delivered", _("delivered")
        CONFIRMED = "confirmed", _("confirmed")
        DISPUTED = "disputed", _("disputed")
        SETTLED = "settled", _("settled")

    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, related_name="agreements"
    )
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="agreements"
    )
    # The provider delivers and is paid; the receiver receives and pays.
    provider = models.ForeignKey(Account, on_delete=models.RESTRICT, related_name="+")
    receiver = models.ForeignKey(Account, on_delete=models.RESTRICT, related_name="+")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(_("what will be delivered"), max_length=300)
    amount = models.BigIntegerField(_("amount"))
    due_on = models.DateField(_("delivered by"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    hold = models.OneToOneField(
        Hold, on_delete=models.PROTECT, null=True, blank=True, related_name="agreement"
    )
    transfer = models.OneToOneField(
        Transfer, on_delete=models.PROTECT, null=True, blank=True, related_name="agreement"
    )
    decided_at = models.DateTimeField(null=True, blank=True)  # accepted, declined, withdrawn
    delivered_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    disputed_at = models.DateTimeField(null=True, blank=True)
    # Empty when no one disputed: the reminders asked a coordinator after 30 days.
    disputed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dispute_reason = models.CharField(_("why"), max_length=1000, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    settlement_amount = models.BigIntegerField(null=True, blank=True)
    settlement_note = models.CharField(_("note"), max_length=1000, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="agreement_amount_positive"),
            models.CheckConstraint(
                condition=~Q(provider=F("receiver")), name="agreement_two_parties"
            ),
            models.CheckConstraint(
                condition=Q(settlement_amount__isnull=True)
                | (Q(settlement_amount__gte=0) & Q(settlement_amount__lte=F("amount"))),
                name="agreement_settlement_within_amount",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["accepted", "delivered", "disputed"])
                | Q(hold__isnull=False),
                name="agreement_accepted_is_reserved",
            ),
        ]
        indexes = [
            models.Index(fields=["network", "status"]),
            models.Index(fields=["status", "delivered_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.amount}, {self.status})"

    def fmt(self, amount: int | None = None) -> str:
        return format_amount(self.amount if amount is None else amount, self.network.unit)

    def side_of(self, user) -> str | None:
        """The side of `user`: "provider", "receiver" or None (no query when the accounts
        were read with their memberships)."""
        if user is None or not user.is_authenticated:
            return None
        for side, account in (("provider", self.provider), ("receiver", self.receiver)):
            if account.membership is not None and account.membership.user_id == user.pk:
                return side
        return None
