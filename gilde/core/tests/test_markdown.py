"""Markdown: markdown-it-py renders, nh3 sanitises, and no known XSS payload survives.

The allow-list below is written out again on purpose rather than imported from
gilde.core.markdown: the test states what may reach a page, so widening the
module's allow-list makes these tests fail until someone looks.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from gilde.core.markdown import html_to_plain, render, sanitize, to_text

ALLOWED_TAGS = {
    *("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "s"),
    *("code", "pre", "blockquote", "ul", "ol", "li", "a", "img"),
    *("table", "thead", "tbody", "tr", "th", "td"),
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
    "code": {"class"},
}
LINK_SCHEMES = {"http", "https", "mailto"}
IMAGE_SCHEMES: set[str] = set()  # images only by relative URL
REL = "nofollow noopener noreferrer"
FORBIDDEN_TAG_STARTS = ("<script", "<iframe", "<style", "<object", "<embed")
FORBIDDEN_IN_MARKUP = ("javascript:", "vbscript:", "data:text/html")
# Attributes whose value is shown as text, never loaded or run.
TEXT_ATTRIBUTES = ("alt", "title")
# nh3 writes every attribute value in double quotes, with a quote inside escaped.
_TEXT_ATTRIBUTE = re.compile(r'\s(?:alt|title)="[^"]*"')

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")


def _scheme(url: str) -> str | None:
    """The scheme a browser would see: whitespace and control characters dropped, lower case."""
    match = _SCHEME.match(_IGNORED_IN_URL.sub("", url).lower())
    return match.group(1) if match else None


class _Checker(HTMLParser):
    """Collects every tag and attribute of an HTML fragment and lists what is not allowed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        # An image's alt and a link's title are text a browser never runs ("javascript:"
        # written as the words of an alt is harmless); every other part of the tag counts.
        markup = _TEXT_ATTRIBUTE.sub("", self.get_starttag_text() or "")
        markup = _IGNORED_IN_URL.sub("", markup).lower()
        for needle in FORBIDDEN_IN_MARKUP:
            if needle in markup:
                self.problems.append(f"{needle!r} in <{tag}> markup")
        for name, value in attrs:
            self._check_attribute(tag, name, value or "")
        if tag == "a" and "rel" not in dict(attrs):
            self.problems.append("<a> without rel")

    handle_startendtag = handle_starttag

    def _check_attribute(self, tag, name, value):
        if name.startswith("on"):
            self.problems.append(f"event handler {name} on <{tag}>")
        if name == "style":
            self.problems.append(f"style attribute on <{tag}>")
        if name not in ALLOWED_ATTRIBUTES.get(tag, set()):
            self.problems.append(f"attribute {name} on <{tag}>")
        bare = _IGNORED_IN_URL.sub("", value).lower()
        for needle in FORBIDDEN_IN_MARKUP if name not in TEXT_ATTRIBUTES else ():
            if needle in bare:
                self.problems.append(f"{needle!r} in {name} of <{tag}>")
        if name in ("href", "src"):
            allowed = IMAGE_SCHEMES if name == "src" else LINK_SCHEMES
            scheme = _scheme(value)
            if scheme is not None and scheme not in allowed:
                self.problems.append(f"{scheme}: URL in {name} of <{tag}>")
            if name == "src" and _IGNORED_IN_URL.sub("", value).startswith("//"):
                self.problems.append(f"protocol-relative src on <{tag}>")
        if tag == "a" and name == "rel" and value != REL:
            self.problems.append(f"rel={value!r} on <a>")
        if tag == "code" and name == "class" and not re.fullmatch(r"language-[\w+#.\-]+", value):
            self.problems.append(f"class={value!r} on <code>")

    def handle_endtag(self, tag):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"end tag </{tag}>")

    def handle_comment(self, data):
        self.problems.append("comment")

    def handle_decl(self, decl):
        self.problems.append(f"declaration {decl!r}")

    def unknown_decl(self, data):
        self.problems.append(f"declaration {data!r}")

    def handle_pi(self, data):
        self.problems.append(f"processing instruction {data!r}")


def problems(fragment: str) -> list[str]:
    """Everything in ``fragment`` that must never reach a page; empty when it is clean."""
    checker = _Checker()
    checker.feed(fragment)
    checker.close()
    lowered = fragment.lower()
    found = [f"{start!r} in output" for start in FORBIDDEN_TAG_STARTS if start in lowered]
    return found + checker.problems


