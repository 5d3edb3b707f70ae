"""Fill the database with the demo networks of DESIGN.md, made of invented people and companies.

Every row is keyed on a natural key (e-mail, network slug, KvK number, tag name),
so running the command again changes nothing. `make run` calls it with
`--if-empty`, which leaves any database that already has a network alone.
The data lives in gilde/networks/demo/*.yaml (checked on load by gilde.core.demo).

Join requests and partner links go through networks.services, as the person who
asks and the coordinators who propose and accept. People, organisations,
networks and memberships are written with the ORM: there is no service that
makes an account with a known password and a confirmed affiliation, create_network
picks a free web address and limits how many networks one person sets up a day,
and a membership only comes from joining or an invitation, which would stamp
every demo member as joined today (the demo spreads join dates over two years).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from gilde.accounts.models import (
    Affiliation,
    Expertise,
    Organisation,
    ProfileItem,
    Region,
    Tag,
    TagSynonym,
    User,
)
from gilde.core import demo
from gilde.core.demo import Field, load_path
from gilde.networks import services
from gilde.networks.models import JoinRequest, Membership, Network, PartnerLink

DEMO_PASSWORD = "gilde-demo"
ADMIN_EMAIL = "admin@gilde.example"

COORDINATOR = Membership.Role.COORDINATOR
MEMBER = Membership.Role.MEMBER
GUEST = Membership.Role.GUEST

# The content lives in gilde/networks/demo/*.yaml, checked on load (see gilde/core/demo.py).
DATA = Path(__file__).resolve().parents[2] / "demo"
REGIONS = ("", *Region.values)
_TAG = {"name": Field(), "synonyms": Field(list, required=False, default=list)}
_ORGANISATION = {
    "key": Field(),
    "name": Field(),
    "kvk_number": Field(),
    "sector": Field(),
    "region": Field(choices=REGIONS),
}
_PERSON = {
    "email": Field(),
    "name": Field(),
    "organisation": Field(),
    "job_title": Field(),
    "headline": Field(),
    "region": Field(choices=REGIONS),
    "languages": Field(),
    "availability_hours": Field(int),
    "bio": Field(markdown=True),
    "expertise": Field(list),
    "offers": Field(list, required=False, default=list),
    "needs": Field(list, required=False, default=list),
}
_NETWORK = {
    "slug": Field(),
    "name": Field(),
    "theme": Field(),
    "description": Field(markdown=True),
    "region": Field(choices=REGIONS),
    "visibility": Field(choices=tuple(Network.Visibility.values)),
    "join_policy": Field(choices=tuple(Network.JoinPolicy.values)),
    "members": Field(list),
}
_JOIN_REQUEST = {"network": Field(), "email": Field(), "motivation": Field()}
_PARTNER_LINK = {"from": Field(), "to": Field(), "note": Field()}
_LOGIN = {
    "network": Field(),
    "role": Field(choices=tuple(Membership.Role.values)),
    "email": Field(),
}

_tags = load_path(DATA / "tags.yaml", _TAG, key="name")
TAGS = [entry["name"] for entry in _tags]
TAG_SYNONYMS = {synonym: entry["name"] for entry in _tags for synonym in entry["synonyms"]}
ORGANISATIONS = [
    (e["key"], e["name"], e["kvk_number"], e["sector"], e["region"])
    for e in load_path(DATA / "organisations.yaml", _ORGANISATION, key="key")
]
PEOPLE = [
    {
        **person,
        "expertise": [(item["tag"], item["level"]) for item in person["expertise"]],
        "offers": [(item["text"], item["tags"]) for item in person["offers"]],
        "needs": [(item["text"], item["tags"]) for item in person["needs"]],
    }
    for person in load_path(DATA / "people.yaml", _PERSON, key="email")
]
_networks = load_path(DATA / "networks.yaml", _NETWORK, key="slug")
NETWORKS = [{k: v for k, v in network.items() if k != "members"} for network in _networks]
MEMBERSHIPS = {n["slug"]: [(m["email"], m["role"]) for m in n["members"]] for n in _networks}
JOIN_REQUESTS = load_path(DATA / "join_requests.yaml", _JOIN_REQUEST, key="email")
PARTNER_LINKS = load_path(DATA / "partner_links.yaml", _PARTNER_LINK, key="from")
DEMO_LOGINS = [
    (e["network"], e["role"], e["email"])
    for e in load_path(DATA / "logins.yaml", _LOGIN, key="email")
]


class TagCache:
    """Tags by lower-case name or synonym, so each name is resolved once."""

    def __init__(self) -> None:
        self._tags: dict[str, Tag] = {}

    def add(self, name: str, tag: Tag) -> None:
        self._tags[name.lower()] = tag

    def get(self, name: str) -> Tag:
        key = name.lower()
        if key not in self._tags:
            self._tags[key] = Tag.objects.get_or_create_by_name(name)
        return self._tags[key]

    def many(self, names: list[str]) -> list[Tag]:
        return [self.get(name) for name in names]


def seed_tags() -> TagCache:
    """The shared vocabulary and its synonyms."""
    tags = TagCache()
    for name in TAGS:
        tags.get(name)
    for synonym, name in TAG_SYNONYMS.items():
        tag = Tag.objects.resolve(synonym)
        if tag is None:
            tag = TagSynonym.objects.create(tag=tags.get(name), name=synonym).tag
        tags.add(synonym, tag)
    return tags


def seed_organisations() -> dict[str, Organisation]:
    organisations = {}
    for key, name, kvk_number, sector, region in ORGANISATIONS:
        organisations[key], _created = Organisation.objects.update_or_create(
            kvk_number=kvk_number,
            defaults={
                "name": name,
                "sector": sector,
                "region": region,
                "website": f"https://{key}.example",
            },
        )
    return organisations


def seed_people(
    organisations: dict[str, Organisation], tags: TagCache, password_hash: str
) -> dict[str, User]:
    """People with their organisation, expertise, offers and needs.

    The password is set only when the account is created, so running the
    command again leaves every row as it was.
    """
    people = {}
    for data in PEOPLE:
        email = data["email"]
        profile = {
            field: data[field]
            for field in ("name", "headline", "bio", "region", "languages", "availability_hours")
        }
        user, _created = User.objects.update_or_create(
            email=email,
            defaults=profile,
            create_defaults={**profile, "password": password_hash},
        )
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        Affiliation.objects.update_or_create(
            user=user,
            organisation=organisations[data["organisation"]],
            defaults={"job_title": data["job_title"]},
        )
        for tag_name, level in data["expertise"]:
            Expertise.objects.update_or_create(
                user=user, tag=tags.get(tag_name), defaults={"level": level}
            )
        for kind, items in ((ProfileItem.Kind.OFFER, "offers"), (ProfileItem.Kind.NEED, "needs")):
            for text, tag_names in data[items]:
                item, _created = ProfileItem.objects.get_or_create(user=user, kind=kind, text=text)
                item.tags.set(tags.many(tag_names))
        people[email] = user
    return people


def seed_admin(password_hash: str) -> User:
    """The site admin, for Django's admin and for every network."""
    fields = {"name": "Beheerder Gilde", "is_staff": True, "is_superuser": True}
    admin, _created = User.objects.update_or_create(
        email=ADMIN_EMAIL,
        defaults=fields,
        create_defaults={**fields, "password": password_hash},
    )
    EmailAddress.objects.get_or_create(
        user=admin, email=ADMIN_EMAIL, defaults={"verified": True, "primary": True}
    )
    return admin


