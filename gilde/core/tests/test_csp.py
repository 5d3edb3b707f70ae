"""Content-Security-Policy: scripts and styles only from Gilde itself, and pages that need no more.

The header is django-csp's, configured in settings. The templates are scanned for
what such a policy refuses (inline script, inline event handlers, style
attributes), and a real browser loads the main pages, htmx-driven forms and the
API docs, and reports every violation it sees.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from gilde.core import browser
from gilde.knowledge import services

GILDE = Path(__file__).resolve().parents[2]


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.parametrize("path", ["/", "/n/biobased-noord/", "/api/v1/networks", "/api/v1/docs"])
def test_every_answer_carries_a_strict_policy(network, path):
    policy = directives(Client().get(path))
    for name in (
        "default-src",
        "script-src",
        "style-src",
        "connect-src",
        "base-uri",
        "form-action",
    ):
        assert policy[name] == ["'self'"], (name, policy.get(name))
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    # Nothing that would let injected markup run.
    for values in policy.values():
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "https:"} & set(values), values


def test_error_pages_and_refusals_carry_it_too(bert, client_for):
    missing = client_for(bert).get("/n/bestaat-niet/")
    assert missing.status_code == 404
    assert directives(missing)["script-src"] == ["'self'"]


def _templates():
    for path in GILDE.rglob("templates/**/*.html"):
        if "email" in path.parts:  # mail is not a page: mail clients need inline style
            continue
        yield path


INLINE = [
    # A <script> without src runs inline, unless it is a data block (type application/json).
    (
        re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"),
        "inline script",
    ),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "inline event handler"),
    (re.compile(r"\sstyle\s*=", re.IGNORECASE), "style attribute"),
    (re.compile(r"<style\b", re.IGNORECASE), "inline <style>"),
    (re.compile(r"href=\"javascript:", re.IGNORECASE), "javascript: link"),
    (re.compile(r"hx-(vars|on)\b|js:", re.IGNORECASE), "htmx evaluated script"),
]


def test_templates_have_nothing_the_policy_refuses():
    found = [
        f"{path.relative_to(GILDE)}: {what}"
        for path in _templates()
        for pattern, what in INLINE
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_template_scan_notices_an_inline_script():
    samples = ["<script>alert(1)</script>", '<a onclick="x()">', '<p style="color:red">']
    for sample in samples:
        assert any(pattern.search(sample) for pattern, _what in INLINE), sample
    assert not any(p.search('<script src="/static/a.js" defer></script>') for p, _ in INLINE)


# -- in a real browser ---------------------------------------------------------------

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def _watched(page, errors: list[str]):
    page.add_init_script(WATCH)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return page


def _visit(page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__violations")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_run_under_the_policy_without_a_violation(live_server, browser_page, network, bert):
    base = live_server.url
    slug = network.slug
    article = services.create_article(
        network, by=bert, title="Vlasvezels", body="Vezels **sterk**.", publish=True,
        visibility="public", tags=["biocomposieten"],
    )  # fmt: skip
    errors: list[str] = []
    page = _watched(browser_page, errors)

    anonymous = [
        "/",
        f"/n/{slug}/",
        reverse("knowledge:articles", args=[slug]),
        reverse("knowledge:article", args=[slug, article.pk]),
        reverse("search") + "?q=vezels",
        reverse("account_login"),
        "/api/v1/docs",
    ]
    violations = {path: _visit(page, base + path) for path in anonymous}
    # The API docs really rendered (their script ran), and htmx loaded on the pages.
    assert page.locator(".swagger-ui .info").count() == 1
    _visit(page, base + "/")
    assert page.evaluate("typeof window.htmx") == "object"

    browser.log_in(page, base, bert)
    member = [
        reverse("networks:members", args=[slug]),
        reverse("knowledge:article_new", args=[slug]),
        reverse("accounts:profile"),
        reverse("networks:mine"),
    ]
    violations |= {path: _visit(page, base + path) for path in member}
    # An htmx request: the tag suggestions while typing on the article form.
    page.goto(base + reverse("knowledge:article_new", args=[slug]))
    page.locator("input[name=tags_text]").press_sequentially("bioc", delay=30)
    page.wait_for_load_state("networkidle")
    violations["article form, typing"] = page.evaluate("window.__violations")

    assert {path: found for path, found in violations.items() if found} == {}
    assert [e for e in errors if "Content Security Policy" in e or "Refused" in e] == []
