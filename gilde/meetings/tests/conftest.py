from datetime import timedelta

import pytest
from django.utils import timezone

from gilde.core.testing import make_membership, make_user
from gilde.meetings import services


@pytest.fixture
def inge(network):
    user = make_user("Inge Bakker", email="inge@example.test")
    make_membership(user, network, role="member")
    return user


def plan(network, by, *, days=-1, **fields):
    """A meeting of two hours that started `days` from now (yesterday by default)."""
    starts = timezone.now().replace(microsecond=0) + timedelta(days=days)
    fields.setdefault("title", "Ledenavond")
    return services.create_meeting(
        network, by=by, starts_at=starts, ends_at=starts + timedelta(hours=2), **fields
    )
