"""Each change to who belongs to a network, and to an item's readers, leaves an entry in its log."""

import pytest

from gilde.core.errors import Conflict, Invalid, NotAllowed, NotFound
from gilde.core.models import AuditEntry
from gilde.core.testing import make_membership, make_network, make_user
from gilde.knowledge import services as knowledge
from gilde.networks import services
from gilde.networks.models import Membership, PartnerLink


def only_entry(verb):
    entries = list(AuditEntry.objects.filter(verb=verb))
    assert len(entries) == 1, [e.verb for e in AuditEntry.objects.all()]
    return entries[0]


def test_joining_an_open_network_writes_admitted(otto):
    network = make_network("Open Netwerk", join_policy="open")
    membership = services.join(network, by=otto)
    entry = only_entry(services.MEMBERSHIP_ADMITTED)
    assert (entry.actor, entry.network_id) == (otto, network.pk)
    assert (entry.target_type, entry.target_id) == ("membership", membership.pk)
    assert entry.data == {"user": otto.pk, "role": "member", "via": "open"}


def test_approving_a_join_request_writes_admitted_by_the_coordinator(network, anke, otto):
    request = services.join(network, by=otto)
    services.decide_join_request(request, by=anke, approve=True)
    entry = only_entry(services.MEMBERSHIP_ADMITTED)
    assert (entry.actor, entry.network_id) == (anke, network.pk)
    assert entry.target_id == Membership.objects.get(user=otto, network=network).pk
    assert entry.data == {
        "user": otto.pk,
        "role": "member",
        "via": "request",
        "request": request.pk,
    }
    assert not AuditEntry.objects.filter(verb=services.MEMBERSHIP_REFUSED).exists()


def test_declining_a_join_request_writes_refused(network, anke, otto):
    request = services.join(network, by=otto)
    services.decide_join_request(request, by=anke, approve=False, message=" Nog niet. ")
    entry = only_entry(services.MEMBERSHIP_REFUSED)
    assert (entry.actor, entry.network_id) == (anke, network.pk)
    assert (entry.target_type, entry.target_id) == ("joinrequest", request.pk)
    assert entry.data == {"user": otto.pk, "message": "Nog niet."}


def test_a_refused_decision_writes_nothing(network, bert, otto):
    request = services.join(network, by=otto)
    with pytest.raises(NotAllowed):
        services.decide_join_request(request, by=bert, approve=True)
    assert not AuditEntry.objects.filter(network_id=network.pk).exists()


def test_suspending_and_reinstating_write_their_entries(network, anke, bert):
    membership = Membership.objects.get(user=bert, network=network)
    services.change_membership(membership, by=anke, status="suspended")
    services.change_membership(membership, by=anke, status="active")
    suspended = only_entry(services.MEMBERSHIP_SUSPENDED)
    reinstated = only_entry(services.MEMBERSHIP_REINSTATED)
    for entry in (suspended, reinstated):
        assert (entry.actor, entry.network_id, entry.target_id) == (anke, network.pk, membership.pk)
        assert entry.data == {"user": bert.pk}


def test_a_role_change_writes_from_and_to(network, anke, bert):
    membership = Membership.objects.get(user=bert, network=network)
    services.change_membership(membership, by=anke, role="coordinator")
    entry = only_entry(services.MEMBERSHIP_ROLE_CHANGED)
    assert (entry.actor, entry.network_id, entry.target_id) == (anke, network.pk, membership.pk)
    assert entry.data == {"user": bert.pk, "from": "member", "to": "coordinator"}


def test_a_change_that_changes_nothing_writes_nothing(network, anke, bert):
    membership = Membership.objects.get(user=bert, network=network)
    services.change_membership(membership, by=anke, role="member", status="active")
    assert not AuditEntry.objects.exists()


def test_refused_membership_changes_write_nothing(network, anke, bert):
    with pytest.raises(NotAllowed):
        services.change_membership(
            Membership.objects.get(user=anke, network=network), by=bert, status="suspended"
        )
    with pytest.raises(Conflict):  # the last coordinator
        services.change_membership(
            Membership.objects.get(user=anke, network=network), by=anke, role="member"
        )
    assert not AuditEntry.objects.exists()


def test_leaving_writes_left_and_the_last_coordinator_writes_nothing(network, anke, bert):
    membership = services.leave(network, by=bert)
    entry = only_entry(services.MEMBERSHIP_LEFT)
    assert (entry.actor, entry.network_id, entry.target_id) == (bert, network.pk, membership.pk)
    assert entry.data == {"user": bert.pk, "role": "member"}
    with pytest.raises(Conflict):
        services.leave(network, by=anke)
    assert AuditEntry.objects.count() == 1


