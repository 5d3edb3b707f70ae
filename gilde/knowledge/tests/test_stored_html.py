"""Markdown is rendered once, when it is written, and pages show the stored HTML.

A long or pathological body takes a second or more to parse; rendering it on
every view made each view that slow. The services fill `<field>_html` on every
write, a data migration filled it for existing rows, the admin and the demo data
fill it too, and `manage.py knowledge_render` redoes every row.
"""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.contrib import admin
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from gilde.core import search
from gilde.knowledge import services
from gilde.knowledge.models import Answer, Article, Question, Session

BODY = "Eerst **goed** drogen. <script>alert(1)</script>"
HTML = "<p>Eerst <strong>goed</strong> drogen. &lt;script&gt;alert(1)&lt;/script&gt;</p>\n"


def url(name, network, *args):
    return reverse(f"knowledge:{name}", args=[network.slug, *args])


@pytest.fixture
def written(network, anke, bert):
    starts = timezone.now() + timedelta(days=2)
    question = services.ask_question(network, by=anke, title="Hoe drogen?", body=BODY)
    return {
        "article": services.create_article(network, by=bert, title="Drogen", body=BODY),
        "question": question,
        "answer": services.answer_question(question, by=bert, body=BODY),
        "session": services.create_session(
            network, by=anke, title="Droogdag", description=BODY, materials=BODY,
            starts_at=starts, ends_at=starts + timedelta(hours=2),
        ),
    }  # fmt: skip


@pytest.fixture
def no_rendering(monkeypatch):
    """Make any rendering at view time fail loudly."""

    def refuse(text):
        raise AssertionError("Markdown was rendered while showing a page")

    monkeypatch.setattr("gilde.knowledge.models.render", refuse)
    monkeypatch.setattr("gilde.core.markdown.render", refuse)


def stored(written) -> dict:
    return {
        "article": Article.objects.get(pk=written["article"].pk).body_html,
        "question": Question.objects.get(pk=written["question"].pk).body_html,
        "answer": Answer.objects.get(pk=written["answer"].pk).body_html,
        "description": Session.objects.get(pk=written["session"].pk).description_html,
        "materials": Session.objects.get(pk=written["session"].pk).materials_html,
    }


def test_the_services_store_the_sanitised_html(written):
    assert stored(written) == dict.fromkeys(
        ["article", "question", "answer", "description", "materials"], HTML
    )


def test_an_edit_stores_the_new_html(network, anke, bert, written):
    services.update_article(written["article"], by=bert, body="*Nieuw*")
    services.update_question(written["question"], by=anke, body="*Nieuw*")
    services.update_session(written["session"], by=anke, materials="*Nieuw*")
    found = stored(written)
    assert found["article"] == found["question"] == found["materials"] == "<p><em>Nieuw</em></p>\n"
    assert found["description"] == HTML  # not changed, not rendered again


def test_pages_and_the_api_show_the_stored_html_without_rendering(
    client_for, network, anke, bert, written, no_rendering
):
    services.publish_article(written["article"], by=bert)
    browser = client_for(anke)
    for kind in ("article", "question", "session"):
        page = browser.get(url(kind, network, written[kind].pk))
        assert page.status_code == 200
        assert "<strong>goed</strong>" in page.content.decode(), kind
    api = f"/api/v1/networks/{network.slug}"
    article = browser.get(f"{api}/articles/{written['article'].pk}").json()
    question = browser.get(f"{api}/questions/{written['question'].pk}").json()
    session = browser.get(f"{api}/sessions/{written['session'].pk}").json()
    assert article["body_html"] == question["body_html"] == HTML
    assert question["answers"][0]["body_html"] == HTML
    assert session["description_html"] == session["materials_html"] == HTML


def test_a_row_without_stored_html_is_rendered_when_shown(client_for, network, anke, written):
    Question.objects.filter(pk=written["question"].pk).update(body_html="")
    page = client_for(anke).get(url("question", network, written["question"].pk))
    assert "<strong>goed</strong>" in page.content.decode()


def test_the_migration_renders_the_rows_that_exist(written):
    for model in (Article, Question, Answer):
        model.objects.update(body_html="")
    Session.objects.update(description_html="", materials_html="")
    migration = importlib.import_module("gilde.knowledge.migrations.0003_render_stored_markdown")
    migration.render_existing(django_apps, None)
    assert set(stored(written).values()) == {HTML}


def test_knowledge_render_renders_every_row_again(written, capsys):
    Article.objects.update(body_html="<p>oud</p>")
    Session.objects.update(materials_html="")
    call_command("knowledge_render")
    assert set(stored(written).values()) == {HTML}
    assert "knowledge.Article: 1 rendered" in capsys.readouterr().out


def test_an_edit_in_the_admin_stores_the_html(written, anke):
    article = Article.objects.get(pk=written["article"].pk)
    article.body = "*Beheer*"
    request = RequestFactory().post("/")
    request.user = anke
    admin.site._registry[Article].save_model(request, article, form=None, change=True)
    assert Article.objects.get(pk=article.pk).body_html == "<p><em>Beheer</em></p>\n"


def test_search_reads_the_text_from_the_stored_html(network, bert, written, no_rendering):
    services.publish_article(written["article"], by=bert)
    search.refresh("article", written["article"].pk)
    hits = search.search(bert, "drogen", kinds=["article"]).hits
    assert [hit.object_id for hit in hits] == [written["article"].pk]
    assert "<mark>drogen</mark>. &lt;script&gt;" in hits[0].snippet
