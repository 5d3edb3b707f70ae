"""A network's audit log as its coordinators read it: one line per entry, whatever wrote it.

Entries are rendered generically, so the ledger and meetings only add their verbs to
`LABELS`. A line names a person only to a viewer who may know that person, and an
item only to one who may see it (`gilde.core.search.known_people`, `visible_objects`):
the log tells a coordinator nothing the rest of Gilde would not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gilde.core import search
from gilde.core.models import AuditEntry
from gilde.core.visibility import Visibility
from gilde.networks import services
from gilde.networks.models import Membership

# knowledge.services.ITEM_VISIBILITY_CHANGED, spelled here because networks sits below knowledge.
ITEM_VISIBILITY_CHANGED = "item.visibility_changed"
# exchange.services.LISTING_CLOSED_BY_COORDINATOR, spelled here for the same reason.
LISTING_CLOSED_BY_COORDINATOR = "listing.closed_by_coordinator"

LABELS = {
    services.NETWORK_CREATED: gettext_lazy("Network set up"),
    services.NETWORK_APPROVED: gettext_lazy("Network approved"),
    services.MEMBERSHIP_ADMITTED: gettext_lazy("Admitted"),
    services.MEMBERSHIP_REFUSED: gettext_lazy("Request to join declined"),
    services.MEMBERSHIP_SUSPENDED: gettext_lazy("Suspended"),
    services.MEMBERSHIP_REINSTATED: gettext_lazy("Reinstated"),
    services.MEMBERSHIP_ROLE_CHANGED: gettext_lazy("Role changed"),
    services.MEMBERSHIP_LEFT: gettext_lazy("Left the network"),
    services.INVITATION_SENT: gettext_lazy("Invitation created"),
    services.INVITATION_REVOKED: gettext_lazy("Invitation withdrawn"),
    services.INVITATION_ACCEPTED: gettext_lazy("Invitation accepted"),
    services.PARTNER_PROPOSED: gettext_lazy("Partner link proposed"),
    services.PARTNER_ADDED: gettext_lazy("Partner link accepted"),
    services.PARTNER_REMOVED: gettext_lazy("Partner link ended"),
    ITEM_VISIBILITY_CHANGED: gettext_lazy("Visibility changed"),
    LISTING_CLOSED_BY_COORDINATOR: gettext_lazy("Offer or want withdrawn by a coordinator"),
}

# What a `from`/`to` pair in an entry's data means, by verb.
CHOICES = {
    services.MEMBERSHIP_ROLE_CHANGED: dict(Membership.Role.choices),
    ITEM_VISIBILITY_CHANGED: dict(Visibility.choices),
}


@dataclass
class Line:
    created_at: datetime
    label: str
    actor: str
    subject: str
    detail: str


def lines(entries: list[AuditEntry], viewer) -> list[Line]:
    """The entries of one page as lines for `viewer`: a fixed number of queries per page."""
    person_ids = {entry.actor_id for entry in entries} | {_person_id(entry) for entry in entries}
    person_ids.discard(None)
    known = search.known_people(viewer, person_ids)
    names = {
        person.pk: person.display_name
        for person in get_user_model().objects.filter(pk__in=known).only("pk", "name")
    }
    visible = search.visible_objects(viewer, [(e.target_type, e.target_id) for e in entries])
    return [
        Line(
            created_at=entry.created_at,
            label=str(LABELS.get(entry.verb, entry.verb)),
            actor=names.get(entry.actor_id or 0, _("Someone")),
            subject=_subject(entry, names, visible),
            detail=_detail(entry),
        )
        for entry in entries
    ]


def _person_id(entry: AuditEntry) -> int | None:
    person_id = entry.data.get("user") if isinstance(entry.data, dict) else None
    return person_id if isinstance(person_id, int) else None


def _subject(entry: AuditEntry, names: dict[int, str], visible: set) -> str:
    person_id = _person_id(entry)
    if person_id is not None:
        return names.get(person_id, _("Someone"))
    if entry.target_type in search.kinds():
        if (entry.target_type, entry.target_id) in visible:
            return entry.target_label
        return _("An item you cannot see")
    if entry.target_type == "invitation":
        return entry.data.get("email") or _("An invitation link")
    return entry.target_label


def _detail(entry: AuditEntry) -> str:
    choices = CHOICES.get(entry.verb)
    if choices is None or "from" not in entry.data:
        return entry.data.get("message", "") or ""
    before, after = entry.data["from"], entry.data.get("to")
    return f"{choices.get(before, before)} → {choices.get(after, after)}"
