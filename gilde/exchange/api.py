"""API routes for the ledger: accounts, transfers (with an Idempotency-Key), statements.

Every amount is given in minor units of the network's unit plus its formatted value
in the request's language. Accounts and transfers are fetched through `visible_to`,
so one the caller may not open answers 404; every write calls gilde.exchange.services.
"""

from ninja import Router

router = Router(tags=["exchange"])
