"""Every write of the projects: a project and its place in the tree, its participants
(people) and partners (organisations), milestones, and budget lines.

Who may do what (docs/access.md):
- members and coordinators of the network start projects; who starts one leads it;
- a project is run by its leads and by the network's coordinators (`may_run`), who
  change it, move it in the tree, and choose its participants, partners, milestones and
  budget; a milestone's owner marks it done;
- a participant is an active member of the network, or a guest of the network invited to
  this project (role `guest`); a partner is the organisation of a member of the network
  or of one of the project's guests;
- only an active membership writes.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gilde.accounts.models import Organisation, User
from gilde.core import access, audit
from gilde.core.errors import (
    Conflict,
    Invalid,
    NotAllowed,
    NotFound,
    clean_title,
    full_clean_or_invalid,
)
from gilde.core.markdown import render
from gilde.core.visibility import Visibility
from gilde.networks.models import Membership, Network, network_people
from gilde.projects.models import BudgetLine, Milestone, Participant, Partner, Project

# What the model checks of a project before it is saved (a refusal is `Invalid`).
PROJECT_CHECKED = ["title", "kind", "status", "description", "visibility", "starts_on", "ends_on"]

# How deep the tree may go: deep enough for programme → project → work package → task.
MAX_DEPTH = 8


# -- who may ---------------------------------------------------------------------


def _require_writer(by, network) -> None:
    if not access.can_contribute(by, network):
        raise NotAllowed(_("Only active members of this network can do this."))


def may_run(project: Project, user) -> bool:
    """Leads who are still active members, and the network's coordinators. Reads the
    prefetched `participants` and the request's membership cache."""
    if not access.can_contribute(user, project.network):
        return False
    if access.can_manage(user, project.network):
        return True
    return user.pk in project.owners()


def _require_runner(project: Project, by) -> None:
    if not may_run(project, by):
        raise NotAllowed(_("Only the project's leads and the network's coordinators can do this."))


def _touch(project: Project) -> None:
    project.updated_at = timezone.now()
    Project.objects.filter(pk=project.pk).update(updated_at=project.updated_at)


# -- the tree ------------------------------------------------------------------------


def ancestors_of(project_or_id, network: Network) -> list[int]:
    """Ids from the project's parent up to its root, in one query over the network's tree."""
    parents = dict(Project.objects.filter(network=network).values_list("pk", "parent_id"))
    start = getattr(project_or_id, "pk", project_or_id)
    chain, seen = [], {start}
    parent = parents.get(start)
    while parent is not None and parent not in seen:
        chain.append(parent)
        seen.add(parent)
        parent = parents.get(parent)
    return chain


def _check_parent(network: Network, project: Project | None, parent: Project | None, by):
    """The parent must be a project of the same network the user may see, and never the
    project itself or one of its sub-projects."""
    if parent is None:
        return
    if parent.network_id != network.pk or not (
        Project.objects.visible_to(by).filter(pk=parent.pk).exists()
    ):
        raise NotFound(_("This project does not exist."))
    chain = [parent.pk, *ancestors_of(parent, network)]
    if project is not None and project.pk in chain:
        raise Invalid(
            _("A project cannot be part of itself or of one of its own sub-projects."),
            field="parent",
        )
    if len(chain) >= MAX_DEPTH:
        raise Invalid(
            _("The tree can be at most %(depth)d levels deep.") % {"depth": MAX_DEPTH},
            field="parent",
        )


