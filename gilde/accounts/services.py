"""Every write to people, organisations, tags and tokens.

Each service takes the acting user as `by`, checks access, validates and runs
in one transaction; refusals are `gilde.core.errors` exceptions.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, Q, When, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gilde.accounts import rules
from gilde.accounts.models import (
    Affiliation,
    ApiToken,
    Expertise,
    Organisation,
    OrganisationClaim,
    ProfileItem,
    Tag,
    TagSynonym,
    User,
    fold_tag,
    kvk_validator,
    normalise_tag,
)
from gilde.core import audit, fragments, search
from gilde.core.errors import Conflict, Invalid, NotAllowed, NotFound, full_clean_or_invalid
from gilde.core.mail import send_templated
from gilde.core.models import AuditEntry

# Without a name a person is shown to others as "Member without a name".
NAME_NEEDED = gettext_lazy(
    "Fill in your name: without it, others see you as “Member without a name”."
)
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
    if "name" in fields and not (fields["name"] or "").strip():
        raise Invalid(str(NAME_NEEDED), field="name")
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


MAX_SUGGESTIONS = 15


def suggest_tags(text: str, *, limit: int = MAX_SUGGESTIONS) -> list[Tag]:
    """Existing tags for what someone is typing, matched case- and accent-blind.

    A tag matches when its folded name or one of its synonyms' contains the folded
    text, or when its name starts with the text's Dutch stem, so "biocomposiet"
    also offers "biocomposieten" (near duplicates are offered, never merged
    silently). Tags whose name starts with the text come first; each tag has its
    synonyms prefetched.
    """
    key = fold_tag(text)[:60]
    if not key:
        return []
    match = Q(folded__contains=key) | Q(synonyms__folded__contains=key)
    stem = search.word_stems(key)[0] if " " not in key else key
    if len(stem) >= 4:
        match |= Q(folded__startswith=stem)
    ids = list(
        Tag.objects.filter(match)
        .annotate(first=Case(When(folded__startswith=key, then=0), default=1))
        .order_by("first", "folded", "pk")
        .values_list("pk", flat=True)
        .distinct()[: limit * 2]
    )
    ids = list(dict.fromkeys(ids))[:limit]
    tags = Tag.objects.in_bulk(ids)
    found = [tags[pk] for pk in ids if pk in tags]
    prefetch_related_objects(found, "synonyms")
    return found


TAG_MERGED = "tag.merged"
TAG_MERGE_UNDONE = "tag.merge_undone"
SYNONYM_ADDED = "tag.synonym_added"


def can_merge_tags(user: User) -> bool:
    """Curators of the shared vocabulary (see `rules.can_curate_vocabulary`)."""
    return rules.can_curate_vocabulary(user)


def _search_targets(model, object_ids) -> set[tuple[str, int]]:
    """The search documents that show the tags of these rows, as (kind, object id).

    Expertise and offers/needs are part of a person's document. Any other model
    is found under the kind of its own name (article, question, session), if a
    search source is registered for it; accounts needs no import of those apps.
    """
    object_ids = list(object_ids)
    if not object_ids:
        return set()
    if model in (Expertise, ProfileItem):
        users = model.objects.filter(pk__in=object_ids).values_list("user_id", flat=True)
        return {("person", user_id) for user_id in users}
    kind = model._meta.model_name
    if kind in search.kinds():
        return {(kind, object_id) for object_id in object_ids}
    return set()


def _refresh(targets: set[tuple[str, int]]) -> None:
    for kind, object_id in sorted(targets):
        search.refresh(kind, object_id)


def _m2m_columns(field) -> tuple:
    """(through model, its column for the item, its column for the tag) of a tags field."""
    through = field.remote_field.through
    item = through._meta.get_field(field.m2m_field_name()).attname
    tag = through._meta.get_field(field.m2m_reverse_field_name()).attname
    return through, item, tag


def _move_m2m(field, source: Tag, target: Tag) -> tuple[dict, list[int]]:
    """Re-point one many-to-many use of `source` (an item's tags) to `target`.

    An item that has both tags keeps `target`; its `source` row is dropped (and
    put back by an undo).
    """
    through, item_col, tag_col = _m2m_columns(field)
    rows = list(through.objects.filter(**{tag_col: source.pk}).values_list("pk", item_col))
    has_target = set(
        through.objects.filter(
            **{tag_col: target.pk, f"{item_col}__in": [item for _pk, item in rows]}
        ).values_list(item_col, flat=True)
    )
    repointed = [pk for pk, item in rows if item not in has_target]
    dropped = [item for _pk, item in rows if item in has_target]
    through.objects.filter(pk__in=repointed).update(**{tag_col: target.pk})
    through.objects.filter(**{tag_col: source.pk}).delete()
    moved = {
        "model": field.model._meta.label_lower,
        "field": field.name,
        "repointed": repointed,
        "dropped": dropped,
    }
    return moved, [item for _pk, item in rows]


def _move_fk(field, source: Tag, target: Tag) -> tuple[dict, list[int]]:
    """Re-point the rows of another model whose foreign key is `source`."""
    manager = field.model._default_manager
    ids = list(manager.filter(**{field.attname: source.pk}).values_list("pk", flat=True))
    manager.filter(pk__in=ids).update(**{field.attname: target.pk})
    return {"model": field.model._meta.label_lower, "field": field.name, "repointed": ids}, ids


def _merge_expertise(source: Tag, target: Tag) -> tuple[dict, set[int]]:
    """People with `source` get `target`; who had both keeps the higher level."""
    levels = Expertise.Level.values  # from basic to expert
    rows = list(Expertise.objects.filter(tag=source))
    kept = {
        e.user_id: e
        for e in Expertise.objects.filter(tag=target, user_id__in=[e.user_id for e in rows])
    }
    repointed, merged = [], []
    for expertise in rows:
        other = kept.get(expertise.user_id)
        if other is None:
            repointed.append(expertise.pk)
            continue
        level = max(other.level, expertise.level, key=levels.index)
        merged.append(
            {
                "user_id": expertise.user_id,
                "level": expertise.level,
                "target_id": other.pk,
                "target_level_before": other.level,
                "target_level_after": level,
            }
        )
        if level != other.level:
            Expertise.objects.filter(pk=other.pk).update(level=level)
    Expertise.objects.filter(pk__in=repointed).update(tag=target)
    Expertise.objects.filter(tag=source).delete()
    return {"repointed": repointed, "merged": merged}, {e.user_id for e in rows}


def merge_tags(source: Tag, target: Tag, *, by: User) -> Tag:
    """A curator merges `source` into `target`: every use moves, its name becomes a synonym.

    Every relation that points at Tag moves, found from Tag's own meta (people's
    expertise and offers, and the tags of articles, questions and sessions,
    without importing the apps above accounts). The search documents of what
    moved are refreshed, and the audit entry holds what is needed to undo it
    (`undo_tag_merge`).
    """
    if not rules.can_curate_vocabulary(by):
        raise NotAllowed(_("Only curators of the shared vocabulary can merge tags."))
    if source.pk == target.pk:
        raise Invalid(_("Choose two different tags to merge."))
    with transaction.atomic():
        locked = Tag.objects.select_for_update().in_bulk([source.pk, target.pk])
        if len(locked) != 2:
            raise NotFound(_("One of these tags is no longer in the vocabulary."))
        source, target = locked[source.pk], locked[target.pk]
        expertise, people = _merge_expertise(source, target)
        targets = {("person", user_id) for user_id in people}
        m2m, fk = [], []
        for relation in Tag._meta.related_objects:
            if relation.related_model in (Expertise, TagSynonym):
                continue
            if relation.many_to_many:
                moved, item_ids = _move_m2m(relation.field, source, target)
                m2m.append(moved)
            else:
                moved, item_ids = _move_fk(relation.field, source, target)
                fk.append(moved)
            targets |= _search_targets(relation.related_model, item_ids)
        synonyms = list(TagSynonym.objects.filter(tag=source).values_list("pk", flat=True))
        TagSynonym.objects.filter(pk__in=synonyms).update(tag=target)
        data = {
            "source": {
                "id": source.pk,
                "name": source.name,
                "slug": source.slug,
                "created_at": source.created_at.isoformat(),
            },
            "target": {"id": target.pk, "name": target.name},
            "synonyms_moved": synonyms,
            "synonym_created": None,
            "expertise": expertise,
            "m2m": m2m,
            "fk": fk,
            "people": len(people),
            "items": sum(len(m["repointed"]) + len(m["dropped"]) for m in m2m),
        }
        source.delete()
        taken = TagSynonym.objects.filter(name__iexact=source.name).exists()
        if source.name.lower() != target.name.lower() and not taken:
            synonym = TagSynonym.objects.create(tag=target, name=source.name)
            data["synonym_created"] = synonym.pk
        _refresh(targets)
        fragments.bump_all()  # the uses moved in bulk, without signals
        audit.record(TAG_MERGED, actor=by, target=target, data=data)
    return target


def undo_tag_merge(entry: AuditEntry, *, by: User) -> Tag:
    """Undo a merge from its audit entry: the source tag returns with exactly what moved.

    Rows that changed since (an item that lost the tag, a person who changed
    their level) are left as they are now. The synonym the merge created goes.
    """
    if not rules.can_curate_vocabulary(by):
        raise NotAllowed(_("Only curators of the shared vocabulary can undo a merge."))
    with transaction.atomic():
        entry = (
            AuditEntry.objects.site_level()
            .select_for_update()
            .filter(pk=entry.pk, verb=TAG_MERGED)
            .first()
        )
        if entry is None:
            raise NotFound(_("There is no such merge."))
        undone = AuditEntry.objects.filter(
            verb=TAG_MERGE_UNDONE, target_type="auditentry", target_id=entry.pk
        )
        if undone.exists():
            raise Conflict(_("This merge has already been undone."))
        data = entry.data
        old = data["source"]
        target = Tag.objects.select_for_update().filter(pk=data["target"]["id"]).first()
        if target is None:
            raise Conflict(
                _("“%(name)s” is no longer in the vocabulary, so this merge cannot be undone.")
                % {"name": data["target"]["name"]}
            )
        if data.get("synonym_created"):
            TagSynonym.objects.filter(pk=data["synonym_created"]).delete()
        clash = (
            Tag.objects.filter(Q(name__iexact=old["name"]) | Q(slug=old["slug"])).exists()
            or TagSynonym.objects.filter(name__iexact=old["name"]).exists()
        )
        if clash:
            raise Conflict(
                _("“%(name)s” is in the vocabulary again, so this merge cannot be undone.")
                % {"name": old["name"]}
            )
        source = Tag(name=old["name"], slug=old["slug"])
        if not Tag.objects.filter(pk=old["id"]).exists():
            source.pk = old["id"]
        source.save(force_insert=True)
        created_at = parse_datetime(old.get("created_at") or "")
        if created_at:
            Tag.objects.filter(pk=source.pk).update(created_at=created_at)
        TagSynonym.objects.filter(pk__in=data["synonyms_moved"], tag=target).update(tag=source)

        people: set[int] = set()
        expertise = data["expertise"]
        back = Expertise.objects.filter(pk__in=expertise["repointed"], tag=target)
        people |= set(back.values_list("user_id", flat=True))
        Expertise.objects.filter(pk__in=list(back.values_list("pk", flat=True))).update(tag=source)
        existing_users = set(
            User.objects.filter(pk__in=[m["user_id"] for m in expertise["merged"]]).values_list(
                "pk", flat=True
            )
        )
        for merged in expertise["merged"]:
            if merged["user_id"] in existing_users:
                Expertise.objects.get_or_create(
                    user_id=merged["user_id"], tag=source, defaults={"level": merged["level"]}
                )
                people.add(merged["user_id"])
            Expertise.objects.filter(
                pk=merged["target_id"], level=merged["target_level_after"]
            ).update(level=merged["target_level_before"])
        targets = {("person", user_id) for user_id in people}

        for moved in data["m2m"]:
            try:
                model = apps.get_model(moved["model"])
                field = model._meta.get_field(moved["field"])
            except LookupError:
                continue
            through, item_col, tag_col = _m2m_columns(field)
            rows = through.objects.filter(pk__in=moved["repointed"], **{tag_col: target.pk})
            item_ids = set(rows.values_list(item_col, flat=True))
            rows.update(**{tag_col: source.pk})
            still_there = set(
                model._default_manager.filter(pk__in=moved["dropped"]).values_list("pk", flat=True)
            )
            through.objects.bulk_create(
                [through(**{item_col: item, tag_col: source.pk}) for item in sorted(still_there)]
            )
            targets |= _search_targets(model, item_ids | still_there)
        for moved in data["fk"]:
            try:
                model = apps.get_model(moved["model"])
                field = model._meta.get_field(moved["field"])
            except LookupError:
                continue
            rows = model._default_manager.filter(
                pk__in=moved["repointed"], **{field.attname: target.pk}
            )
            ids = list(rows.values_list("pk", flat=True))
            rows.update(**{field.attname: source.pk})
            targets |= _search_targets(model, ids)
        _refresh(targets)
        fragments.bump_all()  # the uses moved back in bulk, without signals
        audit.record(
            TAG_MERGE_UNDONE,
            actor=by,
            target=entry,
            data={
                "tag": {"id": source.pk, "name": source.name},
                "target": {"id": target.pk, "name": target.name},
            },
        )
    return source


def add_synonym(tag: Tag, name: str, *, by: User) -> TagSynonym:
    if not rules.can_curate_vocabulary(by):
        raise NotAllowed(_("Only curators of the shared vocabulary can add synonyms."))
    name = normalise_tag(name)
    if not name:
        raise Invalid(_("A synonym needs a name."), field="name")
    if len(name) > 60:
        raise Invalid(_("A synonym has at most 60 characters."), field="name")
    if Tag.objects.resolve(name):
        raise Conflict(_("“%(name)s” is already a tag or synonym.") % {"name": name})
    with transaction.atomic():
        synonym = TagSynonym.objects.create(tag=tag, name=name)
        audit.record(SYNONYM_ADDED, actor=by, target=tag, data={"synonym": name, "id": synonym.pk})
    return synonym


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
        # unpacks a list of one: [None] when the name gives no tag.
        (tag,) = resolve_tags([tag_name], by=by) or [None]  # type: ignore[list-item]
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


ORGANISATION_FIELDS = ("name", "kvk_number", "website", "sector", "region", "logo")
CLAIM_PAUSE = timedelta(days=30)

ORGANISATION_CLAIMED = "organisation.claimed"
CLAIM_ACCEPTED = "organisation.claim_accepted"
CLAIM_REFUSED = "organisation.claim_refused"
CLAIM_WITHDRAWN = "organisation.claim_withdrawn"
ORGANISATION_UPDATED = "organisation.updated"


class OrganisationExists(Conflict):
    """The KvK number belongs to an organisation already in Gilde: offer to claim it instead."""

    def __init__(self, organisation: Organisation):
        super().__init__(
            _(
                "%(name)s, with KvK number %(kvk)s, is already in Gilde. If you work there, "
                "ask its people to confirm it: until they do, you are not shown as working there."
            )
            % {"name": organisation.name, "kvk": organisation.kvk_number},
            field="kvk_number",
        )
        self.organisation = organisation


def _logged_in(by: User, message) -> None:
    if by is None or not by.is_authenticated:
        raise NotAllowed(message)


def create_organisation(
    *, by: User, name: str, kvk_number: str = "", job_title: str = "", **fields
) -> Organisation:
    """Register a new organisation; `by` is its first confirmed person.

    A KvK number that is already in Gilde raises OrganisationExists: typing a
    number gives no hold on an organisation, so the caller offers a claim
    (`claim_organisation`) instead.
    """
    _logged_in(by, _("Log in to add an organisation."))
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise Invalid(_("Unknown field: %(field)s") % {"field": ", ".join(sorted(unknown))})
    name = " ".join(name.split())
    if not name:
        raise Invalid(_("Enter the organisation's name."), field="name")
    kvk_number = validate_kvk(kvk_number)
    with transaction.atomic():
        existing = (
            Organisation.objects.filter(kvk_number=kvk_number).first() if kvk_number else None
        )
        if existing is not None:
            _check_can_claim(existing, by=by)
            raise OrganisationExists(existing)
        organisation = Organisation(name=name, kvk_number=kvk_number, **fields)
        full_clean_or_invalid(organisation)
        try:
            with transaction.atomic():
                organisation.save()
        except IntegrityError:  # registered by someone else at the same moment
            existing = Organisation.objects.filter(kvk_number=kvk_number).first()
            if existing is None:
                raise
            raise OrganisationExists(existing) from None
        Affiliation.objects.create(
            user=by, organisation=organisation, job_title=job_title.strip()[:120]
        )
        search.refresh("person", by.pk)
    return organisation


def claim_deciders(organisation: Organisation, *, claimant: User | None = None) -> list[User]:
    """Who is asked to confirm a claim: its confirmed people, or every site admin if none."""
    people = User.objects.filter(affiliations__organisation=organisation, is_active=True)
    if claimant is not None:
        people = people.exclude(pk=claimant.pk)
    # the queryset becomes its evaluated list here on purpose.
    people = list(people.order_by("pk"))  # type: ignore[assignment]
    if people:
        # returns the list evaluated above.
        return people  # type: ignore[return-value]
    admins = User.objects.filter(is_superuser=True, is_active=True)
    if claimant is not None:
        admins = admins.exclude(pk=claimant.pk)
    return list(admins.order_by("pk"))


def _mail(subject, params: dict, template: str, context: dict, recipient: User, *, by) -> None:
    """One mail to one person, queued in the service's transaction (gilde.core.mail)."""
    send_templated(
        subject, template, context, [recipient.email], subject_params=params, caused_by=by
    )


