"""In a real browser: a member narrows the directory by typing an organisation; the field
suggests only this network's organisations, and the list follows without a page load."""

import pytest
from django.urls import reverse

from gilde.core import browser
from gilde.core.testing import make_membership, make_network, make_organisation, make_user
from gilde.networks.models import Membership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_an_organisation_suggests_and_filters(
    live_server, browser_page, network, anke, bert
):
    vlasbank = make_organisation("Vlasbank Groningen")
    Membership.objects.filter(network=network, user=bert).update(organisation=vlasbank)
    drukker = make_organisation("Drukkerij Noord")
    Membership.objects.filter(network=network, user=anke).update(organisation=drukker)
    make_membership(
        make_user("Stan Vreemd"),
        make_network("Ander"),
        organisation=make_organisation("Vlaswerk Twente"),
    )
    page = browser_page
    browser.log_in(page, live_server.url, anke)
    directory = live_server.url + reverse("networks:members", args=[network.slug])
    page.goto(directory)
    assert "Anke Dijkstra" in page.locator("#member-list").inner_text()
    page.evaluate("window.sameDocument = true")  # gone if the page is loaded again
    pushed: list[str] = []
    page.on(
        "framenavigated",
        lambda frame: pushed.append(frame.url) if frame == page.main_frame else None,
    )

    field = page.locator("input[name=organisation]")
    options = page.locator("#id_organisation-suggestions option")
    with page.expect_response(lambda r: "/members/suggest/" in r.url):
        field.focus()  # the suggestions come when the field is first used
    options.first.wait_for(state="attached")
    values = sorted(o.get_attribute("value") for o in options.all())
    assert values == ["Drukkerij Noord", "Vlasbank Groningen"]
    with page.expect_response(lambda r: "organisation=vlas" in r.url):
        field.press_sequentially("vlas")
    page.wait_for_function(
        "document.querySelectorAll('#id_organisation-suggestions option').length == 1"
    )
    assert [o.get_attribute("value") for o in options.all()] == ["Vlasbank Groningen"]
    assert pushed == []  # asking for suggestions is not a new address

    with page.expect_response(lambda r: "/members/?" in r.url):
        field.fill("Vlasbank Groningen")
        field.dispatch_event("change")
    # The response above may be an earlier keystroke's; wait for the list of the full name.
    page.wait_for_function(
        "!document.querySelector('#member-list').innerText.includes('Anke Dijkstra')"
    )
    listing = page.locator("#member-list").inner_text()
    assert "Bert Kuipers" in listing and "Anke Dijkstra" not in listing
    assert page.evaluate("window.sameDocument") is True  # the list changed in place
    assert "organisation=Vlasbank%20Groningen" in page.url  # and the address can be shared