# --- The corpus ---------------------------------------------------------------------------

CORPUS = Path(__file__).with_name("xss_corpus.txt")
_ESCAPE = re.compile(r"\\(n|t|\\|x[0-9a-fA-F]{2})")


def _unescape(line: str) -> str:
    def replace(match: re.Match) -> str:
        code = match.group(1)
        if code.startswith("x"):
            return chr(int(code[1:], 16))
        return {"n": "\n", "t": "\t", "\\": "\\"}[code]

    return _ESCAPE.sub(replace, line)


def _payloads() -> list:
    params = []
    for number, line in enumerate(CORPUS.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            params.append(pytest.param(_unescape(line), id=f"line{number}"))
    return params


PAYLOADS = _payloads()

# The same renderer with raw HTML switched on: shows that nh3 alone would still hold
# if the parser's html=False were ever lost.
_HTML_PARSER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def test_corpus_is_big_enough():
    assert len(PAYLOADS) >= 60


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives_render(payload):
    output = render(payload)
    assert isinstance(output, SafeString)
    assert problems(output) == [], output


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives_sanitiser_alone(payload):
    """Defence in depth: raw HTML let through by the parser is still cleaned by nh3."""
    for html in (payload, _HTML_PARSER.render(payload)):
        output = sanitize(html)
        assert problems(output) == [], output


@pytest.mark.parametrize(
    "dirty",
    [
        "<img src=x onerror=alert(1)>",
        "<script>alert(1)</script>",
        '<a href=" JaVa&#x09;Script:alert(1)">x</a>',
        '<img src="mailto:a@example.org">',
        '<p style="color:red">x</p>',
        '<a href="https://example.org">no rel</a>',
        "<iframe></iframe>",
        "<!-- comment -->",
        '<code class="btn-danger">x</code>',
    ],
)
def test_checker_catches_unsanitised_html(dirty):
    """The corpus test can fail: fed raw payloads, the checker reports them."""
    assert problems(dirty)


def test_checker_accepts_clean_html():
    clean = (
        '<p><a href="https://example.org" rel="nofollow noopener noreferrer">x</a> '
        '<img src="/media/a.png" alt="a"></p><pre><code class="language-py">x</code></pre>'
    )
    assert problems(clean) == []


# --- Normal Markdown still works ---------------------------------------------------------


def test_headings_and_emphasis():
    html = render("# Kop\n\n## Tussenkop\n\nEen **vet** en *schuin* woord, ~~weg~~.")
    assert "<h1>Kop</h1>" in html
    assert "<h2>Tussenkop</h2>" in html
    assert "<strong>vet</strong>" in html
    assert "<em>schuin</em>" in html
    assert "<s>weg</s>" in html


def test_lists_and_quotes():
    html = render("- een\n- twee\n\n3. drie\n4. vier\n\n> citaat")
    assert "<ul>\n<li>een</li>\n<li>twee</li>\n</ul>" in html
    assert '<ol start="3">' in html
    assert "<blockquote>\n<p>citaat</p>\n</blockquote>" in html


def test_code_is_escaped_not_interpreted():
    html = render("Inline `<b>vet</b>`\n\n```python\nif a < b:\n    print('<b>')\n```")
    assert "<code>&lt;b&gt;vet&lt;/b&gt;</code>" in html
    assert '<pre><code class="language-python">if a &lt; b:' in html
    assert "<b>" not in html


def test_code_language_class_is_only_the_language():
    assert '<code class="language-py">' in render("```py onclick=alert(1)\ncode\n```")
    assert "<pre><code>code" in render('```py" onclick="x\ncode\n```')
    assert "class=" not in render("```\ncode\n```")


def test_tables_keep_alignment_without_style():
    html = render("| Stof | Kg |\n|:-----|---:|\n| Hennep | 12 |")
    assert "<table>" in html
    assert '<th align="left">Stof</th>' in html
    assert '<td align="right">12</td>' in html
    assert "style" not in html


def test_links_get_rel_nofollow():
    html = render("[Gilde](https://gilde.example/) en [intern](/netwerken/)")
    assert '<a href="https://gilde.example/" rel="nofollow noopener noreferrer">Gilde</a>' in html
    assert '<a href="/netwerken/" rel="nofollow noopener noreferrer">intern</a>' in html


def test_autolink_and_mailto_survive():
    html = render("<https://gilde.example> of [mail ons](mailto:info@gilde.example)")
    assert 'href="https://gilde.example"' in html
    assert '<a href="mailto:info@gilde.example" rel="nofollow noopener noreferrer">' in html


def test_images_with_https_or_relative_src_survive():
    html = render('![Logo](https://gilde.example/logo.png "Ons logo") ![Foto](/media/foto.jpg)')
    assert "gilde.example" not in html  # nothing is loaded from elsewhere
    assert "evil.example" not in render("![x](//evil.example/pixel.gif)")
    assert '<img src="/media/foto.jpg" alt="Foto">' in html


@pytest.mark.parametrize(
    "source",
    ["![x](data:image/png;base64,iVBORw0KGgo=)", "![x](mailto:a@example.org)"],
)
def test_images_lose_other_sources(source):
    html = render(source)
    assert "<img" in html
    assert "src=" not in html


def test_raw_html_is_shown_as_text():
    assert render("<b>vet</b> & co") == "<p>&lt;b&gt;vet&lt;/b&gt; &amp; co</p>\n"


def test_empty_input():
    assert render("") == ""
    assert render(None) == ""
    assert to_text("") == ""
    assert to_text(None) == ""


# --- Plain text ---------------------------------------------------------------------------


def test_to_text_strips_tags_and_entities():
    assert to_text("Fermentatie & **LCA**") == "Fermentatie & LCA"


def test_to_text_collapses_whitespace_and_keeps_code_text():
    source = "# Kop\n\n- een\n- twee\n\n```\nif a < b:\n```\n\n[link](https://x.example)"
    assert to_text(source) == "Kop een twee if a < b: link"


def test_to_text_of_payload_has_no_markup():
    text = to_text("<script>alert(1)</script> **x**")
    assert text == "<script>alert(1)</script> x"  # text, escaped by whoever shows it


# --- Template filter ----------------------------------------------------------------------


def test_template_filter():
    template = Template("{% load markdown %}{{ body|markdown }}")
    assert template.render(Context({"body": "**Hallo** <i>x</i>"})) == (
        "<p><strong>Hallo</strong> &lt;i&gt;x&lt;/i&gt;</p>\n"
    )
    assert template.render(Context({"body": None})) == ""


# --- Properties ---------------------------------------------------------------------------

FRAGMENTS = [
    *("<", ">", "[", "]", "(", ")", "](", "![", "<img ", "<script>", "</", "<!--", "-->"),
    *(" onerror=", " style=", '"', "'", "`", "```", "\n", "\n\n", "    ", "|", "|---|"),
    *("*", "_", "~~", "#", "> ", "- ", "1. ", "&", "&#", "&#106;", ";", ":", "\t", "\x00"),
    *("javascript:", "JaVaScRiPt:", "vbscript:", "data:text/html,", "mailto:", "https://x"),
    *("[a]: ", "alert(1)", "x", " "),
]
markdownish = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=40).map(
    "".join
)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_renders_clean(text):
    assert problems(render(text)) == []


@settings(max_examples=500, deadline=None)
@given(markdownish)
@example("![javascript:]()")  # found by Hypothesis: the words of an alt are text, not a URL
@example("[x](javascript:alert(1))")
def test_markdownish_text_renders_clean(text):
    output = render(text)
    assert problems(output) == [], output
    assert problems(sanitize(_HTML_PARSER.render(text))) == []
    to_text(text)


def test_plain_text_keeps_paragraphs_list_items_and_link_addresses():
    source = (
        "# Kop\n\nEen **vet** woord, [de site](https://x.example) en https://y.example.\n\n"
        "- een\n- twee\n  1. sub\n\nRegel &amp; é"
    )
    assert html_to_plain(render(source)) == (
        "Kop\n\nEen vet woord, de site (https://x.example) en https://y.example.\n\n"
        "- een\n- twee\n  1. sub\n\nRegel & é"
    )
    assert html_to_plain("") == ""


def test_a_mailto_link_to_a_script_scheme_loses_its_address():
    # Found by the property test: <mailto:javascript:> became a mailto link.
    assert "javascript:" not in str(render("<mailto:javascript:>")).split(">", 1)[0]
