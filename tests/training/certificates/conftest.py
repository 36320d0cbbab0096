import pytest

from tests.accounts.factories import UserFactory


@pytest.fixture
def hr_user(db):
    return UserFactory(roles=["hr", "asn"])


from .browser import browser  # noqa: E402, F401  (fixture for the browser journeys)
