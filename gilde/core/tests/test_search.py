"""Search: stemming, visibility inside the query, people, filters, bad input, the page and the API.

Bert (member) writes, Anke coordinates, Gea is a guest and Otto an outsider;
the suite runs on SQLite (FTS5) and on PostgreSQL (tsvector) alike.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from gilde.accounts import services as accounts_services
from gilde.accounts.models import Tag
from gilde.core import access, search
from gilde.core.errors import Invalid
from gilde.core.models import SearchAudience, SearchDocument
from gilde.core.testing import make_membership, make_network, make_tag, make_user
from gilde.knowledge import services as knowledge
from gilde.knowledge.models import Article
from gilde.networks import services as network_services

FERMENTATION = "Bij het fermenteren ontstaat melkzuur. Wij hebben de vezels eerst gefermenteerd."


def found(user, query: str, **filters) -> list[tuple[str, int]]:
    access.forget_memberships(user)
    return [(hit.kind, hit.object_id) for hit in search.search(user, query, **filters).hits]


def article(network, author, title="Vezels uit gras", body=FERMENTATION, **fields):
    fields.setdefault("publish", True)
    return knowledge.create_article(network, by=author, title=title, body=body, **fields)


# -- stemming ----------------------------------------------------------------


def test_fermentatie_finds_an_article_that_says_gefermenteerd(network, bert):
    written = article(network, bert, body="De vezels zijn eerst gefermenteerd.")
    assert found(bert, "fermentatie") == [("article", written.pk)]


def test_bioplastics_finds_bioplastic(network, bert):
    written = article(network, bert, title="Verpakking", body="Een folie van bioplastic.")
    assert found(bert, "bioplastics") == [("article", written.pk)]
    assert found(bert, "Bioplastic") == [("article", written.pk)]


def test_diacritics_and_case_do_not_matter(network, bert):
    written = article(network, bert, title="De Coöperatie", body="Samen sterk.")
    assert found(bert, "cooperatie") == [("article", written.pk)]
    assert found(bert, "COÖPERATIES") == [("article", written.pk)]


def test_every_word_of_the_query_must_match(network, bert):
    written = article(network, bert)
    assert found(bert, "vezels melkzuur") == [("article", written.pk)]
    assert found(bert, "vezels koolstof") == []


def test_documents_and_queries_are_stemmed_the_same_way():
    assert "fermenteer" in search.stem_text("gefermenteerd").split()
    assert "fermenteer" in search.stem_text("fermentatie").split()
    assert [t.word for t in search.parse_query("Bioplastics, bioplastics!")] == ["bioplastics"]


# -- visibility --------------------------------------------------------------


def test_a_network_article_is_found_by_members_only(network, anke, bert, gea, otto):
    written = article(network, bert)
    for user, finds in ((anke, True), (bert, True), (gea, False), (otto, False), (None, False)):
        assert (found(user, "melkzuur") == [("article", written.pk)]) is finds, user


def test_a_public_article_is_found_logged_out(network, bert, otto):
    written = article(network, bert, visibility="public")
    assert found(None, "melkzuur") == [("article", written.pk)]
    assert found(otto, "melkzuur") == [("article", written.pk)]


def test_a_public_article_in_a_hidden_network_is_for_its_members(network, anke, bert, otto):
    written = article(network, bert, visibility="public")
    network_services.update_network(network, by=anke, visibility="hidden")
    assert found(otto, "melkzuur") == []
    assert found(None, "melkzuur") == []
    assert found(bert, "melkzuur") == [("article", written.pk)]
    network_services.update_network(network, by=anke, visibility="listed")
    assert found(None, "melkzuur") == [("article", written.pk)]


def test_a_circle_article_is_found_by_the_circle_and_the_author(network, anke, bert):
    other = make_user("Cor Anders")
    make_membership(other, network)
    written = article(network, bert, visibility="circle", circle=[anke.pk])
    assert found(anke, "melkzuur") == [("article", written.pk)]
    assert found(bert, "melkzuur") == [("article", written.pk)]
    assert found(other, "melkzuur") == []


def test_a_circle_member_who_left_no_longer_finds_it(network, anke, bert):
    other = make_user("Cor Anders")
    make_membership(other, network)
    article(network, bert, visibility="circle", circle=[other.pk])
    network_services.leave(network, by=other)
    assert found(other, "melkzuur") == []


def test_a_draft_is_found_by_its_authors_only(network, anke, bert, gea):
    other = make_user("Cor Anders")
    make_membership(other, network)
    draft = article(network, bert, publish=False, coauthors=[anke.pk], visibility="public")
    assert found(bert, "melkzuur") == [("article", draft.pk)]
    assert found(anke, "melkzuur") == [("article", draft.pk)]  # co-author
    assert found(other, "melkzuur") == []
    assert found(None, "melkzuur") == []
    knowledge.publish_article(draft, by=bert)
    assert found(None, "melkzuur") == [("article", draft.pk)]


def test_content_of_another_network_is_not_found(network, bert):
    elsewhere = make_network("Groene Chemie Emmen")
    pia = make_user("Pia Partner")
    make_membership(pia, elsewhere, role="coordinator")
    article(elsewhere, pia, body="Melkzuur uit suikerbiet.")
    assert found(bert, "melkzuur") == []
    assert found(pia, "melkzuur") != []


def test_questions_are_found_by_their_answers_and_sessions_by_their_description(
    network, anke, bert
):
    question = knowledge.ask_question(network, by=bert, title="Wie kan vezels testen?")
    knowledge.answer_question(question, by=anke, body="Ons lab meet de treksterkte.")
    session = knowledge.create_session(
        network,
        by=anke,
        title="Workshop",
        description="Zelf biocomposieten persen.",
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=2),
    )
    assert found(bert, "treksterkte") == [("question", question.pk)]
    assert found(bert, "biocomposiet") == [("session", session.pk)]


# -- people ------------------------------------------------------------------


def test_a_members_expertise_is_found_by_members_of_the_same_network(
    network, anke, bert, gea, otto
):
    accounts_services.add_expertise(bert, "biocomposieten", "expert", by=bert)
    assert found(anke, "biocomposieten") == [("person", bert.pk)]
    assert found(otto, "biocomposieten") == []
    assert found(gea, "biocomposieten") == []
    assert found(None, "biocomposieten") == []


def test_people_are_found_by_name_headline_organisation_and_offers(network, anke, bert):
    accounts_services.update_profile(bert, by=bert, headline="Procesingenieur extrusie")
    accounts_services.add_profile_item(bert, "offer", "Advies over spuitgieten", [], by=bert)
    assert ("person", bert.pk) in found(anke, "Kuipers")
    assert found(anke, "extrusie") == [("person", bert.pk)]
    assert found(anke, "Groenvezel") == [("person", bert.pk)]
    assert found(anke, "spuitgieten") == [("person", bert.pk)]


def test_someone_who_leaves_is_no_longer_found_and_guests_never_are(network, anke, bert, gea):
    accounts_services.add_expertise(bert, "composiet", "expert", by=bert)
    accounts_services.add_expertise(gea, "composiet", "expert", by=gea)
    assert found(anke, "composiet") == [("person", bert.pk)]
    network_services.leave(network, by=bert)
    assert found(anke, "composiet") == []


def test_a_person_is_found_in_each_of_their_networks(network, anke, bert):
    elsewhere = make_network("Groene Chemie Emmen", join_policy="open")
    network_services.join(elsewhere, by=bert)
    accounts_services.add_expertise(bert, "composiet", "expert", by=bert)
    assert SearchDocument.objects.filter(kind="person", object_id=bert.pk).count() == 2
    assert found(anke, "composiet") == [("person", bert.pk)]
    hit = search.search(anke, "composiet").hits[0]
    assert hit.url == f"/n/{network.slug}/members/{bert.pk}/"


# -- filters -----------------------------------------------------------------


def test_filters_by_kind_tag_author_network_and_date(network, anke, bert):
    by_bert = article(network, bert, tags=["Vezels"])
    by_anke = article(network, anke, title="Melkzuur", body="Over melkzuur.", tags=["zuren"])
    question = knowledge.ask_question(network, by=bert, title="Melkzuur uit gras?")
    everything = {("article", by_bert.pk), ("article", by_anke.pk), ("question", question.pk)}
    assert set(found(anke, "melkzuur")) == everything
    assert set(found(anke, "melkzuur", kinds=["question"])) == {("question", question.pk)}
    assert found(anke, "melkzuur", tag="vezels") == [("article", by_bert.pk)]
    assert found(anke, "melkzuur", tag="Zuren") == [("article", by_anke.pk)]
    assert found(anke, "melkzuur", tag="bestaat-niet") == []
    assert set(found(anke, "melkzuur", author_id=bert.pk)) == {
        ("article", by_bert.pk),
        ("question", question.pk),
    }
    assert set(found(anke, "melkzuur", network_id=network.pk)) == everything
    assert found(anke, "melkzuur", network_id=network.pk + 1000) == []
    now = timezone.now()
    assert set(found(anke, "melkzuur", since=now - timedelta(hours=1))) == everything
    assert found(anke, "melkzuur", until=now - timedelta(hours=1)) == []
    assert found(anke, "melkzuur", since=now + timedelta(hours=1)) == []


def test_an_unknown_kind_is_refused(network, bert):
    with pytest.raises(Invalid):
        search.search(bert, "melkzuur", kinds=["recipe"])


def test_results_are_ranked_and_paged(network, bert):
    for n in range(5):
        article(network, bert, title=f"Notitie {n}", body="Iets over vezels.")
    best = article(network, bert, title="Vezels", body="Vezels, vezels en nog eens vezels.")
    results = search.search(bert, "vezels", limit=2)
    assert results.total == 6
    assert results.hits[0].object_id == best.pk
    assert results.hits[0].score >= results.hits[1].score
    later = search.search(bert, "vezels", limit=2, offset=4)
    assert later.total == 6 and len(later.hits) == 2
    assert search.search(bert, "vezels", limit=2, offset=50).total == 6


# -- the index follows the content in the same transaction ------------------


def test_the_index_changes_with_the_content(network, bert):
    written = article(network, bert)
    assert found(bert, "melkzuur") == [("article", written.pk)]
    knowledge.update_article(written, by=bert, body="Nu over zetmeel.")
    assert found(bert, "melkzuur") == []
    assert found(bert, "zetmeel") == [("article", written.pk)]
    knowledge.delete_article(written, by=bert)
    assert found(bert, "zetmeel") == []
    assert not SearchDocument.objects.exists()
    assert not SearchAudience.objects.exists()


def test_a_rolled_back_write_leaves_nothing_in_the_index(network, bert):
    with pytest.raises(RuntimeError), transaction.atomic():
        article(network, bert)
        assert found(bert, "melkzuur")  # inside the transaction it is there
        raise RuntimeError("something later failed")
    assert not SearchDocument.objects.exists()
    assert found(bert, "melkzuur") == []


def test_search_reindex_rebuilds_the_index(network, bert, capsys):
    written = article(network, bert)
    gone = article(network, bert, title="Weg", body="Verdwijnt buiten de services om.")
    accounts_services.add_expertise(bert, "composiet", "expert", by=bert)
    SearchDocument.objects.update(title="verouderd")
    search.remove("article", written.pk)
    Article.objects.filter(pk=gone.pk).delete()
    call_command("search_reindex")
    output = capsys.readouterr().out
    assert "article: 1 document" in output and "person: 1 document" in output
    assert found(bert, "melkzuur") == [("article", written.pk)]
    assert found(bert, "verdwijnt") == []
    assert not SearchDocument.objects.filter(title="verouderd").exists()
    call_command("search_reindex", kind=["article"])
    assert SearchDocument.objects.filter(kind="article").count() == 1


def test_deleting_a_person_or_a_network_outside_the_services_empties_the_index(network, anke, bert):
    accounts_services.add_expertise(bert, "composiet", "expert", by=bert)
    article(network, anke, visibility="public")
    bert.delete()
    assert found(anke, "composiet") == []
    network.delete()
    assert found(None, "melkzuur") == []
    assert not SearchDocument.objects.exists()


def test_merging_tags_updates_the_people_who_have_them(network, anke, bert):
    accounts_services.add_expertise(bert, "PLA", "expert", by=bert)
    source, target = Tag.objects.get(name="PLA"), make_tag("polymelkzuur")
    curator = make_user("Beheer Woordenlijst", is_superuser=True)
    accounts_services.merge_tags(source, target, by=curator)
    assert found(anke, "polymelkzuur") == [("person", bert.pk)]


def test_renaming_an_organisation_updates_its_people(network, anke, bert):
    organisation = bert.organisations.get()
    accounts_services.update_organisation(organisation, by=bert, name="Vlasvezel Noord B.V.")
    assert found(anke, "vlasvezel") == [("person", bert.pk)]


# -- bad input ---------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "   ", "?!.,;:-", "***", '""', "(((", "-- ; --"])
def test_a_query_without_words_gets_a_message(query, network, bert):
    with translation.override("en"), pytest.raises(Invalid) as refused:
        search.search(bert, query)
    assert "Type one or more words" in str(refused.value.message)
    assert refused.value.field == "q"


def test_a_very_long_query_gets_a_message(network, bert):
    with translation.override("en"), pytest.raises(Invalid) as refused:
        search.search(bert, "vezels " * 715)
    assert "too long" in str(refused.value.message)


def test_too_many_words_get_a_message(network, bert):
    with pytest.raises(Invalid):
        search.search(bert, " ".join(f"woord{n}" for n in range(search.MAX_TERMS + 1)))


@pytest.mark.parametrize(
    "query",
    [
        'vezels"',
        "vezel*",
        "NEAR(vezels melkzuur)",
        "vezels AND OR NOT melkzuur",
        "title:vezels",
        "^vezels",
        "-vezels",
        "vezels & | ! melkzuur",
        "'vezels'",
        "vezels:*",
        "\\'); DROP TABLE core_searchdocument; --",
        "{vezels}",
    ],
)
def test_search_syntax_in_a_query_is_just_words(query, network, bert):
    article(network, bert, title="Vezels", body="Vezels en melkzuur; not near and or.")
    search.search(bert, query)  # never raises
    assert SearchDocument.objects.count() == 1


# -- snippets ----------------------------------------------------------------


def test_the_snippet_marks_the_matched_words_and_escapes_the_rest(network, bert):
    body = "Inleiding. " + "Tekst zonder belang. " * 30 + "Let op: <b>vet</b> & gefermenteerd spul."
    article(network, bert, body=body)
    snippet = search.search(bert, "fermentatie").hits[0].snippet
    assert "<mark>gefermenteerd</mark>" in snippet
    assert "&lt;b&gt;vet&lt;/b&gt; &amp;" in snippet
    assert "<b>" not in snippet
    assert snippet.startswith("…")


def test_a_snippet_marks_each_form_of_a_word():
    terms = search.parse_query("vezel")
    snippet = search.snippet("Vezels, VEZEL en vezelplaat <script>", terms)
    assert snippet == "<mark>Vezels</mark>, <mark>VEZEL</mark> en vezelplaat &lt;script&gt;"


# -- the page and the API ----------------------------------------------------


def test_the_search_page_shows_hits_with_snippets(network, bert, client_for):
    article(network, bert, title="Vezels uit gras")
    response = client_for(bert).get("/search/", {"q": "fermentatie"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vezels uit gras" in page
    assert "<mark>gefermenteerd</mark>" in page
    assert network.name in page


def test_the_search_page_works_logged_out_and_shows_only_public_things(network, bert):
    article(network, bert, title="Openbaar stuk", visibility="public")
    article(network, bert, title="Intern stuk")
    page = Client().get("/search/", {"q": "melkzuur"}).content.decode()
    assert "Openbaar stuk" in page
    assert "Intern stuk" not in page


@pytest.mark.parametrize(
    "query, expected",
    [("x" * 5000, "too long"), ("?!?!", "Type one or more words"), ('"NEAR(*', "Nothing found")],
)
def test_the_search_page_never_fails_on_bad_input(query, expected, network, bert, client_for):
    response = client_for(bert).get("/search/", {"q": query}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_the_search_page_filters(network, bert, client_for):
    article(network, bert, title="Vezelartikel")
    knowledge.ask_question(network, by=bert, title="Melkzuur uit gras?")
    client = client_for(bert)
    page = client.get("/search/", {"q": "melkzuur", "kind": "question"}).content.decode()
    assert "Melkzuur uit gras?" in page and "Vezelartikel" not in page
    page = client.get("/search/", {"q": "melkzuur", "since": "2001-01-01", "until": "2001-12-31"})
    assert "Vezelartikel" not in page.content.decode()
    page = client.get("/search/", {"q": "melkzuur", "network": network.slug}).content.decode()
    assert "Vezelartikel" in page
    page = client.get("/search/", {"q": "melkzuur", "author": bert.pk}).content.decode()
    assert "Vezelartikel" in page and "Bert Kuipers" in page
    page = client.get("/search/", {"q": "melkzuur", "network": "bestaat-niet"})
    assert page.status_code == 200 and "Vezelartikel" not in page.content.decode()


def test_the_search_page_uses_a_fixed_number_of_queries(network, bert, client_for):
    client = client_for(bert)

    def queries_for(count: int) -> int:
        existing = SearchDocument.objects.filter(kind="article").count()
        for n in range(count - existing):
            article(network, bert, title=f"Stuk {n}", tags=["vezels"])
        with CaptureQueriesContext(connection) as context:
            response = client.get("/search/", {"q": "melkzuur"})
        assert response.status_code == 200
        assert min(count, 20) == response.content.decode().count('class="card search-result"')
        return len(context.captured_queries)

    assert queries_for(10) == queries_for(50)


def test_the_api_searches_with_the_same_rules(network, bert, client_for):
    written = article(network, bert, title="Vezels uit gras")
    response = client_for(bert).get("/api/v1/search", {"q": "fermentatie"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    hit = body["results"][0]
    assert (hit["kind"], hit["id"], hit["network"]) == ("article", written.pk, network.slug)
    assert "<mark>gefermenteerd</mark>" in hit["snippet"]
    assert hit["url"] == f"/n/{network.slug}/articles/{written.pk}/"
    anonymous = Client().get("/api/v1/search", {"q": "fermentatie"})
    assert anonymous.status_code == 200 and anonymous.json()["count"] == 0


def test_the_api_filters_and_pages(network, bert, client_for):
    article(network, bert)
    question = knowledge.ask_question(network, by=bert, title="Melkzuur uit gras?")
    client = client_for(bert)
    body = client.get("/api/v1/search", {"q": "melkzuur", "kind": "question"}).json()
    assert [r["id"] for r in body["results"]] == [question.pk]
    body = client.get("/api/v1/search", {"q": "melkzuur", "page_size": 1, "page": 2}).json()
    assert body["count"] == 2 and len(body["results"]) == 1
    assert body["previous"].endswith("/api/v1/search?q=melkzuur&page_size=1&page=1")
    assert body["next"] is None
    assert client.get("/api/v1/search", {"q": "melkzuur", "page": 3}).status_code == 400


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 5000},
        {"q": "?!?!"},
        {"q": ""},
        {},
        {"q": "vezels", "kind": "recept"},
        {"q": "vezels", "since": "gisteren"},
        {"q": "vezels", "page_size": 1000},
        {"q": "vezels", "page": 0},
        {"q": "vezels", "page": 501},
        {"q": "vezels", "author": "99999999999999999999"},
    ],
)
def test_the_api_answers_bad_input_with_400_and_a_message(params, network, bert, client_for):
    response = client_for(bert).get("/api/v1/search", params)
    assert response.status_code == 400
    assert response.json()["message"]


def test_dates_on_the_page_mean_whole_local_days(network, bert, client_for):
    written = article(network, bert)
    day = timezone.localtime(written.published_at).date().isoformat()
    page = client_for(bert).get("/search/", {"q": "melkzuur", "since": day, "until": day})
    assert "Vezels uit gras" in page.content.decode()
    assert isinstance(written.published_at, datetime)
