"""Projects, their tree, people, partners, milestones and budgets, through the services."""

from decimal import Decimal

import pytest

from gilde.core.errors import Conflict, Invalid, NotAllowed, NotFound
from gilde.core.testing import make_membership, make_network, make_organisation, make_user
from gilde.projects import services, tree
from gilde.projects.models import BudgetLine, Project
from gilde.projects.tests.conftest import start

pytestmark = pytest.mark.django_db


def test_who_starts_a_project_leads_it_for_their_organisation(network, bert):
    project = start(network, bert, kind="pilot")
    lead = project.participants.get()
    assert (lead.user, lead.role, lead.organisation.name) == (bert, "lead", "Groenvezel B.V.")
    assert services.may_run(project, bert)


def test_guests_and_outsiders_do_not_start_projects(network, gea, otto):
    for person in (gea, otto):
        with pytest.raises(NotAllowed):
            start(network, person)
    assert not Project.objects.exists()


def test_a_project_cannot_become_its_own_ancestor(network, bert):
    umbrella = start(network, bert, title="Umbrella")
    child = start(network, bert, title="Kind", parent=umbrella)
    grandchild = start(network, bert, title="Kleinkind", parent=child)
    for parent in (umbrella, child, grandchild):
        with pytest.raises(Invalid, match="deel zijn van zichzelf"):
            services.update_project(umbrella, by=bert, parent=parent)
    umbrella.refresh_from_db()
    assert umbrella.parent is None
    # Moving a leaf elsewhere in the tree is fine.
    services.update_project(grandchild, by=bert, parent=umbrella)
    assert services.ancestors_of(grandchild, network) == [umbrella.pk]


def test_a_parent_in_another_network_does_not_exist(network, bert):
    elsewhere = make_network("Elders")
    pia = make_user("Pia")
    make_membership(pia, elsewhere, role="coordinator")
    foreign = start(elsewhere, pia)
    with pytest.raises(NotFound):
        start(network, bert, parent=foreign)


def test_an_end_before_the_start_is_refused(network, bert):
    from datetime import date

    with pytest.raises(Invalid):
        start(network, bert, starts_on=date(2027, 3, 1), ends_on=date(2027, 2, 1))
    assert not Project.objects.exists()


def test_only_leads_and_coordinators_run_a_project(network, anke, bert, inge):
    project = start(network, bert)
    with pytest.raises(NotAllowed):
        services.update_project(project, by=inge, title="Overgenomen")
    services.update_project(project, by=anke, status="running")
    project.refresh_from_db()
    assert project.status == "running"


def test_participants_are_members_or_guests_as_guests(network, bert, inge, gea, otto):
    project = start(network, bert)
    services.add_participant(project, by=bert, user=inge)
    with pytest.raises(Invalid, match="als gast"):
        services.add_participant(project, by=bert, user=gea, role="member")
    services.add_participant(project, by=bert, user=gea, role="guest")
    with pytest.raises(Invalid, match="Alleen actieve leden"):
        services.add_participant(project, by=bert, user=otto, role="guest")
    assert set(project.participants.values_list("user__name", "role")) == {
        ("Bert Kuipers", "lead"),
        ("Inge Bakker", "member"),
        ("Gea Mulder", "guest"),
    }


def test_the_last_lead_stays(network, bert, inge):
    project = start(network, bert)
    lead = project.participants.get(user=bert)
    with pytest.raises(Conflict):
        services.remove_participant(lead, by=bert)
    services.add_participant(project, by=bert, user=inge, role="lead")
    services.remove_participant(lead, by=bert)
    assert list(project.participants.values_list("user__name", flat=True)) == ["Inge Bakker"]


def test_a_guest_participant_sees_only_their_project(network, bert, gea):
    invited = start(network, bert, title="Met gast")
    start(network, bert, title="Zonder gast")
    services.add_participant(invited, by=bert, user=gea, role="guest")
    assert list(Project.objects.visible_to(gea)) == [invited]


def test_circle_and_private_projects(network, anke, bert, inge):
    circle = start(network, bert, title="Kring", visibility="circle")
    private = start(network, bert, title="Eigen", visibility="private")
    assert set(Project.objects.visible_to(bert)) == {circle, private}
    assert set(Project.objects.visible_to(inge)) == set()
    services.add_participant(circle, by=bert, user=inge)
    assert set(Project.objects.visible_to(inge)) == {circle}


