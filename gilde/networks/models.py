"""Networks, memberships, invitations, join requests and partner links."""

from __future__ import annotations

import secrets
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from gilde.accounts.models import (
    Expertise,
    Organisation,
    ProfileItem,
    Region,
    Tag,
    User,
    fold_tag,
    image_validators,
    upload_name,
)
from gilde.core import access
from gilde.core.credits import Unit

_LISTED = Q(visibility="listed", awaiting_approval=False)

# Who counts as a member wherever a number of members is shown: an active membership as
# member or coordinator; guests (partners, observers) are not members. Written once, for
# memberships (COUNTED) and for networks seen from their memberships (COUNTED_VIA_NETWORK).
COUNTED = Q(status="active") & ~Q(role="guest")
COUNTED_VIA_NETWORK = Q(memberships__status="active") & ~Q(memberships__role="guest")


class NetworkQuerySet(models.QuerySet):
    # A network awaiting approval is stored hidden; the extra condition only guards
    # against a visibility changed by hand (as access.can_view_network does).

    def listed(self):
        return self.filter(_LISTED)

    def visible_to(self, user):
        """Networks whose home page `user` may open (hidden ones only for their members)."""
        if access.is_site_admin(user):
            return self.all()
        mine = list(access.memberships(user))
        return self.filter(
            (~Q(visibility=Network.Visibility.HIDDEN) & Q(awaiting_approval=False)) | Q(pk__in=mine)
        )

    def known_to(self, user):
        """Networks `user` may pick from a list: the listed ones and their own."""
        mine = list(access.memberships(user))
        return self.filter(_LISTED | Q(pk__in=mine))

    def of(self, user):
        """Networks `user` is an active member of."""
        return self.filter(pk__in=list(access.memberships(user)))

    def with_member_count(self):
        """Each network with `member_count`: its members and coordinators, as everywhere."""
        return self.annotate(member_count=Count("memberships", filter=COUNTED_VIA_NETWORK))


