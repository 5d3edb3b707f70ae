from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "gilde.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self):
        from gilde.core import demo
        from gilde.knowledge import demo_seeder, feeds
        from gilde.knowledge import search as knowledge_search

        knowledge_search.register_sources()
        feeds.register_sources()
        demo.register("knowledge", demo_seeder.seed, order=20)
        watch_for_fragments()


def watch_for_fragments():
    from gilde.core import fragments
    from gilde.knowledge.models import (
        Answer,
        Article,
        ArticleRevision,
        Attachment,
        Comment,
        Follow,
        Question,
        Registration,
        Session,
    )

    def own_network(item):
        return [item.network_id]

    fragments.watch(Article, own_network, m2m=["circle", "tags", "coauthors"])
    fragments.watch(Question, own_network, m2m=["circle", "tags"])
    fragments.watch(Session, own_network, m2m=["circle", "tags"])
    fragments.watch(Answer, fragments.networks_of_item, m2m=["useful_by"])
    for model in (ArticleRevision, Attachment, Comment, Follow, Registration):
        fragments.watch(model, fragments.networks_of_item)
