"""Typing a KvK number makes a claim, never a hold: the organisation's people decide.

The attack from the security report: anyone sets up a network, invites a second
account of their own and, in the invitation's profile step, types the KvK number
of an organisation they have nothing to do with.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from gilde.accounts import rules, services
from gilde.accounts.models import Affiliation, Organisation, OrganisationClaim
from gilde.accounts.services import issue_token
from gilde.core import access, search
from gilde.core.errors import Conflict, Invalid, NotFound
from gilde.core.models import AuditEntry
from gilde.core.testing import make_organisation, make_user
from gilde.networks import services as network_services
from gilde.networks.forms import JoinForm
from gilde.networks.models import Membership, Network

GROENVEZEL_KVK = "90000001"  # Bert's organisation (gilde/conftest.py)


def bearer(user) -> dict:
    _token, raw = issue_token(user, "tests", by=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def api_patch(client, path, body, user):
    return client.patch(path, json.dumps(body), content_type="application/json", **bearer(user))


def api_post(client, path, body, user):
    return client.post(path, json.dumps(body), content_type="application/json", **bearer(user))


@pytest.fixture
def sent(mailoutbox, django_capture_on_commit_callbacks):
    """Run the block, commit, and return the mails it sent (one per recipient)."""

    class Sent:
        def __init__(self):
            self.mails = mailoutbox

        def __call__(self):
            return django_capture_on_commit_callbacks(execute=True)

    return Sent()


@pytest.fixture
def attack(network, anke, bert, otto, client_for, sent):
    """Otto sets up a network, invites his second account and types Groenvezel's KvK number."""
    own = network_services.create_network(
        by=otto, name="Otto's Kring", slug="ottos-kring", join_policy="invitation"
    )
    invitation = network_services.create_invitation(own, by=otto)
    second = make_user("Mallory Tweede", email="mallory@example.test")
    with sent():
        response = client_for(second).post(
            reverse("networks:invitation", args=[invitation.token]),
            {
                "name": "Mallory Tweede",
                "organisation_name": "Groenvezel B.V.",
                "kvk_number": GROENVEZEL_KVK,
            },
        )
    assert response.status_code == 302, response.content.decode()[:500]
    organisation = Organisation.objects.get(kvk_number=GROENVEZEL_KVK)
    return own, second, organisation


def test_typing_a_kvk_number_in_the_invitation_profile_step_gives_no_hold_on_the_organisation(
    attack, network, bert, otto, client_for, client
):
    own, second, organisation = attack
    membership = Membership.objects.get(user=second, network=own)
    assert membership.organisation is None  # the membership does not carry it
    assert not Affiliation.objects.filter(user=second).exists()
    assert not organisation.people.filter(pk=second.pk).exists()
    claim = OrganisationClaim.objects.get(user=second, organisation=organisation)
    assert claim.status == OrganisationClaim.Status.PENDING
    assert not rules.may_edit_organisation(second, organisation)

    # Cannot edit it: the page and the API answer 404 and nothing changes.
    browser = client_for(second)
    edit = reverse("accounts:edit_organisation", args=[organisation.pk])
    assert browser.get(edit).status_code == 404
    phishing = {"name": "Groenvezel (nieuw)", "website": "https://phish.example"}
    assert browser.post(edit, phishing).status_code == 404
    path = f"/api/v1/organisations/{organisation.pk}"
    assert api_patch(client, path, phishing, second).status_code == 404
    organisation.refresh_from_db()
    assert organisation.name == "Groenvezel B.V." and organisation.website == ""

    # Not shown as its representative: not on the person page, in the directory, nor in search.
    viewer = client_for(otto)
    person = viewer.get(reverse("networks:person", args=[own.slug, second.pk])).content.decode()
    assert "Mallory Tweede" in person and "Groenvezel" not in person
    members = viewer.get(reverse("networks:members", args=[own.slug])).content.decode()
    assert "Mallory Tweede" in members and "Groenvezel" not in members
    access.forget_memberships(otto)
    assert search.search(otto, "Mallory").total == 1
    assert search.search(otto, "Groenvezel").total == 0
    profile = client.get("/api/v1/me/profile", **bearer(second)).json()
    assert profile["organisations"] == []

    # Cannot join a network on its behalf: not offered, and refused by the service and the API.
    other = Network.objects.create(name="Open Kring", slug="open-kring", join_policy="open")
    assert organisation not in JoinForm(second).fields["organisation"].queryset
    with pytest.raises(Invalid):
        network_services.join(other, by=second, organisation=organisation)
    response = api_post(
        client, f"/api/v1/networks/{other.slug}/join", {"organisation": organisation.pk}, second
    )
    assert response.status_code == 400
    assert not Membership.objects.filter(user=second, network=other).exists()
    page = client_for(second).post(
        reverse("networks:join", args=[other.slug]), {"organisation": organisation.pk}
    )
    assert page.status_code == 200  # the form refuses the choice
    assert not Membership.objects.filter(user=second, network=other).exists()


