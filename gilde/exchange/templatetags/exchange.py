"""Template tags of the exchange: messages as text with links, and the button that starts
a conversation, for pages of other apps (a person's page) that may not import exchange."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from gilde.core import access
from gilde.exchange import text
from gilde.exchange.conversation_views import start_url
from gilde.exchange.services import TRADING_ROLES

register = template.Library()


@register.filter
def linkify(value) -> SafeString:
    """`{{ message.body|linkify }}`: escaped, web addresses linked, lines kept."""
    return text.linkify(value)


@register.simple_tag(takes_context=True)
def message_button(context, network, membership, reference: str = "", topic: str = "") -> str:
    """A "Send a message" link to the person of `membership`, when the viewer and they may
    talk: both active members or coordinators of `network`, and not the same person. No
    query: the viewer's memberships are read once per request, the other's is given."""
    user = context["request"].user
    if (
        not access.can_contribute(user, network)
        or membership is None
        or membership.user_id == user.pk
        or membership.status != "active"
        or membership.role not in TRADING_ROLES
    ):
        return ""
    url = start_url(network, membership.user_id, reference, topic)
    return format_html('<a class="button" href="{}">{}</a>', url, _("Send a message"))


@register.simple_tag
def conversation_start_url(network, user_id, reference: str = "", topic: str = "") -> str:
    """`{% conversation_start_url network listing.owner_id ref listing.title %}`: the link
    of "Reageer" (the start route checks who may write to whom)."""
    return start_url(network, int(user_id), reference, topic)
