"""Credit amounts in words and back: minutes are never shown as raw numbers."""

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from gilde.core.credits import Unit, format_amount, parse_amount
from gilde.core.errors import Invalid

HOURS = Unit("uur", "uren", 60, "min")
POINTS = Unit("kennispunt", "kennispunten", 100, "")
WHOLE = Unit("munt", "munten", 1, "")


@pytest.mark.parametrize(
    ("amount", "unit", "shown"),
    [
        (90, HOURS, "1 uur 30 min"),
        (30, HOURS, "30 min"),
        (120, HOURS, "2 uren"),
        (60, HOURS, "1 uur"),
        (-90, HOURS, "\u22121 uur 30 min"),
        (0, HOURS, "0 uren"),
        (150, POINTS, "1,5 kennispunten"),
        (100, POINTS, "1 kennispunt"),
        (7, WHOLE, "7 munten"),
    ],
)
def test_amounts_are_shown_in_words(amount, unit, shown):
    with translation.override("nl"):
        assert format_amount(amount, unit) == shown


def test_decimal_style_for_hours():
    with translation.override("nl"):
        assert format_amount(90, HOURS, style="decimal") == "1,5 uren"
    with translation.override("en"):
        assert format_amount(90, HOURS, style="decimal") == "1.5 uren"


@pytest.mark.parametrize(
    ("typed", "minor"),
    [("1,5", 90), ("1.5", 90), ("1:30", 90), ("90 min", 90), ("1 uur 30 min", 90),
     ("2 uren", 120), ("2", 120), (" 0,25 ", 15)],
)  # fmt: skip
def test_typed_amounts_are_read(typed, minor):
    assert parse_amount(typed, HOURS) == minor


@pytest.mark.parametrize("typed", ["0", "-1", "0,001", "1:75", "abc", "", "1 uur 30", "1,5,5"])
def test_bad_amounts_are_refused(typed):
    with pytest.raises(Invalid):
        parse_amount(typed, HOURS)


def test_finer_than_the_unit_is_refused_not_rounded():
    with pytest.raises(Invalid, match="fijner"):
        parse_amount("1,234", POINTS)
    assert parse_amount("1,23", POINTS) == 123


@given(st.integers(min_value=1, max_value=10**9))
def test_what_is_shown_reads_back(amount):
    with translation.override("nl"):
        for unit in (HOURS, POINTS, WHOLE):
            assert parse_amount(format_amount(amount, unit), unit) == amount
