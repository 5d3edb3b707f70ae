"""Articles through the pages, as members write, publish, edit and read them.

Bert (member) writes; Anke (coordinator) reads and comments; Gea is a guest,
Otto an outsider.
"""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from gilde.core.testing import make_membership, make_user
from gilde.knowledge import services
from gilde.knowledge.models import Article, Comment, Follow


def url(name, network, *args):
    return reverse(f"knowledge:{name}", args=[network.slug, *args])


def said(text: str) -> str:
    """`text` as the (Dutch) page shows it, whether or not it is translated yet."""
    with translation.override("nl"):
        return escape(translation.gettext(text))


def new_article(client, network, **fields):
    data = {
        "kind": "how-to",
        "title": "Vezels drogen",
        "summary": "Zo droog je hennepvezels.",
        "body": "Eerst **goed** uitspreiden.",
        "visibility": "network",
        "tags_text": "vezels, drogen",
        "action": "draft",
        **fields,
    }
    return client.post(url("article_new", network), data)


@pytest.fixture
def published(network, bert):
    return services.create_article(
        network, by=bert, title="Hennep oogsten", body="Met een *maaier*.", publish=True
    )


def test_a_member_writes_a_draft_that_only_they_see_then_publishes_it(
    client_for, network, anke, bert
):
    response = new_article(client_for(bert), network)
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == url(
        "article", network, article.pk
    )
    assert article.status == "draft" and article.kind == "how-to"
    assert sorted(t.name for t in article.tags.all()) == ["drogen", "vezels"]

    assert client_for(anke).get(url("article", network, article.pk)).status_code == 404
    assert "Vezels drogen" not in client_for(anke).get(url("articles", network)).content.decode()

    client_for(bert).post(url("article_publish", network, article.pk))
    page = client_for(anke).get(url("article", network, article.pk))
    assert page.status_code == 200
    assert "<strong>goed</strong>" in page.content.decode()


def test_publishing_at_once_from_the_form(client_for, network, anke, bert):
    new_article(client_for(bert), network, action="publish")
    assert Article.objects.get().status == "published"


def test_every_edit_is_in_the_revision_history_with_its_note(client_for, network, anke, bert):
    new_article(client_for(bert), network, action="publish")
    article = Article.objects.get()
    response = client_for(bert).post(
        url("article_edit", network, article.pk),
        {
            "kind": "how-to",
            "title": "Vezels goed drogen",
            "summary": "",
            "body": "Eerst **goed** uitspreiden.\nDan keren.",
            "visibility": "network",
            "tags_text": "vezels",
            "note": "Stap toegevoegd",
        },
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Vezels goed drogen"
    assert [t.name for t in article.tags.all()] == ["vezels"]
    history = client_for(anke).get(url("article_revisions", network, article.pk)).content.decode()
    assert "Stap toegevoegd" in history and "Bert Kuipers" in history
    assert "+Dan keren." in history


def test_editing_someone_elses_article_is_404_and_changes_nothing(
    client_for, network, anke, published
):
    client = client_for(anke)
    assert client.get(url("article_edit", network, published.pk)).status_code == 404
    response = client.post(
        url("article_edit", network, published.pk),
        {"kind": "how-to", "title": "Van Anke", "body": "x", "visibility": "network"},
    )
    assert response.status_code == 404
    published.refresh_from_db()
    assert published.title == "Hennep oogsten" and published.revisions.count() == 1


def test_unpublishing_someone_elses_article_is_refused_with_a_message(
    client_for, network, anke, published
):
    response = client_for(anke).post(
        url("article_publish", network, published.pk), {"action": "unpublish"}, follow=True
    )
    assert said("Only the author can change this.") in response.content.decode()
    published.refresh_from_db()
    assert published.status == "published"


def test_a_coauthor_may_edit(client_for, network, anke, bert):
    article = services.create_article(
        network, by=bert, title="Samen", body="x", coauthors=[anke.pk]
    )
    assert client_for(anke).get(url("article_edit", network, article.pk)).status_code == 200


def test_a_network_article_is_404_for_outsiders_guests_and_anonymous(
    client, client_for, network, gea, otto, published
):
    for browser in (client_for(otto), client_for(gea)):
        assert browser.get(url("article", network, published.pk)).status_code == 404
        assert "Hennep oogsten" not in browser.get(url("articles", network)).content.decode()
    # Logged out, a page that would be 404 is the login page (test_login_instead_of_404.py).
    response = client.get(url("article", network, published.pk))
    assert response["Location"].startswith(reverse("account_login") + "?next=")
    assert "Hennep oogsten" not in client.get(url("articles", network)).content.decode()


def test_anyone_reads_a_public_article_with_its_visibility_in_words(client, network, bert):
    article = services.create_article(
        network, by=bert, title="Open kennis", body="Iedereen mag dit lezen.", visibility="public",
        publish=True,
    )  # fmt: skip
    page = client.get(url("article", network, article.pk)).content.decode()
    assert "Iedereen mag dit lezen." in page
    assert 'class="visibility visibility--public"' in page and said("Public") in page
    assert "Open kennis" in client.get(url("articles", network)).content.decode()


def test_a_network_article_says_who_may_see_it(client_for, network, anke, published):
    page = client_for(anke).get(url("article", network, published.pk)).content.decode()
    badge = page[page.index('class="visibility visibility--network"') :]
    assert badge.index('<svg class="icon"') < badge.index(said("Members of the network"))


def test_the_list_filters_by_kind_and_tag(client_for, network, anke, bert):
    services.create_article(
        network, by=bert, title="Een case", body="x", kind="praktijkcase", tags=["hennep"],
        publish=True,
    )  # fmt: skip
    services.create_article(network, by=bert, title="Een how-to", body="x", kind="how-to",
                            tags=["vlas"], publish=True)  # fmt: skip
    client = client_for(anke)
    by_kind = client.get(url("articles", network), {"kind": "praktijkcase"}).content.decode()
    assert "Een case" in by_kind and "Een how-to" not in by_kind
    by_tag = client.get(url("articles", network), {"tag": "vlas"}).content.decode()
    assert "Een how-to" in by_tag and "Een case" not in by_tag


def test_a_circle_of_someone_outside_the_network_is_refused_and_nothing_saved(
    client_for, network, bert, otto
):
    response = new_article(client_for(bert), network, visibility="circle", circle=[otto.pk])
    assert response.status_code == 200
    assert response.context["form"].errors["circle"]
    assert not Article.objects.exists()


def test_a_circle_without_members_gives_a_clear_message(client_for, network, bert):
    response = new_article(client_for(bert), network, visibility="circle")
    assert said("Choose at least one member for the circle.") in response.content.decode()
    assert not Article.objects.exists()


def test_a_circle_article_is_for_the_chosen_members(client_for, network, anke, bert):
    other = make_user("Ria Anders")
    make_membership(other, network)
    new_article(client_for(bert), network, visibility="circle", circle=[anke.pk], action="publish")
    article = Article.objects.get()
    assert client_for(anke).get(url("article", network, article.pk)).status_code == 200
    assert client_for(other).get(url("article", network, article.pk)).status_code == 404


def test_guests_and_anonymous_cannot_open_the_writing_page(client, client_for, network, gea):
    assert client_for(gea).get(url("article_new", network)).status_code == 404
    response = client.get(url("article_new", network))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_comment_notifies_followers(
    client_for, network, anke, bert, published, mailoutbox, django_capture_on_commit_callbacks
):
    client_for(bert).post(
        url("follow", network), {"kind": "article", "object_id": published.pk, "following": "1"}
    )
    assert Follow.objects.filter(user=bert, article=published).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(anke).post(
            url("comment_add", network),
            {"kind": "article", "object_id": published.pk, "body": "Mooi stuk!"},
        )
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[bert.email]]
    page = client_for(bert).get(url("article", network, published.pk)).content.decode()
    assert "Mooi stuk!" in page and said("Stop following") in page


