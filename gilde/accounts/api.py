"""API routes about the person calling: /me and /me/profile."""

from django.apps import apps
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from gilde.accounts import services
from gilde.core import access
from gilde.core.errors import Invalid

router = Router(tags=["me"])


class ExpertiseOut(Schema):
    tag: str = Field(..., alias="tag.name")
    slug: str = Field(..., alias="tag.slug")
    level: str


class ProfileItemOut(Schema):
    kind: str
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
    expertise: list[dict] | None = Field(
        None, description='[{"tag": "biopolymeren", "level": "expert"}, …]'
    )


class MembershipOut(Schema):
    network: str = Field(..., alias="network.slug")
    network_name: str = Field(..., alias="network.name")
    role: str
    status: str
    joined_at: str

    @staticmethod
    def resolve_joined_at(obj) -> str:
        return obj.joined_at.isoformat()


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
    response={200: ProfileOut, 400: dict, 403: dict},
    summary="Change my profile",
)
def patch_profile(request, payload: ProfilePatch):
    data = payload.dict(exclude_unset=True)
    if data.get("expertise") is not None:
        try:
            data["expertise"] = [
                (str(item["tag"]), str(item.get("level", "gevorderd")))
                for item in data["expertise"]
            ]
        except (KeyError, TypeError, AttributeError) as exc:
            raise Invalid(
                _('Each expertise needs a "tag" and may have a "level".'), field="expertise"
            ) from exc
    return services.update_profile(request.user, by=request.user, **data)
