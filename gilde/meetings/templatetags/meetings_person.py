"""{% load meetings_person %}: a person's follow-through, for the person page of gilde.networks.

The networks app sits below meetings and imports nothing of it; its person page loads
this library and asks for the section (as it does for the exchange's listings).
"""

from __future__ import annotations

from datetime import timedelta

from django import template
from django.utils import timezone

from gilde.core.visibility import reader_networks
from gilde.meetings import charts, services
from gilde.meetings.models import Action

register = template.Library()


@register.inclusion_tag("meetings/_person_rate.html", takes_context=True)
def person_follow_through(context, network, person) -> dict:
    """The rate of `person`'s actions in `network` over the last 12 months, as far as the
    viewer may see them, with its trend per month (two queries); nothing for those who see
    no actions here (guests)."""
    viewer = context["request"].user
    if network.pk not in reader_networks(viewer):
        return {"shown": False}
    today = timezone.localdate()
    actions = Action.objects.visible_to(viewer).filter(network=network, owner=person)
    return {
        "shown": True,
        "network": network,
        "person": person,
        "rate": services.follow_through(actions, today - timedelta(days=365), today),
        "chart": charts.follow_through_chart(
            services.follow_through_by_month(actions, today=today)
        ),
    }
