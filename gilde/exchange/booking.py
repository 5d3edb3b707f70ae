"""The three statements every transfer runs, compiled once per database connection.

A transfer is: lock both accounts, write both balances, insert the transfer
(gilde.exchange.services._book). Building each statement's SQL through the ORM cost
several times what the database takes to run it (bench/ledger.py measured the
service at a fraction of the same SQL sent by hand), so, as core.prepared does for
the queries every request runs, the lock is a `Prepared` QuerySet and the update
and the insert are written once from the models' own table and column names.
They run through the connection's cursor, inside the service's transaction, so
query counting, execute wrappers and rollbacks see them as any other query; values
go through each field's own `get_db_prep_save`, as the ORM's insert does.
"""

from __future__ import annotations

from django.db import connections, router

from gilde.core.prepared import Prepared
from gilde.exchange.models import Account, Transfer

# Both accounts of a transfer, locked in id order (one account: low == high). FOR NO KEY
# UPDATE, not FOR UPDATE: it excludes every other transfer's lock just the same, but not
# the FOR KEY SHARE that PostgreSQL's foreign-key check takes on both accounts when a row
# referring to them is inserted without locking them (a payment request, a reservation).
# With FOR UPDATE such an insert could hold one account and wait for the other while
# transfers waited for it: a deadlock (found by the concurrency test).
locked_pair = Prepared(
    lambda p: (
        Account.objects.select_for_update(of=("self",), no_key=True)
        .select_related("network", "membership")
        .filter(pk__in=[p.low, p.high])
        .order_by("pk")
    )
)


def _connection(model):
    return connections[router.db_for_write(model)]


def write_balance(account_id: int, balance: int, reserved: int) -> None:
    connection = _connection(Account)
    qn = connection.ops.quote_name
    table = qn(Account._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {qn('balance')} = %s, {qn('reserved')} = %s "  # noqa: S608 - names from the model
            f"WHERE {qn('id')} = %s",
            [balance, reserved, account_id],
        )


_INSERT_FIELDS = [f for f in Transfer._meta.concrete_fields if not f.primary_key]


def insert_transfer(transfer: Transfer) -> Transfer:
    """Insert `transfer` (a new, unsaved instance) and set its id and created_at."""
    connection = _connection(Transfer)
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in _INSERT_FIELDS)
    marks = ", ".join(["%s"] * len(_INSERT_FIELDS))
    values = [
        f.get_db_prep_save(f.pre_save(transfer, add=True), connection) for f in _INSERT_FIELDS
    ]
    sql = f"INSERT INTO {qn(Transfer._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        if connection.features.can_return_columns_from_insert:
            cursor.execute(sql + f" RETURNING {qn('id')}", values)
            transfer.pk = cursor.fetchone()[0]
        else:
            cursor.execute(sql, values)
            transfer.pk = connection.ops.last_insert_id(
                cursor, Transfer._meta.db_table, Transfer._meta.pk.column
            )
    transfer._state.adding = False
    transfer._state.db = connection.alias
    return transfer
