"""Pages of the projects: the network's project tree, one project with its sub-projects,
people, partners, milestones and budget, the umbrella's budget table (also as CSV and as
a page to print for a funder), and the milestones' timeline.

Projects are fetched through `Project.objects.visible_to` inside the network, so what a
visitor may not see answers 404 like what does not exist. Every write goes through
gilde.projects.services; every form works as a plain POST.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gilde.core import access
from gilde.core.confirm import ask_first, confirmed
from gilde.core.forms import refusals
from gilde.networks.views import network_view
from gilde.projects import services, tree
from gilde.projects.forms import (
    BudgetForm,
    MilestoneForm,
    MilestoneStatusForm,
    ParticipantForm,
    PartnerForm,
    ProjectForm,
)
from gilde.projects.models import Milestone, Participant, Partner, Project


def _project_or_404(request, network, project_id: int) -> Project:
    project = get_object_or_404(
        Project.objects.visible_to(request.user)
        .filter(network=network)
        .select_related("network", "parent", "idea", "created_by")
        .prefetch_related("participants"),
        pk=project_id,
    )
    return project


def project_url(project: Project, anchor: str = "") -> str:
    url = reverse("projects:project", args=[project.network.slug, project.pk])
    return f"{url}#{anchor}" if anchor else url


def _require_runner(request, project: Project) -> None:
    """A page only those who run the project open: 404 for the others (core.access)."""
    if not services.may_run(project, request.user):
        raise Http404


# -- the tree and one project ----------------------------------------------------------


@network_view("view")
def projects(request, network):
    roots = tree.forest(request.user, network)
    rows = [node for root in roots for node in root.walk()]
    return render(
        request,
        "projects/projects.html",
        {
            "network": network,
            "rows": rows,
            "can_contribute": access.can_contribute(request.user, network),
        },
    )


@login_required
@network_view("contribute")
def project_new(request, network):
    initial = {}
    if (parent_id := request.GET.get("parent", "")) and parent_id.isdigit():
        initial["parent"] = int(parent_id)
    form = ProjectForm(network, request.user, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusals(form=form) as refused:
            project = services.create_project(network, by=request.user, **form.values())
        if not refused:
            messages.success(request, _("The project is started. Add its people and partners."))
            return redirect(project_url(project))
    return render(request, "projects/project_form.html", {"network": network, "form": form})


@network_view("view")
def project(request, network, project_id: int):
    item = _project_or_404(request, network, project_id)
    user = request.user
    nodes = tree.forest(user, network, root=item)
    node = nodes[0] if nodes else None
    may_run = services.may_run(item, user)
    participants = list(item.participants.select_related("user", "organisation"))
    milestones = list(item.milestones.select_related("owner"))
    organisations = tree.organisations_in(node) if node else {}
    totals = node.totals if node else {}
    context = {
        "network": network,
        "project": item,
        "node": node,
        "subprojects": list(node.walk())[1:] if node else [],
        "ancestors": _ancestors(request, item),
        "participants": participants,
        "partners": node.project.partner_rows if node else [],
        "milestones": milestones,
        "budget_rows": [
            (organisations[org_id], totals[org_id]) for org_id in organisations if org_id in totals
        ],
        "grand_total": node.grand_total if node else None,
        "may_run": may_run,
        "may_mark": {m.pk for m in milestones if services.may_mark(m, user)}
        if user.is_authenticated
        else set(),
        "can_contribute": access.can_contribute(user, network),
    }
    if may_run:
        context |= {
            "participant_form": ParticipantForm(item),
            "partner_form": PartnerForm(item),
            "milestone_form": MilestoneForm(item),
            "budget_form": BudgetForm(item),
        }
    return render(request, "projects/project.html", context)


def _ancestors(request, project: Project) -> list[Project]:
    """The path from the top of the tree to the project's parent, as far as visible."""
    chain = services.ancestors_of(project, project.network)
    if not chain:
        return []
    found = {
        p.pk: p
        for p in Project.objects.visible_to(request.user).filter(pk__in=chain).only("pk", "title")
    }
    return [found[pk] for pk in reversed(chain) if pk in found]


