"""Pages and API answers are compressed for a client that accepts gzip, also without nginx."""

import gzip

import pytest
from django.test import Client


@pytest.mark.parametrize("path", ["/", "/n/biobased-noord/", "/api/v1/networks"])
def test_answers_are_gzipped_for_a_client_that_asks(network, path):
    response = Client().get(path, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    body = gzip.decompress(response.content)
    assert len(response.content) < len(body)


def test_not_for_a_client_that_does_not(network):
    response = Client().get("/")
    assert not response.has_header("Content-Encoding")
    assert b"<html" in response.content


def test_a_members_page_too(bert, client_for):
    response = client_for(bert).get("/n/biobased-noord/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert b"Biobased Noord" in gzip.decompress(response.content)
