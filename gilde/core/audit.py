"""The audit log: one call, made by a service inside its transaction, per change worth tracing."""

from __future__ import annotations

from typing import Any

from gilde.core.models import AuditEntry


def record(
    verb: str,
    *,
    actor=None,
    network=None,
    target=None,
    target_type: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write that `actor` did `verb` to `target` (a model instance), in `network` if any.

    `verb` is a dotted name such as ``organisation.claim_accepted``; `data` holds
    what is needed to read (or undo) the change later, as JSON.
    """
    return AuditEntry.objects.create(
        network_id=getattr(network, "pk", network),
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        target_type=target_type or (target._meta.model_name if target is not None else ""),
        target_id=getattr(target, "pk", None),
        target_label=str(target)[:300] if target is not None else "",
        data=data or {},
    )
