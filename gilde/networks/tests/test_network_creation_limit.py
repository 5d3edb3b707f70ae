"""NETWORK_CREATE_LIMIT: one person sets up at most so many networks in 24 hours.

Counted from the networks themselves (who set them up, when), so it holds across
servers and restarts. Site admins are not limited.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from gilde.core.errors import NotAllowed
from gilde.core.testing import make_user
from gilde.networks import services
from gilde.networks.models import Network


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.NETWORK_CREATE_LIMIT = 2


def _create(user, n: int):
    return services.create_network(by=user, name=f"Kring {n}", slug=f"kring-{user.pk}-{n}")


def test_one_more_than_the_limit_is_refused_and_creates_nothing(otto):
    _create(otto, 1)
    _create(otto, 2)
    with translation.override("en"), pytest.raises(NotAllowed, match="2 networks a day"):
        _create(otto, 3)
    assert Network.objects.filter(created_by=otto).count() == 2


def test_the_limit_is_per_person(otto):
    _create(otto, 1)
    _create(otto, 2)
    _create(make_user("Nina Nieuw"), 1)


def test_a_day_later_one_can_set_up_networks_again(otto):
    _create(otto, 1)
    _create(otto, 2)
    Network.objects.filter(created_by=otto).update(
        created_at=timezone.now() - timedelta(hours=24, minutes=1)
    )
    _create(otto, 3)


def test_site_admins_are_not_limited(db):
    admin = make_user("Sita Beheer", is_staff=True, is_superuser=True)
    for n in range(4):
        _create(admin, n)


def test_zero_turns_the_limit_off(otto, settings):
    settings.NETWORK_CREATE_LIMIT = 0
    for n in range(4):
        _create(otto, n)


def test_the_page_shows_the_refusal(client_for, otto):
    _create(otto, 1)
    _create(otto, 2)
    response = client_for(otto).post(
        reverse("networks:create"),
        {"name": "Kring 3", "slug": "kring-drie", "visibility": "listed", "join_policy": "open"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "You can set up 2 networks a day." in response.content.decode()
    assert not Network.objects.filter(slug="kring-drie").exists()
