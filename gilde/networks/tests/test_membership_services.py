import pytest

from gilde.core.errors import Conflict, NotAllowed, NotFound
from gilde.core.testing import make_network
from gilde.networks import services
from gilde.networks.models import JoinRequest, Membership


@pytest.mark.django_db
def test_joining_an_open_network_makes_a_member_at_once(otto):
    network = make_network("Open Netwerk", join_policy="open")
    membership = services.join(network, by=otto)
    assert isinstance(membership, Membership)
    assert membership.role == "member" and membership.status == "active"


def test_joining_on_approval_creates_a_pending_request(
    network, anke, otto, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = services.join(network, by=otto, motivation="Ik werk aan biocomposieten.")
    assert isinstance(result, JoinRequest) and result.status == "pending"
    assert not Membership.objects.filter(user=otto, network=network).exists()
    assert [m.to for m in mailoutbox] == [[anke.email]]


def test_a_second_membership_is_refused(network, bert):
    with pytest.raises(Conflict):
        services.join(network, by=bert)
    assert Membership.objects.filter(user=bert).count() == 1


def test_a_join_request_to_a_hidden_network_is_not_found(otto):
    hidden = make_network("Geheim", visibility="hidden")
    with pytest.raises(NotFound):
        services.join(hidden, by=otto)
    assert not JoinRequest.objects.exists()


def test_invitation_only_network_refuses_join_requests(otto):
    network = make_network("Besloten", join_policy="invitation")
    with pytest.raises(NotAllowed):
        services.join(network, by=otto)


def test_coordinator_approves_a_request_and_the_person_becomes_member(
    network, anke, otto, mailoutbox, django_capture_on_commit_callbacks
):
    request = services.join(network, by=otto)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_join_request(request, by=anke, approve=True, message="Welkom!")
    assert Membership.objects.get(user=otto, network=network).status == "active"
    assert "Welkom!" in mailoutbox[-1].body


def test_a_member_cannot_decide_join_requests(network, anke, bert, otto):
    request = services.join(network, by=otto)
    with pytest.raises(NotAllowed):
        services.decide_join_request(request, by=bert, approve=True)
    request.refresh_from_db()
    assert request.status == "pending"


def test_the_last_coordinator_cannot_be_demoted(network, anke):
    membership = Membership.objects.get(user=anke, network=network)
    with pytest.raises(Conflict):
        services.change_membership(membership, by=anke, role="member")
    membership.refresh_from_db()
    assert membership.role == "coordinator"


def test_the_last_coordinator_cannot_leave(network, anke):
    with pytest.raises(Conflict):
        services.leave(network, by=anke)
    assert Membership.objects.get(user=anke).status == "active"


def test_a_coordinator_can_step_down_once_another_is_appointed(network, anke, bert):
    bert_membership = Membership.objects.get(user=bert, network=network)
    services.change_membership(bert_membership, by=anke, role="coordinator")
    anke_membership = Membership.objects.get(user=anke, network=network)
    services.change_membership(anke_membership, by=anke, role="member")
    anke_membership.refresh_from_db()
    assert anke_membership.role == "member"


def test_leaving_and_joining_again_reuses_the_membership(otto):
    network = make_network("Open", join_policy="open")
    services.join(network, by=otto)
    services.leave(network, by=otto)
    assert Membership.objects.get(user=otto).status == "left"
    services.join(network, by=otto)
    assert Membership.objects.filter(user=otto).count() == 1
    assert Membership.objects.get(user=otto).status == "active"


def test_the_welcome_mail_links_to_the_network_on_the_site_url(
    network, anke, otto, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://gilde.example.nl"
    request = services.join(network, by=otto)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_join_request(request, by=anke, approve=True)
    assert f"https://gilde.example.nl/n/{network.slug}/" in mailoutbox[-1].body


def test_make_run_points_mail_links_at_the_address_it_serves():
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    dry = subprocess.run(  # noqa: S603 - make, with fixed arguments, in the repository
        ["make", "-n", "run", "HOST=127.0.0.1:8101"],  # noqa: S607 - make is on PATH
        cwd=root, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "SITE_URL=http://127.0.0.1:8101 " in dry
    assert "runserver 127.0.0.1:8101" in dry
