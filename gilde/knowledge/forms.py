"""Forms of the knowledge pages. They parse and label; the services decide and save."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gilde.accounts.forms import TagInput, split_tags
from gilde.core.forms import AmountField, QuickSelect, amount_help
from gilde.knowledge.models import Article, Question, Session, Visibility
from gilde.networks.models import network_people

User = get_user_model()


def visibility_choices(private_label) -> list:
    return [
        (Visibility.PUBLIC, _("Public — anyone, also without logging in")),
        (Visibility.NETWORK, _("Members of the network")),
        (Visibility.CIRCLE, _("Chosen members only (choose them below)")),
        (Visibility.PRIVATE, private_label),
    ]


DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class MemberChoiceField(forms.ModelMultipleChoiceField):
    # Anyone else (a member of another network, say) is refused as the service refuses.
    default_error_messages = {"invalid_choice": _("You can only choose members of this network.")}

    def label_from_instance(self, obj) -> str:
        return obj.display_name


class ItemForm(forms.ModelForm):
    """What every item's form has: visibility, chosen members and tags."""

    tags_text = forms.CharField(
        label=_("Tags"),
        max_length=500,
        required=False,
        help_text=_("Subjects from the shared vocabulary, separated by commas: biopolymers, LCA."),
        widget=TagInput(many=True),
    )
    circle = MemberChoiceField(
        label=_("Chosen members"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "member-choices"}),
        help_text=_("Only used when “Chosen members only” is selected above."),
    )

    private_label = _("Only you")

    def __init__(self, network, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        author = self.instance.author if self.instance.pk else user
        self.author_id = getattr(author, "pk", None)
        self.fields["circle"].queryset = network_people(network).exclude(pk=self.author_id)
        choices = visibility_choices(self.private_label)
        self.fields["visibility"].widget = forms.RadioSelect(choices=choices)
        self.fields["visibility"].choices = choices
        if self.instance.pk:
            self.fields["circle"].initial = [u.pk for u in self.instance.circle.all()]
            self.fields["tags_text"].initial = ", ".join(t.name for t in self.instance.tags.all())

    def common(self) -> dict:
        """Tags and circle as the services take them."""
        return {
            "tags": split_tags(self.cleaned_data["tags_text"]),
            "circle": [u.pk for u in self.cleaned_data["circle"]],
        }

    def model_values(self, names) -> dict:
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}


class ArticleForm(ItemForm):
    private_label = _("Only you and your co-authors")
    coauthors_choice = MemberChoiceField(
        label=_("Co-authors"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "member-choices"}),
        help_text=_("Co-authors may edit the article and see it while it is a draft."),
    )
    note = forms.CharField(
        label=_("What changed?"),
        max_length=200,
        required=False,
        help_text=_("A few words for the revision history."),
    )

    class Meta:
        model = Article
        fields = ["kind", "title", "summary", "body", "visibility"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 16}),
        }

    field_order = ["kind", "title", "summary", "body", "tags_text", "coauthors_choice"]

    def __init__(self, network, *args, user=None, **kwargs):
        super().__init__(network, *args, user=user, **kwargs)
        self.fields["coauthors_choice"].queryset = network_people(network).exclude(
            pk=self.author_id
        )
        if self.instance.pk:
            self.fields["coauthors_choice"].initial = [u.pk for u in self.instance.coauthors.all()]
        else:
            del self.fields["note"]

    def values(self) -> dict:
        return {
            **self.model_values(["kind", "title", "summary", "body", "visibility"]),
            **self.common(),
            "coauthors": [u.pk for u in self.cleaned_data["coauthors_choice"]],
        }


