"""Markdown for what members write: markdown-it-py renders, nh3 sanitises.

Two layers, either of which alone keeps scripts out:

1. The parser never passes raw HTML through (``html: False``): ``<script>`` in
   the source comes out as the text ``&lt;script&gt;``, and markdown-it refuses
   ``javascript:``, ``vbscript:``, ``file:`` and most ``data:`` link targets.
2. The rendered HTML goes through an nh3 (ammonia) allow-list anyway: only the
   tags and attributes Markdown itself produces, links and images only to
   http(s) (links also mailto) or relative addresses, and ``rel="nofollow
   noopener noreferrer"`` on every link. No style attributes, no event
   handlers, no iframes, no comments.

``render`` returns a SafeString for templates (``{{ body|markdown }}`` via
``{% load markdown %}``); ``to_text`` returns the plain text for search and
summaries, which is *not* HTML and must be escaped wherever it is shown, and
``html_to_text`` the same from HTML ``render`` made earlier. Knowledge items
store their rendered HTML when they are written (a long or pathological body
takes a second or more to parse), so pages do not render on every view.
"""

import html
import re
from html.parser import HTMLParser

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "strong",
        "em",
        "del",
        "s",  # markdown-it-py renders ~~strikethrough~~ as <s>
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "img",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)

# rel on <a> is not listed: nh3 sets it itself (LINK_REL) and drops any other.
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
    "code": {"class"},
}

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener noreferrer"

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers ignore ASCII whitespace and control characters in and around a URL's
# scheme ("java\tscript:"), so the scheme is read with those removed.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
_LANGUAGE_CLASS = re.compile(r"^language-[A-Za-z0-9_+#.\-]{1,40}$")
_TEXT_ALIGN = re.compile(r"^text-align:(left|right|center)$")


def url_scheme(url: str) -> str | None:
    """The lower-case scheme of ``url`` as a browser would read it; None if relative."""
    match = _SCHEME.match(_IGNORED_IN_URL.sub("", url))
    return match.group(1).lower() if match else None


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Per-value rules nh3's allow-lists cannot express (value is already decoded)."""
    if tag == "img" and attribute == "src":
        # Images come from Gilde itself (relative URLs, e.g. attachments): nothing is
        # loaded from elsewhere, so no tracking pixels and a closed LAN shows every page.
        relative = url_scheme(value) is None and not value.lstrip().startswith("//")
        return value if relative else None
    if tag == "code" and attribute == "class":
        # Only markdown-it's "language-xyz" for fenced code; nothing that could
        # borrow one of the site's own classes.
        classes = [c for c in value.split() if _LANGUAGE_CLASS.match(c)]
        return " ".join(classes[:1]) or None
    if tag in ("th", "td") and attribute == "align":
        return value if value in ("left", "right", "center") else None
    if tag == "ol" and attribute == "start":
        return value if value.isdigit() and len(value) <= 9 else None
    if tag == "a" and attribute == "href" and re.search(r"(?i)(java|vb)script:|data:", value):
        # "mailto:javascript:" is harmless to a browser, but no link carries a script scheme.
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_filter_attribute,
    strip_comments=True,
    link_rel=LINK_REL,
    url_schemes=set(LINK_SCHEMES),
)
_TEXT_CLEANER = nh3.Cleaner(tags=set(), attributes={}, link_rel=None)


def _table_align_attribute(state: StateCore) -> None:
    """Table cells: markdown-it writes style="text-align:x"; we allow no style, so use align."""
    for token in state.tokens:
        if token.type in ("th_open", "td_open") and "style" in token.attrs:
            match = _TEXT_ALIGN.match(str(token.attrs.pop("style")))
            if match:
                token.attrs["align"] = match.group(1)


def _make_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.enable(["table", "strikethrough"])
    parser.core.ruler.push("gilde_table_align", _table_align_attribute)
    return parser


_PARSER = _make_parser()


def sanitize(fragment: str) -> str:
    """An HTML fragment reduced to the Markdown allow-list (plain str, not yet marked safe)."""
    return _CLEANER.clean(fragment)


