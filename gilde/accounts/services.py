"""Every write to people, organisations, tags and tokens.

Each service takes the acting user as `by`, checks access, validates and runs
in one transaction; refusals are `gilde.core.errors` exceptions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gilde.accounts.models import (
    Affiliation,
    ApiToken,
    Expertise,
    Organisation,
    ProfileItem,
    Tag,
    TagSynonym,
    User,
    kvk_validator,
    normalise_tag,
)
from gilde.core import access, search
from gilde.core.errors import Conflict, Invalid, NotAllowed, NotFound, full_clean_or_invalid

PROFILE_FIELDS = ("name", "headline", "bio", "region", "languages", "availability_hours")


def _only_self(user: User, by: User) -> None:
    if by.pk != user.pk:
        raise NotAllowed(_("You can only change your own profile."))


def update_profile(
    user: User, *, by: User, expertise: list[tuple[str, str]] | None = None, **fields
) -> User:
    """Change profile fields (name, headline, bio, region, languages, availability, photo).

    `expertise`, when given, replaces the person's expertise with (tag, level) pairs.
    """
    _only_self(user, by)
    unknown = set(fields) - set(PROFILE_FIELDS) - {"photo"}
    if unknown:
        raise Invalid(_("Unknown profile field: %(field)s") % {"field": ", ".join(sorted(unknown))})
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).exists()
        for key, value in fields.items():
            if isinstance(value, str):
                value = value.strip()
            setattr(user, key, value)
        full_clean_or_invalid(user, list(fields))
        user.save(update_fields=list(fields) or None)
        if expertise is not None:
            set_expertise(user, expertise, by=by)
        search.refresh("person", user.pk)
    return user


def resolve_tags(names: list[str], *, by: User) -> list[Tag]:
    """Map names to tags of the shared vocabulary, creating the unknown ones."""
    tags: list[Tag] = []
    for raw in names:
        name = normalise_tag(raw)
        if not name:
            continue
        if len(name) > 60:
            raise Invalid(_("A tag has at most 60 characters: %(tag)s") % {"tag": name[:60]})
        tag = add_tag(name, by=by)
        if tag not in tags:
            tags.append(tag)
    return tags


def add_tag(name: str, *, by: User) -> Tag:
    """Anyone may add a tag; an existing tag or synonym of the same name is reused."""
    name = normalise_tag(name)
    if not name:
        raise Invalid(_("A tag needs a name."), field="name")
    existing = Tag.objects.resolve(name)
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Tag.objects.create(name=name)
    except IntegrityError:
        # Someone added it at the same moment, or its slug clashes with another name.
        tag = Tag.objects.resolve(name)
        if tag is None:
            raise Invalid(_("This tag clashes with an existing one."), field="name") from None
        return tag


def can_merge_tags(user: User) -> bool:
    """Coordinators of any network (and site admins) look after the shared vocabulary."""
    return access.is_site_admin(user) or any(
        m.role == access.COORDINATOR for m in access.memberships(user).values()
    )


def merge_tags(source: Tag, target: Tag, *, by: User) -> Tag:
    """A coordinator merges `source` into `target`: every use moves, its name becomes a synonym."""
    if not can_merge_tags(by):
        raise NotAllowed(_("Only coordinators can merge tags."))
    if source.pk == target.pk:
        raise Invalid(_("Choose two different tags to merge."))
    with transaction.atomic():
        people = set(Expertise.objects.filter(tag=source).values_list("user_id", flat=True))
        people |= set(ProfileItem.objects.filter(tags=source).values_list("user_id", flat=True))
        for expertise in Expertise.objects.filter(tag=source).select_related("user"):
            kept = Expertise.objects.filter(user=expertise.user, tag=target).first()
            if kept is None:
                Expertise.objects.filter(pk=expertise.pk).update(tag=target)
            else:
                levels = [c[0] for c in Expertise.Level.choices]
                kept.level = max(kept.level, expertise.level, key=levels.index)
                kept.save(update_fields=["level"])
                expertise.delete()
        for item in ProfileItem.objects.filter(tags=source):
            item.tags.remove(source)
            item.tags.add(target)
        TagSynonym.objects.filter(tag=source).update(tag=target)
        name = source.name
        source.delete()
        if name.lower() != target.name.lower():
            TagSynonym.objects.get_or_create(tag=target, name=name)
        for user_id in people:
            search.refresh("person", user_id)
    return target


def add_synonym(tag: Tag, name: str, *, by: User) -> TagSynonym:
    if not can_merge_tags(by):
        raise NotAllowed(_("Only coordinators can add synonyms."))
    name = normalise_tag(name)
    if not name:
        raise Invalid(_("A synonym needs a name."), field="name")
    if Tag.objects.resolve(name):
        raise Conflict(_("“%(name)s” is already a tag or synonym.") % {"name": name})
    with transaction.atomic():
        return TagSynonym.objects.create(tag=tag, name=name)


def set_expertise(user: User, items: list[tuple[str, str]], *, by: User) -> list[Expertise]:
    """Replace a person's expertise with (tag name, level) pairs."""
    _only_self(user, by)
    levels = Expertise.Level.values
    for _name, level in items:
        if level not in levels:
            raise Invalid(_("Choose a level: basis, gevorderd or expert."), field="level")
    if len(items) > 40:
        raise Invalid(_("At most 40 kinds of expertise."))
    with transaction.atomic():
        wanted: dict[int, tuple[Tag, str]] = {}
        for name, level in items:
            for tag in resolve_tags([name], by=by):
                wanted[tag.pk] = (tag, level)
        Expertise.objects.filter(user=user).exclude(tag_id__in=wanted).delete()
        for tag, level in wanted.values():
            Expertise.objects.update_or_create(user=user, tag=tag, defaults={"level": level})
        search.refresh("person", user.pk)
    return list(user.expertise.select_related("tag"))


