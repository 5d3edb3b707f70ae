from django import template
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import escape
from django.utils.safestring import SafeString

from gilde.core import access, fragments
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


class FragmentNode(template.Node):
    def __init__(self, name: str, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        network = context.get("network")
        if request is None or network is None or not hasattr(network, "content_version"):
            return self.nodelist.render(context)
        key = fragments.key(self.name, request, network)
        cache = caches["fragments"]
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            if "csrfmiddlewaretoken" in html:
                raise ImproperlyConfigured(
                    f"The fragment {self.name!r} holds a form with a CSRF token; "
                    "the token is the visitor's own and may not be kept."
                )
            cache.set(key, html)
        return html


@register.tag
def fragment(parser, token):
    """{% fragment "name" %}…{% endfragment %}: render once per network version, viewer,
    language and address, then reuse (gilde.core.fragments)."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('Use {% fragment "name" %}…{% endfragment %}.')
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(CsrfTokenNode):
        raise template.TemplateSyntaxError(
            f"The fragment {bits[1]} holds {{% csrf_token %}}: keep forms that post outside it."
        )
    return FragmentNode(bits[1][1:-1], nodelist)
