"""What the coordinators' overview reads: volume per month, who traded, the balance
distribution, accounts near their limits; with small server-rendered SVG charts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from gilde.core.credits import format_amount
from gilde.exchange.models import Account, Transfer


@dataclass
class Month:
    start: date
    volume: int
    count: int


def _completed_in(network, start):
    # Clearing legs move credits between networks; they count on the members' side only.
    return Transfer.objects.filter(
        network=network, status=Transfer.Status.COMPLETED, decided_at__gte=start
    ).exclude(kind=Transfer.Kind.REVERSAL)


def volume_per_month(network, start) -> list[Month]:
    """Every month from `start` to now, also the quiet ones, with what moved in it."""
    rows = (
        _completed_in(network, start)
        .annotate(month=TruncMonth("decided_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(volume=Sum("amount"), count=Count("pk"))
        .order_by("month")
    )
    found = {}
    for row in rows:
        month = row["month"]
        key = (month.date() if hasattr(month, "date") else month).replace(day=1)
        found[key] = Month(key, row["volume"], row["count"])
    months = []
    current = timezone.localtime(start).date().replace(day=1)
    last = timezone.localdate().replace(day=1)
    while current <= last:
        months.append(found.get(current, Month(current, 0, 0)))
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def traders(network, start) -> int:
    """Member accounts that paid or received at least once since `start`."""
    moved = _completed_in(network, start)
    return (
        Account.objects.filter(network=network, kind=Account.Kind.MEMBER)
        .filter(Q(pk__in=moved.values("payer")) | Q(pk__in=moved.values("payee")))
        .count()
    )


def near_limit(account: Account, share: float) -> bool:
    """Within `share` of its limit (little left to spend) or of its ceiling."""
    limit, ceiling = account.effective_limit, account.effective_ceiling
    low = limit is not None and limit < 0 and account.available <= abs(limit) * share
    high = ceiling is not None and ceiling > 0 and ceiling - account.balance <= ceiling * share
    return low or high


@dataclass
class Bucket:
    low: int
    high: int
    count: int
    label: str


def distribution(accounts, network, buckets: int = 8) -> list[Bucket]:
    """How many member accounts have a balance in each of `buckets` equal ranges between
    the default limit and ceiling (balances outside fall in the end ranges)."""
    unit = network.unit
    low, high = network.credit_limit, max(network.credit_ceiling, 1)
    width = max(-(-(high - low) // buckets), 1)
    result = []
    for index in range(buckets):
        start = low + index * width
        end = start + width
        result.append(
            Bucket(start, end, 0, f"{format_amount(start, unit)} – {format_amount(end, unit)}")
        )
    for account in accounts:
        if account.kind != Account.Kind.MEMBER:
            continue
        index = min(max((account.balance - low) // width, 0), buckets - 1)
        result[index].count += 1
    return result


def volume_chart(months: list[Month], network, *, width=640, height=160) -> SafeString:
    """Bars of the volume per month, with the figures in each bar's title."""
    if not months:
        return mark_safe("")  # noqa: S308 - nothing to draw
    unit = network.unit
    top = max([m.volume for m in months] + [1])
    gap = 4
    bar = (width - gap * (len(months) + 1)) / len(months)
    base = height - 20
    bars = []
    for index, month in enumerate(months):
        h = (base - 8) * month.volume / top
        x = gap + index * (bar + gap)
        name = date_format(month.start, "F Y")
        bars.append(
            (
                f"{x:.1f}",
                f"{base - h:.1f}",
                f"{bar:.1f}",
                f"{h:.1f}",
                f"{name}: {format_amount(month.volume, unit)} ({month.count})",
                f"{x + bar / 2:.1f}",
                f"{height - 6}",
                date_format(month.start, "b"),
            )
        )
    label = _("Credits moved per month, %(first)s to %(last)s") % {
        "first": date_format(months[0].start, "F Y"),
        "last": date_format(months[-1].start, "F Y"),
    }
    return format_html(
        '<svg class="volume-chart" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}">'
        "<title>{}</title>{}</svg>",
        width,
        height,
        label,
        label,
        format_html_join(
            "",
            '<g><rect x="{}" y="{}" width="{}" height="{}" class="volume-chart__bar">'
            '<title>{}</title></rect><text x="{}" y="{}" text-anchor="middle">{}</text></g>',
            bars,
        ),
    )
