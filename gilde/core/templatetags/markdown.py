"""{% load markdown %}{{ article.body|markdown }}: Markdown rendered and sanitised."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from gilde.core.markdown import render

register = template.Library()


@register.filter(name="markdown")
def markdown(text: str | None) -> SafeString:
    """Safe HTML for a Markdown source; "" for None."""
    if text is None:
        return mark_safe("")  # noqa: S308 - constant empty string
    return render(str(text))
