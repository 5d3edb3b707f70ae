"""/me/: adding or removing expertise or an offer never throws away an unsaved "About me".

The page is one form; the sub-forms' buttons post all of it to their own URL
(formaction), so the edit travels with them, comes back in the form unsaved, and is
saved only by "Save profile" — which also adds whatever was typed in a sub-form.
"""

import re

import pytest
from django.urls import reverse

from gilde.accounts import services
from gilde.accounts.models import Expertise, ProfileItem
from gilde.core import browser


def page_fields(bert, **changes):
    """What the profile page's form sends: "About me" as stored, with `changes`."""
    fields = {
        "name": bert.name, "headline": bert.headline, "bio": bert.bio, "region": bert.region,
        "languages": bert.languages, "availability_hours": bert.availability_hours or "",
    }  # fmt: skip
    return {**fields, **changes}


def test_adding_expertise_keeps_an_unsaved_bio_edit(client_for, bert):
    client = client_for(bert)
    response = client.post(
        reverse("accounts:add_expertise"),
        page_fields(bert, bio="Ik werk aan vlasvezels.", tag="vlasvezels", level="expert"),
    )
    assert response.status_code == 200
    assert Expertise.objects.filter(user=bert, tag__name__iexact="vlasvezels").exists()
    assert "Ik werk aan vlasvezels." in response.content.decode()  # back in the textarea
    assert "niet opgeslagen" in response.content.decode()  # and said to be unsaved
    bert.refresh_from_db()
    assert bert.bio != "Ik werk aan vlasvezels."


def test_removing_an_offer_keeps_an_unsaved_headline(client_for, bert):
    item = services.add_profile_item(bert, "offer", "Hulp bij LCA", [], by=bert)
    response = client_for(bert).post(
        reverse("accounts:remove_item", args=[item.pk]),
        page_fields(bert, headline="Nieuwe kop"),
    )
    assert response.status_code == 200
    assert not ProfileItem.objects.filter(pk=item.pk).exists()
    assert 'value="Nieuwe kop"' in response.content.decode()


def test_without_an_edit_the_sub_form_redirects_as_before(client_for, bert):
    response = client_for(bert).post(
        reverse("accounts:add_expertise"), page_fields(bert, tag="lca", level="basis")
    )
    assert response.status_code == 302
    assert Expertise.objects.filter(user=bert, tag__name__iexact="lca").exists()


def test_save_profile_also_adds_what_was_typed_in_a_sub_form(client_for, bert):
    client_for(bert).post(
        reverse("accounts:profile"),
        page_fields(bert, headline="Vezelspecialist", tag="hennep", level="expert",
                    kind="offer", text="Een middag meedenken over vezels"),
    )  # fmt: skip
    bert.refresh_from_db()
    assert bert.headline == "Vezelspecialist"
    assert Expertise.objects.filter(user=bert, tag__name__iexact="hennep").exists()
    assert ProfileItem.objects.filter(user=bert, text="Een middag meedenken over vezels").exists()


def test_the_page_is_one_form_and_the_sub_forms_are_optional_in_it(client_for, bert):
    html = client_for(bert).get(reverse("accounts:profile")).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert len(re.findall(r"<form\b", main)) == 1
    for url in (reverse("accounts:add_expertise"), reverse("accounts:add_item")):
        assert f'formaction="{url}" formnovalidate' in html
    tag_input = re.search(r'<input[^>]*name="tag"[^>]*>', html).group(0)
    assert "required" not in tag_input


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_a_browser_the_bio_survives_adding_expertise(live_server, browser_page, bert):
    page = browser_page
    browser.log_in(page, live_server.url, bert)
    page.goto(live_server.url + reverse("accounts:profile"))
    page.locator("textarea[name=bio]").fill("Nog niet opgeslagen: ik werk met hennep.")
    page.locator("input[name=tag]").fill("hennepvezels")
    with page.expect_navigation():
        page.get_by_role("button", name="Expertise toevoegen").click()
    assert page.locator("textarea[name=bio]").input_value() == (
        "Nog niet opgeslagen: ik werk met hennep."
    )
    assert "hennepvezels" in page.locator("main").inner_text()


def test_a_refused_sub_form_on_save_still_saves_the_profile_and_says_both(client_for, bert):
    response = client_for(bert).post(
        reverse("accounts:profile"),
        page_fields(bert, headline="Vezelspecialist", kind="offer", text="x" * 201),
        follow=True,
    )
    bert.refresh_from_db()
    assert bert.headline == "Vezelspecialist"
    said = [str(m) for m in response.context["messages"]]
    assert "Je profiel is opgeslagen." in said
    assert any("200" in m for m in said), said
