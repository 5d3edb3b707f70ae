"""Every write to networks, memberships, invitations, join requests and partner links.

Each service takes the acting user as `by`, checks access first, validates,
and runs in one transaction. Refusals are `gilde.core.errors` exceptions with a
translated message.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from gilde.accounts import rules as accounts_rules
from gilde.accounts import services as accounts_services
from gilde.core import access, audit, fragments, search
from gilde.core.errors import Conflict, Invalid, NotAllowed, NotFound, full_clean_or_invalid
from gilde.core.mail import send_templated
from gilde.networks.models import Invitation, JoinRequest, Membership, Network, PartnerLink

Role = Membership.Role
Status = Membership.Status

# The audit log's verbs for networks (gilde.core.audit; labels in networks.log).
NETWORK_CREATED = "network.created"
NETWORK_APPROVED = "network.approved"
MEMBERSHIP_ADMITTED = "membership.admitted"
MEMBERSHIP_REFUSED = "membership.refused"
MEMBERSHIP_SUSPENDED = "membership.suspended"
MEMBERSHIP_REINSTATED = "membership.reinstated"
MEMBERSHIP_ROLE_CHANGED = "membership.role_changed"
MEMBERSHIP_LEFT = "membership.left"
INVITATION_SENT = "invitation.sent"
INVITATION_REVOKED = "invitation.revoked"
INVITATION_ACCEPTED = "invitation.accepted"
PARTNER_PROPOSED = "partner.proposed"
PARTNER_ADDED = "partner.added"
PARTNER_REMOVED = "partner.removed"


NETWORK_FIELDS = (
    "name",
    "slug",
    "theme",
    "description",
    "region",
    "logo",
    "visibility",
    "join_policy",
)


def creation_needs_approval(user) -> bool:
    """With NETWORK_CREATION=approval, a network set up by anyone but a site admin waits."""
    return settings.NETWORK_CREATION == "approval" and not access.is_site_admin(user)


def _check_creation_limit(user) -> None:
    """At most NETWORK_CREATE_LIMIT networks per person in 24 hours (site admins: no limit)."""
    limit = settings.NETWORK_CREATE_LIMIT
    if limit <= 0 or access.is_site_admin(user):
        return
    since = timezone.now() - timedelta(days=1)
    if Network.objects.filter(created_by=user, created_at__gte=since).count() >= limit:
        raise NotAllowed(
            ngettext(
                "You can set up %(count)s network a day. Try again tomorrow.",
                "You can set up %(count)s networks a day. Try again tomorrow.",
                limit,
            )
            % {"count": limit}
        )


def _free_slug(slug: str) -> str:
    """`slug`, or else the first of slug-2, slug-3, … that no network has.

    The wished address is never refused for being taken: a refusal would tell
    a guesser that a hidden network lives there.
    """
    if not Network.objects.filter(slug=slug).exists():
        return slug
    max_length = Network._meta.get_field("slug").max_length
    for number in itertools.count(2):
        suffix = f"-{number}"
        # the slug field has a max_length.
        candidate = slug[: max_length - len(suffix)].rstrip("-") + suffix  # type: ignore[operator]
        if not Network.objects.filter(slug=candidate).exists():
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover


def create_network(*, by, **fields) -> Network:
    """Set up a network; its creator becomes the first coordinator.

    Who may is NETWORK_CREATION's (see access.can_create_network); with
    `approval` the network waits, hidden, for a site admin. The web address is
    the wished one or, when any network has it, the first free variant (slug-2,
    …), whether that network is visible or not. Each person sets up at most
    NETWORK_CREATE_LIMIT networks a day.
    """
    if not by.is_authenticated:
        raise NotAllowed(_("Log in to set up a network."))
    if not access.can_create_network(by):
        raise NotAllowed(_("On this site only site administrators set up networks."))
    unknown = set(fields) - set(NETWORK_FIELDS)
    if unknown:
        raise Invalid(_("Unknown field: %(field)s") % {"field": ", ".join(sorted(unknown))})
    wished = (fields.get("slug") or "").strip().lower()
    fields["slug"] = wished
    pending = creation_needs_approval(by)
    with transaction.atomic():
        # One person's creations queue here, so two at once cannot both pass the limit.
        list(get_user_model().objects.select_for_update().filter(pk=by.pk).values("pk"))
        _check_creation_limit(by)
        network = Network(**fields, created_by=by)
        full_clean_or_invalid(network)
        if pending:
            network.awaiting_approval = True
            network.requested_visibility = network.visibility
            network.visibility = Network.Visibility.HIDDEN
        for attempt in range(3):
            network.slug = _free_slug(wished)
            try:
                with transaction.atomic():
                    network.save()
                break
            except IntegrityError:
                # Someone else took the same address a moment ago: take the next one.
                if attempt == 2:
                    raise
        Membership.objects.create(user=by, network=network, role=Role.COORDINATOR)
        search.refresh("person", by.pk)
        audit.record(
            NETWORK_CREATED,
            actor=by,
            network=network,
            target=network,
            data={
                "slug": network.slug,
                "wished_slug": wished,
                "visibility": network.requested_visibility or network.visibility,
                "awaiting_approval": pending,
            },
        )
    access.forget_memberships(by)
    if pending:
        _notify_site_admins_of_pending(network)
    return network


def _notify_site_admins_of_pending(network: Network) -> None:
    recipients = list(
        get_user_model()
        .objects.filter(is_superuser=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    url = reverse("admin:networks_network_changelist") + "?awaiting_approval__exact=1"
    send_templated(
        gettext_lazy("%(network)s waits for your approval"),
        "networks/email/network_awaits_approval.txt",
        {"network": network, "url": url},
        recipients,
        subject_params={"network": network.name},
        caused_by=network.created_by,
        network=network,
    )


def approve_network(network: Network, *, by) -> Network:
    """A site admin approves a network that waits: it gets the visibility its creator chose."""
    if not access.is_site_admin(by):
        raise NotAllowed(_("Only a site administrator can approve a network."))
    with transaction.atomic():
        network = Network.objects.select_for_update().get(pk=network.pk)
        if not network.awaiting_approval:
            raise Conflict(_("%(network)s has already been approved.") % {"network": network})
        network.visibility = network.requested_visibility or Network.Visibility.LISTED
        network.requested_visibility = ""
        network.awaiting_approval = False
        network.save(update_fields=["visibility", "requested_visibility", "awaiting_approval"])
        search.set_network_hidden(network.pk, network.visibility == Network.Visibility.HIDDEN)
        audit.record(
            NETWORK_APPROVED, actor=by, network=network, target=network,
            data={"visibility": network.visibility},
        )  # fmt: skip
    if network.created_by is not None and network.created_by.email:
        send_templated(
            gettext_lazy("%(network)s has been approved"),
            "networks/email/network_approved.txt",
            {"network": network, "url": reverse("networks:manage", args=[network.slug])},
            [network.created_by],
            subject_params={"network": network.name},
            caused_by=by,
            network=network,
        )
    return network


def _check_approved(network: Network) -> None:
    if network.awaiting_approval:
        raise Conflict(
            _(
                "%(network)s is waiting for a site administrator's approval; "
                "until then you cannot invite people or link partners."
            )
            % {"network": network.name}
        )


def update_network(network: Network, *, by, **fields) -> Network:
    """A coordinator changes the network's description, visibility or join policy.

    While the network awaits approval it stays hidden; a new visibility is kept
    for when it is approved.
    """
    access.check(by, network, "manage", _("Only a coordinator can change the network."))
    unknown = set(fields) - set(NETWORK_FIELDS) - {"slug"}
    if unknown or "slug" in fields:
        raise Invalid(_("The web address of a network cannot be changed."), field="slug")
    with transaction.atomic():
        for key, value in fields.items():
            setattr(network, key, value.strip() if isinstance(value, str) else value)
        full_clean_or_invalid(network)
        if network.awaiting_approval:
            if "visibility" in fields:
                network.requested_visibility = network.visibility
            network.visibility = Network.Visibility.HIDDEN
        network.save()
        search.set_network_hidden(network.pk, network.visibility == Network.Visibility.HIDDEN)
    return network


def _check_organisation(user, organisation):
    """Only on behalf of an organisation one is a confirmed person of (a claim is not enough)."""
    if organisation is not None and not accounts_rules.is_confirmed_at(user, organisation):
        raise Invalid(
            _("You can only join on behalf of your own organisation."), field="organisation"
        )


def _activate(user, network, *, role: str, organisation=None) -> Membership:
    """Create the membership, or bring back one that was left. Refuses a second active one."""
    membership = Membership.objects.select_for_update().filter(user=user, network=network).first()
    if membership is None:
        membership = Membership.objects.create(
            user=user, network=network, role=role, organisation=organisation
        )
    elif membership.status == Status.ACTIVE:
        raise Conflict(_("You are already a member of %(network)s.") % {"network": network.name})
    elif membership.status == Status.SUSPENDED:
        raise NotAllowed(_("Your membership of %(network)s is suspended.") % {"network": network})
    else:
        membership.status = Status.ACTIVE
        membership.role = role
        membership.organisation = organisation or membership.organisation
        membership.joined_at = timezone.now()
        membership.ended_at = None
        membership.save()
    search.refresh("person", user.pk)
    access.forget_memberships(user)
    return membership


def _record_admitted(membership: Membership, *, by, via: str, **data) -> None:
    audit.record(
        MEMBERSHIP_ADMITTED,
        actor=by,
        network=membership.network_id,
        target=membership,
        data={"user": membership.user_id, "role": membership.role, "via": via, **data},
    )


def join(network: Network, *, by, motivation: str = "", organisation=None):
    """Join an open network at once, or ask to join one that admits on approval.

    Returns the new Membership or the pending JoinRequest.
    """
    if not by.is_authenticated:
        raise NotAllowed(_("Log in to join a network."))
    if not access.can_view_network(by, network):
        raise NotFound(_("This network does not exist."))
    if access.role_in(by, network) is not None:
        raise Conflict(_("You are already a member of %(network)s.") % {"network": network.name})
    _check_organisation(by, organisation)
    with transaction.atomic():
        if network.join_policy == Network.JoinPolicy.OPEN:
            membership = _activate(by, network, role=Role.MEMBER, organisation=organisation)
            _record_admitted(membership, by=by, via="open")
            return membership
        if network.join_policy == Network.JoinPolicy.INVITATION:
            raise NotAllowed(
                _("%(network)s admits members by invitation only.") % {"network": network}
            )
        if JoinRequest.objects.filter(network=network, user=by, status="pending").exists():
            raise Conflict(_("You have already asked to join; a coordinator will answer soon."))
        request = JoinRequest.objects.create(
            network=network, user=by, motivation=motivation.strip(), organisation=organisation
        )
    _notify_coordinators_of_request(request)
    return request


def _notify_coordinators_of_request(request: JoinRequest) -> None:
    recipients = [
        m.user
        for m in Membership.objects.coordinators()
        .filter(network=request.network)
        .select_related("user")
    ]
    if not recipients:
        return
    url = reverse("networks:manage", args=[request.network.slug])
    send_templated(
        gettext_lazy("%(person)s asks to join %(network)s"),
        "networks/email/join_request.txt",
        {"request": request, "url": url},
        recipients,
        subject_params={"person": request.user.display_name, "network": request.network.name},
        caused_by=request.user,
        network=request.network,
        topic="networks.join_requests",
    )


def decide_join_request(
    request: JoinRequest, *, by, approve: bool, message: str = ""
) -> JoinRequest:
    """A coordinator approves (the person becomes a member) or declines, with a message."""
    access.check(
        by, request.network, "manage", _("Only a coordinator can decide on join requests.")
    )
    with transaction.atomic():
        request = JoinRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != JoinRequest.Status.PENDING:
            raise Conflict(_("This request has already been decided."))
        if approve:
            membership = _activate(
                request.user, request.network, role=Role.MEMBER, organisation=request.organisation
            )
            _record_admitted(membership, by=by, via="request", request=request.pk)
        request.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
        request.decided_by = by
        request.decided_at = timezone.now()
        request.decision_message = message.strip()
        request.save()
        if not approve:
            audit.record(
                MEMBERSHIP_REFUSED, actor=by, network=request.network_id, target=request,
                data={"user": request.user_id, "message": request.decision_message},
            )  # fmt: skip
    send_templated(
        gettext_lazy("Welcome to %(network)s")
        if approve
        else gettext_lazy("Your request to join %(network)s"),
        "networks/email/join_decision.txt",
        {"request": request, "url": reverse("networks:home", args=[request.network.slug])},
        [request.user],
        subject_params={"network": request.network.name},
        caused_by=by,
        network=request.network,
    )
    return request


def _would_leave_without_coordinator(membership: Membership) -> bool:
    return (
        membership.role == Role.COORDINATOR
        and membership.status == Status.ACTIVE
        and not Membership.objects.coordinators()
        .filter(network_id=membership.network_id)
        .exclude(pk=membership.pk)
        .exists()
    )


def change_membership(
    membership: Membership, *, by, role: str | None = None, status: str | None = None
):
    """A coordinator changes someone's role or suspends/reinstates them.

    The last active coordinator can be neither demoted nor suspended.
    """
    network = membership.network
    access.check(by, network, "manage", _("Only a coordinator can change memberships."))
    if role is not None and role not in Role.values:
        raise Invalid(_("Unknown role."), field="role")
    if status is not None and status not in (Status.ACTIVE, Status.SUSPENDED):
        raise Invalid(_("A coordinator can only suspend or reinstate a member."), field="status")
    with transaction.atomic():
        # Lock the network's coordinators so two demotions cannot both pass the check.
        list(Membership.objects.select_for_update().filter(network=network, role=Role.COORDINATOR))
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status == Status.LEFT:
            raise Conflict(_("This person has left the network."))
        demoted = role is not None and role != Role.COORDINATOR
        suspended = status == Status.SUSPENDED
        if (demoted or suspended) and _would_leave_without_coordinator(membership):
            raise Conflict(
                _("%(network)s needs at least one coordinator: appoint another one first.")
                % {"network": network.name}
            )
        before_role, before_status = membership.role, membership.status
        if role is not None:
            membership.role = role
        if status is not None:
            membership.status = status
        membership.save()
        entry = {"user": membership.user_id}
        if membership.role != before_role:
            audit.record(
                MEMBERSHIP_ROLE_CHANGED, actor=by, network=network, target=membership,
                data={**entry, "from": before_role, "to": membership.role},
            )  # fmt: skip
        if membership.status != before_status:
            verb = MEMBERSHIP_SUSPENDED if suspended else MEMBERSHIP_REINSTATED
            audit.record(verb, actor=by, network=network, target=membership, data=entry)
        search.refresh("person", membership.user_id)
    access.forget_memberships(membership.user)
    return membership


def leave(network: Network, *, by) -> Membership:
    """Leave a network. The last coordinator has to appoint a successor first."""
    with transaction.atomic():
        list(Membership.objects.select_for_update().filter(network=network, role=Role.COORDINATOR))
        membership = (
            Membership.objects.select_for_update()
            .filter(network=network, user=by, status=Status.ACTIVE)
            .first()
        )
        if membership is None:
            raise NotFound(_("You are not a member of this network."))
        if _would_leave_without_coordinator(membership):
            raise Conflict(
                _("You are the last coordinator of %(network)s: appoint another one first.")
                % {"network": network.name}
            )
        membership.status = Status.LEFT
        membership.ended_at = timezone.now()
        membership.save()
        audit.record(
            MEMBERSHIP_LEFT, actor=by, network=network, target=membership,
            data={"user": by.pk, "role": membership.role},
        )  # fmt: skip
        search.refresh("person", by.pk)
    access.forget_memberships(by)
    return membership


def create_invitation(
    network: Network,
    *,
    by,
    email: str = "",
    role: str = Role.MEMBER,
    max_uses: int = 1,
    days_valid: int = 14,
    message: str = "",
) -> Invitation:
    """A coordinator creates an invitation link; with an e-mail address it is also sent."""
    access.check(by, network, "manage", _("Only a coordinator can invite people."))
    _check_approved(network)
    email = email.strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise Invalid(_("Enter a valid e-mail address."), field="email") from exc
    if role not in Role.values:
        raise Invalid(_("Unknown role."), field="role")
    if not 1 <= max_uses <= 1000:
        raise Invalid(_("An invitation can be used 1 to 1000 times."), field="max_uses")
    if not 1 <= days_valid <= 365:
        raise Invalid(_("An invitation is valid for 1 to 365 days."), field="days_valid")
    with transaction.atomic():
        invitation = Invitation.objects.create(
            network=network,
            email=email,
            role=role,
            max_uses=max_uses,
            expires_at=timezone.now() + timedelta(days=days_valid),
            message=message.strip(),
            created_by=by,
        )
        audit.record(
            INVITATION_SENT, actor=by, network=network, target=invitation,
            data={"email": email, "role": role, "max_uses": max_uses, "days_valid": days_valid},
        )  # fmt: skip
        if email:
            # In the same transaction: the invitation and its mail exist together or not at all.
            send_templated(
                gettext_lazy("%(person)s invites you to %(network)s"),
                "networks/email/invitation.txt",
                {"invitation": invitation, "url": invitation.mailed_url()},
                [email],
                subject_params={"person": by.display_name, "network": network.name},
                caused_by=by,
                network=network,
            )
    return invitation


def check_invitation(invitation: Invitation) -> None:
    """Raise Conflict with a clear reason when the link can no longer be used."""
    if invitation.revoked_at:
        raise Conflict(_("This invitation has been withdrawn."))
    if invitation.is_expired:
        raise Conflict(_("This invitation has expired. Ask the coordinator for a new one."))
    if invitation.is_used_up:
        raise Conflict(_("This invitation has already been used."))
    if invitation.network.awaiting_approval:
        raise Conflict(_("This invitation cannot be used yet. Try again later."))


def usable_invitation(token: str | None) -> Invitation | None:
    """The invitation with this token, if it can still be used."""
    if not token:
        return None
    invitation = Invitation.objects.select_related("network").filter(token=token).first()
    if invitation is None:
        return None
    try:
        check_invitation(invitation)
    except Conflict:
        return None
    return invitation


def invitation_verifies(token: str | None, proven_email: str | None, email: str) -> bool:
    """Whether `email` is the address the invitation `token` was mailed to, and the mailed
    link (with its proof, see Invitation.email_proof) was followed: then it is verified."""
    invitation = usable_invitation(token)
    return bool(
        invitation is not None
        and invitation.email
        and proven_email
        and invitation.email == proven_email.strip().lower() == email.strip().lower()
    )


def accept_invitation(
    invitation: Invitation, *, by, organisation=None, profile: dict | None = None
) -> Membership:
    """Use an invitation: the person becomes a member (or guest) of its network.

    `profile` carries the short profile step of joining (see accounts.services.welcome);
    it is saved in the same transaction, so a refused invitation saves nothing.
    """
    if not by.is_authenticated:
        raise NotAllowed(_("Sign up or log in to accept the invitation."))
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        check_invitation(invitation)
        if invitation.email and invitation.email != by.email.lower():
            raise NotAllowed(
                _("This invitation was sent to another e-mail address. Log in with that address.")
            )
        if profile is not None:
            organisation = accounts_services.welcome(by, by=by, **profile) or organisation
        _check_organisation(by, organisation)
        membership = _activate(
            by, invitation.network, role=invitation.role, organisation=organisation
        )
        invitation.use_count += 1
        invitation.save(update_fields=["use_count"])
        JoinRequest.objects.filter(network=invitation.network, user=by, status="pending").update(
            status=JoinRequest.Status.APPROVED, decided_at=timezone.now()
        )
        fragments.bump([invitation.network_id])  # a bulk update sends no signal
        audit.record(
            INVITATION_ACCEPTED, actor=by, network=invitation.network_id, target=invitation,
            data={"user": by.pk, "role": membership.role, "membership": membership.pk},
        )  # fmt: skip
    return membership


def revoke_invitation(invitation: Invitation, *, by) -> Invitation:
    access.check(
        by, invitation.network, "manage", _("Only a coordinator can withdraw invitations.")
    )
    with transaction.atomic():
        if invitation.revoked_at is None:
            audit.record(
                INVITATION_REVOKED, actor=by, network=invitation.network_id, target=invitation
            )
        invitation.revoked_at = invitation.revoked_at or timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def propose_partner(network: Network, partner: Network, *, by, note: str = "") -> PartnerLink:
    """A coordinator proposes that two networks coordinate; the partner's coordinator accepts."""
    access.check(by, network, "manage", _("Only a coordinator can link partner networks."))
    _check_approved(network)
    if not access.can_view_network(by, partner):
        raise NotFound(_("That network does not exist."))
    if partner.pk == network.pk:
        raise Invalid(_("A network cannot be its own partner."), field="partner")
    existing = PartnerLink.objects.filter(
        from_network__in=[network, partner], to_network__in=[network, partner]
    ).first()
    if existing:
        raise Conflict(_("These networks are already linked or a proposal is waiting."))
    try:
        with transaction.atomic():
            link = PartnerLink.objects.create(
                from_network=network, to_network=partner, note=note.strip(), created_by=by
            )
            _record_partner(PARTNER_PROPOSED, link, by=by, note=link.note)
            return link
    except IntegrityError as exc:
        raise Conflict(_("These networks are already linked or a proposal is waiting.")) from exc


def _record_partner(verb: str, link: PartnerLink, *, by, **data) -> None:
    """A partner link concerns two networks: each one's log gets the entry."""
    for network_id in (link.from_network_id, link.to_network_id):
        audit.record(
            verb, actor=by, network=network_id, target=link,
            data={"from": link.from_network_id, "to": link.to_network_id, **data},
        )  # fmt: skip


def accept_partner(link: PartnerLink, *, by) -> PartnerLink:
    access.check(by, link.to_network, "manage", _("Only the partner's coordinator can accept."))
    with transaction.atomic():
        if link.status != PartnerLink.Status.ACCEPTED:
            _record_partner(PARTNER_ADDED, link, by=by)
        link.status = PartnerLink.Status.ACCEPTED
        link.save(update_fields=["status"])
    return link


def remove_partner(link: PartnerLink, *, by) -> None:
    """Either side's coordinator ends (or declines) a partner link."""
    if not (access.can_manage(by, link.from_network) or access.can_manage(by, link.to_network)):
        raise NotAllowed(_("Only a coordinator of one of the two networks can end the link."))
    with transaction.atomic():
        _record_partner(PARTNER_REMOVED, link, by=by, status=link.status)
        link.delete()
