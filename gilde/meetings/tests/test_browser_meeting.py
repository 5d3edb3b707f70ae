"""In a real browser: Anke holds a meeting, types minutes with two BESLUIT and three
ACTIE lines for Bert and Inge, sees the preview, closes the meeting; Bert ticks an
action off on "Mijn acties"; the next meeting's agenda opens with the two still open."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gilde.core import browser
from gilde.meetings import services
from gilde.meetings.models import Action, Decision

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MINUTES = """We bespraken de pilotinstallatie en de begroting.

BESLUIT We huren de extruder voor drie maanden.
BESLUIT De begroting gaat naar de ledenvergadering.
ACTIE @Bert Kuipers offerte opvragen bij de verhuurder vóór vrijdag
ACTIE @Inge Bakker LCA-rapport rondsturen, uiterlijk over twee weken
- [ ] @bert: zaal reserveren voor de demodag
"""


def test_minutes_to_actions_to_my_actions_to_the_next_agenda(
    live_server, browser_page, network, anke, bert, inge
):
    base = live_server.url
    page = browser_page
    starts = timezone.now() - timedelta(hours=1)
    meeting = services.create_meeting(
        network, by=anke, title="Ledenavond", starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    item = services.add_agenda_item(meeting, by=anke, title="Pilotinstallatie")

    # Anke types the minutes; the preview shows what they will make.
    browser.log_in(page, base, anke)
    page.goto(base + reverse("meetings:minutes", args=[network.slug, meeting.pk, item.pk]))
    page.locator("textarea[name=minutes]").fill(MINUTES)
    if not page.evaluate("typeof htmx !== 'undefined'"):
        with page.expect_navigation():
            page.locator("button[name=preview]").click()
    preview = page.locator("#minutes-preview")
    preview.locator("text=Inge Bakker").wait_for()
    assert preview.locator("li").count() == 5  # 3 actions, 2 decisions
    assert "Bert Kuipers" in preview.inner_text()
    with page.expect_navigation():
        page.locator("main form button:not([name=preview])[type=submit]").click()
    assert "bewaard" in page.locator(".messages").inner_text()

    # She closes the meeting with Bert and Inge present.
    page.goto(base + reverse("meetings:meeting_close", args=[network.slug, meeting.pk]))
    for person in (bert, inge):
        page.locator(f"input[name=present][value='{person.pk}']").check()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "gesloten" in page.locator(".messages").inner_text()
    assert Decision.objects.filter(meeting=meeting).count() == 2
    assert Action.objects.filter(meeting=meeting, owner=bert).count() == 2
    assert Action.objects.filter(meeting=meeting, owner=inge).count() == 1

    # Bert ticks one action off on "Mijn acties".
    other = page.context.browser.new_context(locale="nl-NL", viewport=browser.DESKTOP)
    bert_page = other.new_page()
    browser.log_in(bert_page, base, bert)
    bert_page.goto(base + reverse("meetings:my_actions"))
    done = Action.objects.get(owner=bert, title__startswith="zaal reserveren")
    row = bert_page.locator(f"#action-{done.pk}")
    assert "Biobased Noord" in row.inner_text()
    row.locator("button[type=submit]").click()
    bert_page.locator(".messages", has_text="klaar").wait_for()
    done.refresh_from_db()
    assert done.status == "done"
    other.close()

    # The next meeting opens with the two actions still open.
    later = timezone.now() + timedelta(days=28)
    following = services.create_meeting(
        network, by=anke, title="Ledenavond", starts_at=later, ends_at=later + timedelta(hours=2)
    )
    page.goto(base + reverse("meetings:meeting", args=[network.slug, following.pk]))
    first = page.locator("ol.agenda > li").first
    assert "Openstaande acties" in first.inner_text()
    assert "offerte opvragen" in first.inner_text()
    assert "LCA-rapport rondsturen" in first.inner_text()
    assert "zaal reserveren" not in first.inner_text()
    page.screenshot(path=browser.screenshot_dir() / "meeting-open-actions.png", full_page=True)
