from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "gilde.exchange"
    label = "exchange"
    verbose_name = _("Exchange")

    def ready(self):
        from django.db.models.signals import post_save

        from gilde.core import demo
        from gilde.exchange import (
            demo_clearing,
            demo_knowledge,
            demo_listings,
            demo_seeder,
            demo_trade,
        )
        from gilde.networks.models import Membership

        post_save.connect(_open_account, sender=Membership, dispatch_uid="exchange.open_account")
        demo.register("exchange", demo_seeder.seed, order=30)
        # Listings' prices are typed in each network's unit, which the ledger seeder sets.
        demo.register("exchange.listings", demo_listings.seed, order=35)
        # After the year of trade: the ledger seeder leaves networks with transfers alone.
        demo.register("exchange.clearing", demo_clearing.seed, order=36)
        demo.register("exchange.trade", demo_trade.seed, order=37)
        # A session paid in credits and a question with a reward, after the knowledge's own.
        demo.register("exchange.knowledge", demo_knowledge.seed, order=38)
        _listings_ready()
        _register_mail_topics()

        # -- paying for knowledge: sessions in credits, question rewards
        from gilde.exchange import knowledge_payments

        knowledge_payments.connect()


def _open_account(sender, instance, raw=False, **kwargs):
    """Each active membership of a member or coordinator has its account from the start."""
    if raw or instance.status != instance.Status.ACTIVE:
        return
    from gilde.exchange.services import open_account

    open_account(instance)


# -- offers and wants ---------------------------------------------------------------


def _listings_ready() -> None:
    """Listings are a search source, have a mail topic of their own, show on cached pages
    (the search results), and follow their owner's membership in the index."""
    from django.db.models.signals import post_save

    from gilde.core import fragments
    from gilde.core.mail import register_topic
    from gilde.exchange import search
    from gilde.exchange.models import Listing
    from gilde.networks.models import Membership

    search.register_sources()
    register_topic("exchange.listing_expiry", _("word that an offer or want of yours expired"))
    fragments.watch(Listing, _own_network, m2m=["tags"])
    post_save.connect(
        _refresh_owner_listings, sender=Membership, dispatch_uid="exchange.owner_listings"
    )


def _own_network(listing):
    return [listing.network_id]


def _refresh_owner_listings(sender, instance, raw=False, **kwargs):
    """A member who leaves, is suspended or becomes a guest: their listings leave search
    (and come back when they return)."""
    if raw:
        return
    from gilde.exchange.search import refresh_of_owner

    refresh_of_owner(instance.user_id, instance.network_id)


def _register_mail_topics() -> None:
    from gilde.core.mail import register_topic
    from gilde.exchange.tasks import AGREEMENTS_TOPIC, MESSAGES_TOPIC

    register_topic(MESSAGES_TOPIC, _("new messages in your conversations"))
    register_topic(AGREEMENTS_TOPIC, _("the steps of your agreements"))
