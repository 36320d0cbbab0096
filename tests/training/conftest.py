import pytest

from tests.accounts.factories import EmployeeFactory, UserFactory

from .factories import SessionFactory


@pytest.fixture
def hr_user(db):
    return UserFactory(roles=["hr", "asn"])


@pytest.fixture
def supervisor(db):
    """An employee with the supervisor role and their own account."""
    return EmployeeFactory(user=UserFactory(roles=["supervisor", "asn"]))


@pytest.fixture
def employee(db, supervisor):
    return EmployeeFactory(supervisor=supervisor)


@pytest.fixture
def session(db):
    return SessionFactory(capacity=2)
