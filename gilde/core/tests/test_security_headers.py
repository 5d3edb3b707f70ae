"""Every answer says: no MIME sniffing, no Referer beyond the site, never in a frame.

Pages, API JSON, error pages in both layouts, files and the health check: a response
that misses one of these headers could be sniffed as HTML, leak its URL or be framed
for clickjacking.
"""

import pytest
from django.test import Client

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def assert_protected(response):
    for header, value in EXPECTED.items():
        assert response.get(header) == value, (response.status_code, header, response.get(header))


@pytest.mark.parametrize(
    "path, status",
    [
        ("/", 200),
        ("/bestaat-niet/", 302),
        ("/n/biobased-noord/", 200),
        ("/n/bestaat-niet/", 302),  # logged out: to the login page, with next
        ("/api/v1/networks", 200),
        ("/api/v1/networks/999999", 404),
        ("/api/v1/bestaat-niet", 404),
        ("/api/v1/docs", 200),
        ("/media/photos/bestaat-niet.jpg", 404),
        ("/healthz", 200),
    ],
)
def test_anonymous_answers_carry_the_headers(network, path, status):
    response = Client().get(path)
    assert response.status_code == status
    assert_protected(response)


def test_a_members_page_and_a_refused_form_carry_the_headers(bert, client_for):
    client = client_for(bert)
    assert_protected(client.get("/n/biobased-noord/leden/"))
    missing = client.get("/n/bestaat-niet/")
    assert missing.status_code == 404
    assert_protected(missing)
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(bert)
    refused = csrf_client.post("/accounts/logout/")
    assert refused.status_code == 403
    assert_protected(refused)


def test_a_json_write_error_carries_the_headers(bert, client_for):
    response = client_for(bert).post(
        "/api/v1/networks", data="{not json", content_type="application/json"
    )
    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith("application/json")
    assert_protected(response)
