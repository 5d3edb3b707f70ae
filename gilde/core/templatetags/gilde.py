from django import template

from gilde.core import access

register = template.Library()


@register.simple_tag(takes_context=True)
def network_nav(context, network) -> dict:
    """Which parts of a network's navigation the current user may open (asked of core.access)."""
    user = context["request"].user
    return {
        "members": access.can_view_members(user, network),
        "manage": access.can_manage(user, network),
    }