def seed_networks() -> dict[str, Network]:
    networks = {}
    for data in NETWORKS:
        fields = {key: value for key, value in data.items() if key != "slug"}
        networks[data["slug"]], _created = Network.objects.update_or_create(
            slug=data["slug"], defaults=fields
        )
    return networks


def seed_memberships(networks: dict[str, Network], people: dict[str, User]) -> None:
    """Active memberships on behalf of each person's organisation.

    Join dates are spread over the past two years, earliest for the coordinators.
    """
    now = timezone.now()
    for slug, members in MEMBERSHIPS.items():
        for position, (email, role) in enumerate(members):
            user = people[email]
            fields = {
                "role": role,
                "status": Membership.Status.ACTIVE,
                # the demo people were each given an affiliation above.
                "organisation": user.affiliations.first().organisation,  # type: ignore[union-attr]
            }
            Membership.objects.update_or_create(
                network=networks[slug],
                user=user,
                defaults=fields,
                create_defaults={**fields, "joined_at": now - timedelta(days=700 - 23 * position)},
            )


def seed_join_requests(networks: dict[str, Network], people: dict[str, User]) -> None:
    """Pending requests, asked through networks.services.join as the person who asks.

    Skipped when that person already asked or is a member (e.g. approved).
    """
    for entry in JOIN_REQUESTS:
        network, user = networks[entry["network"]], people[entry["email"]]
        if JoinRequest.objects.filter(network=network, user=user).exists():
            continue
        if Membership.objects.filter(network=network, user=user).exists():
            continue
        with demo.refused(entry):
            services.join(
                network,
                by=user,
                motivation=entry["motivation"],
                # the demo people were each given an affiliation above.
                organisation=user.affiliations.first().organisation,  # type: ignore[union-attr]
            )


