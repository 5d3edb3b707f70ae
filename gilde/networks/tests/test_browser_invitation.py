"""In a real browser: a newcomer follows the invitation link mailed to her, signs up,
fills the profile step and lands in the network's member directory, in three screens.

Following the mailed link proves her address, so sign-up needs no verification mail
(a link invitation without an address does: see accounts/tests/test_signup_verification.py).
"""

import re
from urllib.parse import unquote

import pytest
from django.core import mail
from django.urls import reverse

from gilde.core import browser
from gilde.networks import services
from gilde.networks.models import Invitation, Membership, Network

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_newcomer_joins_through_an_invitation_in_three_screens(
    live_server, browser_page, network, anke, bert
):
    network.join_policy = Network.JoinPolicy.INVITATION
    network.save(update_fields=["join_policy"])
    invitation = services.create_invitation(network, by=anke, email="nina@vezelwerk.example")
    mailed_link = re.search(r"https?://\S+/invite/\S+", mail.outbox[-1].body).group(0)
    page = browser_page

    # Every document the newcomer sees is one navigation of the main frame;
    # redirects (the invitation link itself, after each POST) are not screens.
    screens: list[str] = []
    page.on(
        "framenavigated",
        lambda frame: screens.append(frame.url) if frame == page.main_frame else None,
    )

    # The link leads straight to sign-up, and sign-up comes back to the invitation.
    invite_path = reverse("networks:invitation", args=[invitation.token])
    assert mailed_link.split("?")[0].endswith(invite_path)
    page.goto(live_server.url + invite_path + "?" + mailed_link.split("?")[1])
    assert page.url.startswith(live_server.url + reverse("account_signup"))
    assert f"next={invite_path}" in unquote(page.url)
    assert "Biobased Noord" in page.locator("main").inner_text()  # says what you're joining
    signup = page.locator("form:has(input[name=password1])")
    signup.locator("input[name=email]").fill("nina@vezelwerk.example")
    signup.locator("input[name=password1]").fill("Vezels-Emmen-2024!")
    with page.expect_navigation():
        signup.locator("[type=submit]").click()

    # Step 2 of 2: the short profile that joins the network.
    assert page.url == live_server.url + invite_path, page.content()
    profile = page.locator("form:has(input[name=organisation_name])")
    profile.locator("input[name=name]").fill("Nina Nieuwkomer")
    profile.locator("input[name=organisation_name]").fill("Vezelwerk Emmen B.V.")
    profile.locator("input[name=headline]").fill("Procesingenieur biocomposieten")
    profile.locator("input[name=expertise]").fill("biocomposieten, 3D-printen")
    with page.expect_navigation():
        profile.locator("[type=submit]").click()

    # The member directory, with the newcomer and the people already there.
    members_path = reverse("networks:members", args=[network.slug])
    assert page.url == live_server.url + members_path, page.content()
    directory = page.locator("#member-list")
    for name in ("Nina Nieuwkomer", "Bert Kuipers", "Anke Dijkstra"):
        assert directory.get_by_role("link", name=name).count() == 1, name
    nina_card = directory.locator("li.person", has_text="Nina Nieuwkomer")
    for text in ("Vezelwerk Emmen B.V.", "biocomposieten", "3D-printen"):
        assert text in nina_card.inner_text(), text
    assert page.locator("html").get_attribute("lang") == "nl"

    membership = Membership.objects.get(network=network, user__email="nina@vezelwerk.example")
    assert membership.status == Membership.Status.ACTIVE
    assert membership.role == Membership.Role.MEMBER
    assert Invitation.objects.get(pk=invitation.pk).use_count == 1

    # Sign-up, profile step, directory: at most three screens.
    assert len(screens) <= 3, screens
    assert screens[-1] == live_server.url + members_path

    folder = browser.screenshot_dir()
    page.screenshot(path=folder / "invitation-directory.png", full_page=True)
    page.set_viewport_size(browser.PHONE)
    page.screenshot(path=folder / "invitation-directory-phone.png", full_page=True)
