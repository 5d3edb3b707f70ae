"""The follow-through trend as a small server-rendered SVG: one bar per month, its height
the share of actions done on time, its title the figures (no script, prints as it is)."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def follow_through_chart(months, *, width: int = 480, height: int = 120) -> SafeString:
    if not any(m.rate.due for m in months):
        return mark_safe("")  # noqa: S308 - nothing to draw
    gap = 4
    bar = (width - gap * (len(months) + 1)) / len(months)
    base = height - 20
    bars = []
    for index, month in enumerate(months):
        share = month.rate.rate or 0.0
        h = (base - 8) * share
        x = gap + index * (bar + gap)
        name = date_format(month.start, "F Y")
        figures = (
            _("%(month)s: %(on_time)d of %(due)d on time")
            % {"month": name, "on_time": month.rate.on_time, "due": month.rate.due}
            if month.rate.due
            else _("%(month)s: no actions due") % {"month": name}
        )
        bars.append(
            (
                f"{x:.1f}",
                f"{base - h:.1f}",
                f"{bar:.1f}",
                f"{h:.1f}",
                figures,
                f"{x + bar / 2:.1f}",
                f"{height - 6}",
                date_format(month.start, "b"),
            )
        )
    label = _("Follow-through per month, %(first)s to %(last)s") % {
        "first": date_format(months[0].start, "F Y"),
        "last": date_format(months[-1].start, "F Y"),
    }
    return format_html(
        '<svg class="volume-chart follow-through-chart" viewBox="0 0 {} {}" width="100%" '
        'role="img" aria-label="{}"><title>{}</title>{}</svg>',
        width,
        height,
        label,
        label,
        format_html_join(
            "",
            '<g><rect x="{}" y="{}" width="{}" height="{}" class="volume-chart__bar">'
            '<title>{}</title></rect><text x="{}" y="{}" text-anchor="middle">{}</text></g>',
            bars,
        ),
    )
