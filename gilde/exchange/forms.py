"""Forms of the exchange pages. Amounts are typed in words or numbers ("1,5", "1:30",
"1 uur 30 min") and read by gilde.core.credits; the services check everything else."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gilde.accounts.forms import TagInput, split_tags
from gilde.core.credits import Unit, format_amount, parse_amount
from gilde.core.errors import Invalid
from gilde.core.forms import AmountField, QuickSelect, amount_help
from gilde.exchange.models import LISTING_DAYS, Account, Listing


def _account_choices(accounts, blank) -> list:
    choices = [("", blank)]
    for account in accounts:
        choices.append((str(account.pk), account.label))
    return choices


class TransferForm(forms.Form):
    """Pay someone (`other` is the payee) or ask someone for payment (`other` is the payer)."""

    other = forms.TypedChoiceField(coerce=int, widget=QuickSelect)
    amount = AmountField()
    description = forms.CharField(label=_("What for"), max_length=300)
    # Coordinators may pay from or ask for a shared account they manage.
    own = forms.TypedChoiceField(label=_("From account"), coerce=int, required=False)

    def __init__(self, network, own_accounts, *args, paying: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        amount = cast(AmountField, self.fields["amount"])
        amount.unit = network.unit
        amount.label = _("Amount")
        amount.help_text = amount_help(network)
        others = (
            Account.objects.payable_in(network)
            .exclude(pk__in=[a.pk for a in own_accounts])
            .select_related("membership__user", "network")
            .order_by("kind", "membership__user__name", "name")
        )
        other = cast(forms.ChoiceField, self.fields["other"])
        other.label = _("To") if paying else _("Ask")
        other.choices = _account_choices(others, _("Choose a member"))
        self.own_accounts = {a.pk: a for a in own_accounts}
        if len(own_accounts) > 1:
            own = cast(forms.ChoiceField, self.fields["own"])
            own.label = _("From account") if paying else _("For account")
            own.choices = [(a.pk, a.label) for a in own_accounts]
        else:
            del self.fields["own"]

    def own_account(self) -> Account:
        chosen = self.cleaned_data.get("own")
        if chosen in self.own_accounts:
            return self.own_accounts[chosen]
        return next(iter(self.own_accounts.values()))

    def other_account(self) -> Account:
        return (
            Account.objects.select_related("membership__user", "network")
            .filter(network=self.network)
            .get(pk=self.cleaned_data["other"])
        )


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Why"), max_length=300)


class StatementForm(forms.Form):
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date comes before the start date."))
        return data


class SignedAmountField(forms.CharField):
    """A limit or ceiling: a number of units that may be zero or (for a limit) negative,
    typed like other amounts ("−20", "-20", "40 uur"); empty means the default."""

    def __init__(self, unit=None, *, negative: bool = False, **kwargs):
        self.unit = unit
        self.negative = negative
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        text = str(value).strip().replace("\u2212", "-")
        sign = -1 if text.startswith("-") else 1
        text = text.lstrip("-+ ")
        if text in ("0", "0,0", "0.0"):
            return 0
        try:
            amount = sign * parse_amount(text, self.unit)
        except Invalid as exc:
            raise ValidationError(str(exc.message)) from exc
        if self.negative and amount > 0:
            amount = -amount  # a limit is typed as "20" as often as "−20"
        return amount

    def prepare_value(self, value):
        if isinstance(value, int):
            if value == 0:
                return "0"
            return ("-" if value < 0 else "") + format_amount(abs(value), self.unit)
        return value


class LimitsForm(forms.Form):
    limit = SignedAmountField(label=_("Credit limit"), required=False, negative=True)
    ceiling = SignedAmountField(label=_("Ceiling"), required=False)
    reason = forms.CharField(label=_("Reason (the account holder sees it)"), max_length=300)

    def __init__(self, network, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("limit", "ceiling"):
            self.fields[name].unit = network.unit
        self.fields["limit"].help_text = _("Empty: the network's default of %(limit)s.") % {
            "limit": format_amount(network.credit_limit, network.unit)
        }
        self.fields["ceiling"].help_text = _("Empty: the network's default of %(ceiling)s.") % {
            "ceiling": format_amount(network.credit_ceiling, network.unit)
        }


class LedgerSettingsForm(forms.Form):
    unit_singular = forms.CharField(label=_("Unit (one)"), max_length=30)
    unit_plural = forms.CharField(label=_("Unit (more)"), max_length=30)
    minor_units = forms.IntegerField(
        label=_("Smallest steps per unit"),
        min_value=1,
        max_value=1000,
        help_text=_("60 for hours counted in minutes; 1 if the unit is not divided."),
    )
    minor_name = forms.CharField(
        label=_("Name of the smallest step"),
        max_length=20,
        required=False,
        help_text=_("For example “min”. Leave empty to show amounts as decimals."),
    )
    credit_limit = SignedAmountField(label=_("Default credit limit"), negative=True)
    credit_ceiling = SignedAmountField(label=_("Default ceiling"))
    reason = forms.CharField(
        label=_("Reason for a change of the limits"),
        max_length=300,
        required=False,
        help_text=_("Members see it with their limits."),
    )

    def __init__(self, network, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("credit_limit", "credit_ceiling"):
            self.fields[name].unit = network.unit

    def full_clean(self):
        """Read the limits in the unit as it will be: a new number of steps per unit
        changes what "−20" means."""
        if self.is_bound:
            try:
                steps = int(self.data.get(self.add_prefix("minor_units"), ""))
            except ValueError:
                steps = None
            if steps and 1 <= steps <= 1000:
                unit = Unit(
                    self.data.get(self.add_prefix("unit_singular"), "") or "-",
                    self.data.get(self.add_prefix("unit_plural"), "") or "-",
                    steps,
                    self.data.get(self.add_prefix("minor_name"), ""),
                )
                for name in ("credit_limit", "credit_ceiling"):
                    self.fields[name].unit = unit
        super().full_clean()


class SharedAccountForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)


# -- offers and wants ---------------------------------------------------------------


def end_of_day(day):
    """A listing dated `day` runs through that day (Europe/Amsterdam): until the next midnight."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


