"""API routes about the person calling: /me, /me/profile, and their organisations."""

from datetime import datetime
from typing import Literal

from django.apps import apps
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from gilde.accounts import services
from gilde.accounts.models import Organisation, OrganisationClaim
from gilde.core import access
from gilde.core.apischema import MembershipStatus, Page, PageQuery, Role, paginate

router = Router(tags=["me"])

# The models' choices as types (test_api_conformance keeps them equal).
ExpertiseLevel = Literal["basis", "gevorderd", "expert"]
ProfileItemKind = Literal["offer", "need"]
ClaimStatus = Literal["pending", "accepted", "refused"]


class ExpertiseOut(Schema):
    tag: str = Field(..., alias="tag.name")
    slug: str = Field(..., alias="tag.slug")
    level: ExpertiseLevel


class ExpertiseIn(Schema):
    tag: str = Field(
        ..., max_length=100, description="Tag name, slug or synonym; new ones are added"
    )
    level: ExpertiseLevel = "gevorderd"


class ProfileItemOut(Schema):
    kind: ProfileItemKind
    text: str
    tags: list[str]

    @staticmethod
    def resolve_tags(obj) -> list[str]:
        return [tag.name for tag in obj.tags.all()]


class OrganisationOut(Schema):
    id: int
    name: str
    kvk_number: str
    website: str
    sector: str
    region: str


class ProfileOut(Schema):
    id: int
    email: str
    name: str
    headline: str
    bio: str
    region: str
    languages: str
    availability_hours: int | None
    photo: str | None
    organisations: list[OrganisationOut]
    expertise: list[ExpertiseOut]
    offers: list[ProfileItemOut]
    needs: list[ProfileItemOut]
    completeness: int
    next_step: str | None

    @staticmethod
    def resolve_photo(obj) -> str | None:
        return obj.photo.url if obj.photo else None

    @staticmethod
    def resolve_organisations(obj):
        return list(obj.organisations.all())

    @staticmethod
    def resolve_expertise(obj):
        return list(obj.expertise.select_related("tag"))

    @staticmethod
    def resolve_offers(obj):
        return [i for i in obj.profile_items.prefetch_related("tags") if i.kind == "offer"]

    @staticmethod
    def resolve_needs(obj):
        return [i for i in obj.profile_items.prefetch_related("tags") if i.kind == "need"]

    @staticmethod
    def resolve_completeness(obj) -> int:
        return services.profile_completeness(obj).percent

    @staticmethod
    def resolve_next_step(obj) -> str | None:
        return services.profile_completeness(obj).next_step


class ProfilePatch(Schema):
    """Only the fields sent are changed. `expertise` replaces the whole list."""

    name: str | None = Field(None, max_length=150)
    headline: str | None = Field(None, max_length=160)
    bio: str | None = Field(None, max_length=4000)
    region: str | None = None
    languages: str | None = Field(None, max_length=100)
    availability_hours: int | None = Field(None, ge=0, le=744)
    expertise: list[ExpertiseIn] | None = Field(
        None, description='Replaces the list: [{"tag": "biopolymeren", "level": "expert"}, …]'
    )


class MembershipOut(Schema):
    network: str = Field(..., alias="network.slug")
    network_name: str = Field(..., alias="network.name")
    role: Role
    status: MembershipStatus
    joined_at: datetime


class MeOut(Schema):
    id: int
    email: str
    name: str
    memberships: list[MembershipOut]

    @staticmethod
    def resolve_memberships(obj):
        return sorted(access.memberships(obj).values(), key=lambda m: m.network.name)


@router.get("/me", response=MeOut, summary="Who am I, and in which networks")
def me(request):
    memberships = access.memberships(request.user)
    # One query for the networks instead of one per membership.
    networks = apps.get_model("networks", "Network").objects.in_bulk(list(memberships))
    for membership in memberships.values():
        membership.network = networks[membership.network_id]
    return request.user


@router.get("/me/profile", response=ProfileOut, summary="My profile")
def get_profile(request):
    return request.user


@router.patch(
    "/me/profile",
    response=ProfileOut,
    summary="Change my profile",
)
def patch_profile(request, payload: ProfilePatch):
    data = payload.dict(exclude_unset=True)
    if data.get("expertise") is not None:
        data["expertise"] = [(item["tag"], item["level"]) for item in data["expertise"]]
    return services.update_profile(request.user, by=request.user, **data)