@transaction.atomic
def create_project(
    network: Network,
    *,
    by,
    title: str,
    kind: str = Project.Kind.OTHER,
    status: str = Project.Status.IDEA,
    description: str = "",
    visibility: str = Visibility.NETWORK,
    starts_on: date | None = None,
    ends_on: date | None = None,
    parent: Project | None = None,
    idea=None,
) -> Project:
    """Start a project (optionally under `parent`, or from a meetings idea); `by` leads it."""
    _require_writer(by, network)
    _check_parent(network, None, parent, by)
    if idea is not None and idea.network_id != network.pk:
        raise NotFound(_("This idea does not exist."))
    project = Project(
        network=network,
        parent=parent,
        title=clean_title(title),
        kind=kind,
        status=status,
        description=description or "",
        description_html=render(description or ""),
        visibility=visibility,
        starts_on=starts_on,
        ends_on=ends_on,
        idea=idea,
        created_by=by,
    )
    full_clean_or_invalid(project, PROJECT_CHECKED)
    project.save()
    Participant.objects.create(
        project=project,
        user=by,
        role=Participant.Role.LEAD,
        organisation=_organisation_in(network, by),
    )
    audit.record("project.created", actor=by, network=network, target=project)
    return project


@transaction.atomic
def update_project(project: Project, *, by, **fields) -> Project:
    """Change a project's fields; `parent` moves it in the tree (None: to the top)."""
    _require_runner(project, by)
    if unknown := set(fields) - {"parent", *PROJECT_CHECKED}:
        raise Invalid(_("This cannot be changed here."), field=sorted(unknown)[0])
    if "parent" in fields:
        parent = fields.pop("parent")
        _check_parent(project.network, project, parent, by)
        project.parent = parent
    if "title" in fields:
        fields["title"] = clean_title(fields["title"])
    if "description" in fields:
        fields["description"] = fields["description"] or ""
        project.description_html = render(fields["description"])
    for name, value in fields.items():
        setattr(project, name, value)
    full_clean_or_invalid(project, PROJECT_CHECKED)
    project.updated_at = timezone.now()
    project.save()
    audit.record("project.changed", actor=by, network=project.network, target=project)
    return project


@transaction.atomic
def delete_project(project: Project, *, by) -> None:
    """Remove a project without sub-projects (move or remove those first)."""
    _require_runner(project, by)
    if project.children.exists():
        raise Conflict(_("Move or remove the sub-projects first."))
    audit.record("project.deleted", actor=by, network=project.network, target=project)
    project.delete()


# -- people and organisations ----------------------------------------------------------


def _organisation_in(network: Network, user) -> Organisation | None:
    """The organisation `user` takes part in `network` for, if any."""
    membership = (
        Membership.objects.filter(network=network, user=user).select_related("organisation").first()
    )
    if membership and membership.organisation:
        return membership.organisation
    return Organisation.objects.filter(affiliations__user=user).order_by("name").first()


def _guests(network: Network):
    return User.objects.filter(
        memberships__network=network,
        memberships__status=Membership.Status.ACTIVE,
        memberships__role=Membership.Role.GUEST,
        is_active=True,
    )


def participant_choices(project: Project):
    """Whom a participant is chosen from: the network's active members and coordinators,
    and its active guests (who may only take part as guests)."""
    return (
        User.objects.filter(
            memberships__network=project.network,
            memberships__status=Membership.Status.ACTIVE,
            is_active=True,
        )
        .distinct()
        .order_by("name", "pk")
    )


@transaction.atomic
def add_participant(project: Project, *, by, user, role: str = Participant.Role.MEMBER):
    _require_runner(project, by)
    if role not in Participant.Role.values:
        raise Invalid(_("Choose a role."), field="role")
    user_id = getattr(user, "pk", user)
    is_member = network_people(project.network).filter(pk=user_id).exists()
    is_guest = not is_member and _guests(project.network).filter(pk=user_id).exists()
    if not (is_member or is_guest):
        raise Invalid(
            _(
                "Only active members of this network, or guests a coordinator invited to it, "
                "can take part."
            ),
            field="user",
        )
    if is_guest and role != Participant.Role.GUEST:
        raise Invalid(_("Someone from outside the network takes part as a guest."), field="role")
    if is_member and role == Participant.Role.GUEST:
        raise Invalid(
            _("A member of the network takes part as a lead or team member."), field="role"
        )
    person = User.objects.get(pk=user_id)
    participant, created = Participant.objects.get_or_create(
        project=project,
        user=person,
        defaults={"role": role, "organisation": _organisation_in(project.network, person)},
    )
    if not created:
        if participant.role == role:
            raise Conflict(_("%(name)s already takes part.") % {"name": person.display_name})
        _keep_a_lead(project, participant, role)
        participant.role = role
        participant.save(update_fields=["role"])
    _touch(project)
    audit.record("project.participant", actor=by, network=project.network, target=project)
    return participant


