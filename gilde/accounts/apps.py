from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gilde.accounts"
    label = "accounts"
    verbose_name = _("People and organisations")

    def ready(self):
        from gilde.accounts.models import (
            Affiliation,
            Expertise,
            Organisation,
            OrganisationClaim,
            ProfileItem,
            Tag,
            TagSynonym,
            User,
        )
        from gilde.core import fragments

        def of_organisation(organisation):
            from gilde.networks.models import Membership

            rows = Membership.objects.filter(organisation_id=organisation.pk)
            return list(rows.values_list("network_id", flat=True))

        fragments.watch(User, lambda user: fragments.networks_of_user(user.pk))
        fragments.watch(Organisation, of_organisation)
        # A claim counts in the profile's completeness (/my/).
        for model in (Affiliation, Expertise, OrganisationClaim):
            fragments.watch(model, lambda row: fragments.networks_of_user(row.user_id))
        fragments.watch(
            ProfileItem, lambda row: fragments.networks_of_user(row.user_id), m2m=["tags"]
        )
        fragments.watch(Tag, fragments.all_networks)
        fragments.watch(TagSynonym, fragments.all_networks)