def seed_partner_links(networks: dict[str, Network], people: dict[str, User]) -> None:
    """Accepted links between the three main networks: one coordinator proposes, the other
    accepts (networks.services). A link that exists, in either direction, is left alone."""
    coordinators = {slug: email for slug, role, email in DEMO_LOGINS if role == COORDINATOR}
    for entry in PARTNER_LINKS:
        pair = [networks[entry["from"]], networks[entry["to"]]]
        if PartnerLink.objects.filter(from_network__in=pair, to_network__in=pair).exists():
            continue
        with demo.refused(entry):
            link = services.propose_partner(
                pair[0], pair[1], by=people[coordinators[entry["from"]]], note=entry["note"]
            )
            services.accept_partner(link, by=people[coordinators[entry["to"]]])


class Command(BaseCommand):
    help = "Fill the database with the invented demo networks. Safe to run again."
    # `make run` calls this on every start, between migrate and runserver, which
    # both run the system checks already; skipping them here saves a fifth of a second.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when any network exists (used by `make run`).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Seed even when DEBUG is off (not for live sites)"
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            # The demo accounts share a published password: never on a live site by accident.
            raise CommandError("DEBUG is off: this looks like production. Use --force to seed.")
        if options["if_empty"] and Network.objects.exists():
            self.stdout.write("Networks exist already: demo data not seeded.")
        else:
            self.seed()
        self.print_logins()

    def seed(self) -> None:
        # One hash for everyone: hashing ~40 passwords one by one takes seconds.
        password_hash = make_password(DEMO_PASSWORD)
        # Seeding goes through services that notify people; the demo's people are invented.
        with transaction.atomic(), demo.without_mail():
            tags = seed_tags()
            organisations = seed_organisations()
            people = seed_people(organisations, tags, password_hash)
            seed_admin(password_hash)
            networks = seed_networks()
            seed_memberships(networks, people)
            seed_join_requests(networks, people)
            seed_partner_links(networks, people)
            reports = demo.run_all()
        self.stdout.write(
            f"Demo data ready: {len(networks)} networks, {len(organisations)} organisations, "
            f"{len(people)} people."
        )
        for report in reports:
            self.stdout.write(report)

    def print_logins(self) -> None:
        """The demo accounts that exist in this database, with the shared password."""
        emails = {email for _slug, _role, email in DEMO_LOGINS} | {ADMIN_EMAIL}
        existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
        if not existing:
            self.stdout.write("No demo accounts in this database.")
            return
        names = {data["email"]: data["name"] for data in PEOPLE}
        network_names = {data["slug"]: data["name"] for data in NETWORKS}
        rows = [
            (network_names[slug], role, names[email], email)
            for slug, role, email in DEMO_LOGINS
            if email in existing
        ]
        if ADMIN_EMAIL in existing:
            rows.append(("(whole site)", "site admin", "Beheerder Gilde", ADMIN_EMAIL))
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        for row in rows:
            cells = [row[i].ljust(widths[i]) for i in range(3)]
            self.stdout.write("  " + "  ".join([*cells, row[3]]))
