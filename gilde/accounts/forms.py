from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gilde.accounts.models import Expertise, Organisation, ProfileItem, Region, Tag, User
from gilde.accounts.services import NAME_NEEDED

VOCABULARY_IN_DATALIST = 500


class TagInput(forms.TextInput):
    """A text input that offers the shared vocabulary while typing.

    Without JavaScript the browser's own `<datalist>` holds the vocabulary (tags
    with their synonyms in the label). With htmx the datalist is refilled from
    `accounts:suggest_tags` as one types, matched case- and accent-blind on the
    server. `many=True` is for comma-separated lists: the suggestions complete
    the last tag of the list.
    """

    template_name = "accounts/widgets/tag_input.html"

    def __init__(self, attrs=None, *, many: bool = False):
        super().__init__(attrs)
        self.many = many

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        list_id = f"{widget['attrs'].get('id') or 'id_' + name}-tags"
        query = {"field": name, **({"many": "1"} if self.many else {})}
        widget["attrs"].update(
            {
                "list": list_id,
                "autocomplete": "off",
                "hx-get": f"{reverse('accounts:suggest_tags')}?{urlencode(query)}",
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{list_id}",
                "hx-swap": "innerHTML",
            }
        )
        widget["list_id"] = list_id
        widget["vocabulary"] = Tag.objects.prefetch_related("synonyms")[:VOCABULARY_IN_DATALIST]
        return context


def split_tags(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class WelcomeForm(forms.Form):
    """The short profile step when joining through an invitation."""

    name = forms.CharField(
        label=_("Your name"), max_length=150, error_messages={"required": NAME_NEEDED}
    )
    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("The company, school or institution you work for."),
    )
    kvk_number = forms.CharField(label=_("KvK number (optional)"), max_length=12, required=False)
    headline = forms.CharField(
        label=_("What do you do?"),
        max_length=160,
        required=False,
        help_text=_("One line, e.g. 'Process engineer biocomposites'."),
    )
    region = forms.ChoiceField(
        # Region.choices' labels are lazy strings; the stubs' list types do not add up.
        label=_("Region"),
        choices=[("", "—")] + Region.choices,  # type: ignore[operator]
        required=False,
    )
    expertise = forms.CharField(
        label=_("Your expertise"),
        max_length=500,
        required=False,
        widget=TagInput(many=True),
        help_text=_("A few subjects, separated by commas: biopolymers, LCA, subsidies."),
    )

    def __init__(self, user: User, *args, **kwargs):
        initial = {
            "name": user.name,
            "headline": user.headline,
            "region": user.region,
            "organisation_name": ", ".join(o.name for o in user.organisations.all()[:1]),
            "expertise": ", ".join(e.tag.name for e in user.expertise.select_related("tag")),
        }
        # initial is taken out of kwargs by the caller's contract; the stubs cannot see it.
        super().__init__(*args, initial=initial, **kwargs)  # type: ignore[misc]

    def profile(self) -> dict:
        data = dict(self.cleaned_data)
        data["expertise"] = split_tags(data["expertise"])
        return data


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "photo", "headline", "bio", "region", "languages", "availability_hours"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model allows a blank name (a new account has none yet); a saved profile does not.
        self.fields["name"].required = True
        self.fields["name"].error_messages["required"] = NAME_NEEDED


class ExpertiseForm(forms.Form):
    tag = forms.CharField(label=_("Expertise"), max_length=60, widget=TagInput())
    level = forms.ChoiceField(
        label=_("Level"), choices=Expertise.Level.choices, initial="gevorderd"
    )


class ProfileItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ProfileItem.Kind.choices)
    text = forms.CharField(label=_("Description"), max_length=200)
    tags = forms.CharField(
        label=_("Tags"),
        max_length=300,
        required=False,
        help_text=_("Separated by commas."),
        widget=TagInput(many=True),
    )


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    job_title = forms.CharField(label=_("Your job title"), max_length=120, required=False)

    class Meta:
        model = Organisation
        fields = ["name", "kvk_number", "website", "sector", "region", "logo"]

    def _get_validation_exclusions(self):
        # The KvK number is the service's to check: a number already in Gilde is
        # answered with an offer to claim that organisation, in plain words, not
        # with the text of a database constraint.
        return super()._get_validation_exclusions() | {"kvk_number"}


class ClaimForm(forms.Form):
    """Ask to be linked to an organisation already in Gilde, found by its KvK number."""

    kvk_number = forms.CharField(label=_("KvK number"), max_length=12)
    job_title = forms.CharField(label=_("Your job title"), max_length=120, required=False)


class ClaimDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("refuse", _("Refuse"))])


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("What the token is for, e.g. 'spreadsheet export'."),
    )


class TagForm(forms.Form):
    name = forms.CharField(label=_("New tag"), max_length=60, widget=TagInput())


class MergeTagsForm(forms.Form):
    source = forms.CharField(label=_("Merge this tag"), max_length=60, widget=TagInput())
    target = forms.CharField(label=_("into this tag"), max_length=60, widget=TagInput())


class SynonymForm(forms.Form):
    tag = forms.CharField(label=_("Tag"), max_length=60, widget=TagInput())
    name = forms.CharField(label=_("Also written as"), max_length=60)
