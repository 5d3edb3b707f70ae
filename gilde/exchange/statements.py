"""An account's statement for a period: opening balance, lines with the running balance,
closing balance; as CSV that Dutch Excel opens, and a small balance chart in SVG.

The running balance is stored on each transfer when it completes (`payer_balance`,
`payee_balance`), so a statement of any period is two queries, however long the
history before it; `ledger_verify` checks that these running balances follow.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from gilde.core.credits import amount_value, format_amount
from gilde.exchange.models import Account, Transfer


@dataclass
class Line:
    transfer: Transfer
    amount: int  # signed: negative when the account paid
    balance: int  # after this line
    other: Account


@dataclass
class Statement:
    account: Account
    since: datetime | None
    until: datetime | None
    opening: int
    lines: list[Line]

    @property
    def closing(self) -> int:
        return self.lines[-1].balance if self.lines else self.opening

    @property
    def paid(self) -> int:
        return -sum(line.amount for line in self.lines if line.amount < 0)

    @property
    def received(self) -> int:
        return sum(line.amount for line in self.lines if line.amount > 0)


def _after(transfer: Transfer, account_id: int) -> int:
    """The account's balance right after `transfer` (stored when it completed)."""
    after = transfer.payer_balance if transfer.payer_id == account_id else transfer.payee_balance
    assert after is not None, f"completed transfer {transfer.pk} has no running balance"
    return after


def statement(account: Account, since: datetime | None = None, until=None) -> Statement:
    """Completed transfers of `account` with decided_at in [since, until)."""
    completed = Transfer.objects.completed().filter(Q(payer=account) | Q(payee=account))
    opening = 0
    if since is not None:
        before = (
            completed.filter(decided_at__lt=since)
            .order_by("-decided_at", "-pk")
            .only("payer_id", "payee_id", "payer_balance", "payee_balance")
            .first()
        )
        opening = _after(before, account.pk) if before else 0
    rows = completed.with_parties().order_by("decided_at", "pk")
    if since is not None:
        rows = rows.filter(decided_at__gte=since)
    if until is not None:
        rows = rows.filter(decided_at__lt=until)
    lines = []
    for transfer in rows:
        paid = transfer.payer_id == account.pk
        lines.append(
            Line(
                transfer,
                -transfer.amount if paid else transfer.amount,
                _after(transfer, account.pk),
                transfer.payee if paid else transfer.payer,
            )
        )
    return Statement(account, since, until, opening, lines)


def as_csv(result: Statement) -> bytes:
    """UTF-8 with a byte-order mark and `;` between fields: Dutch Excel opens it as is.
    Amounts in whole units with a decimal comma, plus the minor units for other tools."""
    unit = result.account.network.unit
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Date"),
            _("Transfer"),
            _("With"),
            _("Description"),
            _("Amount (%(unit)s)") % {"unit": unit.plural},
            _("Balance (%(unit)s)") % {"unit": unit.plural},
            _("Amount (smallest steps)"),
            _("Balance (smallest steps)"),
        ]
    )

    def number(minor: int) -> str:
        return f"{amount_value(minor, unit):.{unit.decimals}f}".replace(".", ",")

    for line in result.lines:
        writer.writerow(
            [
                timezone.localtime(line.transfer.decided_at).strftime("%Y-%m-%d %H:%M"),
                line.transfer.pk,
                _safe_cell(line.other.label),
                _safe_cell(line.transfer.description),
                number(line.amount),
                number(line.balance),
                line.amount,
                line.balance,
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _safe_cell(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def chart(result: Statement, *, width: int = 640, height: int = 160) -> SafeString:
    """The balance over the period as an inline SVG step line, with a zero line and the
    lowest and highest balance named for screen readers; no script."""
    unit = result.account.network.unit
    points = [(result.since or (result.lines[0].transfer.decided_at if result.lines else None),
               result.opening)]  # fmt: skip
    points += [(line.transfer.decided_at, line.balance) for line in result.lines]
    end = result.until or timezone.now()
    drawn: list[tuple[datetime, int]] = [(at, b) for at, b in points if at is not None]
    if not drawn:
        return mark_safe("")  # noqa: S308 - nothing to draw
    start = drawn[0][0]
    span = max((end - start).total_seconds(), 1)
    values = [b for _at, b in drawn]
    low, high = min([0, *values]), max([0, *values])
    scale = max(high - low, 1)
    pad = 8

    def x(at) -> float:
        return pad + (width - 2 * pad) * max((at - start).total_seconds(), 0) / span

    def y(balance) -> float:
        return pad + (height - 2 * pad) * (high - balance) / scale

    path = [f"M{x(drawn[0][0]):.1f},{y(drawn[0][1]):.1f}"]
    for at, balance in drawn[1:]:
        path.append(f"H{x(at):.1f}V{y(balance):.1f}")
    path.append(f"H{x(end):.1f}")
    label = _(
        "Balance from %(start)s to %(end)s: lowest %(low)s, highest %(high)s, now %(now)s"
    ) % {
        "start": date_format(timezone.localtime(start), "j F Y"),
        "end": date_format(timezone.localtime(end), "j F Y"),
        "low": format_amount(min(values), unit),
        "high": format_amount(max(values), unit),
        "now": format_amount(values[-1], unit),
    }
    return format_html(
        '<svg class="balance-chart" viewBox="0 0 {w} {h}" width="100%" role="img" '
        'aria-label="{label}"><title>{label}</title>'
        '<line x1="{pad}" x2="{x2}" y1="{zero}" y2="{zero}" class="balance-chart__zero"/>'
        '<path d="{path}" class="balance-chart__line" fill="none"/></svg>',
        w=width,
        h=height,
        label=label,
        pad=pad,
        x2=width - pad,
        zero=f"{y(0):.1f}",
        path=" ".join(path),
    )