class Network(models.Model):
    class Visibility(models.TextChoices):
        LISTED = "listed", _("listed in the directory")
        UNLISTED = "unlisted", _("reachable by link")
        HIDDEN = "hidden", _("hidden (members only)")

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("anyone may join")
        APPROVAL = "approval", _("on approval by a coordinator")
        INVITATION = "invitation", _("by invitation only")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("web address"), max_length=60, unique=True)
    theme = models.CharField(_("theme"), max_length=160, blank=True)
    description = models.TextField(_("description"), blank=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    logo = models.ImageField(
        _("logo"), upload_to=upload_name("network-logos"), blank=True, validators=image_validators
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.LISTED
    )
    join_policy = models.CharField(
        _("joining"), max_length=10, choices=JoinPolicy.choices, default=JoinPolicy.APPROVAL
    )
    # With NETWORK_CREATION=approval a new network waits for a site admin. Until
    # then it is hidden (only its creator, its one member, sees it) and the
    # visibility its creator chose waits in `requested_visibility`.
    awaiting_approval = models.BooleanField(_("awaiting approval"), default=False)
    requested_visibility = models.CharField(
        _("visibility after approval"), max_length=10, choices=Visibility.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set up by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The network's own unit of credit (gilde.core.credits; the ledger in gilde.exchange).
    unit_singular = models.CharField(_("unit (one)"), max_length=30, default="uur")
    unit_plural = models.CharField(_("unit (more)"), max_length=30, default="uren")
    minor_units = models.PositiveIntegerField(
        _("smallest steps per unit"),
        default=60,
        help_text=_("60 for hours counted in minutes; 1 if the unit is not divided."),
    )
    minor_name = models.CharField(
        _("name of the smallest step"),
        max_length=20,
        blank=True,
        default="min",
        help_text=_("For example “min”. Leave empty to show amounts as decimals."),
    )
    # In minor units: the lowest balance an account may reach (≤ 0) and the highest.
    credit_limit = models.BigIntegerField(_("credit limit"), default=-20 * 60)
    credit_ceiling = models.BigIntegerField(_("ceiling"), default=40 * 60)
    # Raised by every write that changes what the network's pages show; part of
    # the key of their cached fragments (gilde.core.fragments).
    content_version = models.PositiveBigIntegerField(default=0, editable=False)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(credit_limit__lte=0, credit_ceiling__gte=0, minor_units__gte=1),
                name="network_credit_bounds",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        """Save every field but `content_version`: only `fragments.bump` moves it, in the
        database, so an instance read before someone else's write cannot set it back."""
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "content_version"
            ]
        super().save(*args, **kwargs)

    @property
    def unit(self) -> Unit:
        return Unit(self.unit_singular, self.unit_plural, self.minor_units, self.minor_name)


# How many names a directory's typed filter suggests at most.
SUGGESTIONS = 20


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Membership.Status.ACTIVE)

    def coordinators(self):
        return self.active().filter(role=Membership.Role.COORDINATOR)

    def counted(self):
        """The memberships a member count counts (`Network.objects.with_member_count`)."""
        return self.filter(COUNTED)

    def organisation_names(self, text: str = "", limit: int = SUGGESTIONS) -> list[str]:
        """Names of the organisations these memberships are for (a directory's suggestions):
        those with the most members first, or only those whose name contains `text`."""
        organisations = Organisation.objects.filter(memberships__in=self)
        if text:
            organisations = organisations.filter(name__icontains=text)
        names = (
            organisations.annotate(members=Count("memberships"))
            .order_by("-members", "name")
            .values_list("name", flat=True)[: limit * 2]
        )
        return list(dict.fromkeys(names))[:limit]

    def expertise_names(self, text: str = "", limit: int = SUGGESTIONS) -> list[str]:
        """Names of the expertise tags these members have: the most common first, or only
        those whose name or a synonym contains `text`, case- and accent-blind."""
        tags = Tag.objects.filter(expertise__user__memberships__in=self)
        if text:
            key = fold_tag(text)
            tags = tags.filter(Q(folded__contains=key) | Q(synonyms__folded__contains=key))
        names = (
            tags.annotate(people=Count("expertise", distinct=True))
            .order_by("-people", "folded")
            .values_list("name", flat=True)[: limit * 2]
        )
        return list(dict.fromkeys(names))[:limit]

    def directory(self):
        """Active members and coordinators with what a directory row shows, in fixed queries."""
        return (
            self.counted()
            .select_related("user", "organisation")
            .prefetch_related("user__expertise__tag")
            .order_by("user__name", "pk")
        )

    def search(self, *, q: str = "", tag=None, organisation=None, region: str = ""):
        """Filter a directory by free text, an expertise tag, an organisation and a region.

        A word matches a person's expertise and the tags of their offers and needs by
        the tag's name or one of its synonyms, so "bioplastics" finds the people who
        know "biopolymeren".
        """
        qs = self
        q = " ".join(q.split())[:200]
        for word in q.split()[:8]:
            qs = qs.filter(
                Q(user__name__icontains=word)
                | Q(user__headline__icontains=word)
                | Q(user__bio__icontains=word)
                | Q(organisation__name__icontains=word)
                | Exists(
                    Expertise.objects.filter(user=OuterRef("user")).filter(
                        Q(tag__name__icontains=word) | Q(tag__synonyms__name__icontains=word)
                    )
                )
                | Exists(
                    ProfileItem.objects.filter(user=OuterRef("user")).filter(
                        Q(text__icontains=word)
                        | Q(tags__name__icontains=word)
                        | Q(tags__synonyms__name__icontains=word)
                    )
                )
            )
        if tag is not None:
            qs = qs.filter(Exists(Expertise.objects.filter(user=OuterRef("user"), tag=tag)))
        if organisation is not None:
            qs = qs.filter(organisation=organisation)
        if region:
            qs = qs.filter(user__region=region)
        return qs


