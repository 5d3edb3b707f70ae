"""Django's admin logs in through allauth: the second factor and the rate limits apply there too.

Sita is a site admin with an authenticator app (TOTP).
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings
from django.urls import reverse

from gilde.core.testing import PASSWORD, make_user

SECRET = generate_totp_secret()


@pytest.fixture
def sita(db):
    admin = make_user("Sita Beheer", email="sita@example.test", is_staff=True, is_superuser=True)
    TOTP.activate(admin, SECRET)
    return admin


def _current_code() -> str:
    return format_hotp_value(hotp_value(SECRET, next(yield_hotp_counters_from_time())))


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_admin_login_page_sends_to_allauths_login(client, db):
    admin_index = reverse("admin:index")
    response = client.get(reverse("admin:login") + f"?next={admin_index}")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert f"next={admin_index}" in unquote(response["Location"])


def test_the_password_alone_does_not_open_the_admin(client, sita):
    """Django's own admin form would log Sita in without her second factor."""
    response = client.post(
        reverse("admin:login"),
        {"username": sita.email, "password": PASSWORD, "next": reverse("admin:index")},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not _logged_in(client)
    assert client.get(reverse("admin:index")).status_code == 302


def test_allauths_login_asks_the_admin_for_the_second_factor(client, sita):
    response = client.post(
        reverse("account_login"),
        {"login": sita.email, "password": PASSWORD, "next": reverse("admin:index")},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_authenticate"))
    assert not _logged_in(client)
    assert client.get(reverse("admin:index")).status_code == 302

    response = client.post(reverse("mfa_authenticate"), {"code": _current_code()})
    assert response.status_code == 302
    assert _logged_in(client)
    assert client.get(reverse("admin:index")).status_code == 200


def test_someone_without_staff_rights_is_refused_at_the_admin_login(client_for, db):
    otto = make_user("Otto Outsider")
    assert client_for(otto).get(reverse("admin:login")).status_code == 403


def test_wrong_passwords_at_login_are_rate_limited(client, db):
    """After five wrong passwords for one address, even the right one is refused for a while."""
    bert = make_user("Bert Kuipers", email="bert@example.test")
    login = reverse("account_login")
    for _attempt in range(5):
        response = client.post(login, {"login": bert.email, "password": "fout"})
        assert response.status_code == 200 and not _logged_in(client)
    response = client.post(login, {"login": bert.email, "password": PASSWORD})
    assert response.status_code == 200
    assert not _logged_in(client)
    assert "Te veel inlogpogingen" in response.content.decode()


def test_the_admin_path_is_a_setting():
    """ADMIN_PATH moves the admin (and its login), e.g. away from the guessable /admin/."""
    assert reverse("admin:index") == "/" + settings.ADMIN_PATH
    code = (
        "import django; django.setup(); from django.urls import reverse; "
        "print(reverse('admin:index'), reverse('admin:login'))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gilde.settings", "ADMIN_PATH": "/beheer/"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, "-c", code],
        env=env,
        cwd=Path(settings.BASE_DIR),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["/beheer/", "/beheer/login/"]
