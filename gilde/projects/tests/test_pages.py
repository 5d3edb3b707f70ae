"""The project pages as their users use them: start a project, add a sub-project, a
partner, a milestone and a budget, and see the umbrella roll up."""

import pytest
from django.urls import reverse

from gilde.conftest import login
from gilde.projects import services
from gilde.projects.models import BudgetLine, Project
from gilde.projects.tests.conftest import start

pytestmark = pytest.mark.django_db


def test_a_member_starts_a_project_on_the_page(network, bert):
    client = login(bert)
    response = client.post(
        reverse("projects:project_new", args=[network.slug]),
        {"title": "Pilot vlasvezel", "kind": "pilot", "status": "preparing",
         "visibility": "network"},
    )  # fmt: skip
    project = Project.objects.get()
    assert response["Location"] == reverse("projects:project", args=[network.slug, project.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Pilot vlasvezel" in page
    assert "in voorbereiding" in page
    listing = client.get(reverse("projects:projects", args=[network.slug])).content.decode()
    assert "Pilot vlasvezel" in listing


def test_a_sub_project_that_would_contain_itself_is_refused_on_the_page(network, bert):
    umbrella = start(network, bert, title="Umbrella")
    child = start(network, bert, title="Kind", parent=umbrella)
    client = login(bert)
    response = client.post(
        reverse("projects:project_edit", args=[network.slug, umbrella.pk]),
        {"title": "Umbrella", "kind": "anders", "status": "idea", "visibility": "network",
         "parent": child.pk},
    )  # fmt: skip
    assert response.status_code == 200
    assert "deel zijn van zichzelf" in response.content.decode()
    umbrella.refresh_from_db()
    assert umbrella.parent is None


def test_the_umbrella_shows_its_sub_projects_partners_and_totals(network, bert):
    umbrella = start(network, bert, title="Subsidieaanvraag BERNN", kind="subsidieaanvraag")
    client = login(bert)
    client.post(
        reverse("projects:project_new", args=[network.slug]),
        {"title": "Deelproject vezels", "kind": "innovatie", "status": "running",
         "visibility": "network", "parent": umbrella.pk},
    )  # fmt: skip
    child = Project.objects.get(parent=umbrella)
    groenvezel = bert.organisations.get()
    client.post(
        reverse("projects:partner_add", args=[network.slug, child.pk]),
        {"organisation": groenvezel.pk, "role": "penvoerder"},
    )
    client.post(
        reverse("projects:budget_set", args=[network.slug, child.pk]),
        {"organisation": groenvezel.pk, "planned_cents": "12.500,50", "planned_hours": "40",
         "actual_hours": "", "planned_credits": "10", "actual_credits": ""},
    )  # fmt: skip
    client.post(
        reverse("projects:milestone_add", args=[network.slug, child.pk]),
        {"title": "Vezeltest", "weight": "2"},
    )
    line = BudgetLine.objects.get()
    assert (line.planned_cents, line.planned_credits) == (1_250_050, 600)
    page = client.get(reverse("projects:project", args=[network.slug, umbrella.pk]))
    text = page.content.decode()
    assert "Deelproject vezels" in text
    assert "Groenvezel B.V." in text
    assert "€\xa012.500,50" in text
    assert "0%" in text  # one open milestone under the umbrella


def test_a_negative_amount_on_the_page_is_refused_with_a_message(network, bert):
    project = start(network, bert)
    groenvezel = bert.organisations.get()
    services.add_partner(project, by=bert, organisation=groenvezel)
    client = login(bert)
    response = client.post(
        reverse("projects:budget_set", args=[network.slug, project.pk]),
        {"organisation": groenvezel.pk, "planned_cents": "-5"},
        follow=True,
    )
    assert "kan niet negatief zijn" in response.content.decode()
    assert not BudgetLine.objects.exists()


def test_a_project_not_visible_answers_404(network, bert, inge):
    private = start(network, bert, visibility="private")
    response = login(inge).get(reverse("projects:project", args=[network.slug, private.pk]))
    assert response.status_code == 404


def test_a_public_project_is_seen_without_logging_in(network, bert, client):
    public = start(network, bert, title="Open pilot", visibility="public")
    response = client.get(reverse("projects:project", args=[network.slug, public.pk]))
    assert "Open pilot" in response.content.decode()