class Membership(models.Model):
    """A person's place in a network: one row per person and network.

    Someone asking to join has a JoinRequest, not a membership; leaving keeps
    the row (status `left`) so that history and the ledger stay intact.
    """

    class Role(models.TextChoices):
        COORDINATOR = access.COORDINATOR, _("coordinator")
        MEMBER = access.MEMBER, _("member")
        GUEST = access.GUEST, _("guest")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        SUSPENDED = "suspended", _("suspended")
        LEFT = "left", _("left")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("on behalf of"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="membership_unique"),
        ]
        indexes = [models.Index(fields=["network", "status", "role"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.network} ({self.role})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


EMAIL_PROOF_SALT = "gilde.networks.Invitation.email_proof"


def _invitation_token() -> str:
    return secrets.token_urlsafe(24)


def _invitation_expiry():
    return timezone.now() + timedelta(days=14)


class Invitation(models.Model):
    """A link (optionally sent to one e-mail address) that lets people join a network."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    email = models.EmailField(_("e-mail address"), blank=True)
    role = models.CharField(
        _("role"), max_length=12, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    message = models.TextField(_("personal message"), blank=True, max_length=2000)
    expires_at = models.DateTimeField(_("expires"), default=_invitation_expiry)
    max_uses = models.PositiveIntegerField(_("maximum uses"), default=1)
    use_count = models.PositiveIntegerField(_("used"), default=0)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(use_count__lte=models.F("max_uses")), name="invitation_within_uses"
            )
        ]

    def __str__(self) -> str:
        return f"{self.network}: {self.email or self.token[:6]}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_used_up(self) -> bool:
        return self.use_count >= self.max_uses

    @property
    def is_usable(self) -> bool:
        return not (self.revoked_at or self.is_expired or self.is_used_up)

    def email_proof(self) -> str:
        """A code only the mailed link carries (coordinators see the bare link).

        Following the link with it proves that its visitor reads mail at
        `email`, so signing up with that address needs no second verification.
        """
        value = f"{self.token}:{self.email.lower()}"
        return salted_hmac(EMAIL_PROOF_SALT, value, algorithm="sha256").hexdigest()

    def mailed_url(self) -> str:
        """The invitation's path with the e-mail proof, as sent to `email`."""
        path = reverse("networks:invitation", args=[self.token])
        return f"{path}?{urlencode({'proof': self.email_proof()})}" if self.email else path


class JoinRequest(models.Model):
    """Someone asks to join a network that admits on approval."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        DECLINED = "declined", _("declined")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    motivation = models.TextField(_("motivation"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_message = models.TextField(_("message"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "user"],
                condition=Q(status="pending"),
                name="join_request_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.network}"


class PartnerLinkQuerySet(models.QuerySet):
    def accepted_for(self, network):
        return self.filter(
            Q(from_network=network) | Q(to_network=network), status=PartnerLink.Status.ACCEPTED
        ).select_related("from_network", "to_network")


class PartnerLink(models.Model):
    """Two networks coordinate with each other; proposed by one, accepted by the other."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ACCEPTED = "accepted", _("accepted")

    from_network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="partner_links_out"
    )
    to_network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="partner_links_in"
    )
    note = models.CharField(_("what we coordinate"), max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnerLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner link")
        verbose_name_plural = _("partner links")
        constraints = [
            models.UniqueConstraint(fields=["from_network", "to_network"], name="partner_unique"),
            models.CheckConstraint(
                condition=~Q(from_network=models.F("to_network")), name="partner_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_network} ↔ {self.to_network}"

    def other(self, network):
        return self.to_network if self.from_network_id == network.pk else self.from_network


def network_people(network):
    """Who takes part in `network`'s work, by name: its active members and coordinators
    with an active account (not guests). Whom a circle, a co-author, an action's owner or
    a meeting's invited are chosen from."""
    return (
        User.objects.filter(
            memberships__network=network,
            memberships__status=Membership.Status.ACTIVE,
            memberships__role__in=[Membership.Role.MEMBER, Membership.Role.COORDINATOR],
            is_active=True,
        )
        .distinct()
        .order_by("name", "pk")
    )
