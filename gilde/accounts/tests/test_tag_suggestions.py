"""Tag suggestions while typing, folded matching, reuse of folded names, Dutch sorting."""

import pytest
from django.urls import reverse

from gilde.accounts.models import Tag, TagSynonym
from gilde.accounts.services import add_tag
from gilde.core.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def vocabulary():
    polymers = Tag.objects.create(name="biopolymeren")
    TagSynonym.objects.create(tag=polymers, name="bioplastics")
    Tag.objects.create(name="Coöperatie")
    Tag.objects.create(name="biocomposieten")
    Tag.objects.create(name="logistiek")
    return polymers


def names(response):
    return [tag["name"] for tag in response.json()["tags"]]


def test_suggestions_match_case_and_accent_blind_and_by_synonym(client_for, vocabulary):
    client = client_for(make_user("Sanne"))
    url = reverse("accounts:suggest_tags")
    assert names(client.get(url, {"q": "COOP"})) == ["Coöperatie"]
    bioplastics = client.get(url, {"q": "Bioplast"}).json()["tags"]
    assert bioplastics == [
        {
            "name": "biopolymeren",
            "slug": "biopolymeren",
            "value": "biopolymeren",
            "synonyms": ["bioplastics"],
        }
    ]
    # A singular offers the plural already in the vocabulary (its Dutch stem).
    assert names(client.get(url, {"q": "biocomposiet"})) == ["biocomposieten"]
    assert names(client.get(url, {"q": "zzz"})) == []
    assert names(client.get(url, {"q": ""})) == []


def test_htmx_gets_options_that_complete_a_comma_separated_list(client_for, vocabulary):
    client = client_for(make_user("Sanne"))
    url = reverse("accounts:suggest_tags")
    query = {"field": "tags", "many": "1", "tags": "logistiek ,  biopl"}
    response = client.get(url, query, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert '<option value="logistiek, biopolymeren">biopolymeren (bioplastics)</option>' in content
    assert "Coöperatie" not in content


def test_tag_inputs_carry_a_datalist_of_the_vocabulary_and_htmx(client_for, vocabulary):
    content = client_for(make_user("Sanne")).get(reverse("accounts:profile")).content.decode()
    assert 'list="id_tag-tags"' in content
    assert '<datalist id="id_tag-tags">' in content
    assert '<option value="biopolymeren">biopolymeren (bioplastics)</option>' in content
    assert 'hx-get="/tags/suggest/?field=tag"' in content
    assert 'hx-get="/tags/suggest/?field=tags&amp;many=1"' in content


def test_a_tag_that_folds_to_an_existing_one_is_the_existing_one(vocabulary):
    sanne = make_user("Sanne")
    coop = Tag.objects.get(name="Coöperatie")
    assert add_tag("cooperatie", by=sanne) == coop
    assert add_tag("COÖPERATIE", by=sanne) == coop
    assert add_tag("Bioplástics", by=sanne) == vocabulary
    biocomposiet = add_tag("Biocomposiet", by=sanne)
    assert add_tag("biocomposiet", by=sanne) == biocomposiet
    # A plural-ish near duplicate is suggested, not merged: it may be another word.
    assert biocomposiet != Tag.objects.get(name="biocomposieten")


def test_the_tags_page_reuses_a_folded_name_and_sorts_the_dutch_way(client_for, vocabulary):
    client = client_for(make_user("Sanne"))
    client.post(reverse("accounts:tags"), {"name": "coöperatie"})
    assert Tag.objects.filter(folded="cooperatie").count() == 1
    Tag.objects.create(name="Aquaponics")
    Tag.objects.create(name="Éénpitters")
    Tag.objects.create(name="zetmeel")
    content = client.get(reverse("accounts:tags")).content.decode()
    order = [
        "Aquaponics",
        "biocomposieten",
        "biopolymeren",
        "Coöperatie",
        "Éénpitters",
        "logistiek",
        "zetmeel",
    ]
    positions = [content.index(f"<tr><td>{name}</td>") for name in order]
    assert positions == sorted(positions)
    found = client.get(reverse("accounts:tags"), {"q": "COOPERATIE"}).content.decode()
    assert "<tr><td>Coöperatie</td>" in found and "<tr><td>logistiek</td>" not in found
    by_synonym = client.get(reverse("accounts:tags"), {"q": "bioplastic"}).content.decode()
    assert "<tr><td>biopolymeren</td>" in by_synonym
