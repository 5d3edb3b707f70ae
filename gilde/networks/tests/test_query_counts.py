"""Pages and API routes that list members or networks use a fixed number of queries.

Each test asks once with a small network (or few networks), grows it, and asks
again: the number of queries must not change. Every request is made once
before it is measured, so that caches filled on first use do not count.
"""

from __future__ import annotations

from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gilde.accounts.models import Affiliation, Expertise, Organisation, ProfileItem, Tag, User
from gilde.core.testing import make_membership, make_network, make_tag, make_user
from gilde.networks.models import Invitation, JoinRequest, Membership, Network, PartnerLink

# Kept page parts would be served without a query; what is measured is the rendering.
pytestmark = pytest.mark.usefixtures("fragments_off")

_serial = count(1)
LEVELS = [level for level, _label in Expertise.Level.choices]


@pytest.fixture
def tags(db):
    return [make_tag(f"vakgebied {i:02d}") for i in range(30)]


def add_people(n: int, tags: list[Tag]) -> list[User]:
    """`n` people, each at their own organisation, with 3 expertise tags and an offer."""
    serials = [next(_serial) for _ in range(n)]
    users = User.objects.bulk_create(
        [
            User(
                email=f"lid{s}@example.test",
                name=f"Lid {s:04d}",
                headline="Procesingenieur biocomposieten",
                region="groningen",
                password="!",
            )
            for s in serials
        ]
    )
    organisations = Organisation.objects.bulk_create(
        [Organisation(name=f"Bedrijf {s:04d} B.V.") for s in serials]
    )
    Affiliation.objects.bulk_create(
        [Affiliation(user=u, organisation=o) for u, o in zip(users, organisations, strict=True)]
    )
    Expertise.objects.bulk_create(
        [
            Expertise(user=u, tag=tags[(i + k) % len(tags)], level=LEVELS[k % len(LEVELS)])
            for i, u in enumerate(users)
            for k in range(3)
        ]
    )
    items = ProfileItem.objects.bulk_create(
        [ProfileItem(user=u, kind="offer", text=f"Advies over {u.name}") for u in users]
    )
    ProfileItem.tags.through.objects.bulk_create(
        [
            ProfileItem.tags.through(profileitem_id=item.pk, tag_id=tags[i % len(tags)].pk)
            for i, item in enumerate(items)
        ]
    )
    for user, organisation in zip(users, organisations, strict=True):
        user._organisation = organisation
    return users


def add_members(network: Network, n: int, tags: list[Tag], role: str = "member") -> None:
    users = add_people(n, tags)
    Membership.objects.bulk_create(
        [
            Membership(network=network, user=u, organisation=u._organisation, role=role)
            for u in users
        ]
    )


def add_requests_and_invitations(network: Network, n: int, tags: list[Tag], by: User) -> None:
    """`n` people asking to join (with an organisation) and `n` open invitations."""
    users = add_people(n, tags)
    JoinRequest.objects.bulk_create(
        [JoinRequest(network=network, user=u, organisation=u._organisation) for u in users]
    )
    Invitation.objects.bulk_create(
        [
            Invitation(
                network=network, email=f"uitnodiging{next(_serial)}@example.test", created_by=by
            )
            for _ in range(n)
        ]
    )


def add_partners(network: Network, n: int) -> None:
    partners = [make_network(f"Partner {next(_serial):04d}") for _ in range(n)]
    PartnerLink.objects.bulk_create(
        [
            PartnerLink(from_network=network, to_network=p, status=PartnerLink.Status.ACCEPTED)
            for p in partners
        ]
    )


def measure(client, url: str, expect: str | None = None) -> list[str]:
    """The SQL of one request, after a warm-up request."""
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    if expect is not None:
        assert expect in response.content.decode()
    return [q["sql"] for q in context.captured_queries]


def assert_same_count(small: list[str], large: list[str], what: str) -> None:
    assert len(small) == len(large), (
        f"{what}: {len(small)} queries when small, {len(large)} when large:\n" + "\n".join(large)
    )


@pytest.fixture
def coordinator(network):
    user = make_user("Anke Dijkstra")
    make_membership(user, network, role="coordinator")
    return user


def test_member_directory_page(client_for, network, coordinator, tags):
    client = client_for(coordinator)
    url = reverse("networks:members", args=[network.slug])
    add_members(network, 10, tags)
    small = measure(client, url, expect="Lid ")
    add_members(network, 190, tags)
    large = measure(client, url, expect="Lid ")
    assert_same_count(small, large, "member directory, 10 vs 200 members")


def test_member_directory_page_filtered(client_for, network, coordinator, tags):
    client = client_for(coordinator)
    url = reverse("networks:members", args=[network.slug]) + f"?q=lid&expertise={tags[0].slug}"
    add_members(network, 10, tags)
    small = measure(client, url, expect="Lid ")
    add_members(network, 190, tags)
    large = measure(client, url, expect="Lid ")
    assert_same_count(small, large, "filtered member directory, 10 vs 200 members")


