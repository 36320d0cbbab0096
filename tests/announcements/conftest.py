import pytest

from tests.accounts.factories import EmployeeFactory, OrgUnitFactory, UserFactory
from tests.training.factories import EnrollmentFactory, SessionFactory
from training.models import Enrollment


@pytest.fixture
def hr(db):
    return UserFactory(roles=["hr"])


@pytest.fixture
def session_with_participants(db):
    """A session with 3 participants (enrolled, completed, not completed) and 2
    who are not (waitlisted, cancelled)."""
    session = SessionFactory()
    unit = OrgUnitFactory()
    for status in [
        Enrollment.Status.ENROLLED,
        Enrollment.Status.COMPLETED,
        Enrollment.Status.NOT_COMPLETED,
        Enrollment.Status.WAITLISTED,
        Enrollment.Status.CANCELLED,
    ]:
        EnrollmentFactory(session=session, employee=EmployeeFactory(org_unit=unit), status=status)
    return session


def participants(session, n, status=Enrollment.Status.ENROLLED):
    unit = OrgUnitFactory()
    return [
        EnrollmentFactory(session=session, employee=EmployeeFactory(org_unit=unit), status=status).employee
        for _ in range(n)
    ]
