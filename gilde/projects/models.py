"""Joint projects: a tree of projects and sub-projects with their partners (organisations)
and participants (people), milestones, budgets per partner, documents, and the meetings
and actions that belong to them.

A project is seen as `gilde.core.visibility` says, with its leads as owners and its
participants as the circle; a guest participant (someone outside the network, invited to
this project) sees the project they were invited to and nothing else of the network.
Leads and the network's coordinators run a project (`services.may_run`).

Progress and budget totals roll up the tree: a project's progress is the weighted share
of done milestones in it and all its sub-projects (`gilde.projects.rollup`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gilde.core.markdown import rendered_html_field
from gilde.core.visibility import Visibility, visible_q
from gilde.networks.models import Network


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user is None or not user.is_authenticated:
            return self.filter(visible_q(user, owned=_leads, in_circle=_participates))
        guest = Exists(
            Participant.objects.filter(
                project_id=OuterRef("pk"), user=user, role=Participant.Role.GUEST
            )
        )
        return self.filter(visible_q(user, owned=_leads, in_circle=_participates) | guest)


def _leads(user) -> Q:
    return Exists(  # type: ignore[return-value]  # an Exists is a condition like a Q
        Participant.objects.filter(project_id=OuterRef("pk"), user=user, role=Participant.Role.LEAD)
    )


def _participates(user) -> Q:
    return Exists(  # type: ignore[return-value]  # an Exists is a condition like a Q
        Participant.objects.filter(project_id=OuterRef("pk"), user=user)
    )


class Project(models.Model):
    class Kind(models.TextChoices):
        PILOT = "pilot", _("pilot")
        GRANT = "subsidieaanvraag", _("grant application")
        CLIENT = "klantopdracht", _("client assignment")
        INNOVATION = "innovatie", _("innovation")
        OTHER = "anders", _("other")

    class Status(models.TextChoices):
        IDEA = "idea", _("idea")
        PREPARING = "preparing", _("in preparation")
        RUNNING = "running", _("running")
        COMPLETED = "completed", _("completed")
        STOPPED = "stopped", _("stopped")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        # RESTRICT, not PROTECT: a parent is not removed while it has sub-projects
        # (services.delete_project says so), but a network takes its whole tree with it.
        on_delete=models.RESTRICT,
        related_name="children",
        verbose_name=_("part of"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IDEA
    )
    description = models.TextField(
        _("description"), max_length=20_000, blank=True, help_text=_("Markdown")
    )
    description_html = rendered_html_field()
    visibility = models.CharField(
        _("who may see this"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.NETWORK,
    )
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    idea = models.ForeignKey(
        "meetings.Idea",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        verbose_name=_("from the idea"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="project_ends_after_start",
                violation_error_message=_("A project cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="project_not_its_own_parent"
            ),
        ]
        indexes = [models.Index(fields=["network", "parent"])]

    def __str__(self) -> str:
        return self.title

    def owners(self) -> set[int]:
        """The leads (owners in gilde.core.visibility's sense); prefetch `participants`."""
        return {p.user_id for p in self.participants.all() if p.role == Participant.Role.LEAD}


class Participant(models.Model):
    """A person in a project: a lead runs it, a member works in it, a guest is someone from
    outside the network invited to this project only."""

    class Role(models.TextChoices):
        LEAD = "lead", _("project lead")
        MEMBER = "member", _("team member")
        GUEST = "guest", _("guest")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="project_participant_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class Partner(models.Model):
    """An organisation that takes part in a project, with its role in the consortium."""

    class Role(models.TextChoices):
        LEAD_PARTNER = "penvoerder", _("lead partner")
        PARTNER = "partner", _("partner")
        SUBCONTRACTOR = "onderaannemer", _("subcontractor")
        CLIENT = "klant", _("client")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=14, choices=Role.choices, default=Role.PARTNER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="project_partner_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.role})"


class Milestone(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    deliverable = models.CharField(
        _("deliverable"), max_length=200, blank=True, help_text=_("What is delivered.")
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
    )
    status = models.CharField(
        _("status"), max_length=6, choices=Status.choices, default=Status.OPEN
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, help_text=_("How much it counts towards progress.")
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = [models.F("due_on").asc(nulls_last=True), "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1), name="milestone_weight_positive")
        ]

    def __str__(self) -> str:
        return self.title


class BudgetLine(models.Model):
    """One partner's budget in one project: cash in euro cents, hours in kind, and credits
    (minor units of the network's unit), each planned and actual."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    planned_cents = models.BigIntegerField(_("planned (euro)"), default=0)
    actual_cents = models.BigIntegerField(_("actual (euro)"), default=0)
    planned_hours = models.DecimalField(
        _("planned hours"), max_digits=9, decimal_places=1, default=0
    )
    actual_hours = models.DecimalField(_("actual hours"), max_digits=9, decimal_places=1, default=0)
    planned_credits = models.BigIntegerField(_("planned credits"), default=0)
    actual_credits = models.BigIntegerField(_("actual credits"), default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "organisation"], name="budget_line_unique"),
            models.CheckConstraint(
                condition=Q(planned_cents__gte=0)
                & Q(actual_cents__gte=0)
                & Q(planned_hours__gte=0)
                & Q(actual_hours__gte=0)
                & Q(planned_credits__gte=0)
                & Q(actual_credits__gte=0),
                name="budget_line_not_negative",
                violation_error_message=_("A budget amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.organisation}"
