"""Forms of the meeting pages. They parse and label; the services decide and save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gilde.meetings import services
from gilde.meetings.models import Action, Meeting

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class PersonChoice(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": _("Choose an active member of this network.")}

    def label_from_instance(self, obj) -> str:
        return obj.display_name


class PeopleChoice(forms.ModelMultipleChoiceField):
    default_error_messages = {"invalid_choice": _("You can only choose members of this network.")}

    def label_from_instance(self, obj) -> str:
        return obj.display_name


class MeetingForm(forms.ModelForm):
    online_url = forms.URLField(
        label=_("Online link"), max_length=200, required=False, assume_scheme="https"
    )
    organisers = PeopleChoice(
        label=_("Also organised by"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "member-choices"}),
    )
    invited = PeopleChoice(
        label=_("Invited"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "member-choices"}),
        help_text=_("Nobody chosen: the whole network is invited."),
    )
    note_taker = PersonChoice(label=_("Note-taker"), queryset=None, required=False)

    class Meta:
        model = Meeting
        fields = [
            "title",
            "starts_at",
            "ends_at",
            "location",
            "online_url",
            "description",
            "capacity",
            "visibility",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format=DATETIME_FORMAT
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format=DATETIME_FORMAT
            ),
            "visibility": forms.RadioSelect,
        }

    def __init__(self, network, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = services.active_people(network)
        for name in ("organisers", "invited", "note_taker"):
            self.fields[name].queryset = people
        if self.instance.pk:
            self.initial.setdefault("organisers", list(self.instance.organisers.all()))
            self.initial.setdefault("invited", list(self.instance.invited.all()))
            self.initial.setdefault("note_taker", self.instance.note_taker_id)

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["organisers"] = list(data.get("organisers") or [])
        data["invited"] = list(data.get("invited") or [])
        return data


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Short description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    owner = PersonChoice(label=_("Led by"), queryset=None, required=False)
    duration_minutes = forms.IntegerField(
        label=_("Minutes planned"), min_value=1, max_value=600, required=False
    )
    standing = forms.BooleanField(
        label=_("Standing item (comes back on the next meeting of the series)"), required=False
    )

    def __init__(self, network, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = services.active_people(network)


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        max_length=50_000,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "class": "minutes-input"}),
        help_text=_(
            "Markdown. A line that starts with ACTIE (or - [ ]) and names an owner with @ becomes "
            "an action, BESLUIT a decision, IDEE an idea: "
            "‘ACTIE @Sjoerd Hoekstra offerte opvragen vóór vrijdag’."
        ),
    )


class CorrectionForm(forms.Form):
    text = forms.CharField(
        label=_("Your version of the minutes"),
        max_length=50_000,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    note = forms.CharField(label=_("Explanation"), max_length=500, required=False)


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(label=_("Will you come?"), choices=Meeting.Rsvp.choices)


class SeriesForm(forms.Form):
    title = forms.CharField(label=_("Name of the series"), max_length=200)
    frequency = forms.ChoiceField(label=_("How often"), choices=services.Series.Frequency.choices)
    week_of_month = forms.TypedChoiceField(
        label=_("Which week of the month"),
        coerce=int,
        choices=[
            (1, _("first")),
            (2, _("second")),
            (3, _("third")),
            (4, _("fourth")),
            (-1, _("last")),
        ],
        initial=1,
    )


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    owner = PersonChoice(label=_("Owner"), queryset=None)
    due_on = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    involved = PeopleChoice(
        label=_("Also involved"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "member-choices"}),
    )

    def __init__(self, network, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = services.active_people(network)
        self.fields["owner"].queryset = people
        self.fields["involved"].queryset = people


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)
    reason = forms.CharField(label=_("Why dropped"), max_length=500, required=False)


class ActionFilterForm(forms.Form):
    owner = PersonChoice(label=_("Owner"), queryset=None, required=False, empty_label=_("anyone"))
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("open and in progress")), ("all", _("all")), *Action.Status.choices],
    )
    meeting: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Meeting"), queryset=None, required=False, empty_label=_("any")
    )
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def __init__(self, network, meetings, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = services.active_people(network)
        self.fields["meeting"].queryset = meetings

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {"owner": None, "status": "", "meeting": None, "overdue": False}
        return self.cleaned_data


class IdeaForm(forms.Form):
    title = forms.CharField(label=_("Your idea"), max_length=300)
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