def _check_can_claim(organisation: Organisation, *, by: User) -> None:
    """Conflict when `by` is of the organisation already, has asked, or was refused lately."""
    if rules.is_confirmed_at(by, organisation):
        raise Conflict(
            _("You are already linked to %(name)s.") % {"name": organisation.name},
            field="kvk_number",
        )
    claims = OrganisationClaim.objects.filter(user=by, organisation=organisation)
    if claims.pending().exists():
        raise Conflict(
            _("You have already asked to be linked to %(name)s; its people have been told.")
            % {"name": organisation.name},
            field="kvk_number",
        )
    refused = claims.filter(
        status=OrganisationClaim.Status.REFUSED, decided_at__gte=timezone.now() - CLAIM_PAUSE
    )
    if refused.exists():
        raise Conflict(
            _(
                "%(name)s did not confirm your earlier request. Contact the organisation "
                "before you ask again."
            )
            % {"name": organisation.name},
            field="kvk_number",
        )


def _claim(organisation: Organisation, *, by: User, job_title: str = "") -> OrganisationClaim:
    """Ask the organisation's people to confirm that `by` works there (see claim_organisation)."""
    _check_can_claim(organisation, by=by)
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = OrganisationClaim.objects.create(
                    user=by, organisation=organisation, job_title=job_title.strip()[:120]
                )
        except IntegrityError:
            raise Conflict(
                _("You have already asked to be linked to %(name)s; its people have been told.")
                % {"name": organisation.name},
                field="kvk_number",
            ) from None
        deciders = claim_deciders(organisation, claimant=by)
        audit.record(
            ORGANISATION_CLAIMED,
            actor=by,
            target=organisation,
            data={
                "claim_id": claim.pk,
                "claimant_id": by.pk,
                "job_title": claim.job_title,
                "asked": [user.pk for user in deciders],
            },
        )
        subject = gettext_lazy("%(person)s asks to be linked to %(organisation)s")
        params = {"person": by.display_name, "organisation": organisation.name}
        context = {"claim": claim, "url": reverse("accounts:claims")}
        for decider in deciders:
            _mail(subject, params, "accounts/email/claim_request.txt", context, decider, by=by)
    return claim


