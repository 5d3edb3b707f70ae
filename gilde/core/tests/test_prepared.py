"""Prepared queries (core.prepared) answer what the ORM's own QuerySet answers, in one
query, with the values of each call; the signed-in user is read through one."""

from datetime import datetime

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.urls import reverse

from gilde.accounts.backends import AuthenticationBackend
from gilde.accounts.models import User
from gilde.core import access
from gilde.core.prepared import Prepared
from gilde.core.testing import PASSWORD, make_membership, make_network, make_user
from gilde.networks.models import Membership


def _memberships(p):
    return (
        Membership.objects.filter(user_id=p.user, status=Membership.Status.ACTIVE)
        .select_related("network")
        .order_by("pk")
    )


def test_a_prepared_query_answers_what_its_queryset_answers(
    network, anke, bert, django_assert_num_queries
):
    other = make_network("Tweede Netwerk")
    make_membership(bert, other, role="coordinator")
    make_membership(bert, make_network("Verlaten"), status=Membership.Status.LEFT)
    prepared = Prepared(_memberships)
    for user in (bert, anke, bert):
        expected = list(
            Membership.objects.filter(user=user, status="active")
            .select_related("network")
            .order_by("pk")
        )
        with django_assert_num_queries(1):
            found = prepared(user=user.pk)
            networks = [m.network.name for m in found]  # loaded with them, no query
        assert [m.pk for m in found] == [m.pk for m in expected]
        assert networks == [m.network.name for m in expected]
        for mine, theirs in zip(found, expected, strict=True):
            assert {f.attname: getattr(mine, f.attname) for f in Membership._meta.fields} == {
                f.attname: getattr(theirs, f.attname) for f in Membership._meta.fields
            }
            # Converted as the ORM converts: an aware datetime, not SQLite's text.
            assert isinstance(mine.joined_at, datetime) and mine.joined_at.tzinfo
            assert mine._state.adding is False
    assert prepared(user=0) == []


def test_a_prepared_query_takes_text_too(network, django_assert_num_queries):
    from gilde.networks.models import Network

    prepared = Prepared(lambda p: Network.objects.filter(slug=p.text("slug")))
    other = make_network("Tweede Netwerk")
    with django_assert_num_queries(2):
        assert prepared(slug=network.slug) == [network]
        assert prepared(slug=other.slug)[0].name == "Tweede Netwerk"
    assert prepared(slug="bestaat-niet") == []
    assert prepared(slug="x' OR '1'='1") == []  # a value, never SQL


def test_a_value_the_orm_would_rewrite_is_refused(db):
    prepared = Prepared(lambda p: User.objects.filter(name=p.name))  # a string field
    with pytest.raises(ValueError, match="as they are"):
        prepared(name=1)


def test_the_backend_reads_the_user_and_refuses_the_inactive(db):
    backend = AuthenticationBackend()
    user = make_user("Ina Actief")
    assert backend.get_user(user.pk) == user
    assert backend.get_user(str(user.pk)).name == "Ina Actief"
    for missing in (0, 10**30, "x", None):
        assert backend.get_user(missing) is None
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert backend.get_user(user.pk) is None


def test_signing_in_uses_the_backend_and_counts_a_suspension_at_once(client, network, bert):
    response = client.post(reverse("account_login"), {"login": bert.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == "gilde.accounts.backends.AuthenticationBackend"
    members = reverse("networks:members", args=[network.slug])
    assert client.get(members).status_code == 200
    # Behind the application's back: the next request reads the memberships afresh.
    Membership.objects.filter(user=bert).update(status=Membership.Status.SUSPENDED)
    assert client.get(members).status_code == 404
    assert access.memberships(None) == {}
