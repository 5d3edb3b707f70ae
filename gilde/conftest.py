"""Shared fixtures: a small cast of named people in one network, as in a story.

Anke coordinates Biobased Noord, Bert is a member, Gea a guest; Otto is an
outsider with an account of his own.
"""

import os

import pytest
from django.test import Client

from gilde.core.browser import browser_page  # noqa: F401 - fixture for browser tests
from gilde.core.testing import PASSWORD, make_membership, make_network, make_organisation, make_user

# The Playwright sync API runs an event loop in the test thread; the ORM calls
# the browser tests make around it are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _dutch_and_fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "nl"


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    """Each test starts with an empty cache. The database cache is rolled back with each
    test anyway; Redis would keep login limits from one test to the next."""
    if "redis" in settings.CACHES["default"]["BACKEND"].lower():
        from django.core.cache import cache

        cache.clear()


@pytest.fixture
def network(db):
    return make_network("Biobased Noord", theme="Biobased economie in het noorden")


@pytest.fixture
def anke(network):
    user = make_user("Anke Dijkstra", email="anke@example.test")
    make_membership(user, network, role="coordinator")
    return user


@pytest.fixture
def bert(network):
    user = make_user("Bert Kuipers", email="bert@example.test")
    organisation = make_organisation("Groenvezel B.V.", kvk_number="90000001")
    user.affiliations.create(organisation=organisation)
    make_membership(user, network, role="member", organisation=organisation)
    return user


@pytest.fixture
def gea(network):
    user = make_user("Gea Mulder", email="gea@example.test")
    make_membership(user, network, role="guest")
    return user


@pytest.fixture
def otto(db):
    return make_user("Otto Outsider", email="otto@example.test")


def login(user) -> Client:
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client


@pytest.fixture
def client_for():
    return login
