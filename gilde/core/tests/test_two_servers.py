"""Two application servers on one database and one cache share sessions, login limits and files.

This starts two real gunicorn processes on a database file of their own (and
Redis when REDIS_URL is set, the database cache otherwise), as the multi-server
set-up in docs/deploy.md describes, and talks to them over HTTP.
"""

from __future__ import annotations

import http.cookiejar
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings

PASSWORD = "twee-servers-delen-alles"  # noqa: S105 - test account


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn on {port} exited: {process.stderr.read()}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310
            return
        except (urllib.error.URLError, OSError):  # refused, or too slow to answer yet
            time.sleep(0.2)
    raise AssertionError(f"gunicorn on {port} did not answer in 30 s")


# Behind a load balancer every server sees the site's own name, not its port.
HOST = "localhost"


class Browser:
    """A cookie-keeping HTTP client that can switch servers, as a load balancer would."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def get(self, port: int, path: str) -> tuple[int, bytes]:
        return self._open(
            urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": HOST})
        )

    def post(self, port: int, path: str, data: dict) -> tuple[int, bytes]:
        token = next(c.value for c in self.cookies if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}",
            data=body,
            headers={"Host": HOST, "Referer": f"http://{HOST}{path}"},
        )
        return self._open(request)

    def _open(self, request) -> tuple[int, bytes]:
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    data_dir: Path = tmp_path_factory.mktemp("two-servers")
    env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "DEBUG": "1",
        "CACHE_KEY_PREFIX": f"two-servers-{uuid.uuid4().hex[:8]}",
    }
    env.pop("DATABASE_URL", None)  # a database file of their own, not the test database
    python = sys.executable
    root = settings.BASE_DIR
    subprocess.run(  # noqa: S603
        [python, "manage.py", "migrate", "--no-input", "-v0"], cwd=root, env=env, check=True
    )
    subprocess.run(  # noqa: S603
        [
            python,
            "manage.py",
            "shell",
            "-c",
            "from allauth.account.models import EmailAddress;"
            "from gilde.accounts.models import User;"
            f"u = User.objects.create_user('twee@example.test', '{PASSWORD}', name='Twee Servers');"
            "EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True)",
        ],
        cwd=root,
        env=env,
        check=True,
    )
    ports = [_free_port(), _free_port()]
    processes = [
        subprocess.Popen(  # noqa: S603
            [
                str(Path(python).parent / "gunicorn"),
                "gilde.wsgi",
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{port}",
                # Two instances run as one user: without this they share ~/.gunicorn's socket.
                "--no-control-socket",
            ],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for port in ports
    ]
    try:
        for port, process in zip(ports, processes, strict=True):
            _wait_until_up(port, process)
        yield ports, data_dir
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


def test_a_session_made_on_one_server_is_valid_on_the_other(two_servers):
    (first, second), _data = two_servers
    browser = Browser()
    browser.get(first, "/accounts/login/")
    status, _body = browser.post(
        first, "/accounts/login/", {"login": "twee@example.test", "password": PASSWORD}
    )
    assert status == 302
    status, body = browser.get(second, "/me/")
    assert status == 200
    assert b"Twee Servers" in body


def test_failed_logins_on_both_servers_count_towards_one_limit(two_servers):
    (first, second), _data = two_servers
    browser = Browser()
    browser.get(first, "/accounts/login/")
    browser.get(second, "/accounts/login/")
    wrong = {"login": "twee@example.test", "password": "fout"}
    for attempt in range(6):
        status, _body = browser.post((first, second)[attempt % 2], "/accounts/login/", wrong)
        assert status == 200  # the form again, with an error
    # allauth allows 5 failed attempts per address in 5 minutes, counted in the shared
    # cache: with a cache per process each server would have seen only 3, and the
    # right password would let the attacker in now.
    status, _body = browser.post(
        first, "/accounts/login/", {"login": "twee@example.test", "password": PASSWORD}
    )
    assert status == 200
    assert browser.get(second, "/me/")[0] == 302


def test_a_photo_stored_by_another_process_is_served_by_both_servers(two_servers):
    (first, second), data_dir = two_servers
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.core.files.base import ContentFile;"
            "from django.core.files.storage import default_storage;"
            "default_storage.save('photos/gedeeld.png', ContentFile(b'\\x89PNG gedeeld'))",
        ],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DATA_DIR": str(data_dir),
            "DATABASE_URL": f"sqlite:///{data_dir}/gilde.sqlite3",
        },
        check=True,
    )
    for port in (first, second):
        status, body = Browser().get(port, "/media/photos/gedeeld.png")
        assert status == 200
        assert body == b"\x89PNG gedeeld"
