"""The project tree as a viewer sees it, read in a fixed number of queries whatever its
size or depth: the network's visible projects, their milestone weights, budget lines and
partners (gilde.projects.rollup does the sums)."""

from __future__ import annotations

from django.db.models import Q, Sum

from gilde.projects.models import BudgetLine, Milestone, Partner, Project
from gilde.projects.rollup import Node, build


def forest(user, network, *, root: Project | None = None) -> list[Node]:
    """The visible projects of `network` as trees (or only the tree under `root`).

    What the viewer may not see is left out, with its milestones and budget: a sub-project
    for a circle counts for those in it."""
    visible = Project.objects.visible_to(user).filter(network=network)
    projects = list(visible.order_by("title", "pk"))
    weights = {
        row["project_id"]: (row["done"] or 0, row["total"] or 0)
        for row in Milestone.objects.filter(project__in=visible)
        .values("project_id")
        .annotate(done=Sum("weight", filter=Q(status=Milestone.Status.DONE)), total=Sum("weight"))
        .order_by()
    }
    lines = list(BudgetLine.objects.filter(project__in=visible).select_related("organisation"))
    partners: dict[int, list[Partner]] = {}
    for partner in Partner.objects.filter(project__in=visible).select_related("organisation"):
        partners.setdefault(partner.project_id, []).append(partner)
    by_project: dict[int, list[BudgetLine]] = {}
    for line in lines:
        by_project.setdefault(line.project_id, []).append(line)
    for project in projects:
        project.partner_rows = partners.get(project.pk, [])
        project.line_rows = by_project.get(project.pk, [])
    roots = build(projects, weights, lines)
    if root is None:
        return roots
    for tree in roots:
        for node in tree.walk():
            if node.project.pk == root.pk:
                node.depth = 0
                _renumber(node)
                return [node]
    return []


def _renumber(node: Node) -> None:
    for child in node.children:
        child.depth = node.depth + 1
        _renumber(child)


def organisations_in(node: Node) -> dict[int, object]:
    """Every organisation with a partner row or a budget line in the subtree, by id."""
    found = {}
    for each in node.walk():
        for partner in each.project.partner_rows:
            found[partner.organisation_id] = partner.organisation
        for line in each.project.line_rows:
            found[line.organisation_id] = line.organisation
    return dict(sorted(found.items(), key=lambda item: (item[1].name.lower(), item[0])))
