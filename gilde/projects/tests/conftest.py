import pytest

from gilde.core.testing import make_membership, make_organisation, make_user
from gilde.projects import services


@pytest.fixture
def inge(network):
    """A second member, of another organisation."""
    user = make_user("Inge Bakker", email="inge@example.test")
    organisation = make_organisation("Vezelhuis B.V.")
    user.affiliations.create(organisation=organisation)
    make_membership(user, network, role="member", organisation=organisation)
    return user


def start(network, by, title="Pilot biocomposiet", **fields):
    return services.create_project(network, by=by, title=title, **fields)
