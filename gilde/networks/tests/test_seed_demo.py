"""`manage.py seed_demo`: the invented demo networks, seeded once and idempotently."""

import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from gilde.accounts.models import (
    Affiliation,
    Expertise,
    Organisation,
    ProfileItem,
    Tag,
    TagSynonym,
    User,
)
from gilde.core.testing import make_network
from gilde.networks.management.commands.seed_demo import ADMIN_EMAIL, DEMO_LOGINS, DEMO_PASSWORD
from gilde.networks.models import JoinRequest, Membership, Network, PartnerLink

MAIN_NETWORKS = ["biocooperatie", "suspacc", "bernn"]


@pytest.fixture(autouse=True)
def _development(settings):
    settings.DEBUG = True  # seed_demo refuses to run on what looks like production


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seeding_refuses_when_debug_is_off(settings, db):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        seed()
    assert not Network.objects.exists()


def row_counts() -> dict[str, int]:
    models = [
        User,
        EmailAddress,
        Organisation,
        Affiliation,
        Tag,
        TagSynonym,
        Expertise,
        ProfileItem,
        ProfileItem.tags.through,
        Network,
        Membership,
        JoinRequest,
        PartnerLink,
    ]
    return {model._meta.label: model.objects.count() for model in models}


@pytest.fixture
def seeded(db) -> str:
    return seed()


def test_seeding_creates_the_three_networks_and_the_hidden_one(seeded):
    networks = {n.slug: n for n in Network.objects.all()}
    assert set(networks) == {*MAIN_NETWORKS, "kerngroep"}
    assert all(networks[slug].visibility == Network.Visibility.LISTED for slug in MAIN_NETWORKS)
    assert networks["bernn"].join_policy == Network.JoinPolicy.INVITATION


def test_the_hidden_network_is_hidden(seeded):
    kerngroep = Network.objects.get(slug="kerngroep")
    assert kerngroep.visibility == Network.Visibility.HIDDEN
    assert kerngroep.join_policy == Network.JoinPolicy.INVITATION
    assert not Network.objects.listed().filter(pk=kerngroep.pk).exists()
    assert 3 <= kerngroep.memberships.active().count() <= 6


def test_seeding_creates_enough_organisations_and_people(seeded):
    assert Organisation.objects.count() >= 25
    people = User.objects.exclude(email=ADMIN_EMAIL)
    assert people.count() >= 40
    for person in people.prefetch_related("expertise", "affiliations", "profile_items"):
        assert person.affiliations.all(), person
        assert 3 <= len(person.expertise.all()) <= 6, person
        kinds = [item.kind for item in person.profile_items.all()]
        assert 1 <= kinds.count(ProfileItem.Kind.OFFER) <= 2, person
        assert kinds.count(ProfileItem.Kind.NEED) <= 2, person


def test_kvk_numbers_are_invented_eight_digit_numbers(seeded):
    for kvk_number in Organisation.objects.values_list("kvk_number", flat=True):
        assert re.fullmatch(r"9\d{7}", kvk_number), kvk_number


def test_every_network_has_an_active_coordinator(seeded):
    for network in Network.objects.all():
        assert Membership.objects.coordinators().filter(network=network).exists(), network


def test_each_main_network_has_a_guest_and_the_biocooperatie_is_largest(seeded):
    sizes = {}
    for slug in MAIN_NETWORKS:
        memberships = Membership.objects.active().filter(network__slug=slug)
        assert memberships.filter(role=Membership.Role.GUEST).exists(), slug
        sizes[slug] = memberships.count()
    assert sizes["biocooperatie"] > max(sizes["suspacc"], sizes["bernn"])


def test_pending_join_requests_come_from_people_not_yet_members(seeded):
    pending = JoinRequest.objects.filter(status=JoinRequest.Status.PENDING)
    assert pending.filter(network__slug="biocooperatie").count() >= 2
    assert pending.filter(network__slug="suspacc").count() >= 1
    for request in pending:
        assert request.motivation
        assert not Membership.objects.filter(network=request.network, user=request.user).exists()


def test_the_main_networks_are_partners_of_each_other(seeded):
    accepted = PartnerLink.objects.filter(status=PartnerLink.Status.ACCEPTED)
    pairs = {frozenset((link.from_network.slug, link.to_network.slug)) for link in accepted}
    assert pairs == {
        frozenset(("biocooperatie", "suspacc")),
        frozenset(("biocooperatie", "bernn")),
        frozenset(("suspacc", "bernn")),
    }
    assert all(link.note for link in accepted)


def test_synonyms_resolve_to_the_shared_tags(seeded):
    assert Tag.objects.resolve("LCA").name == "levenscyclusanalyse"
    assert Tag.objects.resolve("3D printing").name == "3D-printen"
    assert Tag.objects.resolve("bioplastics").name == "biopolymeren"


def test_running_it_a_second_time_changes_nothing(seeded):
    before = row_counts()
    passwords = dict(User.objects.values_list("email", "password"))
    seed()
    assert row_counts() == before
    assert dict(User.objects.values_list("email", "password")) == passwords


def test_if_empty_on_a_seeded_database_creates_nothing_but_prints_the_logins(seeded):
    before = row_counts()
    output = seed("--if-empty")
    assert row_counts() == before
    assert "anke.dijkstra@example.nl" in output
    assert DEMO_PASSWORD in output


def test_if_empty_on_an_empty_database_seeds(db):
    seed("--if-empty")
    assert Network.objects.count() == 4


def test_if_empty_leaves_a_database_with_its_own_networks_alone(db):
    make_network("Netwerk Zonder Demo")
    output = seed("--if-empty")
    assert Network.objects.count() == 1
    assert not User.objects.exists()
    assert "No demo accounts" in output


def test_the_output_lists_a_coordinator_and_member_of_each_network_and_the_admin(seeded):
    for _slug, _role, email in DEMO_LOGINS:
        assert email in seeded
    assert ADMIN_EMAIL in seeded
    assert DEMO_PASSWORD in seeded
    logins = {(slug, role) for slug, role, _email in DEMO_LOGINS}
    for slug in [*MAIN_NETWORKS, "kerngroep"]:
        assert {(slug, "coordinator"), (slug, "member")} <= logins


def test_the_demo_logins_have_the_roles_they_are_printed_with(seeded):
    for slug, role, email in DEMO_LOGINS:
        membership = Membership.objects.active().get(network__slug=slug, user__email=email)
        assert membership.role == role, (slug, email)


def test_the_demo_coordinators_and_the_admin_can_log_in(seeded, client):
    coordinators = [email for _slug, role, email in DEMO_LOGINS if role == "coordinator"]
    for email in [*coordinators, ADMIN_EMAIL]:
        assert client.login(email=email, password=DEMO_PASSWORD), email
        client.logout()
    assert User.objects.get(email=ADMIN_EMAIL).is_superuser
