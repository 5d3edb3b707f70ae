"""What the meetings put in the search index: the network's decision log (kind "decision").

A decision is found as its meeting is seen: by the network's members for a `network`
meeting; for a `circle` meeting by its organisers, those invited and the network's
coordinators (its audience). A decision is made when the minutes are closed; a change
to the meeting's visibility or invitations afterwards refreshes its decisions
(`refresh_meeting`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from gilde.core import access, search, visibility
from gilde.meetings.models import Decision, Meeting
from gilde.networks.models import Membership, Network


class DecisionSource:
    def documents(self, object_id: int) -> list[search.Document]:
        return self.documents_for([object_id])

    def documents_for(self, object_ids: list[int]) -> list[search.Document]:
        decisions = list(
            Decision.objects.filter(pk__in=object_ids)
            .select_related("meeting", "meeting__network", "item")
            .prefetch_related("meeting__organisers", "meeting__invited")
        )
        circle_networks = {
            d.network_id for d in decisions if d.meeting.visibility == Meeting.Visibility.CIRCLE
        }
        coordinators: dict[int, set[int]] = {}
        for network_id, user_id in Membership.objects.filter(
            network_id__in=circle_networks,
            status=Membership.Status.ACTIVE,
            role=access.COORDINATOR,
        ).values_list("network_id", "user_id"):
            coordinators.setdefault(network_id, set()).add(user_id)
        documents = []
        for decision in decisions:
            meeting = decision.meeting
            circle = meeting.visibility == Meeting.Visibility.CIRCLE
            audience = (
                {u.pk for u in meeting.organisers.all()}
                | {u.pk for u in meeting.invited.all()}
                | coordinators.get(meeting.network_id, set())
                if circle
                else set()
            )
            context = " · ".join(
                part for part in (meeting.title, getattr(decision.item, "title", "")) if part
            )
            documents.append(
                search.Document(
                    kind="decision",
                    object_id=decision.pk,
                    network_id=decision.network_id,
                    visibility=visibility.Visibility.CIRCLE
                    if circle
                    else visibility.Visibility.NETWORK,
                    title=decision.text[:200],
                    text=f"{decision.text}\n{context}",
                    url=reverse("meetings:meeting", args=[meeting.network.slug, meeting.pk])
                    + f"#decision-{decision.pk}",
                    published_at=meeting.starts_at,
                    circle_ids=frozenset(audience),
                    network_hidden=meeting.network.visibility == Network.Visibility.HIDDEN,
                )
            )
        return documents

    def all_object_ids(self) -> Iterable[int]:
        return Decision.objects.order_by("pk").values_list("pk", flat=True)


def refresh_meeting(meeting: Meeting) -> None:
    for decision_id in Decision.objects.filter(meeting=meeting).values_list("pk", flat=True):
        search.refresh("decision", decision_id)


def register_sources() -> None:
    search.register("decision", DecisionSource())
