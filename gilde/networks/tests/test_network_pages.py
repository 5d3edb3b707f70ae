import pytest
from django.urls import reverse

from gilde.core.testing import make_network


@pytest.mark.django_db
def test_directory_lists_listed_networks_only(client):
    make_network("Zichtbaar Netwerk")
    make_network("Via Link", visibility="unlisted")
    make_network("Geheim Netwerk", visibility="hidden")
    response = client.get(reverse("networks:directory"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Zichtbaar Netwerk" in content
    assert "Via Link" not in content and "Geheim Netwerk" not in content


def test_hidden_network_answers_404_to_outsiders(client_for, otto):
    hidden = make_network("Geheim", visibility="hidden")
    response = client_for(otto).get(reverse("networks:home", args=[hidden.slug]))
    assert response.status_code == 404


def test_member_directory_shows_members_in_dutch(client_for, network, anke, bert):
    response = client_for(anke).get(reverse("networks:members", args=[network.slug]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Bert Kuipers" in content and "Leden" in content


@pytest.mark.django_db
def test_network_home_shows_partners_on_both_sides(client):
    from gilde.networks.models import PartnerLink

    noord = make_network("Noord")
    emmen = make_network("Emmen")
    PartnerLink.objects.create(from_network=noord, to_network=emmen, status="accepted")
    for network, partner in ((noord, "Emmen"), (emmen, "Noord")):
        content = client.get(reverse("networks:home", args=[network.slug])).content.decode()
        assert "Coördinatie met andere initiatieven" in content
        assert f">{partner}</a>" in content


@pytest.mark.django_db
def test_a_hidden_partner_is_not_revealed_on_the_page(client):
    from gilde.networks.models import PartnerLink

    noord = make_network("Noord")
    geheim = make_network("Geheime Kring", visibility="hidden")
    PartnerLink.objects.create(from_network=noord, to_network=geheim, status="accepted")
    content = client.get(reverse("networks:home", args=[noord.slug])).content.decode()
    assert "Geheime Kring" not in content


def test_demoting_the_last_coordinator_on_the_page_shows_why(client_for, network, anke):
    from gilde.networks.models import Membership

    membership = Membership.objects.get(user=anke)
    response = client_for(anke).post(
        reverse("networks:change_member", args=[network.slug, membership.pk]),
        {"role": "member"},
        follow=True,
    )
    assert "coördinator" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "coordinator"


def test_member_directory_searches_and_filters(client_for, network, anke, bert):
    from gilde.accounts.services import add_expertise

    add_expertise(bert, "fermentatie", "expert", by=bert)
    client = client_for(anke)
    url = reverse("networks:members", args=[network.slug])
    assert "Bert Kuipers" in client.get(url, {"q": "ferment"}).content.decode()
    assert "Bert Kuipers" not in client.get(url, {"q": "logistiek"}).content.decode()
    by_tag = client.get(url, {"expertise": "fermentatie"}).content.decode()
    assert "Bert Kuipers" in by_tag and "Anke Dijkstra" not in by_tag


def test_unknown_filter_values_are_explained_not_an_error(client_for, network, anke):
    url = reverse("networks:members", args=[network.slug])
    response = client_for(anke).get(url, {"expertise": "bestaat-niet", "organisation": "x"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_guests_do_not_see_the_member_directory(client_for, network, gea):
    assert client_for(gea).get(reverse("networks:members", args=[network.slug])).status_code == 404


def test_asking_to_join_from_the_page(client_for, network, anke, otto):
    from gilde.networks.models import JoinRequest

    response = client_for(otto).post(
        reverse("networks:join", args=[network.slug]), {"motivation": "Graag"}, follow=True
    )
    assert response.status_code == 200
    assert JoinRequest.objects.get(user=otto).motivation == "Graag"


def test_member_directory_finds_people_by_a_synonym_of_their_tag(client_for, network, anke, bert):
    from gilde.accounts.models import Tag, TagSynonym
    from gilde.accounts.services import add_expertise, add_profile_item

    add_expertise(bert, "biopolymeren", "expert", by=bert)
    TagSynonym.objects.create(tag=Tag.objects.get(name="biopolymeren"), name="bioplastics")
    client = client_for(anke)
    url = reverse("networks:members", args=[network.slug])
    found = client.get(url, {"q": "Bioplastics"}).content.decode()
    assert "Bert Kuipers" in found and "Anke Dijkstra" not in found
    # The tags of an offer count too, by name or synonym.
    add_profile_item(anke, "offer", "Proefmonsters", ["biopolymeren"], by=anke)
    assert "Anke Dijkstra" in client.get(url, {"q": "bioplastic"}).content.decode()


def test_the_join_form_asks_on_behalf_of_whom_only_when_there_is_a_choice(
    client_for, network, otto
):
    from gilde.accounts.models import Affiliation
    from gilde.core.testing import make_organisation

    url = reverse("networks:join", args=[network.slug])
    client = client_for(otto)
    assert '<select name="organisation"' not in client.get(url).content.decode()
    Affiliation.objects.create(user=otto, organisation=make_organisation("Vezelwerk B.V."))
    page = client.get(url).content.decode()
    assert '<select name="organisation"' in page and "Vezelwerk B.V." in page


def test_logged_out_join_offers_an_account_button_that_comes_back(client, network):
    url = reverse("networks:join", args=[network.slug])
    login = client.get(url, follow=True)
    assert login.resolver_match.url_name == "account_login"
    page = login.content.decode()
    signup = reverse("account_signup") + "?next=" + url
    assert f'class="button button--secondary" href="{signup}"' in page
    assert "Account aanmaken" in page


def test_invitation_step_one_says_who_invited_you(client, network, anke):
    from gilde.networks import services

    invitation = services.create_invitation(network, by=anke)
    signup = client.get(reverse("networks:invitation", args=[invitation.token]), follow=True)
    assert signup.resolver_match.url_name == "account_signup"
    assert f"{anke.display_name} nodigt je uit" in signup.content.decode()


def _directory(client, network, **query):
    return client.get(reverse("networks:members", args=[network.slug]), query).content.decode()


def test_member_directory_finds_an_organisation_typed_or_by_id(client_for, network, anke, bert):
    from gilde.core.testing import make_organisation
    from gilde.networks.models import Membership

    drukker = make_organisation("Drukkerij Noord")
    Membership.objects.filter(network=network, user=bert).update(organisation=drukker)
    client = client_for(anke)
    for typed in ("drukkerij noord", str(drukker.pk)):
        page = _directory(client, network, organisation=typed)
        assert "Bert Kuipers" in page and "Anke Dijkstra" not in page, typed
        # Found by its id (a link, the API's form), the field shows the name.
        assert 'value="Drukkerij Noord"' in page


def test_an_organisation_nobody_here_works_for_is_explained_and_the_rest_applies(
    client_for, network, anke, bert
):
    from gilde.core.testing import make_membership, make_network, make_organisation, make_user

    elsewhere = make_organisation("Elders B.V.")
    make_membership(make_user("Els Elders"), make_network("Ander"), organisation=elsewhere)
    page = _directory(client_for(anke), network, organisation="Elders B.V.", q="Kuipers")
    assert "Niemand hier werkt bij ‘Elders B.V.’" in page
    assert "Bert Kuipers" in page and "Anke Dijkstra" not in page


def test_member_directory_finds_expertise_by_name_slug_or_synonym(client_for, network, anke, bert):
    from gilde.accounts.models import TagSynonym
    from gilde.accounts.services import add_expertise

    expertise = add_expertise(bert, "Biocomposieten", "expert", by=bert)
    TagSynonym.objects.create(tag=expertise.tag, name="Natural fibre composites")
    client = client_for(anke)
    for typed in ("biocomposieten", "Biocomposieten", "natural fibre composites"):
        page = _directory(client, network, expertise=typed)
        assert "Bert Kuipers" in page and "Anke Dijkstra" not in page, typed
        assert 'value="Biocomposieten"' in page


def test_the_directory_suggests_only_what_its_own_people_have(client_for, network, anke, bert):
    from gilde.accounts.services import add_expertise
    from gilde.core.testing import make_membership, make_network, make_organisation, make_user
    from gilde.networks.models import Membership

    ours = make_organisation("Vlasbank Groningen")
    theirs = make_organisation("Vlaswerk Twente")
    Membership.objects.filter(network=network, user=bert).update(organisation=ours)
    stranger = make_user("Stan Vreemd")
    make_membership(stranger, make_network("Ander netwerk"), organisation=theirs)
    add_expertise(bert, "vlasverwerking", "expert", by=bert)
    add_expertise(stranger, "vlasteelt", "expert", by=stranger)
    client = client_for(anke)
    url = reverse("networks:member_suggestions", args=[network.slug])

    answer = client.get(url, {"field": "organisation", "organisation": "vlas"}).json()
    assert answer["suggestions"] == ["Vlasbank Groningen"]
    answer = client.get(url, {"field": "expertise", "expertise": "VLAS"}).json()
    assert answer["suggestions"] == ["vlasverwerking"]
    options = client.get(
        url, {"field": "organisation", "organisation": "vlas"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert options == '<option value="Vlasbank Groningen"></option>'
    assert client.get(url, {"field": "password"}).status_code == 404
    # Before typing (the field got the focus): the most common ones.
    assert client.get(url, {"field": "organisation"}).json()["suggestions"] == [
        "Vlasbank Groningen"
    ]
    assert client.get(url, {"field": "expertise"}).json()["suggestions"] == ["vlasverwerking"]


def test_the_suggestions_stay_few_and_most_common_first(client_for, network, anke, bert):
    from gilde.core.testing import make_membership, make_organisation, make_user
    from gilde.networks.models import SUGGESTIONS, Membership

    for n in range(SUGGESTIONS + 5):
        make_membership(make_user(f"Lid {n}"), network, organisation=make_organisation())
    zuivel = make_organisation("Zuivelfabriek Zuid")
    Membership.objects.filter(network=network, user__in=[anke, bert]).update(organisation=zuivel)
    client = client_for(anke)
    url = reverse("networks:member_suggestions", args=[network.slug])
    names = client.get(url, {"field": "organisation"}).json()["suggestions"]
    assert len(names) == SUGGESTIONS and names[0] == "Zuivelfabriek Zuid"
    # The page carries none: its cost does not grow with the network.
    page = _directory(client, network)
    assert '<datalist id="id_organisation-suggestions"></datalist>' in page
