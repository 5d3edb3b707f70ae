from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "gilde.networks"
    label = "networks"
    verbose_name = _("Networks")

    def ready(self):
        from gilde.networks import search

        search.register_sources()
