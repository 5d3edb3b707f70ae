"""The API's documentation page declares its language like every other page."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(("accept", "lang"), [("nl", "nl"), ("en", "en")])
def test_the_api_docs_page_has_a_lang(client, accept, lang):
    response = client.get("/api/v1/docs", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.content.decode()