def claim_organisation(*, by: User, kvk_number: str, job_title: str = "") -> OrganisationClaim:
    """Say you work at the organisation with this KvK number; its people confirm or refuse.

    The claim gives nothing until accepted: the claimant is not shown as one of
    its people, cannot edit it and cannot act on its behalf.
    """
    _logged_in(by, _("Log in to link yourself to an organisation."))
    kvk_number = validate_kvk(kvk_number)
    if not kvk_number:
        raise Invalid(_("Enter the KvK number of the organisation."), field="kvk_number")
    organisation = Organisation.objects.filter(kvk_number=kvk_number).first()
    if organisation is None:
        raise NotFound(
            _("No organisation with KvK number %(kvk)s is in Gilde yet: add it instead.")
            % {"kvk": kvk_number},
            field="kvk_number",
        )
    return _claim(organisation, by=by, job_title=job_title)


def decide_claim(claim: OrganisationClaim, *, by: User, accept: bool) -> OrganisationClaim:
    """A confirmed person of the organisation (or a site admin) accepts or refuses a claim.

    Accepting makes the claimant a confirmed person of it. Someone who may not
    decide gets NotFound, as if there were no such claim. The claimant is told.
    """
    with transaction.atomic():
        claim = (
            OrganisationClaim.objects.decidable_by(by)
            .select_for_update()
            .filter(pk=claim.pk)
            .first()
        )
        if claim is None:
            raise NotFound(_("There is no such request."))
        if claim.status != OrganisationClaim.Status.PENDING:
            raise Conflict(_("This request has already been answered."))
        organisation, claimant = claim.organisation, claim.user
        claim.status = (
            OrganisationClaim.Status.ACCEPTED if accept else OrganisationClaim.Status.REFUSED
        )
        claim.decided_by = by
        claim.decided_at = timezone.now()
        claim.save(update_fields=["status", "decided_by", "decided_at"])
        if accept:
            Affiliation.objects.get_or_create(
                user=claimant, organisation=organisation, defaults={"job_title": claim.job_title}
            )
            search.refresh("person", claimant.pk)
        audit.record(
            CLAIM_ACCEPTED if accept else CLAIM_REFUSED,
            actor=by,
            target=organisation,
            data={"claim_id": claim.pk, "claimant_id": claimant.pk},
        )
        subject = (
            gettext_lazy("You are now linked to %(organisation)s")
            if accept
            else gettext_lazy("%(organisation)s did not confirm your request")
        )
        _mail(
            subject,
            {"organisation": organisation.name},
            "accounts/email/claim_decision.txt",
            {"claim": claim, "url": reverse("accounts:organisations")},
            claimant,
            by=by,
        )
    return claim


