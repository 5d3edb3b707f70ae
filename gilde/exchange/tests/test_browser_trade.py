"""In a real browser: Bert writes to Ria from her page, Ria sees it unread, proposes an
agreement for 1,5 uur, Bert accepts (reserved), Ria marks it delivered, Bert confirms
(paid). Screenshots of the pages go to var/screenshots/."""

import pytest
from django.urls import reverse

from gilde.core import browser
from gilde.exchange import services
from gilde.exchange.models import Agreement
from gilde.exchange.tests.conftest import due

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _click(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def test_write_agree_deliver_and_confirm(live_server, browser_page, network, anke, bert, ria):
    base = live_server.url
    page = browser_page
    shots = browser.screenshot_dir()

    browser.log_in(page, base, bert)
    page.goto(base + reverse("networks:person", args=[network.slug, ria.pk]))
    _click(page, "main a.button:has-text('Stuur een bericht')")
    page.locator("textarea[name=body]").fill("Hoi Ria, zie https://example.org/lca <b>graag</b>")
    _click(page, "main form.item-form button[type=submit]")
    assert "Gesprek met Ria Veenstra" in page.locator("h1").inner_text()
    link = page.locator(".thread__body a")
    assert link.get_attribute("href") == "https://example.org/lca"
    assert "<b>graag</b>" in page.locator(".thread__body").inner_text()

    other = page.context.browser.new_context(locale="nl-NL", viewport=browser.DESKTOP)
    ria_page = other.new_page()
    browser.log_in(ria_page, base, ria)
    ria_page.goto(base + reverse("exchange:conversations", args=[network.slug]))
    assert "1 ongelezen" in ria_page.locator(".conversation-list").inner_text()
    ria_page.screenshot(path=shots / "conversations.png", full_page=True)
    _click(ria_page, ".conversation-list a")
    form = ria_page.locator("#propose form")
    form.locator("input[value=provider]").check()
    form.locator("input[name='agreement-description']").fill("LCA van een biocomposiet")
    form.locator("input[name='agreement-amount']").fill("1,5")
    form.locator("input[name='agreement-due_on']").fill(due().isoformat())
    _click(ria_page, "#propose button[type=submit]")
    agreement = Agreement.objects.get()
    assert agreement.amount == 90

    page.reload()
    _click(page, f"#agreement-{agreement.pk} button[value=accept]")
    assert "gereserveerd" in page.locator(".messages").inner_text()
    assert services.account_of(bert, network).reserved == 90

    ria_page.reload()
    _click(ria_page, f"#agreement-{agreement.pk} button[value=deliver]")
    page.reload()
    page.screenshot(path=shots / "conversation.png", full_page=True)
    _click(page, f"#agreement-{agreement.pk} button[value=confirm]")
    agreement.refresh_from_db()
    assert agreement.status == "confirmed"
    assert services.account_of(ria, network).balance == 90
    other.close()


def test_the_coordinator_settles_in_the_browser(
    live_server, browser_page, network, anke, bert, ria, conversation
):
    agreement = services.accept_agreement(
        services.propose_agreement(
            conversation,
            by=ria,
            role="provider",
            description="Proefdruk",
            amount=60,
            due_on=due(),
        ),  # fmt: skip
        by=bert,
    )
    services.dispute_agreement(agreement, by=bert, reason="De helft ontbreekt")
    page = browser_page
    browser.log_in(page, live_server.url, anke)
    page.goto(live_server.url + reverse("exchange:disputes", args=[network.slug]))
    card = page.locator(f"#agreement-{agreement.pk}")
    card.locator("input[value=partial]").check()
    card.locator("input[name$='-amount']").fill("0:30")
    card.locator("textarea[name$='-note']").fill("De helft is geleverd.")
    page.screenshot(path=browser.screenshot_dir() / "disputes.png", full_page=True)
    with page.expect_navigation():
        card.locator("button[type=submit]").click()
    agreement.refresh_from_db()
    assert (agreement.status, agreement.settlement_amount) == ("settled", 30)
