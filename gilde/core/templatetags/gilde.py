from decimal import Decimal

from django import template
from django.core.cache import caches
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString

from gilde.core import access, fragments
from gilde.core.credits import format_amount
from gilde.core.markdown import html_to_text

register = template.Library()


@register.simple_tag(takes_context=True)
def network_nav(context, network) -> dict:
    """Which parts of a network's navigation the current user may open (asked of core.access)."""
    user = context["request"].user
    return {
        "members": access.can_view_members(user, network),
        "exchange": access.can_contribute(user, network),
        "manage": access.can_manage(user, network),
    }


@register.filter
def euros(cents: int | None) -> str:
    """Whole cents as an amount in euros in the current language: € 45,00."""
    amount = Decimal(cents or 0) / 100
    return f"€\u00a0{number_format(amount, 2, use_l10n=True, force_grouping=True)}"


@register.filter
def credits(amount, network) -> str:
    """An amount of `network`'s credits in words: `{{ account.balance|credits:network }}`."""
    if amount is None or amount == "":
        return ""
    return format_amount(amount, network.unit)


@register.filter
def signed_credits(amount, network) -> str:
    """The same with a plus before a positive amount (a statement's lines)."""
    if amount is None or amount == "":
        return ""
    return format_amount(amount, network.unit, sign=True)


@register.filter(is_safe=True)
def meta_text(value, length: int = 160) -> SafeString:
    """Rendered HTML (an item's body, a block of the page) as one line of plain text for a
    <meta> attribute: tags dropped, entities read, whitespace collapsed, cut at `length`
    characters on a word, and escaped again for the attribute."""
    text = html_to_text(str(value))
    if len(text) > length:
        text = text[: length - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"
    return escape(text)


class FragmentNode(template.Node):
    def __init__(self, name: str, of, nodelist):
        self.name = name
        self.of = of  # a filter expression (a network, or nothing), "site" or "mine"
        self.nodelist = nodelist

    def _version(self, context, request):
        if self.of == "site":
            return fragments.site_version(request)
        if self.of == "mine":
            return fragments.my_version(request)
        return fragments.network_version(self.of.resolve(context, ignore_failures=True))

    def render(self, context):
        request = context.get("request")
        # Only what a GET shows is kept: a page answering a POST (a form with its errors)
        # is rendered afresh, and never stored.
        if request is None or request.method not in ("GET", "HEAD"):
            return self.nodelist.render(context)
        version = self._version(context, request)
        if version is None:
            return self.nodelist.render(context)
        key = fragments.key(self.name, request, version)
        cache = caches["fragments"]
        html = cache.get(key)
        if html is None:
            with context.push(csrf_token=fragments.csrf_hole()):
                html = self.nodelist.render(context)
            cache.set(key, html)
        return fragments.fill_csrf(html, context.get("csrf_token"))


@register.tag
def fragment(parser, token):
    """{% fragment "name" network %}…{% endfragment %}: render once per version of what it
    shows, viewer, language and address, then reuse (gilde.core.fragments).

    The second word says what the part shows: a network (its content version counts;
    nothing if the variable is empty, for a part that shows no content, like the page
    header outside a network), `site` (every network's versions and the search
    index: for search results and lists across networks), or `mine` (the versions of
    the viewer's networks: for `/my/`, their networks and their profile).
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(
            'Use {% fragment "name" network %}…{% endfragment %}, or "site" or "mine" '
            "instead of a network."
        )
    of = bits[2] if bits[2] in ("site", "mine") else parser.compile_filter(bits[2])
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(bits[1][1:-1], of, nodelist)