def withdraw_claim(claim: OrganisationClaim, *, by: User) -> None:
    """The claimant takes back a claim that is still waiting."""
    with transaction.atomic():
        claim = (
            # the claimant's id is set: the claim was loaded with it.
            OrganisationClaim.objects.select_for_update()  # type: ignore[assignment, misc]
            .filter(pk=claim.pk, user_id=getattr(by, "pk", None))
            .first()
        )
        if claim is None:
            raise NotFound(_("There is no such request."))
        if claim.status != OrganisationClaim.Status.PENDING:
            raise Conflict(_("This request has already been answered."))
        audit.record(
            CLAIM_WITHDRAWN,
            actor=by,
            target=claim.organisation,
            data={"claim_id": claim.pk, "claimant_id": by.pk},
        )
        claim.delete()


def update_organisation(organisation: Organisation, *, by: User, **fields) -> Organisation:
    """Confirmed people of an organisation (and site admins) keep its details up to date."""
    if not rules.may_edit_organisation(by, organisation):
        raise NotAllowed(_("Only confirmed people of this organisation can change it."))
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise Invalid(_("Unknown field: %(field)s") % {"field": ", ".join(sorted(unknown))})
    if "kvk_number" in fields:
        fields["kvk_number"] = validate_kvk(fields["kvk_number"])
        clash = Organisation.objects.filter(kvk_number=fields["kvk_number"]).exclude(
            pk=organisation.pk
        )
        if fields["kvk_number"] and clash.exists():
            raise Conflict(_("Another organisation has this KvK number."), field="kvk_number")
    with transaction.atomic():
        before = {key: str(getattr(organisation, key) or "") for key in fields}
        for key, value in fields.items():
            setattr(organisation, key, value.strip() if isinstance(value, str) else value)
        full_clean_or_invalid(organisation)
        organisation.save()
        after = {key: str(getattr(organisation, key) or "") for key in fields}
        changed = {key: [before[key], after[key]] for key in fields if before[key] != after[key]}
        if changed:
            audit.record(ORGANISATION_UPDATED, actor=by, target=organisation, data=changed)
        for user_id in organisation.affiliations.values_list("user_id", flat=True):
            search.refresh("person", user_id)
    return organisation