def _keep_a_lead(project: Project, participant: Participant, new_role: str | None) -> None:
    if participant.role == Participant.Role.LEAD and new_role != Participant.Role.LEAD:
        others = project.participants.filter(role=Participant.Role.LEAD).exclude(pk=participant.pk)
        if not others.exists():
            raise Conflict(_("A project keeps at least one lead: choose another lead first."))


@transaction.atomic
def remove_participant(participant: Participant, *, by) -> None:
    project = participant.project
    _require_runner(project, by)
    _keep_a_lead(project, participant, None)
    participant.delete()
    _touch(project)


def partner_choices(project: Project):
    """Organisations that may be partners: those members of the network take part for or
    work at, and those of the project's guests."""
    network = project.network
    members = Membership.objects.filter(
        network=network,
        status=Membership.Status.ACTIVE,
        role__in=[Membership.Role.MEMBER, Membership.Role.COORDINATOR],
    )
    guests = project.participants.filter(role=Participant.Role.GUEST).values("user_id")
    return (
        (
            Organisation.objects.filter(memberships__in=members)
            | Organisation.objects.filter(affiliations__user__memberships__in=members)
            | Organisation.objects.filter(affiliations__user__in=guests)
        )
        .distinct()
        .order_by("name")
    )


@transaction.atomic
def add_partner(project: Project, *, by, organisation, role: str = Partner.Role.PARTNER):
    _require_runner(project, by)
    if role not in Partner.Role.values:
        raise Invalid(_("Choose a role."), field="role")
    organisation_id = getattr(organisation, "pk", organisation)
    found = partner_choices(project).filter(pk=organisation_id).first()
    if found is None:
        raise Invalid(
            _(
                "This organisation is not in the network: invite someone of it as a guest "
                "to the project first."
            ),
            field="organisation",
        )
    partner, created = Partner.objects.get_or_create(
        project=project, organisation=found, defaults={"role": role}
    )
    if not created:
        if partner.role == role:
            raise Conflict(_("%(name)s is already a partner.") % {"name": found.name})
        partner.role = role
        partner.save(update_fields=["role"])
    _touch(project)
    audit.record("project.partner", actor=by, network=project.network, target=project)
    return partner


@transaction.atomic
def remove_partner(partner: Partner, *, by) -> None:
    project = partner.project
    _require_runner(project, by)
    if project.budget_lines.filter(organisation_id=partner.organisation_id).exclude(
        planned_cents=0, actual_cents=0, planned_hours=0, actual_hours=0,
        planned_credits=0, actual_credits=0,
    ).exists():  # fmt: skip
        raise Conflict(_("This partner has a budget in the project: set it to zero first."))
    project.budget_lines.filter(organisation_id=partner.organisation_id).delete()
    partner.delete()
    _touch(project)


# -- milestones -------------------------------------------------------------------------


def _milestone_values(project: Project, fields: dict) -> dict:
    values = dict(fields)
    if "title" in values:
        values["title"] = clean_title(values["title"])
    if "deliverable" in values:
        values["deliverable"] = " ".join((values["deliverable"] or "").split())[:200]
    if "weight" in values:
        weight = values["weight"]
        if weight is None or int(weight) < 1 or int(weight) > 1000:
            raise Invalid(_("A weight is a whole number from 1 to 1000."), field="weight")
        values["weight"] = int(weight)
    if (chosen := values.get("owner")) is not None:
        owner_id = chosen.pk if isinstance(chosen, User) else int(chosen)
        owner = project.participants.filter(user_id=owner_id).select_related("user").first()
        if owner is None:
            raise Invalid(_("The owner must take part in the project."), field="owner")
        values["owner"] = owner.user
    return values


