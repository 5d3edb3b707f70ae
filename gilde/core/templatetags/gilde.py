from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString

from gilde.core import access
from gilde.core.markdown import html_to_text

register = template.Library()


@register.simple_tag(takes_context=True)
def network_nav(context, network) -> dict:
    """Which parts of a network's navigation the current user may open (asked of core.access)."""
    user = context["request"].user
    return {
        "members": access.can_view_members(user, network),
        "manage": access.can_manage(user, network),
    }


@register.filter(is_safe=True)
def meta_text(value, length: int = 160) -> SafeString:
    """Rendered HTML (an item's body, a block of the page) as one line of plain text for a
    <meta> attribute: tags dropped, entities read, whitespace collapsed, cut at `length`
    characters on a word, and escaped again for the attribute."""
    text = html_to_text(str(value))
    if len(text) > length:
        text = text[: length - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"
    return escape(text)
