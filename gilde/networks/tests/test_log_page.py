"""The coordinator's log page: the network's own entries, naming only who and what they may see."""

import pytest
from django.urls import reverse

from gilde.core import audit, search
from gilde.core.testing import make_membership, make_network, make_user
from gilde.knowledge import services as knowledge
from gilde.networks import log, services, views
from gilde.networks.models import Membership


def log_url(network, page=None):
    url = reverse("networks:log", args=[network.slug])
    return f"{url}?page={page}" if page else url


def test_the_log_shows_who_did_what_to_whom(network, anke, bert, client_for):
    services.change_membership(
        Membership.objects.get(user=bert, network=network), by=anke, role="coordinator"
    )
    page = client_for(anke).get(log_url(network)).content.decode()
    assert "Rol gewijzigd" in page
    assert f"<td>{anke.display_name}</td>" in page  # who
    assert f"<td>{bert.display_name}</td>" in page  # whom
    assert "lid → coördinator" in page


def test_only_coordinators_of_the_network_see_its_log(network, bert, gea, otto, client_for):
    for person in (bert, gea, otto):
        assert client_for(person).get(log_url(network)).status_code == 404


def test_entries_of_other_networks_are_never_shown(network, anke, client_for):
    other = make_network("Circulair Zuid")
    carla = make_user("Carla Zuid")
    make_membership(carla, other, role="coordinator")
    services.create_invitation(other, by=carla, email="geheim@example.org")
    make_membership(anke, other, role="member")  # even when she is a member there
    page = client_for(anke).get(log_url(network)).content.decode()
    assert "geheim@example.org" not in page and "Carla" not in page
    assert "nog niets vastgelegd" in page


def test_a_person_the_coordinator_may_not_know_is_not_named(network, anke, client_for):
    applicant = make_user("Vera Verborgen")
    request = services.join(network, by=applicant)
    services.decide_join_request(request, by=anke, approve=False)
    page = client_for(anke).get(log_url(network)).content.decode()
    assert "Verzoek om lid te worden afgewezen" in page
    assert "Vera" not in page and "Iemand" in page


def test_an_item_the_coordinator_may_not_see_is_not_named(network, anke, bert, client_for):
    shown = knowledge.create_article(
        network, by=bert, title="Vezels voor iedereen", body="x", publish=True
    )
    hidden = knowledge.create_article(
        network, by=bert, title="Mijn geheime recept", body="x", publish=True
    )
    knowledge.update_article(shown, by=bert, visibility="public")
    knowledge.update_article(hidden, by=bert, visibility="private")
    page = client_for(anke).get(log_url(network)).content.decode()
    assert "Vezels voor iedereen" in page
    assert "Mijn geheime recept" not in page and "Een item dat je niet kunt zien" in page
    assert "alleen ik" in page  # the new visibility, in words


def test_the_item_verb_is_the_one_knowledge_writes():
    assert log.ITEM_VISIBILITY_CHANGED == knowledge.ITEM_VISIBILITY_CHANGED


def test_every_network_verb_has_a_label():
    verbs = {
        value for name, value in vars(services).items() if name.isupper() and "." in str(value)
    }
    assert verbs and verbs <= set(log.LABELS)


def _fill(network, coordinator, count):
    """`count` entries of mixed kinds, each naming a different person or item."""
    for number in range(count):
        person = make_user(f"Persoon {number}")
        kind = number % 3
        if kind == 0:
            membership = make_membership(person, network)
            search.refresh("person", person.pk)
            audit.record(services.MEMBERSHIP_ADMITTED, actor=person, network=network,
                         target=membership, data={"user": person.pk, "via": "open"})  # fmt: skip
        elif kind == 1:
            audit.record(services.INVITATION_SENT, actor=coordinator, network=network,
                         target=network, target_type="invitation",
                         data={"email": f"p{number}@example.org"})  # fmt: skip
        else:
            membership = make_membership(person, network)
            article = knowledge.create_article(network, by=person, title=f"Stuk {number}", body="x")
            audit.record(log.ITEM_VISIBILITY_CHANGED, actor=person, network=network,
                         target=article, data={"from": "network", "to": "public"})  # fmt: skip


@pytest.mark.parametrize("count", [3, 30])
def test_the_log_takes_the_same_queries_however_long(
    count, network, anke, client_for, django_assert_num_queries, settings
):
    _fill(network, anke, count)
    client = client_for(anke)
    client.get(log_url(network))  # warm the session
    # The session is read through the cache: a query where the cache is a table, none
    # with Redis.
    session = 0 if "redis" in settings.CACHES["default"]["BACKEND"].lower() else 1
    with django_assert_num_queries(7 + session):
        response = client.get(log_url(network))
    assert response.content.decode().count("<tr>") == count + 1


def test_the_log_is_paginated(network, anke, client_for):
    _fill(network, anke, views.LOG_ENTRIES_PER_PAGE + 2)
    client = client_for(anke)
    first = client.get(log_url(network)).content.decode()
    second = client.get(log_url(network, page=2)).content.decode()
    assert first.count("<tr>") == views.LOG_ENTRIES_PER_PAGE + 1
    assert second.count("<tr>") == 3
    assert "Persoon 0</td>" in second and "Persoon 0</td>" not in first  # the oldest last
    assert "Pagina 2 van 2" in second
    for bad in ("abc", "99", "-1"):
        response = client.get(log_url(network, page=bad))
        assert response.status_code == 200


def test_the_manage_tabs_lead_to_the_log(network, anke, client_for):
    page = client_for(anke).get(reverse("networks:manage", args=[network.slug])).content.decode()
    assert f'href="{reverse("networks:log", args=[network.slug])}"' in page
