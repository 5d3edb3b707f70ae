"""Who may see and do what. Views, templates, QuerySets and the API ask here.

A user who may not see a thing gets 404, never 403, so its existence does not
leak. Membership rows are looked up once per request and cached on the user.
Models are fetched through the app registry because `core` sits below the
apps that define them.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.http import Http404

from gilde.core.errors import NotAllowed, NotFound
from gilde.core.prepared import Prepared

COORDINATOR = "coordinator"
MEMBER = "member"
GUEST = "guest"


def _membership_model():
    return apps.get_model("networks", "Membership")


def _active_memberships_of(p):
    Membership = _membership_model()
    return Membership.objects.filter(
        user_id=p.user, status=Membership.Status.ACTIVE
    ).select_related("network")


# Read on every request of a signed-in user: compiled once (core.prepared).
_active_memberships = Prepared(_active_memberships_of)


def memberships(user) -> dict:
    """Active memberships of `user` keyed by network id, with their networks, cached for
    the request."""
    if user is None or not user.is_authenticated:
        return {}
    cached = getattr(user, "_gilde_memberships", None)
    if cached is None:
        cached = {m.network_id: m for m in _active_memberships(user=user.pk)}
        user._gilde_memberships = cached
    return cached


def forget_memberships(user) -> None:
    """Drop the cache after a service changed the user's memberships."""
    if user is not None and hasattr(user, "_gilde_memberships"):
        del user._gilde_memberships


def role_in(user, network) -> str | None:
    membership = memberships(user).get(network.pk)
    return membership.role if membership else None


def is_site_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.is_superuser)


def can_create_network(user) -> bool:
    """Set up a network: anyone with an account, unless NETWORK_CREATION=admins.

    With NETWORK_CREATION=approval anyone may, but the network waits for a site
    admin (see gilde.networks.services.create_network).
    """
    if user is None or not user.is_authenticated:
        return False
    return settings.NETWORK_CREATION != "admins" or is_site_admin(user)


def can_view_network(user, network) -> bool:
    """Listed and unlisted networks show their home page to anyone; hidden ones only to members.

    A network awaiting a site admin's approval counts as hidden (it is also
    stored hidden): only its creator, its one member, and site admins see it.
    """
    if network.visibility != network.Visibility.HIDDEN and not network.awaiting_approval:
        return True
    return role_in(user, network) is not None or is_site_admin(user)


def can_view_members(user, network) -> bool:
    """The member directory and people's pages are for members and coordinators."""
    return role_in(user, network) in (MEMBER, COORDINATOR)


def can_contribute(user, network) -> bool:
    """Write articles, ask and answer, organise sessions, comment: members and coordinators."""
    return role_in(user, network) in (MEMBER, COORDINATOR)


def can_manage(user, network) -> bool:
    """Admit, suspend, change roles, invite, link partners."""
    return role_in(user, network) == COORDINATOR


def can_request_to_join(user, network) -> bool:
    return can_view_network(user, network) and role_in(user, network) is None


RULES = {
    "view": can_view_network,
    "members": can_view_members,
    "contribute": can_contribute,
    "manage": can_manage,
}


def require(user, network, action: str) -> None:
    """Raise Http404 unless `user` may do `action` in `network`.

    A user who may see the network but not do the action also gets 404: the
    page behind a coordinator link is not theirs to know about.
    """
    if not RULES[action](user, network):
        raise Http404


def check(user, network, action: str, message) -> None:
    """Service-level check: NotFound if the network is invisible, NotAllowed otherwise."""
    if not can_view_network(user, network):
        raise NotFound(message)
    if not RULES[action](user, network):
        raise NotAllowed(message)


# -- between networks (clearing) ------------------------------------------------------


def payable_partners(user, network) -> list[int]:
    """Ids of the partner networks whose members `user` may pay from `network`: those with
    an accepted partner link and an active trade agreement (gilde.exchange.clearing), for
    a member or coordinator of `network`.

    This gives sight of the partner's payable accounts by name, to choose whom to pay;
    nothing else of the partner network (its members' pages, its ledger) opens with it.
    """
    if not can_contribute(user, network):
        return []
    from django.db.models import Q

    PartnerLink = apps.get_model("networks", "PartnerLink")
    ClearingAgreement = apps.get_model("exchange", "ClearingAgreement")
    links = PartnerLink.objects.filter(
        Q(from_network=network) | Q(to_network=network), status=PartnerLink.Status.ACCEPTED
    ).values_list("from_network_id", "to_network_id")
    linked = {to_id if from_id == network.pk else from_id for from_id, to_id in links}
    agreements = (
        ClearingAgreement.objects.involving(network)
        .active()
        .values_list("network_a_id", "network_b_id")
    )
    agreed = {b_id if a_id == network.pk else a_id for a_id, b_id in agreements}
    return sorted(linked & agreed)


def can_pay_partner(user, network, partner) -> bool:
    """Whether `user` may pay members of `partner` from `network` (see payable_partners)."""
    return partner.pk in payable_partners(user, network)
