"""{% load knowledge %}: how knowledge items show their visibility, price and stored HTML."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from gilde.core.credits import format_amount
from gilde.core.templatetags.gilde import euros
from gilde.knowledge.models import Article, Session, Visibility, stored_html

register = template.Library()

# Inline SVG (knowledge/_icon.html): no emoji font or icon font needed on a closed LAN.
ICONS = {
    Visibility.PUBLIC: "globe",
    Visibility.NETWORK: "people",
    Visibility.CIRCLE: "circle",
    Visibility.PRIVATE: "lock",
}


def visibility_words(item) -> str:
    words = {
        Visibility.PUBLIC: _("Public"),
        Visibility.NETWORK: _("Members of the network"),
        Visibility.CIRCLE: _("Chosen members"),
        Visibility.PRIVATE: _("Only the authors") if isinstance(item, Article) else _("Only you"),
    }
    return words[item.visibility]


@register.inclusion_tag("knowledge/_visibility.html")
def visibility_badge(item) -> dict:
    """The visibility of an item as an icon (hidden from screen readers) and in words."""
    return {
        "visibility": item.visibility,
        "icon": ICONS[item.visibility],
        "words": visibility_words(item),
        "help": item.visibility_help,
    }


@register.filter
def html_of(item, source: str):
    """{{ article|html_of:"body" }}: the HTML stored when the Markdown was written."""
    return stored_html(item, source)


# The one definition is in gilde.core's tags; knowledge's templates load it from here too.
register.filter("euros", euros)


@register.simple_tag
def price(session: Session, network=None) -> str:
    """ "free", "€ 45,00" or "1 uur 30 min" (in `network`'s unit, the session's own if not
    given: a list passes its network, so that no row asks for it)."""
    if session.price_kind == Session.Price.EUROS:
        return euros(session.price_cents)
    if session.price_kind == Session.Price.CREDITS:
        return format_amount(session.price_credits, (network or session.network).unit)
    return _("free")


@register.simple_tag
def attachment_rules() -> dict:
    """What the upload form tells people before they choose a file."""
    from django.conf import settings

    from gilde.knowledge.services import ATTACHMENT_TYPES

    return {
        "max_mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024),
        "accept": ",".join(sorted(ATTACHMENT_TYPES)),
        "types": ", ".join(sorted(ATTACHMENT_TYPES)),
    }
