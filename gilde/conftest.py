"""Shared fixtures: a small cast of named people in one network, as in a story.

Anke coordinates Biobased Noord, Bert is a member, Gea a guest; Otto is an
outsider with an account of his own.
"""

import copy
import os

import pytest
from django.test import Client, override_settings

from gilde.core.browser import browser_page  # noqa: F401 - fixture for browser tests
from gilde.core.testing import PASSWORD, make_membership, make_network, make_organisation, make_user

# The Playwright sync API runs an event loop in the test thread; the ORM calls
# the browser tests make around it are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _dutch_and_fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "nl"


@pytest.fixture(scope="session", autouse=True)
def _cache_per_worker():
    """Under pytest-xdist (`make test -n …`) each worker keeps its cache keys under a prefix
    of its own; with Redis the workers share one database. Each has its own test database."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        yield
        return
    from django.conf import settings

    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"{caches['default'].get('KEY_PREFIX', '')}-{worker}"
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def _no_fragments_from_another_test():
    """Rendered fragments live in this process's memory; a rolled-back test leaves them, and
    SQLite hands the next test the same primary keys."""
    from django.core.cache import caches

    caches["fragments"].clear()


@pytest.fixture
def fragments_off(settings):
    """Every page part rendered afresh: the query-count tests measure the rendering, which a
    kept part would skip (it runs no query at all)."""
    settings.CACHES = {
        **settings.CACHES,
        "fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    """Each test starts with an empty cache. The database cache is rolled back with each
    test anyway; Redis would keep login limits from one test to the next. Only this
    worker's keys go: flushing the whole Redis database would empty the other workers'."""
    if "redis" in settings.CACHES["default"]["BACKEND"].lower():
        from django.core.cache import cache

        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{cache.key_prefix}:*"))
        if keys:
            client.delete(*keys)


def _network():
    return make_network("Biobased Noord", theme="Biobased economie in het noorden")


def _anke(network):
    user = make_user("Anke Dijkstra", email="anke@example.test")
    make_membership(user, network, role="coordinator")
    return user


def _bert(network):
    user = make_user("Bert Kuipers", email="bert@example.test")
    organisation = make_organisation("Groenvezel B.V.", kvk_number="90000001")
    user.affiliations.create(organisation=organisation)
    make_membership(user, network, role="member", organisation=organisation)
    return user


def _gea(network):
    user = make_user("Gea Mulder", email="gea@example.test")
    make_membership(user, network, role="guest")
    return user


def _otto():
    return make_user("Otto Outsider", email="otto@example.test")


def cast() -> dict:
    """The same cast without fixtures (the access matrix builds it once per module)."""
    network = _network()
    return {
        "network": network,
        "anke": _anke(network),
        "bert": _bert(network),
        "gea": _gea(network),
        "otto": _otto(),
    }


@pytest.fixture
def network(db):
    return _network()


@pytest.fixture
def anke(network):
    return _anke(network)


@pytest.fixture
def bert(network):
    return _bert(network)


@pytest.fixture
def gea(network):
    return _gea(network)


@pytest.fixture
def otto(db):
    return _otto()


def login(user) -> Client:
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client


@pytest.fixture
def client_for():
    return login