def add_expertise(user: User, tag_name: str, level: str, *, by: User) -> Expertise:
    _only_self(user, by)
    if level not in Expertise.Level.values:
        raise Invalid(_("Choose a level: basis, gevorderd or expert."), field="level")
    with transaction.atomic():
        (tag,) = resolve_tags([tag_name], by=by) or [None]
        if tag is None:
            raise Invalid(_("Name the expertise."), field="tag")
        expertise, _created = Expertise.objects.update_or_create(
            user=user, tag=tag, defaults={"level": level}
        )
        search.refresh("person", user.pk)
    return expertise


def remove_expertise(expertise: Expertise, *, by: User) -> None:
    _only_self(expertise.user, by)
    with transaction.atomic():
        expertise.delete()
        search.refresh("person", expertise.user_id)


def add_profile_item(
    user: User, kind: str, text: str, tag_names: list[str], *, by: User
) -> ProfileItem:
    """Add an offer ("Ik bied") or need ("Ik zoek") with tags."""
    _only_self(user, by)
    text = " ".join(text.split())
    if kind not in ProfileItem.Kind.values:
        raise Invalid(_("Choose offer or need."), field="kind")
    if not text:
        raise Invalid(_("Describe what you offer or look for."), field="text")
    if len(text) > 200:
        raise Invalid(_("Keep it short: at most 200 characters."), field="text")
    if user.profile_items.count() >= 30:
        raise Invalid(_("At most 30 offers and needs."))
    with transaction.atomic():
        item = ProfileItem.objects.create(user=user, kind=kind, text=text)
        item.tags.set(resolve_tags(tag_names, by=by))
        search.refresh("person", user.pk)
    return item


def remove_profile_item(item: ProfileItem, *, by: User) -> None:
    _only_self(item.user, by)
    with transaction.atomic():
        item.delete()
        search.refresh("person", item.user_id)


def validate_kvk(kvk_number: str) -> str:
    kvk_number = kvk_number.replace(" ", "").strip()
    if kvk_number:
        try:
            kvk_validator(kvk_number)
        except ValidationError as exc:
            raise Invalid(exc.messages[0], field="kvk_number") from exc
    return kvk_number


def create_organisation(
    *, by: User, name: str, kvk_number: str = "", job_title: str = "", **fields
) -> Organisation:
    """Register an organisation and make `by` part of it.

    An organisation with the same KvK number already exists: `by` joins that one.
    """
    name = " ".join(name.split())
    if not name:
        raise Invalid(_("Enter the organisation's name."), field="name")
    kvk_number = validate_kvk(kvk_number)
    with transaction.atomic():
        organisation = (
            Organisation.objects.filter(kvk_number=kvk_number).first() if kvk_number else None
        )
        if organisation is None:
            organisation = Organisation(name=name, kvk_number=kvk_number, **fields)
            full_clean_or_invalid(organisation)
            organisation.save()
        Affiliation.objects.get_or_create(
            user=by, organisation=organisation, defaults={"job_title": job_title.strip()}
        )
        search.refresh("person", by.pk)
    return organisation


