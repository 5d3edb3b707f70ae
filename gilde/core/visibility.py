"""The one rule for who sees and who changes an item that has a visibility.

An item (an article, a question, a session today; an offer, minutes or a project
document next) belongs to one network, has owners (its author, and co-authors
where the kind has them), a circle of chosen members, and one of four
visibilities:

- `public`: anyone, also without logging in, unless the network is hidden;
  then only its members;
- `network`: members and coordinators of the item's network;
- `circle`: those of them who are in the item's circle;
- `private`: its owners only.

Owners see every one of their items, drafts too, and change them, but only
while their membership of the item's network is active as member or
coordinator: a suspended, departed or guest author sees what an outsider sees
and changes nothing (docs/access.md). An item that is not published (a draft) is
for its owners alone, whatever its visibility.

The rule is written twice, side by side in this module: as a `Q` for the
QuerySets (`visible_q`, `authored_q`) and as SQL on the search index
(`visible_sql`, on `core_searchdocument`, which stores each item's visibility
as `indexed_visibility` gives it). Change one, change the other:
`gilde/knowledge/tests/test_visibility_table.py` asks both the same table of
visibility × state × viewer. Pages and the API ask `may_edit` and `may_manage`,
which read only what is loaded (memberships are cached per request), so a list
can ask them for every row without a query per row.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, TextChoices
from django.utils.translation import gettext_lazy as _

from gilde.core import access

# Network.Visibility.HIDDEN, spelled here because core sits below the networks app.
HIDDEN_NETWORK = "hidden"


class Visibility(TextChoices):
    PUBLIC = "public", _("public")
    NETWORK = "network", _("network members")
    CIRCLE = "circle", _("chosen members")
    PRIVATE = "private", _("only me")


HELP = {
    Visibility.PUBLIC: _("Anyone, also without logging in: how the network shows its expertise."),
    Visibility.NETWORK: _("Members of this network."),
    Visibility.CIRCLE: _("Only the members you choose."),
    Visibility.PRIVATE: _("Only you and your co-authors."),
}


def reader_networks(user) -> list[int]:
    """The networks whose members-only items `user` reads: active member or coordinator.

    Also the networks in which `user`'s authorship counts. From the request's
    membership cache: no query after the first.
    """
    return sorted(
        network_id
        for network_id, membership in access.memberships(user).items()
        if membership.role in (access.MEMBER, access.COORDINATOR)
    )


# -- the rule as a Q, for QuerySets ---------------------------------------------


def authored_q(user, owned: Q) -> Q:
    """Items `user` owns (`owned`: author, co-author) in a network where that counts."""
    return owned & Q(network_id__in=reader_networks(user))


def visible_q(user, *, owned, in_circle, published: Q | None = None) -> Q:
    """The items `user` may see, as a condition on the item's own table.

    `owned(user)` gives the Q for "user is an owner" and `in_circle(user)` the
    condition (an EXISTS) for "user is in the circle"; `published` marks the rows
    that are not drafts, for kinds that have drafts.
    """
    public = Q(visibility=Visibility.PUBLIC) & ~Q(network__visibility=HIDDEN_NETWORK)
    if user is None or not user.is_authenticated:
        return public if published is None else public & published
    shared = Q(visibility__in=[Visibility.PUBLIC, Visibility.NETWORK]) | (
        Q(visibility=Visibility.CIRCLE) & in_circle(user)
    )
    readable = public | (shared & Q(network_id__in=reader_networks(user)))
    if published is not None:
        readable &= published
    return readable | authored_q(user, owned(user))


# -- the same rule as SQL, on the search index ------------------------------------

# Conditions on the document `d` (core_searchdocument). The index stores a draft
# as `private` (`indexed_visibility`), and the owners and circle members of each
# document in core_searchaudience. The audience subqueries do not depend on `d`:
# the database reads the user's few audience rows once per query (index on
# user_id), not once per match.
VISIBLE_TO_ANYONE = "(d.visibility = 'public' AND NOT d.network_hidden)"
VISIBLE_IN_MY_NETWORKS = """(d.network_id IN ({networks}) AND (
    d.visibility IN ('public', 'network')
    OR (d.visibility = 'circle' AND d.id IN (
        SELECT c.document_id FROM core_searchaudience c WHERE c.user_id = %s))
    OR d.id IN (
        SELECT o.document_id FROM core_searchaudience o WHERE o.user_id = %s AND o.is_owner)))"""


def visible_sql(user) -> tuple[str, list]:
    """`visible_q` as one SQL condition on `d`, with its parameters."""
    if user is None or not user.is_authenticated:
        return VISIBLE_TO_ANYONE, []
    networks = reader_networks(user)
    if not networks:
        return VISIBLE_TO_ANYONE, []
    mine = VISIBLE_IN_MY_NETWORKS.format(networks=", ".join(["%s"] * len(networks)))
    return f"({VISIBLE_TO_ANYONE} OR {mine})", [*networks, user.pk, user.pk]


def indexed_visibility(visibility: str, *, published: bool = True) -> str:
    """What the search index stores for an item: a draft is for its owners alone."""
    return visibility if published else Visibility.PRIVATE


def audience(visibility: str, circle: Iterable[int]) -> frozenset[int]:
    """The circle members a document carries: only a circle item has them."""
    return frozenset(circle) if visibility == Visibility.CIRCLE else frozenset()


# -- what pages and the API ask ----------------------------------------------------


def may_edit(item, user) -> bool:
    """Whether `user` may change `item`: an owner whose membership of its network counts.

    The same rule as `authored_q`, on a loaded item: `item.owners()` (prefetch
    co-authors for a list) and the request's membership cache.
    """
    if user is None or not user.is_authenticated:
        return False
    return item.network_id in reader_networks(user) and user.pk in item.owners()


def may_manage(item, user) -> bool:
    """Owners who may edit, and the coordinators of the item's network: who runs an item
    with participants (a session's registrations and attendance, later a meeting's)."""
    if may_edit(item, user):
        return True
    membership = access.memberships(user).get(item.network_id)
    return membership is not None and membership.role == access.COORDINATOR
