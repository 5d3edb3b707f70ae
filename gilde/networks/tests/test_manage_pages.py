"""The manage pages: join requests, members, invitations and partners each on their own page."""

from django.urls import reverse

from gilde.core.testing import make_membership, make_network, make_user
from gilde.networks.models import JoinRequest, Membership, PartnerLink
from gilde.networks.views import MANAGED_MEMBERS_PER_PAGE


def url(name, network, **query):
    path = reverse(f"networks:{name}", args=[network.slug])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_manage_page_shows_requests_and_no_member_table(client_for, network, anke, bert):
    JoinRequest.objects.create(network=network, user=make_user("Piet Aanvrager"))
    page = client_for(anke).get(url("manage", network)).content.decode()
    assert "Piet Aanvrager" in page
    assert "Rol opslaan" not in page  # the members' forms are on their own page
    for tab in ("manage_members", "manage_invitations", "manage_partners", "settings"):
        assert url(tab, network) in page


def test_the_member_list_is_searched_and_paged(client_for, network, anke, bert):
    for i in range(MANAGED_MEMBERS_PER_PAGE + 5):
        make_membership(make_user(f"Zeeuw {i:02d}"), network)
    browser = client_for(anke)
    first = browser.get(url("manage_members", network)).content.decode()
    assert "Pagina 1 van 2" in first
    found = browser.get(url("manage_members", network, q="bert")).content.decode()
    assert bert.name in found
    assert "Zeeuw" not in found
    by_mail = browser.get(url("manage_members", network, q=bert.email.split("@")[0]))
    assert bert.name in by_mail.content.decode()


def test_a_role_change_goes_back_to_the_same_search(client_for, network, anke, bert):
    membership = Membership.objects.get(network=network, user=bert)
    back = url("manage_members", network, q="bert", page="1")
    response = client_for(anke).post(
        reverse("networks:change_member", args=[network.slug, membership.pk]),
        {"role": "coordinator", "back": back},
    )
    assert response["Location"] == back
    membership.refresh_from_db()
    assert membership.role == "coordinator"


def test_the_way_back_never_leaves_the_tab(client_for, network, anke, bert):
    membership = Membership.objects.get(network=network, user=bert)
    response = client_for(anke).post(
        reverse("networks:change_member", args=[network.slug, membership.pk]),
        {"role": "member", "back": "https://elders.example/?q=1"},
    )
    assert response["Location"] == url("manage_members", network)


def test_an_invitation_is_made_on_the_invitations_page(client_for, network, anke):
    response = client_for(anke).post(
        url("create_invitation", network), {"role": "member", "max_uses": 1, "days_valid": 14}
    )
    assert response["Location"] == url("manage_invitations", network)
    page = client_for(anke).get(url("manage_invitations", network)).content.decode()
    assert "/invite/" in page


def test_partner_links_are_on_the_partners_page(client_for, network, anke):
    partner = make_network("Groene Chemie Emmen")
    PartnerLink.objects.create(from_network=partner, to_network=network)
    page = client_for(anke).get(url("manage_partners", network)).content.decode()
    assert "Groene Chemie Emmen" in page
    assert (
        "Groene Chemie Emmen" not in client_for(anke).get(url("manage", network)).content.decode()
    )