def update_organisation(organisation: Organisation, *, by: User, **fields) -> Organisation:
    """People of an organisation keep its details up to date."""
    if not Affiliation.objects.filter(user=by, organisation=organisation).exists():
        raise NotAllowed(_("Only people of this organisation can change it."))
    if "kvk_number" in fields:
        fields["kvk_number"] = validate_kvk(fields["kvk_number"])
        clash = Organisation.objects.filter(kvk_number=fields["kvk_number"]).exclude(
            pk=organisation.pk
        )
        if fields["kvk_number"] and clash.exists():
            raise Conflict(_("Another organisation has this KvK number."), field="kvk_number")
    with transaction.atomic():
        for key, value in fields.items():
            setattr(organisation, key, value.strip() if isinstance(value, str) else value)
        full_clean_or_invalid(organisation)
        organisation.save()
        for user_id in organisation.affiliations.values_list("user_id", flat=True):
            search.refresh("person", user_id)
    return organisation


def leave_organisation(organisation: Organisation, *, by: User) -> None:
    Affiliation.objects.filter(user=by, organisation=organisation).delete()


def issue_token(user: User, name: str, *, by: User) -> tuple[ApiToken, str]:
    """Create a personal access token. The raw value is returned once and never stored."""
    _only_self(user, by)
    name = name.strip()
    if not name:
        raise Invalid(_("Give the token a name, so you know later what it is for."), field="name")
    if len(name) > 80:
        raise Invalid(_("A token name has at most 80 characters."), field="name")
    raw = ApiToken.generate()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, key_hash=ApiToken.hash(raw), hint=raw[:10]
        )
    return token, raw


def revoke_token(token: ApiToken, *, by: User) -> ApiToken:
    if token.user_id != by.pk:
        raise NotFound(_("No such token."))
    with transaction.atomic():
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token


@dataclass
class Completeness:
    percent: int
    next_step: str | None


COMPLETENESS_STEPS = [
    ("name", gettext_lazy("Add your name so others know who you are.")),
    ("organisation", gettext_lazy("Say which organisation you work for.")),
    ("headline", gettext_lazy("Write one line about what you do.")),
    ("expertise", gettext_lazy("Add at least three kinds of expertise.")),
    ("offer", gettext_lazy("Tell what you can offer others (Ik bied).")),
    ("need", gettext_lazy("Tell what you are looking for (Ik zoek).")),
    ("region", gettext_lazy("Choose your region.")),
    ("bio", gettext_lazy("Write a few lines about yourself.")),
    ("photo", gettext_lazy("Add a photo: people trust a face.")),
    ("availability", gettext_lazy("Say how many hours a month you can give.")),
]


def profile_completeness(user: User) -> Completeness:
    """How complete a profile is, and the most useful thing to add next."""
    kinds = set(user.profile_items.values_list("kind", flat=True))
    done = {
        "name": bool(user.name),
        "organisation": user.affiliations.exists(),
        "headline": bool(user.headline),
        "expertise": user.expertise.count() >= 3,
        "offer": "offer" in kinds,
        "need": "need" in kinds,
        "region": bool(user.region),
        "bio": bool(user.bio),
        "photo": bool(user.photo),
        "availability": user.availability_hours is not None,
    }
    missing = [str(text) for key, text in COMPLETENESS_STEPS if not done[key]]
    percent = round(100 * sum(done.values()) / len(done))
    return Completeness(percent=percent, next_step=missing[0] if missing else None)


def welcome(
    user: User,
    *,
    by: User,
    name: str,
    organisation_name: str = "",
    kvk_number: str = "",
    headline: str = "",
    region: str = "",
    expertise: list[str] | None = None,
) -> Organisation | None:
    """The short profile step of joining: name, organisation, headline, region and expertise."""
    _only_self(user, by)
    with transaction.atomic():
        update_profile(user, by=by, name=name, headline=headline, region=region)
        organisation = None
        if organisation_name.strip():
            organisation = create_organisation(by=by, name=organisation_name, kvk_number=kvk_number)
        for tag_name in expertise or []:
            add_expertise(user, tag_name, Expertise.Level.ADVANCED, by=by)
    return organisation
