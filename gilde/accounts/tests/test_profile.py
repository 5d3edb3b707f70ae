import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gilde.accounts import services
from gilde.accounts.models import Expertise, Organisation, ProfileItem
from gilde.core.errors import Invalid, NotAllowed


def test_profile_page_saves_headline_and_shows_next_step(client_for, bert):
    client = client_for(bert)
    response = client.post(
        reverse("accounts:profile"),
        {"name": "Bert Kuipers", "headline": "Procesingenieur biocomposieten", "region": "drenthe"},
    )
    assert response.status_code == 302
    bert.refresh_from_db()
    assert bert.headline == "Procesingenieur biocomposieten"
    page = client.get(reverse("accounts:profile")).content.decode()
    next_step = services.profile_completeness(bert).next_step
    assert next_step and next_step in page


def test_a_non_image_photo_is_refused_and_nothing_changes(client_for, bert):
    fake = SimpleUploadedFile("foto.png", b"<script>alert(1)</script>", content_type="image/png")
    response = client_for(bert).post(
        reverse("accounts:profile"), {"name": "Veranderd", "photo": fake}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["photo"]
    bert.refresh_from_db()
    assert bert.name == "Bert Kuipers" and not bert.photo


def test_someone_else_cannot_change_my_profile(bert, otto):
    with pytest.raises(NotAllowed):
        services.update_profile(bert, by=otto, headline="gehackt")


def test_completeness_names_the_most_useful_next_step(bert):
    result = services.profile_completeness(bert)
    assert result.next_step == "Schrijf één regel over wat je doet."
    services.update_profile(bert, by=bert, headline="Procesingenieur")
    assert services.profile_completeness(bert).percent > result.percent


def test_expertise_through_a_synonym_lands_on_the_same_tag(bert, curator):
    lca = services.add_tag("levenscyclusanalyse", by=bert)
    services.add_synonym(lca, "LCA", by=curator)
    expertise = services.add_expertise(bert, "lca", "expert", by=bert)
    assert expertise.tag == lca


def test_merging_tags_moves_people_and_keeps_the_name_as_synonym(bert, anke, curator):
    services.add_expertise(bert, "bioplastic", "basis", by=bert)
    services.add_expertise(anke, "biopolymeren", "expert", by=anke)
    item = services.add_profile_item(
        bert, "offer", "Advies over bioplastic", ["bioplastic"], by=bert
    )
    source = services.add_tag("bioplastic", by=bert)
    target = services.add_tag("biopolymeren", by=bert)
    services.merge_tags(source, target, by=curator)
    assert set(Expertise.objects.values_list("tag__name", flat=True)) == {"biopolymeren"}
    assert [t.name for t in item.tags.all()] == ["biopolymeren"]
    assert services.add_tag("Bioplastic", by=bert) == target


def test_only_curators_merge_tags(bert, anke):
    a, b = services.add_tag("a-tag", by=bert), services.add_tag("b-tag", by=bert)
    for someone in (bert, anke):  # a member, and a coordinator of a network
        with pytest.raises(NotAllowed):
            services.merge_tags(a, b, by=someone)


@pytest.mark.parametrize("kvk", ["1234567", "123456789", "1234abcd"])
def test_an_invalid_kvk_number_is_refused_in_dutch(bert, kvk):
    with pytest.raises(Invalid) as error:
        services.create_organisation(by=bert, name="Foute BV", kvk_number=kvk)
    assert error.value.field == "kvk_number"
    assert not Organisation.objects.filter(name="Foute BV").exists()


def test_organisation_page_shows_kvk_error_in_dutch(client_for, bert):
    response = client_for(bert).post(
        reverse("accounts:organisations"), {"name": "Foute BV", "kvk_number": "12"}
    )
    assert response.status_code == 200
    assert "acht cijfers" in response.content.decode()
    assert not Organisation.objects.filter(name="Foute BV").exists()


def test_same_kvk_number_does_not_link_to_the_existing_organisation(bert, otto):
    with pytest.raises(services.OrganisationExists) as refused:
        services.create_organisation(by=otto, name="Andere naam", kvk_number="90000001")
    assert refused.value.organisation.name == "Groenvezel B.V."
    assert not refused.value.organisation.people.filter(pk=otto.pk).exists()
    assert not Organisation.objects.filter(name="Andere naam").exists()


def test_offer_of_more_than_200_characters_is_refused(bert):
    with pytest.raises(Invalid):
        services.add_profile_item(bert, "offer", "x" * 201, [], by=bert)
    assert not ProfileItem.objects.exists()


@pytest.mark.django_db
def test_tokens_page_shows_a_new_token_once(client_for, bert):
    client = client_for(bert)
    response = client.post(reverse("accounts:tokens"), {"name": "export"})
    raw = response.context["new_token"]
    assert raw.startswith("gilde_") and raw in response.content.decode()
    assert raw not in client.get(reverse("accounts:tokens")).content.decode()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def test_issue_token_command_prints_a_working_token(client, bert):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("issue_token", bert.email, stdout=out)
    raw = out.getvalue().strip()
    assert (
        client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").json()["email"] == bert.email
    )


def test_a_curator_adds_a_synonym_on_the_tags_page(client_for, curator, bert):
    lca = services.add_tag("levenscyclusanalyse", by=bert)
    client_for(curator).post(
        reverse("accounts:add_synonym"), {"tag": "levenscyclusanalyse", "name": "LCA"}
    )
    assert services.add_tag("lca", by=bert) == lca


def test_a_synonym_for_an_unknown_tag_is_refused_with_a_message(client_for, curator):
    response = client_for(curator).post(
        reverse("accounts:add_synonym"), {"tag": "bestaat-niet", "name": "BN"}, follow=True
    )
    assert "bestaat-niet" in response.content.decode()
    from gilde.accounts.models import TagSynonym

    assert not TagSynonym.objects.exists()