# -- organisations ---------------------------------------------------------------


class MyOrganisationOut(OrganisationOut):
    status: Literal["confirmed", "pending"] = Field(
        ..., description="confirmed (you are one of its people) or pending (claim waiting)"
    )
    job_title: str
    claim_id: int | None = None


class OrganisationIn(Schema):
    name: str = Field(..., max_length=200)
    kvk_number: str = Field("", max_length=12)
    website: str = Field("", max_length=200)
    sector: str = Field("", max_length=100)
    region: str = ""
    job_title: str = Field("", max_length=120)


class OrganisationPatch(Schema):
    """Only the fields sent are changed."""

    name: str | None = Field(None, max_length=200)
    kvk_number: str | None = Field(None, max_length=12)
    website: str | None = Field(None, max_length=200)
    sector: str | None = Field(None, max_length=100)
    region: str | None = None


class ClaimIn(Schema):
    kvk_number: str = Field(..., max_length=12)
    job_title: str = Field("", max_length=120)


class ClaimantOut(Schema):
    id: int
    name: str = Field(..., alias="display_name")
    email: str


class ClaimOut(Schema):
    id: int
    organisation: OrganisationOut
    status: ClaimStatus
    job_title: str
    created_at: datetime


class ClaimToDecideOut(ClaimOut):
    claimant: ClaimantOut = Field(..., alias="user")


class DecisionIn(Schema):
    accept: bool


def _mine(organisation, *, status: str, job_title: str, claim_id=None) -> dict:
    fields = {name: getattr(organisation, name) for name in OrganisationOut.model_fields}
    return {**fields, "status": status, "job_title": job_title, "claim_id": claim_id}


class MyOrganisationPage(Page[MyOrganisationOut]):
    pass


class ClaimToDecidePage(Page[ClaimToDecideOut]):
    pass


@router.get(
    "/me/organisations",
    response=MyOrganisationPage,
    summary="My organisations, and the ones I asked to be linked to",
)
def my_organisations(request, pages: Query[PageQuery]):
    confirmed = [
        _mine(a.organisation, status="confirmed", job_title=a.job_title)
        for a in request.user.affiliations.select_related("organisation")
    ]
    pending = [
        _mine(c.organisation, status="pending", job_title=c.job_title, claim_id=c.pk)
        for c in request.user.organisation_claims.pending().select_related("organisation")
    ]
    return paginate(request, confirmed + pending, pages)


@router.post(
    "/me/organisations",
    response={201: MyOrganisationOut},
    summary="Add a new organisation (a KvK number already in Gilde answers 409: claim it)",
)
def add_organisation(request, payload: OrganisationIn):
    data = payload.dict()
    organisation = services.create_organisation(by=request.user, **data)
    return Status(201, _mine(organisation, status="confirmed", job_title=data["job_title"].strip()))


@router.post(
    "/me/organisation-claims",
    response={201: ClaimOut},
    summary="Ask to be linked to the organisation with this KvK number",
)
def claim_organisation(request, payload: ClaimIn):
    claim = services.claim_organisation(
        by=request.user, kvk_number=payload.kvk_number, job_title=payload.job_title
    )
    return Status(201, claim)


@router.patch(
    "/organisations/{organisation_id}",
    response=OrganisationOut,
    summary="Change an organisation I am a confirmed person of",
)
def patch_organisation(request, organisation_id: int, payload: OrganisationPatch):
    organisation = get_object_or_404(
        Organisation.objects.editable_by(request.user), pk=organisation_id
    )
    return services.update_organisation(
        organisation, by=request.user, **payload.dict(exclude_unset=True)
    )


@router.get(
    "/organisation-claims",
    response=ClaimToDecidePage,
    summary="Requests to be linked to my organisations, waiting for an answer",
)
def claims_to_decide(request, pages: Query[PageQuery]):
    claims = (
        OrganisationClaim.objects.pending()
        .decidable_by(request.user)
        .select_related("user", "organisation")
        .order_by("created_at", "pk")
    )
    return paginate(request, claims, pages)


@router.post(
    "/organisation-claims/{claim_id}/decision",
    response=ClaimOut,
    summary="Accept or refuse a request to be linked to my organisation",
)
def decide_claim(request, claim_id: int, payload: DecisionIn):
    claim = get_object_or_404(OrganisationClaim.objects.decidable_by(request.user), pk=claim_id)
    return services.decide_claim(claim, by=request.user, accept=payload.accept)
