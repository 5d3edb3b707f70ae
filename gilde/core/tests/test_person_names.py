"""A person's name is shown only to who may see that person, and never their e-mail address.

Who may see a person (gilde.core.search.may_know_person): themselves; the members
and coordinators of a network where the person is an active member or
coordinator (the member directory's rule); and whoever may see an item the
person wrote. The search page's author filter (`?author=<id>`) names the person
only then. Someone without a name shows as a neutral label, not as the part of
their e-mail address before the @.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from gilde.core import access, search
from gilde.core.testing import make_membership, make_network, make_user
from gilde.knowledge import services

NAMELESS = "Member without a name"


def said(text: str) -> str:
    with translation.override("nl"):
        return escape(translation.gettext(text))


def search_page(client, person_id: int, q="vezels") -> str:
    response = client.get(reverse("search"), {"q": q, "author": person_id})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def hidden_person(db):
    """Someone only in a hidden network, with a members-only article there."""
    hidden = make_network("Stille Kring", visibility="hidden")
    person = make_user("Henk Verborgen", email="henk.verborgen@example.test")
    make_membership(person, hidden)
    services.create_article(hidden, by=person, title="Vezels stil", body="Vezels.", publish=True)
    return person


def test_anonymous_visitors_do_not_learn_the_name_of_someone_in_a_hidden_network(
    client, hidden_person
):
    page = search_page(client, hidden_person.pk)
    assert "Henk Verborgen" not in page and "henk.verborgen" not in page
    assert said("Only results by or about one person.") in page


def test_the_site_admin_is_not_named_to_anyone(client, client_for, otto, bert):
    admin = get_user_model().objects.create_superuser(
        email="beheer@example.test", password="x", name="Beheerder Bas"
    )
    for browser in (client, client_for(otto), client_for(bert)):
        assert "Beheerder Bas" not in search_page(browser, admin.pk)


def test_an_unknown_id_looks_the_same_as_an_unseen_person(client, hidden_person):
    missing = get_user_model().objects.order_by("-pk").first().pk + 100

    def results(person_id):  # the results part only, as htmx asks for it
        return client.get(
            reverse("search"), {"q": "vezels", "author": person_id}, HTTP_HX_REQUEST="true"
        ).content

    assert results(hidden_person.pk) == results(missing)


def test_members_see_the_names_of_members_of_their_network(client_for, network, anke, bert, otto):
    search.refresh("person", bert.pk)  # as the membership services do
    assert "Bert Kuipers" in search_page(client_for(anke), bert.pk)
    assert "Bert Kuipers" not in search_page(client_for(otto), bert.pk)


def test_the_author_of_a_public_item_is_named_to_everyone(client, network, bert):
    services.create_article(
        network, by=bert, title="Vezels open", body="Vezels.", visibility="public", publish=True
    )
    assert "Bert Kuipers" in search_page(client, bert.pk)


def test_a_former_member_is_no_longer_named_to_outsiders(client_for, network, bert, otto):
    services.create_article(network, by=bert, title="Vezels", body="Vezels.", publish=True)
    bert.memberships.update(status="left")
    search.refresh("person", bert.pk)
    assert "Bert Kuipers" not in search_page(client_for(otto), bert.pk)


def test_everyone_may_know_themselves(hidden_person):
    access.forget_memberships(hidden_person)
    assert search.may_know_person(hidden_person, hidden_person.pk)
    assert not search.may_know_person(None, hidden_person.pk)


def test_a_nameless_person_shows_as_a_neutral_label_never_their_address(client, network):
    nameless = make_user("", email="jan.geheim@example.test")
    get_user_model().objects.filter(pk=nameless.pk).update(name="")
    nameless.refresh_from_db()
    make_membership(nameless, network)
    article = services.create_article(
        network, by=nameless, title="Anoniem", body="x", visibility="public", publish=True
    )
    with translation.override("nl"):
        assert nameless.display_name == translation.gettext(NAMELESS)
    with translation.override("en"):
        assert nameless.display_name == NAMELESS

    page = client.get(reverse("knowledge:article", args=[network.slug, article.pk]))
    assert "jan.geheim" not in page.content.decode()
    assert said(NAMELESS) in page.content.decode()
    detail = client.get(f"/api/v1/networks/{network.slug}/articles/{article.pk}").json()
    assert "jan.geheim" not in str(detail)
    with translation.override("nl"):
        assert detail["author"]["name"] == translation.gettext(NAMELESS)