@transaction.atomic
def add_milestone(project: Project, *, by, title: str, **fields) -> Milestone:
    _require_runner(project, by)
    values = _milestone_values(project, {"title": title, **fields})
    milestone = Milestone(project=project, **values)
    full_clean_or_invalid(milestone, ["title", "deliverable", "due_on", "weight"])
    milestone.save()
    _touch(project)
    return milestone


@transaction.atomic
def update_milestone(milestone: Milestone, *, by, **fields) -> Milestone:
    _require_runner(milestone.project, by)
    allowed = {"title", "deliverable", "due_on", "owner", "weight"}
    if unknown := set(fields) - allowed:
        raise Invalid(_("This cannot be changed here."), field=sorted(unknown)[0])
    for name, value in _milestone_values(milestone.project, fields).items():
        setattr(milestone, name, value)
    full_clean_or_invalid(milestone, ["title", "deliverable", "due_on", "weight"])
    milestone.save()
    _touch(milestone.project)
    return milestone


def may_mark(milestone: Milestone, user) -> bool:
    return may_run(milestone.project, user) or (
        milestone.owner_id == user.pk and access.can_contribute(user, milestone.project.network)
    )


@transaction.atomic
def set_milestone_status(milestone: Milestone, *, by, status: str) -> Milestone:
    if not may_mark(milestone, by):
        raise NotAllowed(_("Only the milestone's owner and the project's leads can do this."))
    if status not in Milestone.Status.values:
        raise Invalid(_("Choose a status."), field="status")
    milestone.status = status
    milestone.done_on = timezone.localdate() if status == Milestone.Status.DONE else None
    milestone.save(update_fields=["status", "done_on"])
    _touch(milestone.project)
    return milestone


@transaction.atomic
def delete_milestone(milestone: Milestone, *, by) -> None:
    _require_runner(milestone.project, by)
    milestone.delete()
    _touch(milestone.project)


# -- budget -----------------------------------------------------------------------------

BUDGET_FIELDS = (
    "planned_cents", "actual_cents", "planned_hours", "actual_hours",
    "planned_credits", "actual_credits",
)  # fmt: skip


@transaction.atomic
def set_budget(project: Project, *, by, organisation, **amounts) -> BudgetLine:
    """Set one partner's budget in the project; amounts not given stay as they are."""
    _require_runner(project, by)
    organisation_id = getattr(organisation, "pk", organisation)
    if not project.partners.filter(organisation_id=organisation_id).exists():
        raise Invalid(_("Add the organisation as a partner first."), field="organisation")
    if unknown := set(amounts) - set(BUDGET_FIELDS):
        raise Invalid(_("This cannot be changed here."), field=sorted(unknown)[0])
    for name, value in amounts.items():
        if value is None:
            raise Invalid(_("Give an amount (0 for none)."), field=name)
        if Decimal(value) < 0:
            raise Invalid(_("A budget amount cannot be negative."), field=name)
    line, _created = BudgetLine.objects.select_for_update().get_or_create(
        project=project, organisation_id=organisation_id
    )
    for name, value in amounts.items():
        setattr(line, name, value)
    line.updated_at = timezone.now()
    full_clean_or_invalid(line, list(amounts))
    line.save()
    _touch(project)
    audit.record("project.budget", actor=by, network=project.network, target=project)
    return line


@transaction.atomic
def add_actual(project: Project, *, organisation, cents: int = 0, credits: int = 0) -> None:
    """Add to a partner's actual spending (a completed booking's cost): a system write, no
    actor; the line is made when the partner has none yet."""
    line, _created = BudgetLine.objects.select_for_update().get_or_create(
        project=project, organisation=organisation
    )
    line.actual_cents += int(cents)
    line.actual_credits += int(credits)
    line.updated_at = timezone.now()
    line.save()
