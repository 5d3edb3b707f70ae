"""People in the search index: one document per active membership of a member or coordinator.

A person is found in each network they belong to, by the members of that
network (visibility `network`, like the member directory; guests and outsiders
do not find people). The document holds the name as title; headline, bio,
organisation, expertise and offers and needs as text; expertise as tags. The
object id is the user's id, so `search.refresh("person", user.pk)` after any
change to a profile or a membership replaces all of that person's documents.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.db.models.signals import post_delete
from django.urls import reverse

from gilde.accounts.models import ProfileItem
from gilde.core import search
from gilde.networks.models import Membership, Network

User = get_user_model()


class PersonSource:
    def documents(self, object_id: int) -> list[search.Document]:
        return self.documents_for([object_id])

    def documents_for(self, object_ids: list[int]) -> list[search.Document]:
        memberships = (
            Membership.objects.active()
            .exclude(role=Membership.Role.GUEST)
            .filter(user_id__in=object_ids, user__is_active=True)
            .select_related("network", "organisation", "user")
            .prefetch_related(
                "user__expertise__tag",
                "user__organisations",
                Prefetch(
                    "user__profile_items",
                    queryset=ProfileItem.objects.prefetch_related("tags"),
                ),
            )
        )
        documents = []
        for membership in memberships:
            person = membership.user
            expertise = tuple(e.tag.name for e in person.expertise.all())
            organisations = (
                [membership.organisation.name]
                if membership.organisation
                else [o.name for o in person.organisations.all()]
            )
            items = [
                " ".join([item.text, *(tag.name for tag in item.tags.all())])
                for item in person.profile_items.all()
            ]
            documents.append(
                search.Document(
                    kind="person",
                    object_id=person.pk,
                    network_id=membership.network_id,
                    visibility="network",
                    title=person.display_name,
                    text="\n".join(
                        part
                        for part in [
                            person.headline,
                            *organisations,
                            ", ".join(expertise),
                            person.bio,
                            *items,
                        ]
                        if part
                    ),
                    url=reverse("networks:person", args=[membership.network.slug, person.pk]),
                    published_at=membership.joined_at,
                    author_id=person.pk,
                    tags=expertise,
                    network_hidden=membership.network.visibility == Network.Visibility.HIDDEN,
                )
            )
        return documents

    def all_object_ids(self) -> Iterable[int]:
        return (
            Membership.objects.active()
            .exclude(role=Membership.Role.GUEST)
            .order_by("user_id")
            .values_list("user_id", flat=True)
            .distinct()
        )


def _membership_deleted(sender, instance: Membership, **kwargs) -> None:
    search.refresh("person", instance.user_id)


def _network_deleted(sender, instance: Network, **kwargs) -> None:
    search.remove_network(instance.pk)


def register_sources() -> None:
    """Register the "person" source with core.search.

    Services refresh people themselves. Deletions that bypass them (a person or
    a network deleted in the admin, with their memberships and content by
    cascade) are caught by signals, so nothing of theirs stays findable.
    """
    search.register("person", PersonSource())
    post_delete.connect(_membership_deleted, sender=Membership, dispatch_uid="search-membership")
    post_delete.connect(_network_deleted, sender=Network, dispatch_uid="search-network")
