"""`gilde.core.visibility`: who changes and who runs an item, and that the rule has one home.

The table of who *sees* what is `gilde/knowledge/tests/test_visibility_table.py`,
asked of the QuerySets and of search; these tests cover what pages and the API
ask of a loaded item, and guard against the rule being written a second time.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from gilde.core import access, visibility
from gilde.core.testing import make_membership, make_network, make_user
from gilde.knowledge import services
from gilde.knowledge.models import Article
from gilde.networks.models import Membership

GILDE = Path(__file__).resolve().parents[2]


def fresh(user):
    """The same person as a new request sees them: no membership cache yet."""
    access.forget_memberships(user)
    return user


@pytest.fixture
def article(network, bert):
    carla = make_user("Carla Coauteur")
    make_membership(carla, network)
    return services.create_article(
        network, by=bert, title="Vezels", body="Zo.", coauthors=[carla.pk], publish=True
    )


def test_owners_with_an_active_membership_may_edit(article, bert):
    carla = article.coauthors.get()
    assert visibility.may_edit(article, fresh(bert))
    assert visibility.may_edit(article, fresh(carla))


@pytest.mark.parametrize("status", [Membership.Status.SUSPENDED, Membership.Status.LEFT])
def test_an_owner_whose_membership_does_not_count_may_not_edit(article, bert, status):
    Membership.objects.filter(user=bert).update(status=status)
    assert not visibility.may_edit(article, fresh(bert))


def test_an_owner_who_is_now_a_guest_may_not_edit(article, bert):
    Membership.objects.filter(user=bert).update(role=access.GUEST)
    assert not visibility.may_edit(article, fresh(bert))


def test_others_may_not_edit(article, anke, gea, otto):
    # A coordinator runs the network, but does not write other people's articles.
    for user in (anke, gea, otto, AnonymousUser(), None):
        assert not visibility.may_edit(article, user and fresh(user))


def test_may_edit_asks_no_query_for_a_loaded_list(
    network, bert, article, django_assert_num_queries
):
    for n in range(3):
        services.create_article(network, by=bert, title=f"Nog een {n}", body="Zo.", publish=True)
    bert = fresh(bert)
    access.memberships(bert)  # the request's one membership query
    articles = list(Article.objects.prefetch_related("coauthors"))
    with django_assert_num_queries(0):
        assert all(visibility.may_edit(a, bert) for a in articles)


def test_coordinators_manage_items_of_their_own_network_only(network, anke, bert, otto):
    soon = timezone.now() + timedelta(days=7)
    session = services.create_session(
        network, by=bert, title="Workshop", description="Zelf doen.", starts_at=soon,
        ends_at=soon + timedelta(hours=2),
    )  # fmt: skip
    assert visibility.may_manage(session, fresh(bert))
    assert visibility.may_manage(session, fresh(anke))
    assert not visibility.may_edit(session, fresh(anke))
    # A coordinator of another network has no right here.
    elsewhere = make_network("Ander Netwerk")
    make_membership(otto, elsewhere, role=access.COORDINATOR)
    assert not visibility.may_manage(session, fresh(otto))
    # Nor a member of this one.
    mia = make_user("Mia Lid")
    make_membership(mia, network)
    assert not visibility.may_manage(session, fresh(mia))


def test_a_draft_is_indexed_for_its_owners_alone():
    assert visibility.indexed_visibility("network", published=False) == "private"
    assert visibility.indexed_visibility("public", published=True) == "public"
    assert visibility.audience("circle", [3, 4]) == {3, 4}
    assert visibility.audience("network", [3, 4]) == frozenset()


def _sources():
    for path in GILDE.rglob("*.py"):
        parts = path.relative_to(GILDE).parts
        if "tests" in parts or "migrations" in parts or path.name == "visibility.py":
            continue
        yield path


@pytest.mark.parametrize(
    "pattern",
    [
        # The search SQL's visibility conditions.
        r"d\.visibility\s*(=|IN)",
        r"network_hidden\s*\)",
        # The QuerySets' public-or-member condition.
        r"Q\(visibility=Visibility\.PUBLIC\)",
        r"visibility__in=\[Visibility\.PUBLIC",
        # Whose membership counts for reading and authorship.
        r"membership\.role in \(access\.MEMBER, access\.COORDINATOR\)",
    ],
)
def test_the_rule_is_written_in_core_visibility_only(pattern):
    copies = [
        str(path.relative_to(GILDE))
        for path in _sources()
        if re.search(pattern, path.read_text(encoding="utf-8"))
    ]
    assert copies == [], f"a second copy of the visibility rule ({pattern}) in {copies}"
