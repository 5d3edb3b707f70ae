"""Check the books: `manage.py ledger_verify` and the tests call `verify()`.

Stored balances and reservations are a cache; here they are recomputed from the
transfers and holds. Errors: a balance or reservation that differs from its rows,
a network whose balances do not sum to zero, a statement line whose running
balance does not follow, a balance outside a limit that no later limit change
explains. Warnings: a balance outside a limit that a coordinator lowered after
the balance was reached (that blocks spending; it moves nothing).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max, Q

from gilde.exchange.models import Account, Hold, LimitChange, Transfer


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    accounts: int = 0
    transfers: int = 0
    networks: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def verify(network_ids=None) -> Report:
    report = Report()
    accounts = Account.objects.select_related("network", "membership__user", "partner")
    transfers = Transfer.objects.completed()
    holds = Hold.objects.held()
    if network_ids is not None:
        accounts = accounts.filter(network_id__in=network_ids)
        transfers = transfers.filter(network_id__in=network_ids)
        holds = holds.filter(network_id__in=network_ids)
    by_id: dict[int, Account] = {a.pk: a for a in accounts}
    report.accounts = len(by_id)

    balance: dict[int, int] = defaultdict(int)
    last_line: dict[int, int] = {}
    rows = transfers.order_by("decided_at", "pk").values_list(
        "pk", "network_id", "payer_id", "payee_id", "amount", "payer_balance", "payee_balance"
    )
    for pk, network_id, payer, payee, amount, payer_after, payee_after in rows.iterator(2000):
        report.transfers += 1
        for account_id in (payer, payee):
            if by_id.get(account_id) and by_id[account_id].network_id != network_id:
                report.errors.append(
                    f"transfer {pk}: account {account_id} belongs to another network"
                )
        if amount <= 0 or payer == payee:
            report.errors.append(f"transfer {pk}: amount {amount} from {payer} to {payee}")
        balance[payer] -= amount
        balance[payee] += amount
        for account_id, after in ((payer, payer_after), (payee, payee_after)):
            if after != balance[account_id] and account_id not in last_line:
                last_line[account_id] = pk
                report.errors.append(
                    f"transfer {pk}: running balance of account {account_id} is {after}, "
                    f"the transfers before it add up to {balance[account_id]}"
                )

    reserved: dict[int, int] = defaultdict(int)
    for account_id, amount in holds.values_list("account_id", "amount"):
        reserved[account_id] += amount

    sums: dict[int, int] = defaultdict(int)
    names = {}
    for account in by_id.values():
        names[account.network_id] = account.network.name
        sums[account.network_id] += account.balance
        label = f"{account.network.slug} account {account.pk} ({account.label})"
        if account.balance != balance[account.pk]:
            report.errors.append(
                f"{label}: stored balance {account.balance}, transfers add up to "
                f"{balance[account.pk]}"
            )
        if account.reserved != reserved[account.pk]:
            report.errors.append(
                f"{label}: stored reserved {account.reserved}, open reservations add up to "
                f"{reserved[account.pk]}"
            )
        _check_limits(account, label, report)
    for network_id, total in sums.items():
        if total != 0:
            report.errors.append(f"network {names[network_id]}: balances sum to {total}, not 0")
    report.networks = len(sums)
    _check_clearing(by_id, report)
    return report


def _last_change(account: Account):
    return LimitChange.objects.filter(
        Q(account=account) | Q(network_id=account.network_id, account__isnull=True)
    ).aggregate(at=Max("changed_at"))["at"]


def _last_move_towards(account: Account, *, below: bool):
    """When the account last moved towards the bound it is past: the ceiling by a payment
    in; the limit by a payment out or a new reservation. A payment out of a reservation
    does not count: it lowers the balance and the reservation by the same amount (which
    counted against the limit when it was reserved), so what is left stays as it was, and
    paying out an agreement after a coordinator raised the limit is no error."""
    completed = Transfer.objects.completed()
    if not below:
        return completed.filter(payee=account).aggregate(at=Max("decided_at"))["at"]
    paid = completed.filter(payer=account, hold__isnull=True).aggregate(at=Max("decided_at"))
    held = Hold.objects.filter(account=account).aggregate(at=Max("created_at"))
    return max((at for at in (paid["at"], held["at"]) if at is not None), default=None)


def _check_limits(account: Account, label: str, report: Report) -> None:
    limit, ceiling = account.effective_limit, account.effective_ceiling
    below = limit is not None and account.balance - account.reserved < limit
    above = ceiling is not None and account.balance > ceiling
    if not (below or above):
        return
    last_move = _last_move_towards(account, below=below)
    changed = _last_change(account)
    what = (
        f"balance {account.balance} (reserved {account.reserved}) below its limit {limit}"
        if below
        else f"balance {account.balance} above its ceiling {ceiling}"
    )
    if last_move is None or (changed is not None and changed >= last_move):
        report.warnings.append(f"{label}: {what}, since the limit was changed")
    else:
        report.errors.append(f"{label}: {what}, reached by a transfer")


def _check_clearing(accounts: dict[int, Account], report: Report) -> None:
    """Each pair of clearing accounts mirrors the other at the partners' rate."""
    from gilde.exchange import clearing

    for problem in clearing.mirror_problems(accounts.values()):
        report.errors.append(problem)
