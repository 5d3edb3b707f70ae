from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "gilde.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from gilde.core import fragments
        from gilde.projects.models import BudgetLine, Milestone, Participant, Partner, Project

        fragments.watch(Project, _own_network)
        for model in (Participant, Partner, Milestone, BudgetLine):
            fragments.watch(model, _project_network)


def _own_network(row):
    return [row.network_id]


def _project_network(row):
    return [row.project.network_id]
