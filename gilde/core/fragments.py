"""Rendered parts of pages kept for reuse, and forgotten the moment what they show changes.

A page wraps its expensive part (the article list, the member directory, a
network's home) in ``{% fragment "name" %}…{% endfragment %}``. The rendered
HTML is kept in the ``fragments`` cache under a key made of everything the part
may depend on:

- the network and its ``content_version``, a counter every write that can
  change what the network's pages show raises (``bump``), in the same
  transaction as the write, so the new counter and the new content become
  visible together;
- the viewer (user id, or 0 when logged out) and the viewer's memberships with
  their roles, read fresh on every request, so a right taken away counts at once
  and never waits for a counter;
- the language, the time zone, the full path with its query string, and whether
  htmx asked for the part.

Which writes raise which network's counter is declared once per model with
``watch(model, networks_of)``; the apps do that in their ``ready()``. Signals
cover ``save``, ``delete`` and many-to-many changes; the few bulk updates that
send no signal call ``bump`` or ``bump_all`` themselves.

A fragment may not contain a form with a CSRF token (the token is the
visitor's own): the template refuses to compile. Nothing else about the visitor
is in a fragment unless it is in the key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from django.apps import apps
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.functional import SimpleLazyObject
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language

NetworksOf = Callable[[object], Iterable[int | None]]

_watched: dict[type, NetworksOf] = {}


def _network_model():
    return apps.get_model("networks", "Network")


def bump(network_ids: Iterable[int | None]) -> None:
    """Raise the content version of these networks: their cached fragments are stale."""
    ids = sorted({pk for pk in network_ids if pk is not None})
    if ids:
        Network = _network_model()
        Network.objects.filter(pk__in=ids).update(content_version=F("content_version") + 1)


def bump_all() -> None:
    """After a change that can show anywhere (a tag merge, a re-render, the demo data)."""
    Network = _network_model()
    Network.objects.update(content_version=F("content_version") + 1)


def _on_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:  # loaddata: the rows are restored as they were
        return
    if update_fields is not None and _only_bookkeeping(sender, update_fields):
        return
    bump(_watched[sender](instance))


def _on_delete(sender, instance, **kwargs):
    bump(_watched[sender](instance))


def _on_m2m(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        networks_of = _watched.get(type(instance))
        if networks_of is not None:
            bump(networks_of(instance))


# Fields whose change shows on no page: a login, a new password hash.
_BOOKKEEPING = {"last_login", "password"}


def _only_bookkeeping(sender, update_fields) -> bool:
    return set(update_fields) <= _BOOKKEEPING


def watch(model, networks_of: NetworksOf, *, m2m: Iterable[str] = ()) -> None:
    """Raise `networks_of(row)`'s versions whenever a row of `model` is saved or deleted,
    and whenever one of its many-to-many fields named in `m2m` changes."""
    _watched[model] = networks_of
    uid = f"gilde.fragments.{model._meta.label}"
    post_save.connect(_on_save, sender=model, dispatch_uid=uid + ".save")
    post_delete.connect(_on_delete, sender=model, dispatch_uid=uid + ".delete")
    for name in m2m:
        through = model._meta.get_field(name).remote_field.through
        m2m_changed.connect(_on_m2m, sender=through, dispatch_uid=f"{uid}.{name}")


def all_networks(_row) -> list[int]:
    """For rows that can show in every network (tags): every network's id."""
    return list(_network_model().objects.values_list("pk", flat=True))


def networks_of_user(user_id: int | None) -> list[int]:
    """The networks a person is in (or was: an ended membership still names its author)."""
    Membership = apps.get_model("networks", "Membership")
    if user_id is None:
        return []
    return list(Membership.objects.filter(user_id=user_id).values_list("network_id", flat=True))


def viewer_key(request) -> str:
    """Who is looking, as far as a fragment may differ by it: the user and their rights."""
    from gilde.core import access

    user = request.user
    if not user.is_authenticated:
        return "0"
    roles = sorted((pk, m.role) for pk, m in access.memberships(user).items())
    digest = hashlib.blake2b(repr((user.is_superuser, roles)).encode(), digest_size=8)
    return f"{user.pk}.{digest.hexdigest()}"


def lazy(build: Callable[[], dict], *names: str) -> dict:
    """Context entries computed only if the template uses them (not at all on a cache hit).

    `build()` runs at most once and returns a dict holding every name.
    """
    done: dict = {}

    def value(name: str) -> Callable[[], object]:
        def get():
            if not done:
                done.update(build())
            return done[name]

        return get

    return {name: SimpleLazyObject(value(name)) for name in names}


def key(name: str, request, network) -> str:
    """The cache key of fragment `name` of `network` as `request` sees it."""
    parts = (
        name,
        network.pk,
        network.created_at.timestamp() if network.created_at else None,
        network.content_version,
        viewer_key(request),
        get_language(),
        get_current_timezone_name(),
        request.get_full_path(),
        bool(request.headers.get("HX-Request")),
    )
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"{name}:{network.pk}:{digest}"


def networks_of_item(row) -> list[int]:
    """For a row on one knowledge item (a comment, an attachment, a follow, an answer…):
    the item's network, read without loading the item unless it is loaded already."""
    for field in row._meta.concrete_fields:
        if not field.is_relation or field.related_model is None:
            continue
        related = field.related_model
        if not any(f.name == "network" for f in related._meta.concrete_fields):
            continue
        item_id = getattr(row, field.attname)
        if item_id is None:
            continue
        cached = row._state.fields_cache.get(field.name)
        if cached is not None:
            return [cached.network_id]
        return list(related._base_manager.filter(pk=item_id).values_list("network_id", flat=True))
    return []
