"""Page throughput under gunicorn, next to a hello-world Django view: a benchmark, not a test.

    .venv/bin/python bench/pages.py                 # demo data, 2 rounds of 5 s per page
    .venv/bin/python bench/pages.py --seconds 10    # longer runs
    .venv/bin/python bench/pages.py --cold          # no fragment cache: every page afresh
    .venv/bin/python bench/pages.py --rows 2000     # 2,000 more members and articles

It builds a database of its own (var/bench/pages/, SQLite) with the demo data,
serves it with gunicorn (2 sync workers, DEBUG=0, the production settings plus
a bench-only URL for the hello-world view, bench/pages_settings.py), and
measures requests per second with wrk (2 threads, 16 connections) for
hello-world and for each page: logged out `/`, a network's home, its article
list and a search; logged in as a demo member the member directory, the
article list and `/my/`. The pages are interleaved over two rounds (hello-world
in each), so a slow moment of the machine does not land on one page only; each
page's figure is the better of its two rounds, and its ratio is to the better
hello-world round. Results go to bench/results/pages.json
(`pages.<name>.per_s`, `pages.<name>.ratio`), or with --rows/--cold to
bench/results/pages-rows<N>[-cold].json / pages-cold.json; docs/performance.md
shows them.
Needs wrk (Debian package `wrk`).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
RESULTS = ROOT / "bench" / "results" / "pages.json"
MEMBER = "sjoerd.hoekstra@example.nl"  # a member of the demo network "biocooperatie"
PASSWORD = "gilde-demo"  # noqa: S105 - the demo data's published password
SLUG = "biocooperatie"

ANONYMOUS = {
    "home": "/",
    "network": f"/n/{SLUG}/",
    "articles": f"/n/{SLUG}/articles/",
    "search": "/search/?q=vezels",
}
MEMBER_PAGES = {
    "member_directory": f"/n/{SLUG}/members/",
    "member_articles": f"/n/{SLUG}/articles/",
    "my": "/my/",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(data_dir: Path, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.pages_settings",
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{data_dir / 'gilde.sqlite3'}",
        "LOG_LEVEL": "ERROR",
        "SECURE_COOKIES": "0",  # plain http on 127.0.0.1: the login cookie must come back
    }


def prepare(env: dict[str, str], rows: int) -> None:
    manage = [PY, str(ROOT / "manage.py")]
    for args in (
        ["migrate", "--no-input", "-v0"],
        ["seed_demo", "--force"],
        ["collectstatic", "--no-input", "-v0"],
    ):
        subprocess.run([*manage, *args], env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603 - our own manage.py
    if rows:
        grow = f"import django; django.setup(); from bench.grow import grow; grow({rows})"
        subprocess.run([PY, "-c", grow], env=env, check=True, cwd=ROOT)  # noqa: S603 - our own code


def serve(env: dict[str, str], port: int) -> subprocess.Popen:
    gunicorn = Path(PY).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603 - gunicorn from the same venv, fixed arguments
        [str(gunicorn), "gilde.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "--access-logfile", "/dev/null"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)  # noqa: S310 - local
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def log_in(base: str) -> str:
    """The session cookie of the demo member, logged in through the real login form."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "login": MEMBER, "password": PASSWORD}
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - the local server
        base + "/accounts/login/", data, headers={"Referer": base}
    )
    opener.open(request)
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise SystemExit("could not log in as the demo member")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def wrk(url: str, seconds: int, cookie: str | None) -> float:
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603,S607 - wrk on PATH
    if re.search(r"Non-2xx or 3xx responses", out):
        raise SystemExit(f"{url}: error answers under load\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--rows", type=int, default=0, help="add this many members and articles (bench/grow.py)"
    )
    parser.add_argument(
        "--cold", action="store_true", help="keep no page fragments: every page rendered afresh"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")

    data_dir = ROOT / "var" / "bench" / "pages"  # rebuilt on every run
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    port = free_port()
    env = environment(data_dir, port)
    if args.cold:
        env["FRAGMENT_CACHE_SECONDS"] = "0"
    prepare(env, args.rows)
    server = serve(env, port)
    base = f"http://127.0.0.1:{port}"
    try:
        cookie = log_in(base)
        pages = {"hello": ("/bench/hello/", None)}
        pages |= {name: (path, None) for name, path in ANONYMOUS.items()}
        pages |= {name: (path, cookie) for name, path in MEMBER_PAGES.items()}
        for name, (path, jar) in pages.items():  # each answers, before it is timed
            request = urllib.request.Request(base + path, headers={"Cookie": jar or ""})  # noqa: S310
            with urllib.request.urlopen(request) as answer:  # noqa: S310 - local
                assert answer.status == 200, (name, answer.status)
        rounds: dict[str, list[float]] = {name: [] for name in pages}
        for _ in range(args.rounds):
            for name, (path, jar) in pages.items():
                rounds[name].append(wrk(base + path, args.seconds, jar))
                print(f"{name:18} {rounds[name][-1]:8.1f} req/s", flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    hello = max(rounds["hello"])
    results = {
        "pages": {
            name: {"per_s": round(max(r), 1), "ratio": round(max(r) / hello, 3), "rounds": r}
            for name, r in rounds.items()
        },
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "command": "bench/pages.py " + " ".join(sys.argv[1:]),
    }
    results["rows_added"] = args.rows
    results["fragments"] = "off (every page rendered afresh)" if args.cold else "kept"
    target = RESULTS
    if args.rows or args.cold:
        target = RESULTS.with_name(
            "pages" + (f"-rows{args.rows}" if args.rows else "") + ("-cold" if args.cold else "")
            + ".json"
        )  # fmt: skip
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\n{'page':18} {'req/s':>8} {'of hello':>9}")
    for name, row in results["pages"].items():
        print(f"{name:18} {row['per_s']:8.1f} {row['ratio']:9.1%}")


if __name__ == "__main__":
    main()
