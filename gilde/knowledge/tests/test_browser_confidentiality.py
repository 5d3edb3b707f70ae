"""In a real browser: what a member shares with the network stays in the network.

A member publishes an article for the network only; a member of another network
gets 404 on its URL and does not find it in search; a logged-out visitor finds a
public article of the same network.
"""

import pytest
from django.urls import reverse

from gilde.core import browser
from gilde.core.testing import make_membership, make_network, make_user
from gilde.knowledge import services
from gilde.knowledge.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_network_knowledge_stays_in_the_network(live_server, browser_page, network, bert):
    base = live_server.url
    other_network = make_network("Groene Chemie Emmen")
    otto = make_user("Otto Anders", email="otto.anders@example.test")
    make_membership(otto, other_network)
    services.create_article(
        network, by=bert, title="Open les over vlasvezels", visibility="public", publish=True,
        body="Vlasvezels uit Friesland versterken biocomposieten in de bouw.",
    )  # fmt: skip
    page = browser_page

    # Bert writes and publishes an article for the network only.
    browser.log_in(page, base, bert)
    page.goto(base + reverse("knowledge:article_new", args=[network.slug]))
    form = page.locator("main form:has(textarea[name=body])")
    form.locator("input[name=title]").fill("Recept voor gefermenteerd hennepzaad")
    form.locator("textarea[name=body]").fill(
        "Ons **vertrouwelijke** recept: zaad 48 uur fermenteren."
    )
    form.locator("input[name=visibility][value=network]").check()
    with page.expect_navigation():
        form.locator("button[name=action][value=publish]").click()
    article = Article.objects.get(title="Recept voor gefermenteerd hennepzaad")
    assert article.status == "published" and article.visibility == "network"
    article_url = base + reverse("knowledge:article", args=[network.slug, article.pk])
    assert page.url == article_url
    main = page.locator("main").inner_text()
    assert "vertrouwelijke" in main
    assert "Leden van het netwerk" in main  # the visibility, in words, on the item
    page.screenshot(path=browser.screenshot_dir() / "article-network-only.png", full_page=True)

    # A member of another network: 404 on the URL, nothing in search.
    other = page.context.browser.new_context(locale="nl-NL", viewport=browser.DESKTOP)
    otto_page = other.new_page()
    browser.log_in(otto_page, base, otto)
    response = otto_page.goto(article_url)
    assert response.status == 404
    assert "vertrouwelijke" not in otto_page.content()
    otto_page.goto(base + reverse("search") + "?q=fermentatie")
    assert "hennepzaad" not in otto_page.locator("main").inner_text()
    other.close()

    # Logged out: the public article of the same network is found, the other is not.
    anonymous = page.context.browser.new_context(locale="nl-NL", viewport=browser.DESKTOP)
    visitor = anonymous.new_page()
    visitor.goto(base + reverse("search") + "?q=vlasvezel")
    results = visitor.locator("main")
    assert "Open les over vlasvezels" in results.inner_text()
    with visitor.expect_navigation():
        results.get_by_role("link", name="Open les over vlasvezels").click()
    assert "Vlasvezels uit Friesland" in visitor.locator("main").inner_text()
    visitor.goto(base + reverse("search") + "?q=fermentatie")
    assert "hennepzaad" not in visitor.locator("main").inner_text()
    visitor.screenshot(path=browser.screenshot_dir() / "search-logged-out.png", full_page=True)
    anonymous.close()

    # Bert himself does find his article by a different form of the word.
    page.goto(base + reverse("search") + "?q=fermentatie")
    assert "Recept voor gefermenteerd hennepzaad" in page.locator("main").inner_text()