@pytest.mark.parametrize("field", ["organisation", "expertise"])
def test_member_directory_suggestions(client_for, network, coordinator, tags, field):
    client = client_for(coordinator)
    url = reverse("networks:member_suggestions", args=[network.slug]) + f"?field={field}"
    add_members(network, 10, tags)
    small = measure(client, url)
    add_members(network, 190, tags)
    large = measure(client, url)
    assert_same_count(small, large, f"{field} suggestions, 10 vs 200 members")


def test_network_home_page(client_for, network, coordinator, tags):
    client = client_for(coordinator)
    url = reverse("networks:home", args=[network.slug])
    add_members(network, 10, tags)
    add_members(network, 2, tags, role="coordinator")
    add_partners(network, 2)
    small = measure(client, url, expect="Partner ")
    add_members(network, 190, tags)
    add_members(network, 8, tags, role="coordinator")
    add_partners(network, 8)
    large = measure(client, url, expect="Partner ")
    assert_same_count(small, large, "network home, 10 vs 200 members")


def test_network_home_page_anonymous(client, network, coordinator, tags):
    url = reverse("networks:home", args=[network.slug])
    add_members(network, 10, tags)
    small = measure(client, url)
    add_members(network, 190, tags)
    large = measure(client, url)
    assert_same_count(small, large, "network home (anonymous), 10 vs 200 members")


@pytest.mark.parametrize(
    ("route", "expect"),
    [
        ("networks:manage", "Lid "),
        ("networks:manage_members", "Lid "),
        ("networks:manage_invitations", "/invite/"),
        ("networks:manage_partners", "Partner "),
    ],
)
def test_manage_pages(client_for, network, coordinator, tags, route, expect):
    client = client_for(coordinator)
    url = reverse(route, args=[network.slug])
    add_members(network, 10, tags)
    add_requests_and_invitations(network, 2, tags, by=coordinator)
    add_partners(network, 2)
    small = measure(client, url, expect=expect)
    add_members(network, 190, tags)
    add_requests_and_invitations(network, 18, tags, by=coordinator)
    add_partners(network, 8)
    large = measure(client, url, expect=expect)
    assert_same_count(small, large, f"{route}, 10 vs 200 members")


def test_api_member_directory(client_for, network, coordinator, tags):
    client = client_for(coordinator)
    url = f"/api/v1/networks/{network.slug}/members?page_size=100"
    add_members(network, 10, tags)
    small = measure(client, url)
    add_members(network, 190, tags)
    large = measure(client, url)
    assert_same_count(small, large, "API member directory, 10 vs 200 members")
    body = client.get(url).json()
    assert body["count"] == 201 and len(body["results"]) == 100
    assert all(len(row["expertise"]) == 3 for row in body["results"] if row["role"] == "member")


def add_networks(n: int, tags: list[Tag], me: User) -> None:
    """`n` listed networks with a few members each; `me` belongs to every other one."""
    for i in range(n):
        network = make_network(f"Kring {next(_serial):04d}")
        add_members(network, 3, tags)
        if i % 2:
            make_membership(me, network, role="member" if i % 4 == 1 else "coordinator")


def test_api_network_list(client_for, coordinator, tags):
    client = client_for(coordinator)
    add_networks(10, tags, coordinator)
    small = measure(client, "/api/v1/networks?page_size=100")
    add_networks(40, tags, coordinator)
    large = measure(client, "/api/v1/networks?page_size=100")
    assert_same_count(small, large, "API network list, 10 vs 50 networks")
    assert client.get("/api/v1/networks").json()["count"] == 51


def test_api_network_list_anonymous(client, tags, db):
    me = make_user("Niemand")
    add_networks(10, tags, me)
    small = measure(client, "/api/v1/networks?page_size=100")
    add_networks(40, tags, me)
    large = measure(client, "/api/v1/networks?page_size=100")
    assert_same_count(small, large, "API network list (anonymous), 10 vs 50 networks")


def test_network_directory_page(client, client_for, coordinator, tags):
    add_networks(10, tags, coordinator)
    small = measure(client, reverse("networks:directory"), expect="Kring ")
    small_mine = measure(client_for(coordinator), reverse("networks:directory"))
    add_networks(40, tags, coordinator)
    large = measure(client, reverse("networks:directory"), expect="Kring ")
    large_mine = measure(client_for(coordinator), reverse("networks:directory"))
    assert_same_count(small, large, "network directory, 10 vs 50 networks")
    assert_same_count(small_mine, large_mine, "network directory (logged in), 10 vs 50 networks")


def test_my_networks_page(client_for, coordinator, tags):
    client = client_for(coordinator)
    add_networks(10, tags, coordinator)
    small = measure(client, reverse("networks:mine"), expect="Kring ")
    add_networks(40, tags, coordinator)
    large = measure(client, reverse("networks:mine"), expect="Kring ")
    assert_same_count(small, large, "my networks, 5 vs 25 memberships")
