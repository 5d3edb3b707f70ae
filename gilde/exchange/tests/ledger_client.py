"""A ledger client for the tests that start OS processes (test_concurrency.py, test_crash.py).

    python -m gilde.exchange.tests.ledger_client --network SLUG --log FILE [--ops N] [--seed S]
        [--fsync]

It works on the database DATABASE_URL names, through gilde.exchange.services as the
pages do: random payments between the payable accounts of the network, payment
requests, accepting one of the pending requests (often one another client is
accepting at the same moment) and reversals by a coordinator. After each call it
writes one JSON line to FILE: what it did and the transfer's id once the service
returned (the transaction is committed by then), or the refusal. With --fsync each
line is on disk before the next call starts: what the log holds, the client saw
confirmed (test_crash.py kills clients at random moments). Anything but a refusal
(a DomainError) is logged as an "error" line with its traceback and the client goes
on; the tests fail on any. --ops 0 runs until killed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import traceback


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--network", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--ops", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-amount", type=int, default=60)
    parser.add_argument("--fsync", action="store_true")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gilde.settings")
    import django

    django.setup()
    from gilde.core.errors import DomainError
    from gilde.exchange import services
    from gilde.exchange.models import Account, Transfer
    from gilde.networks.models import Membership, Network

    rng = random.Random(args.seed)
    network = Network.objects.get(slug=args.network)
    accounts = list(Account.objects.payable_in(network).with_holder())
    coordinator = Membership.objects.coordinators().filter(network=network).first().user

    def actor(account):
        return account.holder or coordinator

    log = open(args.log, "a", encoding="utf-8")  # noqa: SIM115 - open for the whole run

    def write(**line) -> None:
        log.write(json.dumps(line) + "\n")
        if args.fsync:
            log.flush()
            os.fsync(log.fileno())

    def pay():
        payer, payee = rng.sample(accounts, 2)
        amount = rng.randint(1, args.max_amount)
        return services.pay(payer, payee, amount, by=actor(payer), description="Bij elkaar")

    def request():
        payee, payer = rng.sample(accounts, 2)
        amount = rng.randint(1, args.max_amount)
        return services.request_payment(
            payee, payer, amount, by=actor(payee), description="Graag betalen"
        )

    def accept():
        # The oldest few: the other clients pick among the same, so some accepts race.
        pending = list(Transfer.objects.pending().filter(network=network).order_by("pk")[:5])
        if not pending:
            return None
        transfer = rng.choice(pending)
        return services.accept(transfer, by=actor(transfer.payer))

    def reverse():
        recent = list(
            Transfer.objects.completed()
            .filter(network=network, reversed_by__isnull=True)
            .exclude(kind=Transfer.Kind.REVERSAL)
            .select_related("network")
            .order_by("-pk")[:5]
        )
        if not recent:
            return None
        return services.reverse(rng.choice(recent), by=coordinator, reason="Vergissing")

    operations = [pay] * 14 + [request] * 2 + [accept] * 3 + [reverse]
    write(op="ready", pid=os.getpid())
    done = 0
    while args.ops == 0 or done < args.ops:
        done += 1
        operation = rng.choice(operations)
        try:
            transfer = operation()
        except DomainError as error:
            write(
                op="refused", what=operation.__name__, error=type(error).__name__,
                field=error.field, why=str(error),
            )  # fmt: skip
            continue
        except Exception:
            write(op="error", what=operation.__name__, traceback=traceback.format_exc())
            continue
        if transfer is not None:
            write(op=operation.__name__, id=transfer.pk, status=transfer.status)
    write(op="done")
    log.close()


if __name__ == "__main__":
    main()
