"""The mutual-credit ledger: accounts, transfers, holds, limit changes, idempotency keys;
and the offers and wants (listings) members trade with it.

Amounts are integers of the network's minor unit (gilde.core.credits). Completed
transfers are never edited or deleted; a correction is a reversing transfer linked
to the first. An account's `balance` and `reserved` are a cache of its transfers and
holds, written in the same transaction as they are (gilde.exchange.services) and
recomputed by `manage.py ledger_verify`.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from gilde.core import visibility
from gilde.core.credits import format_amount
from gilde.core.markdown import render


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
    description_html = models.TextField(editable=False, blank=True, default="")
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
