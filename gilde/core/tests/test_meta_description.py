"""Every page has a meta description (what a search engine shows under its title):
an item's own words where it has them, a network's description, else a sentence."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gilde.core.templatetags.gilde import meta_text
from gilde.knowledge import services

META = re.compile(r'<meta name="description" content="([^"]*)">')


def description(response) -> str:
    found = META.findall(response.content.decode())
    assert len(found) == 1, found
    return html.unescape(found[0])


@pytest.fixture
def items(network, bert):
    network.description = "Bedrijven in Noord-Nederland die werken aan biobased bouwen & verpakken."
    network.save(update_fields=["description"])
    soon = timezone.now() + timedelta(days=7)
    return {
        "article": services.create_article(
            network, by=bert, title="Vlas", summary="Wat vlasvezels \"sterk\" maakt.",
            body="Lang verhaal.", visibility="public", publish=True,
        ),
        "question": services.ask_question(
            network, by=bert, title="Hennep?", body="Wie heeft **ervaring** met hennepbeton?",
            visibility="public",
        ),
        "session": services.create_session(
            network, by=bert, title="Workshop", description="Zelf *composiet* maken.",
            starts_at=soon, ends_at=soon + timedelta(hours=2), visibility="public",
        ),
    }  # fmt: skip


def test_items_describe_themselves_in_plain_text(network, items):
    client = Client()
    slug = network.slug
    article = client.get(reverse("knowledge:article", args=[slug, items["article"].pk]))
    assert description(article) == 'Wat vlasvezels "sterk" maakt.'
    question = client.get(reverse("knowledge:question", args=[slug, items["question"].pk]))
    assert description(question) == "Wie heeft ervaring met hennepbeton?"
    session = client.get(reverse("knowledge:session", args=[slug, items["session"].pk]))
    assert description(session) == "Zelf composiet maken."


def test_network_pages_use_the_network_description(network, items):
    for path in (f"/n/{network.slug}/", reverse("knowledge:articles", args=[network.slug])):
        assert description(Client().get(path)) == network.description


@pytest.mark.parametrize("path", ["/", reverse("search"), reverse("account_login")])
def test_other_pages_have_a_sentence(network, path):
    assert len(description(Client().get(path))) > 40


def test_a_members_page_has_one_too(bert, client_for):
    assert description(client_for(bert).get(reverse("accounts:profile")))


def test_long_text_is_cut_on_a_word_and_escaped():
    text = meta_text("<p>" + "vezel " * 60 + "</p>")
    assert len(text) <= 160 and text.endswith("…") and "vezel…" in text
    assert meta_text('<p>Een "quote" &amp; <b>vet</b></p>') == "Een &quot;quote&quot; &amp; vet"