class QuestionForm(ItemForm):
    reward = AmountField(label=_("Reward (optional)"), required=False, empty=0, zero_is_empty=True)

    class Meta:
        model = Question
        fields = ["title", "body", "visibility"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    field_order = ["title", "body", "reward", "tags_text", "visibility", "circle"]

    def __init__(self, network, *args, **kwargs):
        super().__init__(network, *args, **kwargs)
        reward = self.fields["reward"]
        reward.unit = network.unit
        reward.help_text = " ".join(
            [
                str(
                    _(
                        "Reserved on your account now; paid to the author of the answer you "
                        "accept, released if you close the question without one."
                    )
                ),
                str(amount_help(network)),
            ]
        )
        if self.instance.pk:
            if self.instance.is_open:
                reward.initial = self.instance.reward
            else:
                del self.fields["reward"]  # it can only change while the question is open

    def values(self) -> dict:
        values = {**self.model_values(["title", "body", "visibility"]), **self.common()}
        if "reward" in self.fields:
            values["reward"] = self.cleaned_data["reward"]
        return values


class EuroField(forms.DecimalField):
    """An amount in euros, typed with a decimal comma or point; cleaned to whole cents."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 9)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("€", "").replace(" ", "")
            if "," in value and "." not in value:
                value = value.replace(",", ".")
        return super().to_python(value)


def cents(euros: Decimal | None) -> int:
    if euros is None:
        return 0
    try:
        return int((euros * 100).quantize(Decimal("1")))
    except InvalidOperation:
        return 0


class SessionForm(ItemForm):
    price_euros = EuroField(
        label=_("Price in euros"), required=False, help_text=_("For example 45,00.")
    )
    price_credits_amount = AmountField(
        label=_("Price in credits"), required=False, empty=0, zero_is_empty=True
    )
    # Shown when the organiser has more than one account to be paid on (a coordinator's
    # shared accounts); otherwise the credits go to their own account.
    price_account_id = forms.TypedChoiceField(
        label=_("Paid to"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Only used when the price is in credits."),
    )
    online_url = forms.URLField(
        label=_("Online link"), max_length=200, required=False, assume_scheme="https"
    )
    # Shown (as a checkbox) only when the start lies in the past: a typo in the year, usually.
    in_the_past = forms.BooleanField(
        label=_("Yes, announce it with this date in the past"),
        required=False,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Session
        fields = [
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "location",
            "online_url",
            "capacity",
            "price_kind",
            "materials",
            "materials_for_attendees",
            "visibility",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "materials": forms.Textarea(attrs={"rows": 5}),
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format=DATETIME_FORMAT
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format=DATETIME_FORMAT
            ),
            "price_kind": forms.RadioSelect,
        }
        help_texts = {
            "location": _("An address, or leave empty for an online session."),
            "materials": _("Slides, links, notes (Markdown). Attach files on the session's page."),
        }

    field_order = [
        "kind",
        "title",
        "description",
        "starts_at",
        "ends_at",
        "in_the_past",
        "location",
        "online_url",
        "capacity",
        "price_kind",
        "price_euros",
        "price_credits_amount",
        "price_account_id",
        "tags_text",
        "materials",
        "materials_for_attendees",
        "visibility",
        "circle",
    ]

    def __init__(self, network, *args, payee_options=None, **kwargs):
        super().__init__(network, *args, **kwargs)
        self.fields["price_credits_amount"].unit = network.unit
        self.fields["price_credits_amount"].help_text = amount_help(network)
        # The organiser's own account first; a payee chosen earlier stays among the choices.
        options = list(payee_options or [])
        current = self.instance.price_account_id if self.instance.pk else None
        if current is not None and current not in [pk for pk, _label in options]:
            options.append((current, _("The account chosen before")))
        if len(options) > 1:
            self.fields["price_account_id"].choices = options
            self.fields["price_account_id"].initial = current
        else:
            del self.fields["price_account_id"]
        if self.instance.pk:
            if self.instance.price_cents:
                self.fields["price_euros"].initial = Decimal(self.instance.price_cents) / 100
            if self.instance.price_credits:
                self.fields["price_credits_amount"].initial = self.instance.price_credits

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("A session ends after it starts."))
        moved = "starts_at" in self.changed_data or not self.instance.pk
        if starts and starts < timezone.now() and moved and not data.get("in_the_past"):
            self.add_error(
                "starts_at",
                _(
                    "This date is in the past. Check it, or tick the box below to announce it "
                    "anyway."
                ),
            )
            self.fields["in_the_past"].widget = forms.CheckboxInput()
        kind = data.get("price_kind")
        if kind == Session.Price.EUROS and not cents(data.get("price_euros")):
            self.add_error("price_euros", _("Enter the price in euros."))
        if kind == Session.Price.CREDITS and not data.get("price_credits_amount"):
            self.add_error("price_credits_amount", _("Enter the price in credits."))
        return data

    def _post_clean(self):
        # The price fields are set here so the model's check of price and kind agrees.
        data = self.cleaned_data
        kind = data.get("price_kind")
        self.instance.price_cents = (
            cents(data.get("price_euros")) if kind == Session.Price.EUROS else 0
        )
        self.instance.price_credits = (
            (data.get("price_credits_amount") or 0) if kind == Session.Price.CREDITS else 0
        )
        super()._post_clean()

    def values(self) -> dict:
        values = self.model_values(self._meta.fields)
        values["price_cents"] = self.instance.price_cents
        values["price_credits"] = self.instance.price_credits
        if "price_account_id" in self.fields:
            values["price_account_id"] = self.cleaned_data.get("price_account_id")
        return {**values, **self.common()}


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown: **bold**, *italic*, [link](https://…), lists with -."),
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))


ITEM_KINDS = {"article", "question", "session"}


class ItemRefForm(forms.Form):
    """Which item a comment, follow or attachment is about: its kind and id."""

    kind = forms.ChoiceField(choices=[(k, k) for k in sorted(ITEM_KINDS)])
    object_id = forms.IntegerField(min_value=1, max_value=2**63 - 1)


class ArticleFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds"))] + Article.Kind.choices,
        required=False,
        widget=QuickSelect,
    )
    tag = forms.ChoiceField(
        label=_("Tag"), choices=[("", _("All tags"))], required=False, widget=QuickSelect
    )

    def __init__(self, tags, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].choices = [("", _("All tags"))] + [(t.slug, t.name) for t in tags]

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"kind": data.get("kind") or "", "tag": data.get("tag") or ""}
