from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _after_migrate(sender, using="default", verbosity=1, **kwargs):
    """What a fresh or upgraded database needs besides its tables: the cache table and an index.

    An upgrade from a release without the search index, or a restore of content
    alone, would otherwise leave search empty until someone runs search_reindex.
    """
    from django.core.management import call_command

    from gilde.core import search

    call_command("createcachetable", database=using, verbosity=0)
    filled = search.fill_if_empty(using=using)
    if filled and verbosity:
        print(f"  Search index was empty: indexed {filled} document(s).")  # noqa: T201


class CoreConfig(AppConfig):
    name = "gilde.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="gilde.core.after_migrate")
