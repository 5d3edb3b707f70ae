from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "gilde.exchange"
    label = "exchange"
    verbose_name = _("Exchange")

    def ready(self):
        from django.db.models.signals import post_save

        from gilde.core import demo
        from gilde.exchange import demo_seeder
        from gilde.networks.models import Membership

        post_save.connect(_open_account, sender=Membership, dispatch_uid="exchange.open_account")
        demo.register("exchange", demo_seeder.seed, order=30)


def _open_account(sender, instance, raw=False, **kwargs):
    """Each active membership of a member or coordinator has its account from the start."""
    if raw or instance.status != instance.Status.ACTIVE:
        return
    from gilde.exchange.services import open_account

    open_account(instance)
