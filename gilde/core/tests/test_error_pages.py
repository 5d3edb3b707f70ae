"""Errors answer in Gilde's layout and the user's language, also under `make run` (DEBUG)."""

import pytest
from django.test import Client, RequestFactory

from gilde.core import views


@pytest.fixture
def otto_client(otto):
    c = Client()
    c.force_login(otto)
    return c


def test_an_oversize_request_gets_the_dutch_400_page(otto_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = otto_client.post("/me/", {"q": "x" * 5000})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Bad Request (400)" not in text
    assert "Verzoek niet begrepen" in text
    assert 'class="site-header"' in text


def test_the_400_page_in_english(otto_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    otto_client.cookies["django_language"] = "en"
    response = otto_client.post("/me/", {"q": "x" * 5000}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Request not understood" in response.content.decode()


def test_a_stale_csrf_token_gets_the_dutch_403_page(otto):
    c = Client(enforce_csrf_checks=True)
    c.force_login(otto)
    response = c.post("/accounts/logout/")
    assert response.status_code == 403
    assert "Niet toegestaan" in response.content.decode()


def test_the_500_page_needs_no_request_context_or_database():
    request = RequestFactory().get("/x/")
    # No db fixture: touching the database here would fail the test.
    response = views.server_error(request)
    assert response.status_code == 500
    text = response.content.decode()
    assert "Er ging iets mis" in text and "Something went wrong" in text
    assert 'class="site-header"' in text


def test_the_api_keeps_json_errors(settings, db):
    settings.DEBUG = True
    response = Client().get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_under_debug_a_404_uses_gildes_page(otto_client, settings):
    settings.DEBUG = True
    response = otto_client.get("/no-such-page/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Pagina niet gevonden" in text
    assert "technical_404" not in text and "Django tried these URL patterns" not in text


def test_under_debug_a_404_raised_by_a_view_uses_gildes_page(otto_client, settings):
    settings.DEBUG = True
    response = otto_client.get("/n/no-such-network/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()
    assert "Raised by" not in response.content.decode()