class ListingForm(forms.Form):
    """An offer or a want. The field names are the service's, so that a refusal lands next
    to the field it is about."""

    kind = forms.ChoiceField(
        label=_("I"),
        choices=[
            (Listing.Kind.OFFER, _("offer something")),
            (Listing.Kind.WANT, _("want something")),
        ],
        initial=Listing.Kind.OFFER,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example “2 hours of help with a grant application”."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown: **bold**, *italic*, [link](https://…), lists with -."),
    )
    tags = forms.CharField(
        label=_("Tags"),
        max_length=500,
        required=False,
        help_text=_("Subjects from the shared vocabulary, separated by commas: biopolymers, LCA."),
        widget=TagInput(many=True),
    )
    price = AmountField(label=_("Indicative price"), required=False)
    visibility = forms.ChoiceField(
        label=_("Who may see this"),
        choices=[
            ("network", _("Members of the network")),
            ("public", _("Public — anyone, also without logging in")),
        ],
        initial="network",
        widget=forms.RadioSelect,
    )
    expires_at = forms.DateField(
        label=_("Runs until"),
        required=False,
        # A date input reads and writes ISO dates, whatever the page's language.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("%(days)s days from today unless you choose a date; you can renew it then.")
        % {"days": LISTING_DAYS},
    )

    def __init__(self, network, *args, instance: Listing | None = None, **kwargs):
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": instance.kind,
                    "title": instance.title,
                    "description": instance.description,
                    "tags": ", ".join(tag.name for tag in instance.tags.all()),
                    "price": instance.price,
                    "visibility": instance.visibility,
                    "expires_at": instance.last_day,
                },
            )
        else:
            kwargs.setdefault(
                "initial", {"expires_at": timezone.localdate() + timedelta(days=LISTING_DAYS)}
            )
        super().__init__(*args, **kwargs)
        price = cast(AmountField, self.fields["price"])
        price.unit = network.unit
        price.help_text = _(
            "In %(unit)s, for example “1,5” or “1 %(singular)s 30 %(minor)s”. Empty: to be agreed."
        ) % {
            "unit": network.unit_plural,
            "singular": network.unit_singular,
            "minor": network.minor_name or "…",
        }

    def values(self) -> dict:
        """What the service takes; the date only when one was chosen (else a new listing runs
        LISTING_DAYS, and a changed one keeps its date)."""
        data = self.cleaned_data
        values = {
            "kind": data["kind"],
            "title": data["title"],
            "description": data["description"],
            "tags": split_tags(data["tags"]),
            "price": data["price"],
            "visibility": data["visibility"],
        }
        if "expires_at" in self.changed_data and data["expires_at"]:
            values["expires_at"] = end_of_day(data["expires_at"])
        return values


class ListingFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Offers and wants")), *Listing.Kind.choices],
        required=False,
        widget=QuickSelect,
    )
    tag = forms.ChoiceField(
        label=_("Tag"), choices=[("", _("All tags"))], required=False, widget=QuickSelect
    )
    q = forms.CharField(label=_("Words"), max_length=200, required=False)
    mine = forms.BooleanField(label=_("Only mine, also expired"), required=False)

    def __init__(self, tags, *args, signed_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
        tag = cast(forms.ChoiceField, self.fields["tag"])
        tag.choices = [("", _("All tags"))] + [(t.slug, t.name) for t in tags]
        if not signed_in:
            del self.fields["mine"]

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "kind": data.get("kind") or "",
            "tag": data.get("tag") or "",
            "q": (data.get("q") or "").strip(),
            "mine": bool(data.get("mine")),
        }


# -- between networks (clearing) ------------------------------------------------------


