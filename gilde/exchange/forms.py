"""Forms of the exchange pages. Amounts are typed in words or numbers ("1,5", "1:30",
"1 uur 30 min") and read by gilde.core.credits; the services check everything else."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gilde.core.credits import format_amount, parse_amount
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
        self.fields["amount"].unit = network.unit
        self.fields["amount"].label = _("Amount")
        self.fields["amount"].help_text = _("For example “1,5” or “1 %(unit)s 30 %(minor)s”.") % {
            "unit": network.unit_singular,
            "minor": network.minor_name or "…",
        }
        others = (
            Account.objects.payable_in(network)
            .exclude(pk__in=[a.pk for a in own_accounts])
            .select_related("membership__user", "network")
            .order_by("kind", "membership__user__name", "name")
        )
        self.fields["other"].label = _("To") if paying else _("Ask")
        self.fields["other"].choices = _account_choices(others, _("Choose a member"))
        self.own_accounts = {a.pk: a for a in own_accounts}
        if len(own_accounts) > 1:
            self.fields["own"].label = _("From account") if paying else _("For account")
            self.fields["own"].choices = [(a.pk, a.label) for a in own_accounts]
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