def test_the_claim_from_the_profile_step_asks_the_organisations_people_and_is_logged(
    attack, bert, sent
):
    _own, second, organisation = attack
    assert [mail.to for mail in sent.mails] == [[bert.email]]
    assert reverse("accounts:claims") in sent.mails[0].body
    assert "Mallory Tweede" in sent.mails[0].body
    entry = AuditEntry.objects.get(verb="organisation.claimed")
    assert (entry.actor, entry.target_id) == (second, organisation.pk)
    assert entry.data["asked"] == [bert.pk]


def test_the_organisations_form_offers_a_claim_in_plain_words_for_a_known_kvk_number(
    bert, otto, client_for
):
    browser = client_for(otto)
    response = browser.post(
        reverse("accounts:organisations"),
        {"name": "Groenvezel", "kvk_number": GROENVEZEL_KVK, "job_title": "Inkoper"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "organisation_kvk_unique" not in page and "Beperking" not in page
    assert "Groenvezel B.V." in page
    assert reverse("accounts:claim_organisation") in page  # the offer: ask to be linked
    assert Organisation.objects.filter(kvk_number=GROENVEZEL_KVK).count() == 1
    assert not OrganisationClaim.objects.exists()  # offered, not yet made

    browser.post(
        reverse("accounts:claim_organisation"),
        {"kvk_number": GROENVEZEL_KVK, "job_title": "Inkoper"},
    )
    claim = OrganisationClaim.objects.get(user=otto)
    assert (claim.status, claim.job_title) == ("pending", "Inkoper")
    assert not Affiliation.objects.filter(user=otto).exists()
    page = browser.get(reverse("accounts:organisations")).content.decode()
    assert "claim pending" in page or "in afwachting" in page
    assert reverse("accounts:edit_organisation", args=[claim.organisation_id]) not in page


def test_the_api_answers_a_known_kvk_number_with_a_plain_conflict_and_takes_a_claim(
    bert, otto, client
):
    response = api_post(
        client, "/api/v1/me/organisations", {"name": "Groenvezel", "kvk_number": "90000001"}, otto
    )
    assert response.status_code == 409
    assert "Groenvezel B.V." in response.json()["message"]
    assert "organisation_kvk_unique" not in response.content.decode()
    response = api_post(client, "/api/v1/me/organisation-claims", {"kvk_number": "90000001"}, otto)
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    mine = client.get("/api/v1/me/organisations", **bearer(otto)).json()["results"]
    assert [(o["name"], o["status"]) for o in mine] == [("Groenvezel B.V.", "pending")]


def test_each_confirmed_person_gets_one_mail_and_one_accepts_on_the_requests_page(
    bert, otto, client_for, sent
):
    organisation = bert.organisations.get()
    colleague = make_user("Cees Collega", email="cees@example.test")
    Affiliation.objects.create(user=colleague, organisation=organisation)
    with sent():
        claim = services.claim_organisation(by=otto, kvk_number=GROENVEZEL_KVK, job_title="Chef")
    assert sorted(mail.to[0] for mail in sent.mails) == [bert.email, colleague.email]
    assert all(len(mail.to) == 1 for mail in sent.mails)

    browser = client_for(bert)
    page = browser.get(reverse("accounts:claims")).content.decode()
    assert "Otto Outsider" in page and reverse("accounts:decide_claim", args=[claim.pk]) in page
    del sent.mails[:]
    with sent():
        response = browser.post(
            reverse("accounts:decide_claim", args=[claim.pk]), {"decision": "accept"}
        )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.decided_by) == ("accepted", bert)
    assert Affiliation.objects.get(user=otto, organisation=organisation).job_title == "Chef"
    assert rules.may_edit_organisation(otto, organisation)
    assert [mail.to for mail in sent.mails] == [[otto.email]]
    entry = AuditEntry.objects.get(verb="organisation.claim_accepted")
    assert (entry.actor, entry.data["claimant_id"]) == (bert, otto.pk)
    edit = reverse("accounts:edit_organisation", args=[organisation.pk])
    assert client_for(otto).get(edit).status_code == 200


def test_a_refused_claim_links_nothing_is_logged_and_cannot_be_repeated_at_once(bert, otto, sent):
    organisation = bert.organisations.get()
    claim = services.claim_organisation(by=otto, kvk_number=GROENVEZEL_KVK)
    with sent():
        services.decide_claim(claim, by=bert, accept=False)
    claim.refresh_from_db()
    assert claim.status == "refused"
    assert not Affiliation.objects.filter(user=otto).exists()
    assert [mail.to for mail in sent.mails] == [[otto.email]]
    assert AuditEntry.objects.filter(verb="organisation.claim_refused", actor=bert).exists()
    with pytest.raises(Conflict):
        services.claim_organisation(by=otto, kvk_number=GROENVEZEL_KVK)
    with pytest.raises(Conflict):  # once decided, it stays decided
        services.decide_claim(claim, by=bert, accept=True)
    assert not organisation.people.filter(pk=otto.pk).exists()


def test_someone_not_of_the_organisation_cannot_accept_or_refuse_a_claim(
    network, anke, bert, otto, client_for, client
):
    claim = services.claim_organisation(by=otto, kvk_number=GROENVEZEL_KVK)
    # Anke coordinates Bert's network but is not of his organisation; Otto is the claimant.
    for someone in (anke, otto):
        for decision in ("accept", "refuse"):
            response = client_for(someone).post(
                reverse("accounts:decide_claim", args=[claim.pk]), {"decision": decision}
            )
            assert response.status_code == 404
        with pytest.raises(NotFound):
            services.decide_claim(claim, by=someone, accept=True)
        path = f"/api/v1/organisation-claims/{claim.pk}/decision"
        assert api_post(client, path, {"accept": True}, someone).status_code == 404
        assert "Otto" not in client_for(someone).get(reverse("accounts:claims")).content.decode()
    claim.refresh_from_db()
    assert claim.status == "pending"
    assert not Affiliation.objects.filter(user=otto).exists()


def test_an_organisation_without_confirmed_people_asks_every_site_admin(
    otto, site_admin, client_for, sent
):
    second_admin = make_user("Ad Min", email="ad@example.test", is_superuser=True)
    organisation = make_organisation("Verlaten B.V.", kvk_number="90000077")
    with sent():
        claim = services.claim_organisation(by=otto, kvk_number="90000077")
    assert sorted(mail.to[0] for mail in sent.mails) == sorted(
        [site_admin.email, second_admin.email]
    )
    response = client_for(site_admin).post(
        reverse("accounts:decide_claim", args=[claim.pk]), {"decision": "accept"}
    )
    assert response.status_code == 302
    assert organisation.people.filter(pk=otto.pk).exists()


def test_the_person_who_registers_a_new_organisation_is_confirmed(otto, client_for):
    response = client_for(otto).post(
        reverse("accounts:organisations"), {"name": "Nieuw Vezel B.V.", "kvk_number": "90000055"}
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(kvk_number="90000055")
    assert rules.is_confirmed_at(otto, organisation)
    assert rules.may_edit_organisation(otto, organisation)


def test_a_pending_claim_can_be_withdrawn_by_the_claimant_only(bert, otto, anke, client_for):
    claim = services.claim_organisation(by=otto, kvk_number=GROENVEZEL_KVK)
    withdraw = reverse("accounts:withdraw_claim", args=[claim.pk])
    assert client_for(anke).post(withdraw).status_code == 404
    assert client_for(otto).post(withdraw, {"confirm": "yes"}).status_code == 302
    assert not OrganisationClaim.objects.exists()
    assert AuditEntry.objects.filter(verb="organisation.claim_withdrawn", actor=otto).exists()


def test_leaving_an_organisation_ends_being_shown_on_its_behalf(network, bert, client_for):
    organisation = bert.organisations.get()
    client_for(bert).post(
        reverse("accounts:leave_organisation", args=[organisation.pk]), {"confirm": "yes"}
    )
    assert not rules.is_confirmed_at(bert, organisation)
    assert Membership.objects.get(user=bert, network=network).organisation is None


def test_a_new_kvk_number_in_the_profile_step_registers_the_organisation_for_the_membership(
    network, anke, otto
):
    invitation = network_services.create_invitation(network, by=anke)
    membership = network_services.accept_invitation(
        invitation,
        by=otto,
        profile={"name": "Otto", "organisation_name": "Ottovezel", "kvk_number": "90000066"},
    )
    assert membership.organisation.kvk_number == "90000066"
    assert rules.is_confirmed_at(otto, membership.organisation)


def test_a_confirmed_person_may_not_change_the_kvk_number_into_another_organisations(
    bert, client_for
):
    make_organisation("Ander B.V.", kvk_number="90000088")
    organisation = bert.organisations.get()
    response = client_for(bert).post(
        reverse("accounts:edit_organisation", args=[organisation.pk]),
        {"name": organisation.name, "kvk_number": "90000088"},
    )
    assert response.status_code == 200
    assert "organisation_kvk_unique" not in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.kvk_number == GROENVEZEL_KVK


def test_changes_to_an_organisation_are_in_the_audit_log(bert):
    organisation = bert.organisations.get()
    services.update_organisation(organisation, by=bert, website="https://groenvezel.example")
    entry = AuditEntry.objects.get(verb="organisation.updated")
    assert entry.actor == bert
    assert entry.data == {"website": ["", "https://groenvezel.example"]}


def test_a_membership_cannot_be_made_on_behalf_of_a_claimed_organisation(network, anke, otto):
    organisation = make_organisation("Geclaimd B.V.", kvk_number="90000099")
    Affiliation.objects.create(user=anke, organisation=organisation)
    services.claim_organisation(by=otto, kvk_number="90000099")
    invitation = network_services.create_invitation(network, by=anke)
    with pytest.raises(Invalid):
        network_services.accept_invitation(invitation, by=otto, organisation=organisation)
    assert not Membership.objects.filter(user=otto).exists()


def test_the_organisation_form_labels_start_with_a_capital(client_for, bert):
    page = client_for(bert).get(reverse("accounts:organisations")).content.decode()
    assert ">Website" in page and ">website" not in page
