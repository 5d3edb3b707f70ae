"""API routes for networks: the directory, one network, its members, joining."""

from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from gilde.accounts.api import ExpertiseOut
from gilde.accounts.models import Organisation
from gilde.core import access
from gilde.core.apiauth import public
from gilde.core.apischema import Id, Page, PageQuery, Role, paginate
from gilde.core.errors import Invalid
from gilde.networks import services
from gilde.networks.forms import MemberFilterForm
from gilde.networks.models import Membership, Network, PartnerLink

router = Router(tags=["networks"])

# The models' choices as types (test_api_conformance keeps them equal).
NetworkVisibility = Literal["listed", "unlisted", "hidden"]
JoinPolicy = Literal["open", "approval", "invitation"]


class NetworkOut(Schema):
    slug: str
    name: str
    theme: str
    description: str
    region: str
    visibility: NetworkVisibility
    join_policy: JoinPolicy
    member_count: int
    my_role: Role | None = Field(None, description="The caller's role; null: not a member")


class PartnerOut(Schema):
    slug: str
    name: str


class NetworkDetailOut(NetworkOut):
    partners: list[PartnerOut]


class MemberOut(Schema):
    id: int = Field(..., alias="user.id")
    name: str = Field(..., alias="user.display_name")
    headline: str = Field(..., alias="user.headline")
    region: str = Field(..., alias="user.region")
    role: Role
    organisation: str | None
    expertise: list[ExpertiseOut]

    @staticmethod
    def resolve_organisation(obj) -> str | None:
        return obj.organisation.name if obj.organisation else None

    @staticmethod
    def resolve_expertise(obj) -> list:
        return list(obj.user.expertise.all())


class NetworkPage(Page[NetworkOut]):
    pass


class MemberPage(Page[MemberOut]):
    pass


class MemberFilters(PageQuery):
    q: str = Field("", description="Words in the name, headline or expertise")
    expertise: str = Field("", description="Tag slug")
    organisation: Id | None = Field(None, description="Organisation id")
    region: str = ""


class JoinIn(Schema):
    motivation: str = Field("", max_length=2000)
    organisation: Id | None = Field(None, description="Id of one of your organisations")


class JoinOut(Schema):
    status: Literal["member", "pending"] = Field(
        ..., description="member (joined at once) or pending (request sent)"
    )
    message: str


def _with_counts(queryset):
    return queryset.with_member_count()


def network_for(request, slug: str, action: str = "view") -> Network:
    """The network under `slug` if the caller may do `action` there (`core.access.RULES`):
    what every app's routes under /networks/{slug}/ start with. A network the caller may
    not see, or a right they lack, is 404 like a slug that does not exist."""
    network = get_object_or_404(Network, slug=slug)
    access.require(request.user, network, action)
    return network


def _network_for(request, slug: str, action: str = "view") -> Network:
    """`network_for`, with the member count and the caller's role that NetworkOut shows."""
    network = get_object_or_404(_with_counts(Network.objects.all()), slug=slug)
    access.require(request.user, network, action)
    network.my_role = access.role_in(request.user, network)
    return network


@router.get("/networks", response=NetworkPage, auth=public, summary="Listed networks and mine")
def list_networks(request, pages: Query[PageQuery]):
    networks = _with_counts(Network.objects.known_to(request.user)).order_by("name", "pk")
    page = paginate(request, networks, pages)
    for network in page["results"]:
        network.my_role = access.role_in(request.user, network)
    return page


@router.get("/networks/{slug}", response=NetworkDetailOut, auth=public, summary="One network")
def get_network(request, slug: str):
    network = _network_for(request, slug)
    partners = [link.other(network) for link in PartnerLink.objects.accepted_for(network)]
    # read by NetworkDetailOut; Network has no such field.
    network.partners = [p for p in partners if access.can_view_network(request.user, p)]  # type: ignore[attr-defined]
    return network


@router.get("/networks/{slug}/members", response=MemberPage, summary="The member directory")
def list_members(request, slug: str, filters: Query[MemberFilters]):
    network = _network_for(request, slug, "members")
    form = MemberFilterForm(
        network,
        {
            "q": filters.q,
            "expertise": filters.expertise,
            "organisation": filters.organisation or "",
            "region": filters.region,
        },
    )
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        raise Invalid(errors[0], field=field)
    rows = Membership.objects.directory().filter(network=network).search(**form.filters())
    return paginate(request, rows, filters)


@router.post(
    "/networks/{slug}/join",
    response=JoinOut,
    summary="Join a network, or ask to join",
)
def join_network(request, slug: str, payload: JoinIn):
    network = _network_for(request, slug)
    organisation = None
    if payload.organisation is not None:
        # Only the caller's confirmed organisations: an id of someone else's (or of one
        # merely claimed) answers the same.
        organisation = (
            Organisation.objects.represented_by(request.user)
            .filter(pk=payload.organisation)
            .first()
        )
        if organisation is None:
            raise Invalid(
                _("You can only join on behalf of your own organisation."), field="organisation"
            )
    result = services.join(
        network, by=request.user, motivation=payload.motivation, organisation=organisation
    )
    if isinstance(result, Membership):
        return {"status": "member", "message": _("Welcome to %(network)s!") % {"network": network}}
    return {"status": "pending", "message": _("Your request has been sent to the coordinators.")}
