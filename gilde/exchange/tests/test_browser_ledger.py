"""In a real browser: Anke asks Bert to pay 90 minutes, Bert accepts, and both
statements show it in words ("1 uur 30 min"), never as raw minutes."""

import pytest
from django.urls import reverse

from gilde.core import browser
from gilde.exchange import services
from gilde.exchange.models import Transfer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_request_accept_and_both_statements(live_server, browser_page, network, anke, bert):
    base = live_server.url
    page = browser_page
    bert_account = services.account_of(bert, network)

    # Anke asks Bert for 90 minutes for a workshop.
    browser.log_in(page, base, anke)
    page.goto(base + reverse("exchange:request", args=[network.slug]))
    form = page.locator("main form.item-form")
    form.locator("select[name=other]").select_option(str(bert_account.pk))
    form.locator("input[name=amount]").fill("1:30")
    form.locator("input[name=description]").fill("Workshop vezelanalyse")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "1 uur 30 min" in page.locator(".messages").inner_text()
    request = Transfer.objects.get()
    assert (request.status, request.amount) == ("pending", 90)

    # Bert sees the request waiting for him and pays it.
    other = page.context.browser.new_context(locale="nl-NL", viewport=browser.DESKTOP)
    bert_page = other.new_page()
    browser.log_in(bert_page, base, bert)
    bert_page.goto(base + reverse("exchange:account", args=[network.slug]))
    waiting = bert_page.locator(f"#transfer-{request.pk}")
    assert "Workshop vezelanalyse" in waiting.inner_text()
    assert "1 uur 30 min" in waiting.inner_text()
    # htmx replaces the page's main part (without JavaScript the form posts and redirects).
    enhanced = bert_page.evaluate("typeof htmx !== 'undefined'")
    bert_page.evaluate("window.stayed = true")
    waiting.locator("button[value=accept]").click()
    bert_page.locator("#balance", has_text="−1 uur 30 min").wait_for()
    assert bert_page.evaluate("window.stayed === true") == enhanced
    assert Transfer.objects.get().status == "completed"
    assert "Betaald" in bert_page.locator(".messages").inner_text()
    assert bert_page.locator(f"#transfer-{request.pk}").count() == 0

    # Both statements show the transfer, with the running balance.
    bert_page.goto(base + reverse("exchange:statement", args=[network.slug]))
    row = bert_page.locator("table.statement tbody tr", has_text="Workshop vezelanalyse")
    assert "−1 uur 30 min" in row.inner_text() and "Anke Dijkstra" in row.inner_text()
    bert_page.screenshot(path=browser.screenshot_dir() / "statement-payer.png", full_page=True)
    other.close()

    page.goto(base + reverse("exchange:statement", args=[network.slug]))
    row = page.locator("table.statement tbody tr", has_text="Workshop vezelanalyse")
    assert "+1 uur 30 min" in row.inner_text() and "Bert Kuipers" in row.inner_text()
    assert page.locator("svg.balance-chart").count() == 1
