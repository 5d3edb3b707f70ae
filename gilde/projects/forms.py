"""Forms of the project pages. They parse and label; the services decide and save."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from gilde.core.forms import AmountField
from gilde.projects import services
from gilde.projects.models import Milestone, Participant, Partner, Project

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoice(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": _("Choose someone who may take part.")}

    def label_from_instance(self, obj) -> str:
        return obj.display_name


class ProjectChoice(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": _("Choose a project of this network.")}

    def label_from_instance(self, obj) -> str:
        return obj.title


class ProjectForm(forms.ModelForm):
    parent = ProjectChoice(
        label=_("Part of"),
        queryset=None,
        required=False,
        empty_label=_("(none: a project of its own)"),
    )

    class Meta:
        model = Project
        fields = [
            "title", "kind", "status", "parent", "visibility", "starts_on", "ends_on",
            "description",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "visibility": forms.RadioSelect,
            "starts_on": DATE,
            "ends_on": DATE,
        }

    def __init__(self, network, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = (
            Project.objects.visible_to(user).filter(network=network).order_by("title", "pk")
        )
        self.fields["visibility"].help_text = _(
            "‘Chosen members’ means the project's participants; ‘only me’ its leads."
        )

    def _post_clean(self):
        # The services check the model (and the tree); the form only parses.
        pass

    def values(self) -> dict:
        return dict(self.cleaned_data)


class ParticipantForm(forms.Form):
    user = PersonChoice(label=_("Person"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=Participant.Role.choices)

    def __init__(self, project, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = services.participant_choices(project)


class OrganisationChoice(forms.ModelChoiceField):
    default_error_messages = {
        "invalid_choice": _(
            "This organisation is not in the network: invite someone of it as a guest to "
            "the project first."
        )
    }

    def label_from_instance(self, obj) -> str:
        return obj.name


class PartnerForm(forms.Form):
    organisation = OrganisationChoice(label=_("Organisation"), queryset=None)
    role = forms.ChoiceField(
        label=_("Role"), choices=Partner.Role.choices, initial=Partner.Role.PARTNER
    )

    def __init__(self, project, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = services.partner_choices(project)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    deliverable = forms.CharField(label=_("Deliverable"), max_length=200, required=False)
    due_on = forms.DateField(label=_("Due"), required=False, widget=DATE)
    owner = PersonChoice(label=_("Owner"), queryset=None, required=False)
    weight = forms.IntegerField(
        label=_("Weight"),
        initial=1,
        help_text=_("How much it counts towards progress (1 unless it is bigger work)."),
    )

    def __init__(self, project, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = services.participant_choices(project).filter(
            pk__in=project.participants.values("user_id")
        )


class MilestoneStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Milestone.Status.choices)


def parse_euros(value: str) -> int:
    """Euros as people type them ("1.250", "1250,50", "€ 1.250,50", "1250.5") in cents;
    a negative amount is read, and refused by the service with its message."""
    text = re.sub(r"[\s€]", "", value or "").replace("EUR", "")
    if not text:
        return 0
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise forms.ValidationError(_("Write an amount in euros, like 1.250,50.")) from exc
    if not amount.is_finite() or abs(amount) >= Decimal(10) ** 13:
        raise forms.ValidationError(_("Write an amount in euros, like 1.250,50."))
    return int((amount * 100).to_integral_value())


class EuroField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        return parse_euros(super().clean(value))

    def prepare_value(self, value):
        if isinstance(value, int):
            euros, cents = divmod(abs(value), 100)
            text = f"{euros:,}".replace(",", ".") + (f",{cents:02d}" if cents else "")
            return ("-" if value < 0 else "") + text
        return value


class HoursField(forms.DecimalField):
    def __init__(self, **kwargs):
        super().__init__(max_digits=9, decimal_places=1, required=False, localize=True, **kwargs)

    def clean(self, value):
        return super().clean(value) or Decimal(0)


class BudgetForm(forms.Form):
    organisation = OrganisationChoice(label=_("Partner"), queryset=None)
    planned_cents = EuroField(label=_("Planned (euro)"))
    actual_cents = EuroField(label=_("Actual (euro)"))
    planned_hours = HoursField(label=_("Planned hours in kind"))
    actual_hours = HoursField(label=_("Actual hours in kind"))
    planned_credits = AmountField(
        label=_("Planned credits"), required=False, empty=0, zero_is_empty=True
    )
    actual_credits = AmountField(
        label=_("Actual credits"), required=False, empty=0, zero_is_empty=True
    )

    def __init__(self, project, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = services.partner_choices(project).filter(
            pk__in=project.partners.values("organisation_id")
        )
        for name in ("planned_credits", "actual_credits"):
            self.fields[name].unit = project.network.unit

    def amounts(self) -> dict:
        return {name: self.cleaned_data[name] for name in services.BUDGET_FIELDS}
