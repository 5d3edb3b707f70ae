"""Setting up a network cannot confirm that a hidden network lives at a guessed address.

A taken address is never refused: whoever has it (a listed, an unlisted or a hidden
network), the new network gets the first free variant (vezel-2, vezel-3, …), and the
page answers the same way, naming the address it gave. Otto guesses; the Stille Kring
is hidden, the Open Kring listed.
"""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from gilde.core.models import AuditEntry
from gilde.core.testing import make_network
from gilde.networks import services
from gilde.networks.models import Network


@pytest.fixture
def hidden(db):
    return make_network("Stille Kring", slug="stille-kring", visibility="hidden")


@pytest.fixture
def listed(db):
    return make_network("Open Kring", slug="open-kring")


def _set_up(client, slug: str):
    data = {"name": "Mijn Kring", "slug": slug, "visibility": "listed", "join_policy": "approval"}
    response = client.post(reverse("networks:create"), data)
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    return response, messages


def test_a_hidden_networks_address_answers_like_a_listed_ones(client_for, otto, hidden, listed):
    browser = client_for(otto)
    answers = {}
    for taken in (hidden, listed):
        response, messages = _set_up(browser, taken.slug)
        created = Network.objects.get(created_by=otto, slug__startswith=taken.slug + "-")
        assert created.slug == f"{taken.slug}-2"
        assert response.status_code == 302
        assert response["Location"] == reverse("networks:manage", args=[created.slug])
        page = browser.get(response["Location"]).content.decode()
        assert hidden.name not in page and hidden.name not in " ".join(messages)
        answers[taken.slug] = [m.replace(created.slug, "<slug>") for m in messages]
    assert answers[hidden.slug] == answers[listed.slug]


def test_the_message_names_the_address_also_when_it_is_the_wished_one(client_for, otto, db):
    response, messages = _set_up(client_for(otto), "vezel")
    assert Network.objects.filter(slug="vezel", created_by=otto).exists()
    assert any("/n/vezel/" in message for message in messages), messages


def test_the_variants_count_on(otto, listed):
    make_network("Open Kring 2", slug="open-kring-2")
    assert services.create_network(by=otto, name="Nog een", slug=listed.slug).slug == "open-kring-3"


def test_a_variant_of_a_long_address_still_fits(otto):
    long = "a" * 60
    make_network("Lang", slug=long)
    created = services.create_network(by=otto, name="Ook lang", slug=long)
    assert created.slug == "a" * 58 + "-2"


def test_the_audit_log_keeps_the_wished_address(otto, hidden):
    created = services.create_network(by=otto, name="Mijn Kring", slug=hidden.slug)
    entry = AuditEntry.objects.get(verb="network.created", target_id=created.pk)
    assert entry.actor == otto
    assert entry.data["wished_slug"] == hidden.slug and entry.data["slug"] == created.slug
