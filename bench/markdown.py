"""What a long, pathological Markdown body costs: rendering it, and viewing the page that shows it.

Bodies are rendered once, when they are written, and the page shows the stored
HTML. This measures the render (paid on each write) and the article page's
server time (paid on each view) for 100 KB bodies of a few shapes that are
slow to parse. It makes a SQLite database of its own in var/bench/.

    .venv/bin/python bench/markdown.py
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BODIES = {
    "nested emphasis": "*a **b " * 14_000,
    "open brackets": "[" * 100_000,
    "many links": "[x](/a) " * 12_500,
    "long table": "| a | b |\n|---|---|\n" + "| cel | cel |\n" * 7_500,
}


def main() -> None:
    data = ROOT / "var" / "bench"
    data.mkdir(parents=True, exist_ok=True)
    database = data / "markdown.sqlite3"
    database.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gilde.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    call_command("migrate", verbosity=0)
    from gilde.core.markdown import render
    from gilde.core.testing import make_membership, make_network, make_user
    from gilde.knowledge import services

    network = make_network("Bench Markdown")
    author = make_user("Bench Auteur")
    make_membership(author, network)
    client = Client()
    client.force_login(author)
    results = {}
    for name, body in BODIES.items():
        started = time.perf_counter()
        render(body)
        render_ms = (time.perf_counter() - started) * 1000
        article = services.create_article(network, by=author, title=name, body=body)
        url = reverse("knowledge:article", args=[network.slug, article.pk])
        client.get(url)
        views = []
        for _ in range(5):
            started = time.perf_counter()
            response = client.get(url)
            views.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        results[name] = {
            "bytes": len(body),
            "render_ms": round(render_ms, 1),
            "view_ms_median": round(statistics.median(views), 1),
        }
        print(f"{name:16} {len(body):>7} B  render {render_ms:7.1f} ms  "
              f"page view {statistics.median(views):6.1f} ms")  # fmt: skip
    out = ROOT / "bench" / "results" / "markdown.json"
    out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
