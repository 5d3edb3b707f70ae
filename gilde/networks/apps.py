from django.apps import AppConfig
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "gilde.networks"
    label = "networks"
    verbose_name = _("Networks")

    def ready(self):
        from gilde.networks import search

        search.register_sources()
        watch_for_fragments()


def watch_for_fragments():
    from gilde.core import fragments
    from gilde.networks.models import Invitation, JoinRequest, Membership, Network, PartnerLink

    def network_and_partners(network):
        links = PartnerLink.objects.filter(Q(from_network=network) | Q(to_network=network))
        return [
            network.pk,
            *links.values_list("from_network_id", flat=True),
            *links.values_list("to_network_id", flat=True),
        ]

    fragments.watch(Network, network_and_partners)
    for model in (Membership, Invitation, JoinRequest):
        fragments.watch(model, lambda row: [row.network_id])
    fragments.watch(PartnerLink, lambda link: [link.from_network_id, link.to_network_id])
