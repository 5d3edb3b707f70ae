"""Cached page parts (gilde.core.fragments): reused while nothing they show changed, never after.

Each test first proves the part is really kept (a write that sends no signal, made
straight in the database, does not show), then makes the change through the
code users use and finds it on the page at once.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.db import connection
from django.template import Context, Engine
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gilde.accounts import services as accounts
from gilde.accounts.models import Organisation, Tag, User
from gilde.core import fragments
from gilde.core.testing import make_membership, make_network, make_organisation, make_user
from gilde.knowledge import services as knowledge
from gilde.knowledge.models import Article
from gilde.networks import services as networks
from gilde.networks.models import Membership, Network, PartnerLink


def articles_url(network):
    return reverse("knowledge:articles", args=[network.slug])


def members_url(network):
    return reverse("networks:members", args=[network.slug])


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def article(network, bert):
    return knowledge.create_article(
        network, by=bert, title="Hennep oogsten", body="Met een maaier.", publish=True
    )


def test_the_article_list_is_kept_and_a_new_title_shows_at_once(
    client_for, network, bert, anke, article
):
    client = client_for(anke)
    assert "Hennep oogsten" in page(client, articles_url(network))
    # Behind the application's back: no signal, so the kept list is served.
    Article.objects.filter(pk=article.pk).update(title="Stiekem veranderd")
    assert "Hennep oogsten" in page(client, articles_url(network))

    knowledge.update_article(article, by=bert, title="Vlas oogsten")
    html = page(client, articles_url(network))
    assert "Vlas oogsten" in html and "Hennep oogsten" not in html


def test_a_hit_reads_neither_articles_nor_tags(client_for, network, anke, article):
    client = client_for(anke)
    page(client, articles_url(network))
    with CaptureQueriesContext(connection) as queries:
        page(client, articles_url(network))
    touched = " ".join(query["sql"] for query in queries.captured_queries)
    assert "knowledge_article" not in touched and "accounts_tag" not in touched


def test_an_authors_new_name_shows_in_the_article_list_and_the_directory(
    client_for, network, anke, bert, article
):
    client = client_for(anke)
    page(client, articles_url(network)), page(client, members_url(network))
    User.objects.filter(pk=bert.pk).update(name="Niet getoond")
    assert "Niet getoond" not in page(client, members_url(network))

    accounts.update_profile(bert, by=bert, name="Bert de Vries-Hoekstra")
    assert "Bert de Vries-Hoekstra" in page(client, articles_url(network))
    assert "Bert de Vries-Hoekstra" in page(client, members_url(network))


def test_leaving_a_circle_hides_its_article_from_the_list(client_for, network, anke, bert, gea):
    circle_member = make_user("Carla Circel")
    make_membership(circle_member, network)
    secret = knowledge.create_article(
        network,
        by=bert,
        title="Alleen voor de kring",
        body="…",
        visibility="circle",
        circle=[circle_member.pk],
        publish=True,
    )
    client = client_for(circle_member)
    assert "Alleen voor de kring" in page(client, articles_url(network))
    # Another viewer with the same role has a list of their own.
    assert "Alleen voor de kring" not in page(client_for(anke), articles_url(network))

    knowledge.update_article(secret, by=bert, circle=[anke.pk])
    assert "Alleen voor de kring" not in page(client, articles_url(network))
    assert "Alleen voor de kring" in page(client_for(anke), articles_url(network))


def test_a_new_role_and_an_ended_membership_show_in_the_directory_at_once(
    client_for, network, anke, bert
):
    carla = make_user("Carla Smit")
    make_membership(carla, network)
    client = client_for(anke)
    before = page(client, members_url(network))
    assert "Carla Smit" in before
    networks.change_membership(
        Membership.objects.get(network=network, user=bert), by=anke, role="coordinator"
    )
    assert page(client, members_url(network)).count('badge">coördinator') > before.count(
        'badge">coördinator'
    )
    networks.leave(network, by=carla)
    assert "Carla Smit" not in page(client, members_url(network))


def test_rights_count_at_once_whatever_is_kept(client_for, network, anke, bert, article):
    client = client_for(bert)
    page(client, members_url(network)), page(client, articles_url(network))
    # Even a change that raised no counter: the membership is read fresh each request.
    Membership.objects.filter(network=network, user=bert).update(status="suspended")
    assert client.get(members_url(network)).status_code == 404
    response = client.get(articles_url(network))
    assert "Hennep oogsten" not in response.content.decode()


def test_a_renamed_tag_an_expertise_and_an_organisation_show_at_once(
    client_for, network, anke, bert
):
    make_organisation("Vezelfabriek")
    organisation = Organisation.objects.get(name="Vezelfabriek")
    Membership.objects.filter(network=network, user=bert).update(organisation=organisation)
    accounts.add_expertise(bert, "hennep", "expert", by=bert)
    client = client_for(anke)
    html = page(client, members_url(network))
    assert "hennep" in html and "Vezelfabriek" in html

    tag = Tag.objects.get(name="hennep")
    tag.name = "industriële hennep"
    tag.save()
    organisation.name = "Vezelfabriek Noord"
    organisation.save()
    html = page(client, members_url(network))
    assert "industriële hennep" in html and "Vezelfabriek Noord" in html

    accounts.add_expertise(bert, "vlas", "gevorderd", by=bert)
    assert "vlas" in page(client, members_url(network))


def test_a_partner_networks_new_name_shows_on_the_home_page(client, network, anke):
    partner = make_network("Groen Gas Emmen")
    home = reverse("networks:home", args=[network.slug])
    assert "Groen Gas Emmen" not in page(client, home)
    PartnerLink.objects.create(
        from_network=network, to_network=partner, status="accepted", created_by=anke
    )
    assert "Groen Gas Emmen" in page(client, home)
    Network.objects.filter(pk=partner.pk).update(name="Niet getoond")
    assert "Niet getoond" not in page(client, home)

    partner.name = "Groengas Emmen"
    partner.save()
    assert "Groengas Emmen" in page(client, home)


def test_the_language_and_the_address_are_in_the_key(client_for, network, anke, article):
    client = client_for(anke)
    assert "<h1>Artikelen</h1>" in page(client, articles_url(network))
    accounts.set_language(anke, "en", by=anke)
    assert "<h1>Articles</h1>" in page(client, articles_url(network))
    assert "Hennep oogsten" not in page(client, articles_url(network) + "?kind=praktijkcase")


def _render(source: str, network, token: str, method: str = "get") -> str:
    engine = Engine(libraries={"gilde": "gilde.core.templatetags.gilde"})
    request = getattr(RequestFactory(), method)("/")
    request.user = AnonymousUser()
    context = Context({"request": request, "network": network, "csrf_token": token})
    return engine.from_string(source).render(context)


def test_each_visitor_gets_their_own_csrf_token_in_a_kept_form(network):
    source = (
        '{% load gilde %}{% fragment "x" network %}<form>{% csrf_token %}</form>{% endfragment %}'
    )
    first = _render(source, network, "a" * 64)
    second = _render(source, network, "b" * 64)
    assert 'value="' + "a" * 64 + '"' in first and 'value="' + "b" * 64 + '"' in second
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    kept = caches["fragments"].get(fragments.key("x", request, fragments.network_version(network)))
    assert "a" * 64 not in kept and fragments.csrf_hole() in kept


def test_what_a_post_shows_is_never_kept(network):
    source = (
        '{% load gilde %}{% fragment "x" network %}{{ csrf_token }}{{ request.method }}'
        "{% endfragment %}"
    )
    assert _render(source, network, "p" * 64, method="post") == "p" * 64 + "POST"
    assert _render(source, network, "g" * 64) == "g" * 64 + "GET"
    assert _render(source, network, "p" * 64, method="post") == "p" * 64 + "POST"


def test_a_new_article_is_found_at_once_by_a_search_seen_before(client, network, bert):
    url = reverse("search") + "?q=hennep"
    assert "Hennep oogsten" not in page(client, url)
    knowledge.create_article(
        network, by=bert, title="Hennep oogsten", body="…", visibility="public", publish=True
    )
    assert "Hennep oogsten" in page(client, url)


def test_a_new_listed_network_shows_in_the_directory_at_once(client, network):
    assert "Groen Gas Emmen" not in page(client, "/")
    make_network("Groen Gas Emmen")
    assert "Groen Gas Emmen" in page(client, "/")


def test_saving_a_network_read_before_another_write_does_not_set_its_version_back(network, bert):
    stale = Network.objects.get(pk=network.pk)
    knowledge.create_article(network, by=bert, title="Later", body="…", publish=True)
    raised = Network.objects.get(pk=network.pk).content_version
    assert raised > stale.content_version
    stale.theme = "Nieuw thema"
    stale.save()
    assert Network.objects.get(pk=network.pk).content_version == raised + 1


def _percent(html: str) -> str:
    import re

    return re.search(r"(\d+)% compleet|(\d+)% complete", html).group(0)


def test_my_networks_are_kept_and_a_profile_change_or_a_new_name_shows_at_once(
    client_for, network, anke
):
    cor = make_user("Cor Nieuw")
    make_membership(cor, network)
    client = client_for(cor)
    mine = reverse("networks:mine")
    before = page(client, mine)
    assert "Biobased Noord" in before
    # Behind the application's back: the kept page is served.
    Network.objects.filter(pk=network.pk).update(name="Stiekem Noord")
    User.objects.filter(pk=cor.pk).update(headline="Stil veranderd")
    kept = page(client, mine)
    assert "Biobased Noord" in kept and "Stiekem Noord" not in kept
    assert _percent(kept) == _percent(before)

    organisation = make_organisation("Claimbedrijf B.V.", kvk_number="12345678")
    organisation.affiliations.create(user=anke)
    accounts.update_profile(cor, by=cor, headline="Procesingenieur")
    after = page(client, mine)
    assert _percent(after) != _percent(before) and "Stiekem Noord" in after
    # A claim on an organisation counts in the profile too (watched: OrganisationClaim).
    accounts.claim_organisation(by=cor, kvk_number="12345678")
    assert _percent(page(client, mine)) != _percent(after)

    networks.update_network(network, by=anke, name="Biobased Noord-Nederland")
    assert "Biobased Noord-Nederland" in page(client, mine)
    Membership.objects.filter(network=network, user=cor).update(status="suspended")
    assert "Biobased Noord-Nederland" not in page(client, mine)  # rights count at once


def test_my_page_is_not_kept_for_someone_in_no_network(client_for, otto):
    client = client_for(otto)
    before = page(client, reverse("networks:mine"))
    User.objects.filter(pk=otto.pk).update(headline="Procesingenieur")
    assert _percent(page(client, reverse("networks:mine"))) != _percent(before)
