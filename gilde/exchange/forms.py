"""Forms of the exchange pages. Amounts are typed in words or numbers ("1,5", "1:30",
"1 uur 30 min") and read by gilde.core.credits; the services check everything else."""

from __future__ import annotations

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gilde.core.credits import Unit, format_amount, parse_amount
from gilde.core.errors import Invalid
from gilde.core.forms import QuickSelect
from gilde.exchange.models import Account


class AmountField(forms.CharField):
    """An amount of the network's credits, cleaned to a positive number of minor units."""

    def __init__(self, unit=None, **kwargs):
        self.unit = unit
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        try:
            return parse_amount(value, self.unit)
        except Invalid as exc:
            raise ValidationError(str(exc.message)) from exc

    def prepare_value(self, value):
        if isinstance(value, int):
            return format_amount(value, self.unit)
        return value


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
        amount.help_text = _("For example “1,5” or “1 %(unit)s 30 %(minor)s”.") % {
            "unit": network.unit_singular,
            "minor": network.minor_name or "…",
        }
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
