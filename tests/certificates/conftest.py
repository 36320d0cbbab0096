import pytest

from tests.accounts.factories import UserFactory


@pytest.fixture
def hr_user(db):
    return UserFactory(roles=["hr", "asn"])
