"""Credit amounts: integers of a network's minor unit, shown and read in words.

DESIGN rule 7: credits are stored as integer minor units of the network's unit
(the unit "uur" has 60 minor units: minutes). Every app that shows or reads an
amount does it here, so "90" is never shown and "1,5" means the same everywhere.
A unit with a name for its minor unit ("min") is shown as "1 uur 30 min"; one
without as a decimal ("1,5 kennispunten").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from gilde.core.errors import Invalid

MINUS = "\u2212"  # a real minus sign, not a hyphen


@dataclass(frozen=True)
class Unit:
    singular: str = "uur"
    plural: str = "uren"
    minor_units: int = 60  # minor units in one unit; 1 = not divided
    minor_name: str = "min"  # shown after the minor part; empty = show decimals

    @property
    def decimals(self) -> int:
        """Decimals needed to show one minor unit exactly (60 → 2, 100 → 2, 10 → 1)."""
        places = 0
        while self.minor_units > 10**places:
            places += 1
        return places

    def name(self, count) -> str:
        return self.singular if count == 1 else self.plural


def format_amount(amount: int, unit: Unit, *, style: str = "words", sign: bool = False) -> str:
    """`amount` minor units as people read it: "1 uur 30 min", "30 min", "1,5 uur".

    style "words" uses the minor unit's name where the unit has one; "decimal" never
    does (charts, compact tables). `sign` shows a plus before a positive amount.
    """
    amount = int(amount)
    prefix = MINUS if amount < 0 else ("+" if sign and amount > 0 else "")
    size = abs(amount)
    major, minor = divmod(size, unit.minor_units)
    if style == "words" and unit.minor_name and unit.minor_units > 1:
        if major and minor:
            text = f"{major} {unit.name(major)} {minor} {unit.minor_name}"
        elif minor:
            text = f"{minor} {unit.minor_name}"
        else:
            text = f"{major} {unit.name(major)}"
        return prefix + text
    if minor == 0:
        return f"{prefix}{major} {unit.name(major)}"
    value = Decimal(size) / Decimal(unit.minor_units)
    shown = number_format(value.quantize(Decimal(1).scaleb(-unit.decimals)).normalize())
    if value != Decimal(shown.replace(",", ".").replace("\u00a0", "")):
        shown = "≈" + shown
    return f"{prefix}{shown} {unit.plural}"


def amount_value(amount: int, unit: Unit) -> float:
    """The amount in whole units, for charts."""
    return int(amount) / unit.minor_units


_HOURS_MINUTES = re.compile(r"^(\d+):([0-5]\d)$")
_WORDS = re.compile(r"^(?:(\d+(?:[.,]\d+)?)\s*([^\d\s.,:]+)?)?\s*(?:(\d+)\s*([^\d\s.,:]+))?$")


def parse_amount(text: str, unit: Unit, *, field: str | None = "amount") -> int:
    """Read what a person typed as a positive number of minor units, or raise Invalid.

    Understood: "1,5" or "1.5" (units), "1:30" (units:minor), "90 min", "1 uur 30 min",
    "2 uren". A fraction finer than the unit's minor unit is refused, never rounded.
    """
    raw = " ".join(str(text).strip().lower().split())
    if not raw:
        raise Invalid(_("Enter an amount."), field=field)
    minor_name = unit.minor_name.lower()
    major_names = {unit.singular.lower(), unit.plural.lower()}
    total: Decimal | None = None
    if match := _HOURS_MINUTES.match(raw):
        if unit.minor_units == 1:
            raise Invalid(_("Enter the amount as a whole number."), field=field)
        total = Decimal(int(match[1]) * unit.minor_units + int(match[2]))
        if int(match[2]) >= unit.minor_units:
            total = None
    elif match := _WORDS.match(raw):
        first, first_name, second, second_name = match.groups()
        try:
            if first is None and second is None:
                total = None
            elif second is None and (first_name is None or first_name in major_names):
                total = Decimal(first.replace(",", ".")) * unit.minor_units
            elif second is None and minor_name and first_name in (minor_name, "minuten", "minutes"):
                total = Decimal(first.replace(",", "."))
            elif (
                first is not None
                and second is not None
                and first_name in major_names
                and minor_name
                and second_name in (minor_name, "minuten", "minutes")
                and "," not in first
                and "." not in first
            ):
                total = Decimal(int(first) * unit.minor_units + int(second))
        except InvalidOperation:
            total = None
    if total is None:
        raise Invalid(
            _("Enter an amount such as “1,5” or “1 %(unit)s 30 %(minor)s”.")
            % {"unit": unit.singular, "minor": unit.minor_name or "…"}
            if unit.minor_name
            else _("Enter an amount such as “2” or “1,5”."),
            field=field,
        )
    return check_amount(total, unit, field=field)


def check_amount(value, unit: Unit, *, field: str | None = "amount") -> int:
    """A number of minor units that must be a positive whole number, as an int."""
    value = Decimal(value)
    if value != value.to_integral_value():
        smallest = format_amount(1, unit)
        raise Invalid(
            _("This amount is finer than the smallest step of %(step)s.") % {"step": smallest},
            field=field,
        )
    if value <= 0:
        raise Invalid(_("The amount must be more than zero."), field=field)
    if value > MAX_AMOUNT:
        raise Invalid(_("This amount is too large."), field=field)
    return int(value)


# Far beyond any real trade, well inside a 64-bit balance however many transfers add up.
MAX_AMOUNT = 10**12
