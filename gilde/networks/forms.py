from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gilde.accounts.models import Organisation, Region, Tag
from gilde.core.forms import QuickSelect, SuggestInput
from gilde.networks.models import Membership, Network
from gilde.networks.services import NETWORK_FIELDS


class NetworkForm(forms.ModelForm):
    class Meta:
        model = Network
        fields = NETWORK_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"slug": _("Part of the web address: /n/…/. Letters, digits and hyphens.")}

    def validate_unique(self):
        """Never say an address is taken: it may be a hidden network's. The service picks a
        free variant instead (see services.create_network); the slug is the only unique field.
        """


class MemberFilterForm(forms.Form):
    """The member directory's search and filters; also parses the API's query parameters.

    Expertise and organisation are typed, with suggestions (SuggestInput, loaded when the
    field gets the focus), not chosen from a list of every tag and organisation: a list
    that grows with the network made the page slower with every member. A tag is found
    by its slug (the API's form), name or a synonym; an organisation by its name or its
    id (the API's form). Only what the directory's people have is found; anything else
    is explained next to the field.
    """

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    expertise = forms.CharField(
        label=_("Expertise"), required=False, max_length=100, widget=SuggestInput
    )
    organisation = forms.CharField(
        label=_("Organisation"), required=False, max_length=200, widget=SuggestInput
    )
    region = forms.ChoiceField(
        # Region.choices' labels are lazy strings; the stubs' list types do not add up.
        label=_("Region"),
        choices=[("", _("All regions"))] + Region.choices,  # type: ignore[operator]
        required=False,
        widget=QuickSelect,
    )

    def __init__(self, network: Network, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = Membership.objects.counted().filter(network=network)
        url = reverse("networks:member_suggestions", args=[network.slug])
        for name in ("expertise", "organisation"):
            widget = self.fields[name].widget
            assert isinstance(widget, SuggestInput)
            widget.url = f"{url}?field={name}"

    def _show(self, name: str, text: str) -> None:
        """Show what a value was found as (a tag's name for its slug, a name for an id)."""
        data = dict(self.data.items())  # a QueryDict's items are its last values
        data[name] = text
        self.data = data

    def clean_expertise(self):
        value = self.cleaned_data["expertise"]
        if not value:
            return None
        tag = Tag.objects.filter(slug=value).first() or Tag.objects.resolve(value)
        if tag is None or not self.members.filter(user__expertise__tag=tag).exists():
            raise forms.ValidationError(
                _("Nobody here has the expertise “%(name)s”."), params={"name": value}
            )
        self._show("expertise", tag.name)
        return tag

    def clean_organisation(self):
        value = self.cleaned_data["organisation"]
        if not value:
            return None
        organisations = Organisation.objects.filter(memberships__in=self.members).distinct()
        found = organisations.filter(name__iexact=value).first()
        if found is None and value.isdigit() and len(value) <= 18:
            found = organisations.filter(pk=int(value)).first()
        if found is None:
            raise forms.ValidationError(
                _("Nobody here works for “%(name)s”."), params={"name": value}
            )
        self._show("organisation", found.name)
        return found

    def filters(self) -> dict:
        """What to search for: the valid filters (an unknown organisation is explained next to
        its field, and the others still apply)."""
        data: dict = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "tag": data.get("expertise"),
            "organisation": data.get("organisation"),
            "region": data.get("region") or "",
        }


class ManagedMemberFilterForm(forms.Form):
    """The coordinator's member list: words in a name, e-mail address or organisation; a role;
    a status."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("All roles"))] + Membership.Role.choices, required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Active and suspended"))]
        + [c for c in Membership.Status.choices if c[0] != Membership.Status.LEFT],
        required=False,
    )

    def apply(self, rows):
        data = self.cleaned_data if self.is_valid() else {}
        for word in (data.get("q") or "").split()[:8]:
            rows = rows.filter(
                Q(user__name__icontains=word)
                | Q(user__email__icontains=word)
                | Q(organisation__name__icontains=word)
            )
        if data.get("role"):
            rows = rows.filter(role=data["role"])
        if data.get("status"):
            rows = rows.filter(status=data["status"])
        return rows


class JoinForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why would you like to join? (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only organisations the user is a confirmed person of: a claim is not enough.
        self.fields["organisation"].queryset = Organisation.objects.represented_by(user)
        self.fields["organisation"].empty_label = _("Myself")
        if not self.fields["organisation"].queryset.exists():
            # "Myself" would be the only choice: not shown, but still checked, so a forged
            # organisation is refused rather than ignored.
            self.fields["organisation"].widget = forms.HiddenInput()


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address (optional)"),
        required=False,
        help_text=_("Leave empty to create a link you can share yourself."),
    )
    # Member first and by default: one careless click must not make anyone a coordinator.
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (Membership.Role.MEMBER, Membership.Role.MEMBER.label),
            (Membership.Role.GUEST, Membership.Role.GUEST.label),
            (Membership.Role.COORDINATOR, Membership.Role.COORDINATOR.label),
        ],
        initial=Membership.Role.MEMBER,
    )
    confirm_coordinator = forms.BooleanField(
        label=_("Yes, make the invited person a coordinator"),
        help_text=_(
            "A coordinator can admit, suspend and invite members and change the network's "
            "settings. Needed only when the role is coordinator."
        ),
        required=False,
    )
    max_uses = forms.IntegerField(label=_("Can be used"), min_value=1, max_value=1000, initial=1)
    days_valid = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=365, initial=14
    )
    message = forms.CharField(
        label=_("Personal message"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("role") == Membership.Role.COORDINATOR and not data.get("confirm_coordinator"):
            self.add_error(
                "confirm_coordinator",
                _("Confirm that the invited person becomes a coordinator, or choose another role."),
            )
        return data

    def service_data(self) -> dict:
        """The cleaned fields the service takes (the confirmation is the form's own)."""
        data = dict(self.cleaned_data)
        data.pop("confirm_coordinator", None)
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("decline", _("Decline"))])
    message = forms.CharField(
        label=_("Message to the applicant"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )


class MembershipChangeForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (Membership.Status.ACTIVE, _("active")),
            (Membership.Status.SUSPENDED, _("suspended")),
        ],
        required=False,
    )


class PartnerForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Network"), queryset=Network.objects.none())
    note = forms.CharField(label=_("What do you coordinate?"), required=False, max_length=300)

    def __init__(self, network: Network, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # a ModelChoiceField, declared on the form.
        self.fields["partner"].queryset = Network.objects.known_to(user).exclude(pk=network.pk)  # type: ignore[attr-defined]