def test_an_empty_comment_is_refused_and_nothing_saved(client_for, network, anke, published):
    response = client_for(anke).post(
        url("comment_add", network), {"kind": "article", "object_id": published.pk, "body": " "}
    )
    assert response.status_code == 200
    assert response.context["comment_form"].errors
    assert not Comment.objects.exists()


def test_a_guest_may_not_comment_on_a_public_article(client_for, network, bert, gea):
    article = services.create_article(
        network, by=bert, title="Open", body="x", visibility="public", publish=True
    )
    response = client_for(gea).post(
        url("comment_add", network),
        {"kind": "article", "object_id": article.pk, "body": "Hoi"},
    )
    assert response.status_code == 200
    with translation.override("nl"):
        refusal = translation.gettext("Only members of %(network)s can comment.")
    assert escape(refusal % {"network": network}) in response.content.decode()
    assert not Comment.objects.exists()


def test_the_author_deletes_an_article(client_for, network, bert, published):
    response = client_for(bert).post(
        url("article_delete", network, published.pk), {"confirm": "yes"}
    )
    assert response["Location"] == url("articles", network)
    assert not Article.objects.exists()


def test_one_click_on_delete_article_asks_first_and_deletes_nothing(
    client_for, network, bert, published
):
    """Without JavaScript the button's POST shows a question page; only its answer deletes."""
    response = client_for(bert).post(url("article_delete", network, published.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert published.title in page
    assert 'name="confirm" value="yes"' in page
    assert url("article", network, published.pk) in page  # the way back
    assert Article.objects.filter(pk=published.pk).exists()


def test_the_delete_button_asks_in_a_dialog_when_javascript_runs(
    client_for, network, bert, published
):
    page = client_for(bert).get(url("article", network, published.pk)).content.decode()
    assert "data-confirm=" in page
    assert "gilde/confirm.js" in page


def test_the_first_version_is_named_in_the_readers_language(client_for, network, bert, published):
    path = url("article_revisions", network, published.pk)
    assert "Eerste versie" in client_for(bert).get(path).content.decode()
    browser = client_for(bert)
    browser.cookies["django_language"] = "en"
    page = browser.get(path).content.decode()
    assert "First version" in page and "Eerste versie" not in page
