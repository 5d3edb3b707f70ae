from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "gilde.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self):
        from gilde.core import demo
        from gilde.knowledge import demo_seeder
        from gilde.knowledge import search as knowledge_search

        knowledge_search.register_sources()
        demo.register("knowledge", demo_seeder.seed, order=20)
