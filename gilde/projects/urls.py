from django.urls import path

from gilde.projects import views

app_name = "projects"

N = "n/<slug:slug>/projects/"
P = N + "<int:project_id>/"

urlpatterns = [
    path(N, views.projects, name="projects"),
    path(N + "new/", views.project_new, name="project_new"),
    path(P, views.project, name="project"),
    path(P + "edit/", views.project_edit, name="project_edit"),
    path(P + "remove/", views.project_delete, name="project_delete"),
    path(P + "people/", views.participant_add, name="participant_add"),
    path(
        P + "people/<int:participant_id>/remove/",
        views.participant_remove,
        name="participant_remove",
    ),
    path(P + "partners/", views.partner_add, name="partner_add"),
    path(
        P + "partners/<int:project_partner_id>/remove/",
        views.partner_remove,
        name="partner_remove",
    ),
    path(P + "milestones/", views.milestone_add, name="milestone_add"),
    path(
        P + "milestones/<int:milestone_id>/status/",
        views.milestone_status,
        name="milestone_status",
    ),
    path(
        P + "milestones/<int:milestone_id>/remove/",
        views.milestone_delete,
        name="milestone_delete",
    ),
    path(P + "budget/", views.budget_set, name="budget_set"),
]
