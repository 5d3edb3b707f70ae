"""Nothing is loaded from another site: a network on a closed LAN works fully."""

import re

import pytest

EXTERNAL = re.compile(r"""(?:src|href)=["']?(?:https?:)?//""")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/", "/api/v1/docs"])
def test_pages_load_nothing_from_elsewhere(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert not EXTERNAL.findall(response.content.decode()), path