def test_invitations_sent_accepted_and_revoked_are_logged(network, anke, otto):
    invitation = services.create_invitation(
        network, by=anke, email="Otto@example.org", role="guest"
    )
    sent = only_entry(services.INVITATION_SENT)
    assert (sent.actor, sent.network_id, sent.target_type, sent.target_id) == (
        anke, network.pk, "invitation", invitation.pk,
    )  # fmt: skip
    assert sent.data == {
        "email": "otto@example.org",
        "role": "guest",
        "max_uses": 1,
        "days_valid": 14,
    }

    otto.email = "otto@example.org"
    otto.save()
    membership = services.accept_invitation(invitation, by=otto)
    accepted = only_entry(services.INVITATION_ACCEPTED)
    assert (accepted.actor, accepted.network_id, accepted.target_id) == (
        otto,
        network.pk,
        invitation.pk,
    )
    assert accepted.data == {"user": otto.pk, "role": "guest", "membership": membership.pk}

    services.revoke_invitation(invitation, by=anke)
    services.revoke_invitation(invitation, by=anke)  # once withdrawn, it stays withdrawn
    revoked = only_entry(services.INVITATION_REVOKED)
    assert (revoked.actor, revoked.network_id, revoked.target_id) == (
        anke,
        network.pk,
        invitation.pk,
    )


def test_refused_invitation_calls_write_nothing(network, anke, bert, otto):
    with pytest.raises(NotAllowed):
        services.create_invitation(network, by=bert, email="x@example.org")
    invitation = services.create_invitation(network, by=anke, email="someone@example.org")
    AuditEntry.objects.all().delete()
    with pytest.raises(NotAllowed):  # sent to another address
        services.accept_invitation(invitation, by=otto)
    with pytest.raises(NotAllowed):
        services.revoke_invitation(invitation, by=bert)
    assert not AuditEntry.objects.exists()


def test_partner_links_are_logged_in_both_networks(network, anke):
    other = make_network("Circulair Zuid")
    carla = make_user("Carla Zuid")
    make_membership(carla, other, role="coordinator")
    link = services.propose_partner(network, other, by=anke, note="Samen op reststromen")
    link_id = link.pk
    services.accept_partner(link, by=carla)
    services.remove_partner(link, by=anke)
    assert not PartnerLink.objects.exists()
    for verb, actor in [
        (services.PARTNER_PROPOSED, anke),
        (services.PARTNER_ADDED, carla),
        (services.PARTNER_REMOVED, anke),
    ]:
        entries = AuditEntry.objects.filter(verb=verb)
        assert sorted(e.network_id for e in entries) == sorted([network.pk, other.pk])
        for entry in entries:
            assert (entry.actor, entry.target_type, entry.target_id) == (
                actor,
                "partnerlink",
                link_id,
            )
            assert entry.data["from"] == network.pk and entry.data["to"] == other.pk
    assert (
        AuditEntry.objects.get(verb=services.PARTNER_PROPOSED, network_id=other.pk).data["note"]
        == "Samen op reststromen"
    )


def test_refused_partner_calls_write_nothing(network, anke, bert):
    other = make_network("Circulair Zuid")
    with pytest.raises(NotAllowed):
        services.propose_partner(network, other, by=bert)
    link = services.propose_partner(network, other, by=anke)
    AuditEntry.objects.all().delete()
    with pytest.raises(NotAllowed):  # only the partner's coordinator accepts
        services.accept_partner(link, by=anke)
    with pytest.raises(NotAllowed):
        services.remove_partner(link, by=bert)
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("kind", ["article", "question", "session"])
def test_an_items_visibility_change_is_logged(network, bert, kind):
    item = _make_item(kind, network, bert)
    update = getattr(knowledge, f"update_{kind}")
    update(item, by=bert, title="Een andere titel")  # visibility unchanged: no entry
    assert not AuditEntry.objects.exists()
    update(item, by=bert, visibility="public")
    entry = only_entry(knowledge.ITEM_VISIBILITY_CHANGED)
    assert (entry.actor, entry.network_id) == (bert, network.pk)
    assert (entry.target_type, entry.target_id) == (kind, item.pk)
    assert entry.data == {"from": "network", "to": "public"}


def test_a_refused_visibility_change_writes_nothing(network, bert, gea):
    item = _make_item("article", network, bert)
    with pytest.raises(NotFound):  # a guest does not see it
        knowledge.update_article(item, by=gea, visibility="public")
    with pytest.raises(Invalid):  # a circle of nobody
        knowledge.update_article(item, by=bert, visibility="circle", circle=[])
    assert not AuditEntry.objects.exists()
    item.refresh_from_db()
    assert item.visibility == "network"


def _make_item(kind, network, author):
    from datetime import timedelta

    from django.utils import timezone

    if kind == "article":
        return knowledge.create_article(
            network, by=author, title="Vezels", body="Tekst", publish=True
        )
    if kind == "question":
        return knowledge.ask_question(network, by=author, title="Wie weet het?", body="Vraag")
    starts = timezone.now() + timedelta(days=7)
    return knowledge.create_session(
        network, by=author, title="Werkplaats", description="Zelf doen.", starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )  # fmt: skip