def test_a_partner_outside_the_network_is_refused_until_its_person_is_a_guest(network, bert, gea):
    project = start(network, bert)
    rug = make_organisation("Rijksuniversiteit Groningen")
    gea.affiliations.create(organisation=rug)
    with pytest.raises(Invalid, match="niet in het netwerk"):
        services.add_partner(project, by=bert, organisation=rug)
    services.add_participant(project, by=bert, user=gea, role="guest")
    partner = services.add_partner(project, by=bert, organisation=rug, role="partner")
    assert partner.organisation == rug


def test_a_negative_budget_amount_is_refused_and_changes_nothing(network, bert):
    project = start(network, bert)
    groenvezel = bert.organisations.get()
    services.add_partner(project, by=bert, organisation=groenvezel, role="penvoerder")
    services.set_budget(project, by=bert, organisation=groenvezel, planned_cents=100_000)
    with pytest.raises(Invalid, match="negatief"):
        services.set_budget(project, by=bert, organisation=groenvezel, planned_cents=-1)
    assert BudgetLine.objects.get().planned_cents == 100_000


def test_a_budget_needs_a_partner(network, bert, inge):
    project = start(network, bert)
    with pytest.raises(Invalid, match="eerst toe als partner"):
        services.set_budget(
            project, by=bert, organisation=inge.organisations.get(), planned_cents=1
        )


def test_progress_and_budget_roll_up_the_tree(network, bert, inge):
    umbrella = start(network, bert, title="Subsidieaanvraag")
    a = start(network, bert, title="Deelproject A", parent=umbrella)
    b = start(network, bert, title="Deelproject B", parent=umbrella)
    groenvezel, vezelhuis = bert.organisations.get(), inge.organisations.get()
    services.add_participant(b, by=bert, user=inge)
    for project, organisation, cents in ((a, groenvezel, 50_000), (b, groenvezel, 25_000)):
        services.add_partner(project, by=bert, organisation=organisation)
        services.set_budget(project, by=bert, organisation=organisation, planned_cents=cents)
    services.add_partner(b, by=bert, organisation=vezelhuis)
    services.set_budget(b, by=bert, organisation=vezelhuis, planned_hours=Decimal("12.5"))
    done = services.add_milestone(a, by=bert, title="Literatuur", weight=3)
    services.add_milestone(b, by=bert, title="Proef", weight=1)
    services.set_milestone_status(done, by=bert, status="done")

    [node] = tree.forest(bert, network, root=umbrella)
    assert node.percent == 75
    assert node.totals[groenvezel.pk].planned_cents == 75_000
    assert node.totals[vezelhuis.pk].planned_hours == Decimal("12.5")
    assert node.grand_total.planned_cents == 75_000
    assert [child.project for child in node.children] == [a, b]


def test_a_milestone_owner_must_take_part_and_may_mark_it_done(network, bert, inge, anke):
    project = start(network, bert)
    with pytest.raises(Invalid, match="moet meedoen"):
        services.add_milestone(project, by=bert, title="Rapport", owner=inge)
    services.add_participant(project, by=bert, user=inge)
    milestone = services.add_milestone(project, by=bert, title="Rapport", owner=inge)
    services.set_milestone_status(milestone, by=inge, status="done")
    assert milestone.done_on is not None
    other = services.add_milestone(project, by=bert, title="Presentatie")
    with pytest.raises(NotAllowed):
        services.set_milestone_status(other, by=inge, status="done")


def test_a_project_with_sub_projects_is_not_removed(network, bert):
    umbrella = start(network, bert, title="Umbrella")
    start(network, bert, title="Kind", parent=umbrella)
    with pytest.raises(Conflict):
        services.delete_project(umbrella, by=bert)
    assert Project.objects.count() == 2


def test_a_network_is_removed_with_its_whole_project_tree(network, bert):
    umbrella = start(network, bert, title="Umbrella")
    start(network, bert, title="Kind", parent=umbrella)
    network.delete()
    assert not Project.objects.exists()
