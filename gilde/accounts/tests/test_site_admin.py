"""The first site admin, made on the server, can log in without a mail server."""

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.test import Client


@pytest.mark.django_db
def test_createsuperuser_makes_a_verified_admin_who_can_log_in(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "een-lang-beheerderswachtwoord")
    call_command("createsuperuser", email="Beheer@Example.test", interactive=False, verbosity=0)
    assert EmailAddress.objects.get(email="beheer@example.test").verified
    response = Client().post(
        "/accounts/login/",
        {"login": "beheer@example.test", "password": "een-lang-beheerderswachtwoord"},
    )
    assert response.status_code == 302
    assert "confirm-email" not in response["Location"]