@login_required
@network_view("contribute")
def project_edit(request, network, project_id: int):
    item = _project_or_404(request, network, project_id)
    _require_runner(request, item)
    form = ProjectForm(network, request.user, request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        with refusals(form=form) as refused:
            services.update_project(item, by=request.user, **form.values())
        if not refused:
            messages.success(request, _("The project is saved."))
            return redirect(project_url(item))
        item.refresh_from_db()
    return render(
        request, "projects/project_form.html", {"network": network, "form": form, "project": item}
    )


@require_POST
@login_required
@network_view("contribute")
def project_delete(request, network, project_id: int):
    item = _project_or_404(request, network, project_id)
    _require_runner(request, item)
    if not confirmed(request):
        return ask_first(
            request,
            question=_("Remove the project “%(title)s”?") % {"title": item.title},
            explanation=_("Its milestones, budget and people are removed with it."),
            button=_("Remove"),
            cancel_url=project_url(item),
        )
    with refusals(request) as refused:
        services.delete_project(item, by=request.user)
    if refused:
        return redirect(project_url(item))
    messages.success(request, _("“%(title)s” is removed.") % {"title": item.title})
    return redirect("projects:projects", network.slug)


# -- people and partners ---------------------------------------------------------------


def _posted(request, project: Project, form, anchor: str, call, done: str):
    """Run `call(cleaned_data)` for a valid `form`; say what happened; back to the project."""
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
            break
        return redirect(project_url(project, anchor))
    with refusals(request) as refused:
        call(form.cleaned_data)
    if not refused:
        messages.success(request, done)
    return redirect(project_url(project, anchor))


def _removed(request, project: Project, *, question: str, button: str, anchor: str, call, done):
    """Ask first (core.confirm); on "yes", run `call()`; say what happened; back to the
    project's `anchor`."""
    back = project_url(project, anchor)
    if not confirmed(request):
        return ask_first(request, question=question, button=button, cancel_url=back)
    with refusals(request) as refused:
        call()
    if not refused:
        messages.success(request, done)
    return redirect(back)


@require_POST
@login_required
@network_view("contribute")
def participant_add(request, network, project_id: int):
    item = _project_or_404(request, network, project_id)
    return _posted(
        request,
        item,
        ParticipantForm(item, request.POST),
        "people",
        lambda data: services.add_participant(
            item, by=request.user, user=data["user"], role=data["role"]
        ),
        _("The team is updated."),
    )


@require_POST
@login_required
@network_view("contribute")
def participant_remove(request, network, project_id: int, participant_id: int):
    item = _project_or_404(request, network, project_id)
    participant = get_object_or_404(
        Participant.objects.filter(project=item).select_related("user"), pk=participant_id
    )
    participant.project = item
    return _removed(
        request,
        item,
        question=_("Take %(name)s off the project?") % {"name": participant.user.display_name},
        button=_("Off the project"),
        anchor="people",
        call=lambda: services.remove_participant(participant, by=request.user),
        done=_("The team is updated."),
    )


@require_POST
@login_required
@network_view("contribute")
def partner_add(request, network, project_id: int):
    item = _project_or_404(request, network, project_id)
    return _posted(
        request,
        item,
        PartnerForm(item, request.POST),
        "partners",
        lambda data: services.add_partner(
            item, by=request.user, organisation=data["organisation"], role=data["role"]
        ),
        _("The partners are updated."),
    )


@require_POST
@login_required
@network_view("contribute")
def partner_remove(request, network, project_id: int, project_partner_id: int):
    item = _project_or_404(request, network, project_id)
    partner = get_object_or_404(
        Partner.objects.filter(project=item).select_related("organisation"), pk=project_partner_id
    )
    partner.project = item
    return _removed(
        request,
        item,
        question=_("Remove %(name)s as a partner?") % {"name": partner.organisation.name},
        button=_("Remove"),
        anchor="partners",
        call=lambda: services.remove_partner(partner, by=request.user),
        done=_("The partners are updated."),
    )


# -- milestones and budget -------------------------------------------------------------


@require_POST
@login_required
@network_view("contribute")
def milestone_add(request, network, project_id: int):
    item = _project_or_404(request, network, project_id)
    return _posted(
        request,
        item,
        MilestoneForm(item, request.POST),
        "milestones",
        lambda data: services.add_milestone(item, by=request.user, **data),
        _("The milestone is added."),
    )


def _milestone_or_404(request, network, project_id: int, milestone_id: int):
    item = _project_or_404(request, network, project_id)
    milestone = get_object_or_404(Milestone.objects.filter(project=item), pk=milestone_id)
    milestone.project = item
    return item, milestone


@require_POST
@login_required
@network_view("contribute")
def milestone_status(request, network, project_id: int, milestone_id: int):
    item, milestone = _milestone_or_404(request, network, project_id, milestone_id)
    return _posted(
        request,
        item,
        MilestoneStatusForm(request.POST),
        "milestones",
        lambda data: services.set_milestone_status(
            milestone, by=request.user, status=data["status"]
        ),
        _("The milestone is updated."),
    )


@require_POST
@login_required
@network_view("contribute")
def milestone_delete(request, network, project_id: int, milestone_id: int):
    item, milestone = _milestone_or_404(request, network, project_id, milestone_id)
    return _removed(
        request,
        item,
        question=_("Remove the milestone “%(title)s”?") % {"title": milestone.title},
        button=_("Remove"),
        anchor="milestones",
        call=lambda: services.delete_milestone(milestone, by=request.user),
        done=_("The milestone is removed."),
    )


@require_POST
@login_required
@network_view("contribute")
def budget_set(request, network, project_id: int):
    item = _project_or_404(request, network, project_id)
    form = BudgetForm(item, request.POST)
    return _posted(
        request,
        item,
        form,
        "budget",
        lambda data: services.set_budget(
            item, by=request.user, organisation=data["organisation"], **form.amounts()
        ),
        _("The budget is saved."),
    )