class ClearingTermsForm(forms.Form):
    """Terms of trade with a partner network: what an amount of ours is worth in theirs,
    and each network's cap, every amount in its own network's unit."""

    own_amount = AmountField()
    partner_amount = AmountField()
    own_cap = AmountField()
    partner_cap = AmountField()

    def __init__(self, network, partner, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.network, self.partner = network, partner
        units = {"own_amount": network, "own_cap": network}
        units |= {"partner_amount": partner, "partner_cap": partner}
        for name, owner in units.items():
            self.fields[name].unit = owner.unit
        self.fields["own_amount"].label = _("Of %(network)s, in %(unit)s") % {
            "network": network.name,
            "unit": network.unit_plural,
        }
        self.fields["partner_amount"].label = _("is worth, of %(network)s, in %(unit)s") % {
            "network": partner.name,
            "unit": partner.unit_plural,
        }
        for name, side, other in (("own_cap", network, partner), ("partner_cap", partner, network)):
            self.fields[name].label = _("Cap for %(network)s") % {"network": side.name}
            self.fields[name].help_text = _(
                "How far the trade balance of %(network)s with %(partner)s may go either way."
            ) % {"network": side.name, "partner": other.name}


class PartnerChoiceForm(forms.Form):
    """Step one of paying a partner's member: which partner network."""

    partner = forms.TypedChoiceField(label=_("Partner network"), coerce=int)

    def __init__(self, partners, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [(p.pk, p.name) for p in partners]


class PartnerPaymentForm(forms.Form):
    """Pay a member (or shared account) of a partner network, in our own unit."""

    partner = forms.IntegerField(widget=forms.HiddenInput)
    payee = forms.TypedChoiceField(label=_("To"), coerce=int, widget=QuickSelect)
    amount = AmountField()
    description = forms.CharField(label=_("What for"), max_length=300)
    own = forms.TypedChoiceField(label=_("From account"), coerce=int, required=False)

    def __init__(self, network, partner, payees, own_accounts, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.network, self.partner = network, partner
        self.fields["partner"].initial = partner.pk
        self.fields["amount"].unit = network.unit
        self.fields["amount"].label = _("Amount in %(unit)s") % {"unit": network.unit_plural}
        self.payees = {a.pk: a for a in payees}
        self.fields["payee"].choices = _account_choices(payees, _("Choose a member"))
        self.own_accounts = {a.pk: a for a in own_accounts}
        if len(own_accounts) > 1:
            self.fields["own"].choices = [(a.pk, a.label) for a in own_accounts]
        else:
            del self.fields["own"]

    def own_account(self) -> Account:
        chosen = self.cleaned_data.get("own")
        if chosen in self.own_accounts:
            return self.own_accounts[chosen]
        return next(iter(self.own_accounts.values()))

    def payee_account(self) -> Account:
        return self.payees[self.cleaned_data["payee"]]


# -- conversations and agreements ---------------------------------------------------


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text; web addresses become links."),
    )


class StartConversationForm(MessageForm):
    """The first message; `with` and `about` come from the link that led here."""

    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)
    field_order = ["topic", "body"]


class AgreementForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Who delivers"),
        widget=forms.RadioSelect,
        choices=[],
    )
    description = forms.CharField(label=_("What will be delivered"), max_length=300)
    amount = AmountField()
    due_on = forms.DateField(
        label=_("Delivered by"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, network, other, *args, **kwargs):
        kwargs.setdefault("prefix", "agreement")
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [
            ("provider", _("I deliver, %(name)s pays") % {"name": other.display_name}),
            ("receiver", _("%(name)s delivers, I pay") % {"name": other.display_name}),
        ]
        self.fields["amount"].unit = network.unit
        self.fields["amount"].label = _("For")
        self.fields["amount"].help_text = _("For example “1,5” or “1 %(unit)s 30 %(minor)s”.") % {
            "unit": network.unit_singular,
            "minor": network.minor_name or "…",
        }


class DisputeForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A coordinator reads it and settles the agreement."),
    )


class SettleForm(forms.Form):
    """A coordinator's settlement of a dispute: all, part or none of the agreed amount."""

    outcome = forms.ChoiceField(
        label=_("Payment"),
        widget=forms.RadioSelect,
        choices=[
            ("full", _("Pay the full amount")),
            ("partial", _("Pay part of it")),
            ("none", _("Pay nothing: release the reserved credits")),
        ],
    )
    amount = AmountField(label=_("Part to pay"), required=False)
    note = forms.CharField(
        label=_("Note (both sides read it)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, agreement, *args, **kwargs):
        kwargs.setdefault("prefix", f"settle-{agreement.pk}")
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.fields["amount"].unit = agreement.network.unit

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "partial" and not data.get("amount"):
            self.add_error("amount", _("Say which part is paid."))
        return data

    def amount_to_pay(self) -> int:
        outcome = self.cleaned_data["outcome"]
        if outcome == "full":
            return self.agreement.amount
        if outcome == "none":
            return 0
        return self.cleaned_data["amount"]