def leave_organisation(organisation: Organisation, *, by: User) -> None:
    """`by` no longer works there: not shown as one of its people, nor on its behalf."""
    with transaction.atomic():
        Affiliation.objects.filter(user=by, organisation=organisation).delete()
        # Memberships on its behalf (networks' rows, reached through the reverse relation).
        changed = by.memberships.filter(organisation=organisation)
        fragments.bump(changed.values_list("network_id", flat=True))  # bulk: no signal
        changed.update(organisation=None)
        search.refresh("person", by.pk)


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


def _profile_facts(user_id: int) -> tuple:
    """(expertise count, has an organisation, has a pending claim, has an offer, has a need)."""
    tables = {
        "expertise": Expertise._meta.db_table,
        "affiliation": Affiliation._meta.db_table,
        "claim": OrganisationClaim._meta.db_table,
        "item": ProfileItem._meta.db_table,
    }
    sql = (  # noqa: S608 - the table names come from the models, the values are parameters
        "SELECT (SELECT COUNT(*) FROM {expertise} WHERE user_id = %(u)s),"
        " EXISTS (SELECT 1 FROM {affiliation} WHERE user_id = %(u)s),"
        " EXISTS (SELECT 1 FROM {claim} WHERE user_id = %(u)s AND status = %(pending)s),"
        " EXISTS (SELECT 1 FROM {item} WHERE user_id = %(u)s AND kind = %(offer)s),"
        " EXISTS (SELECT 1 FROM {item} WHERE user_id = %(u)s AND kind = %(need)s)"
    ).format(**tables)
    params: dict[str, int | str] = {
        "u": user_id,
        "pending": OrganisationClaim.Status.PENDING.value,
        "offer": ProfileItem.Kind.OFFER.value,
        "need": ProfileItem.Kind.NEED.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def profile_completeness(user: User) -> Completeness:
    """How complete a profile is, and the most useful thing to add next.

    `/my/` and the profile ask this on every visit: one plain statement (the ORM's
    four subqueries took longer to build than four round trips to run).
    """
    facts = _profile_facts(user.pk) if user.pk else (0, False, False, False, False)
    expertise_count, has_affiliation, has_claim, has_offer, has_need = facts
    done = {
        "name": bool(user.name),
        "organisation": bool(has_affiliation or has_claim),
        "headline": bool(user.headline),
        "expertise": expertise_count >= 3,
        "offer": bool(has_offer),
        "need": bool(has_need),
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
    """The short profile step of joining: name, organisation, headline, region and expertise.

    Returns the organisation the person may join on behalf of: a new one they
    registered, or one they are already a confirmed person of. A KvK number of
    an organisation already in Gilde makes a claim instead (see
    `claim_organisation`) and returns None: the membership does not carry that
    organisation. A claim that cannot be made (one is waiting, or was refused
    recently) is skipped, so it does not stop the person joining.
    """
    _only_self(user, by)
    with transaction.atomic():
        update_profile(user, by=by, name=name, headline=headline, region=region)
        organisation = None
        if organisation_name.strip():
            kvk_number = validate_kvk(kvk_number)
            existing = (
                Organisation.objects.filter(kvk_number=kvk_number).first() if kvk_number else None
            )
            if existing is None:
                organisation = create_organisation(
                    by=by, name=organisation_name, kvk_number=kvk_number
                )
            elif rules.is_confirmed_at(by, existing):
                organisation = existing
            else:
                with contextlib.suppress(Conflict):
                    _claim(existing, by=by)
        for tag_name in expertise or []:
            add_expertise(user, tag_name, Expertise.Level.ADVANCED, by=by)
    return organisation


def set_language(user: User, language: str, *, by: User) -> User:
    """Remember the language someone chose; their pages and mail follow it."""
    _only_self(user, by)
    if language not in dict(settings.LANGUAGES):
        raise Invalid(_("Choose Dutch or English."), field="language")
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language
    return user
