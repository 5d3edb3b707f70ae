"""Rendered parts of pages kept for reuse, and forgotten the moment what they show changes.

A page wraps its expensive part (the article list, the member directory, a
network's home) in ``{% fragment "name" network %}…{% endfragment %}`` (``site``
instead of ``network`` for parts across networks, ``mine`` for the viewer's own). The rendered
HTML is kept in the ``fragments`` cache under a key made of everything the part
may depend on:

- what it shows: a network and its ``content_version``, a counter every write
  that can change what the network's pages show raises (``bump``), in the same
  transaction as the write, so the new counter and the new content become
  visible together; or, for parts across networks (search), the versions of
  all networks and the newest search document (``site_version``); for a part
  about the viewer's own networks and profile (``mine``), the versions of their
  networks (``my_version``); or nothing,
  for a part that shows no content (the page header outside a network);
- the viewer (user id, or 0 when logged out) and the viewer's memberships with
  their roles, read fresh on every request, so a right taken away counts at once
  and never waits for a counter;
- the language, the time zone, the full path with its query string, and whether
  htmx asked for the part.

Which writes raise which network's counter is declared once per model with
``watch(model, networks_of)``; the apps do that in their ``ready()``. Signals
cover ``save``, ``delete`` and many-to-many changes; the few bulk updates that
send no signal call ``bump`` or ``bump_all`` themselves.

A fragment may hold forms that post: where the visitor's CSRF token goes, the
kept HTML holds a secret placeholder, and each response gets the visitor's own
token put in its place. Nothing else about the visitor is in a fragment unless
it is in the key.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe
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


# Fields whose change shows on no page: a login, a new password hash.
_BOOKKEEPING = {"last_login", "password"}


def _on_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:  # loaddata: the rows are restored as they were
        return
    if update_fields is not None and set(update_fields) <= _BOOKKEEPING:
        return
    bump(_watched[sender](instance))


def _on_delete(sender, instance, **kwargs):
    try:
        networks = _watched[sender](instance)
    except ObjectDoesNotExist:
        # The row went with what it belongs to (a network removed with its projects and
        # their people): that row's own watch raised the version.
        return
    bump(networks)


def _on_m2m(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        networks_of = _watched.get(type(instance))
        if networks_of is not None:
            bump(networks_of(instance))


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

    Each entry is a function the template engine calls when it looks the name up;
    `build()` runs at most once and returns a dict holding every name. The values
    themselves reach the template (`{% if results is None %}` works).
    """
    done: dict = {}

    def value(name: str) -> Callable[[], object]:
        def get():
            if not done:
                done.update(build())
            return done[name]

        return get

    return {name: value(name) for name in names}


def network_version(network) -> tuple | None:
    """What a part about `network` depends on: its content version. An empty value: a part
    that shows no content at all (the same for everyone with the same rights). Anything
    else is not cached."""
    if not network:
        return ()
    if not hasattr(network, "content_version"):
        return None
    created = network.created_at.timestamp() if network.created_at else None
    return (network.pk, created, network.content_version)


def my_version(request) -> tuple | None:
    """What a part about the viewer's own networks and profile depends on (`/my/`): the
    content versions of the networks they are an active member of, which every write to
    their profile raises too (`networks_of_user`). Read from the memberships the rights
    are read from: no query. Nobody signed in, or a member of no network: not kept (no
    counter would tell a change)."""
    from gilde.core import access

    if not request.user.is_authenticated:
        return None
    memberships = access.memberships(request.user)
    if not memberships:
        return None
    versions = [network_version(m.network) for m in memberships.values()]
    if any(version is None for version in versions):
        return None
    return ("mine", *sorted(version for version in versions if version is not None))


def site_version(request) -> tuple:
    """What a part across networks depends on: every network's content version (their sum,
    how many there are and the newest) and the newest search document, in one query, once
    per request. A content version only rises, and search document ids are never reused."""
    cached = getattr(request, "_gilde_site_version", None)
    if cached is None:
        networks = _network_model()._meta.db_table
        documents = apps.get_model("core", "SearchDocument")._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*), COALESCE(SUM(content_version), 0), COALESCE(MAX(id), 0), "  # noqa: S608 - table names from the models
                f"(SELECT COALESCE(MAX(id), 0) FROM {documents}) FROM {networks}"
            )
            cached = ("site", *cursor.fetchone())
        request._gilde_site_version = cached
    return cached


def key(name: str, request, version: tuple) -> str:
    """The cache key of fragment `name` at `version` as `request` sees it."""
    parts = (
        name,
        version,
        viewer_key(request),
        get_language(),
        get_current_timezone_name(),
        request.get_full_path(),
        bool(request.headers.get("HX-Request")),
    )
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"{name}:{digest}"


@functools.cache
def csrf_hole() -> str:
    """What a kept part holds where the visitor's CSRF token goes: a value only this site
    can know (derived from SECRET_KEY), so no content can contain it by chance or design."""
    return salted_hmac("gilde.core.fragments.csrf_hole", "hole").hexdigest()


def fill_csrf(html: str, token) -> SafeString:
    """A kept part with this visitor's own CSRF token in its holes (asking for the token
    also makes sure the visitor gets the cookie, as rendering the form would)."""
    hole = csrf_hole()
    if hole in html:
        html = html.replace(hole, str(token or ""))
    return mark_safe(html)  # noqa: S308 - rendered by the template engine; the token is alphanumeric


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
