"""Fixtures of the accounts tests: someone who looks after the shared vocabulary, a site admin."""

import pytest
from django.contrib.auth.models import Permission

from gilde.core.testing import make_user


@pytest.fixture
def curator(db):
    """Cor is no coordinator anywhere; a site admin granted him the vocabulary in the admin."""
    user = make_user("Cor Curator", email="cor@example.test")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="accounts", codename="curate_vocabulary")
    )
    return user


@pytest.fixture
def site_admin(db):
    return make_user("Sita Beheer", email="sita@example.test", is_superuser=True, is_staff=True)