def render(text: str | None) -> SafeString:
    """Markdown to HTML that is safe to put in a page."""
    if not text:
        return mark_safe("")  # noqa: S308 - constant empty string
    return mark_safe(sanitize(_PARSER.render(text)))  # noqa: S308 - sanitised by nh3 just above


def to_text(text: str | None) -> str:
    """The plain text of a Markdown source: no tags, no entities, whitespace collapsed.

    The result is text, not HTML: "&lt;b&gt;" in the source comes back as "<b>",
    so templates must escape it as usual (they do by default).
    """
    if not text:
        return ""
    return html_to_text(render(text))


def html_to_text(fragment: str | None) -> str:
    """The plain text of HTML that `render` made (stored with an item), as `to_text` gives it."""
    if not fragment:
        return ""
    stripped = _TEXT_CLEANER.clean(fragment)
    return " ".join(html.unescape(stripped).split())


_BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "pre", "blockquote",
    "table", "hr", "dl",
}  # fmt: skip
_ROWS = {"li", "tr", "dt", "dd"}


class _PlainText(HTMLParser):
    """Rendered Markdown to readable lines: paragraphs, list items, "text (link)"."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.lists: list[list] = []  # per open list: [ordered, number]
        self.links: list[tuple[str | None, int]] = []  # (href, where its text starts)
        self.pre = 0

    def _break(self, blank: bool) -> None:
        text = "".join(self.out).rstrip(" ")
        had = len(text) - len(text.rstrip("\n"))
        text = text.rstrip("\n")
        self.out = [text]
        if text:
            self.out.append("\n" * max(had, 2 if blank else 1))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in _BLOCKS:
            self._break(blank=not self.lists)
        if tag in ("ul", "ol"):
            self.lists.append([tag == "ol", 0])
        elif tag == "li":
            self._break(blank=False)
            marker = "-"
            if self.lists and self.lists[-1][0]:
                self.lists[-1][1] += 1
                marker = f"{self.lists[-1][1]}."
            self.out.append("  " * max(len(self.lists) - 1, 0) + marker + " ")
        elif tag in _ROWS:
            self._break(blank=False)
        elif tag == "br":
            self.out.append("\n")
        elif tag == "pre":
            self.pre += 1
        elif tag == "a":
            self.links.append((attrs.get("href"), len(self.out)))
        elif tag == "img" and attrs.get("alt"):
            self.out.append(attrs["alt"])
        elif tag in ("td", "th"):
            self.out.append(" ")

    def handle_endtag(self, tag):
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if tag == "pre":
            self.pre = max(self.pre - 1, 0)
        if tag == "a" and self.links:
            href, start = self.links.pop()
            shown = "".join(self.out[start:]).strip()
            if href and href not in (shown, f"mailto:{shown}"):
                self.out.append(f" ({href})")
        if tag in _BLOCKS:
            self._break(blank=not self.lists)

    def handle_data(self, data):
        if self.pre:
            self.out.append(data)
            return
        text = " ".join(data.split())
        if not text:
            if data and self.out and not self.out[-1].endswith((" ", "\n")):
                self.out.append(" ")
            return
        if data[:1].isspace() and self.out and not self.out[-1].endswith((" ", "\n")):
            text = " " + text
        if data[-1:].isspace():
            text += " "
        self.out.append(text)


def html_to_plain(fragment: str | None) -> str:
    """The text of HTML that `render` made, keeping its paragraphs, list items and links'
    addresses on lines of their own: for a calendar's description or a plain-text mail."""
    if not fragment:
        return ""
    parser = _PlainText()
    parser.feed(str(fragment))
    parser.close()
    lines = [line.rstrip() for line in "".join(parser.out).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def rendered_html_field():
    """The model field where the sanitised HTML of a Markdown field is kept: rendered by
    the services on every write, never edited by hand."""
    from django.db import models

    return models.TextField(editable=False, blank=True, default="")
