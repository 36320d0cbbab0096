"""The enrolment rush holds the session row for as few statements as possible
(issue 13: at most five while the lock is held; checks of the ASN run before it,
the e-mail is recorded in the outbox and sent after commit)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.accounts.factories import EmployeeFactory
from training.models import Enrollment
from training.services import enrollment_create

from .factories import SessionFactory


def _under_session_lock(queries) -> list[str]:
    """The statements run while the session row is locked: after the SELECT ...
    FOR UPDATE (a seat may be taken) or FOR SHARE (the session is full: the
    waitlisted requests of a rush hold it side by side) that takes the lock, up
    to the end of the transaction."""
    sqls = [q["sql"] for q in queries]
    (lock,) = [
        i
        for i, sql in enumerate(sqls)
        if 'FROM "training_session"' in sql and ("FOR UPDATE" in sql or "FOR SHARE" in sql)
    ]
    return sqls[lock + 1 :], sqls[lock]


@pytest.mark.postgres  # SELECT ... FOR UPDATE is a no-op on SQLite
@pytest.mark.parametrize(("capacity", "status"), [(5, "enrolled"), (1, "waitlisted")])
def test_enrolment_holds_the_session_lock_for_four_statements(db, capacity, status, django_capture_on_commit_callbacks):
    session = SessionFactory(capacity=capacity)
    enrollment_create(session=session, employee=EmployeeFactory())  # the first seat
    employee = EmployeeFactory()
    with django_capture_on_commit_callbacks() as callbacks, CaptureQueriesContext(connection) as ctx:
        enrollment = enrollment_create(session=session, employee=employee)
    assert enrollment.status == status
    under, lock = _under_session_lock(ctx.captured_queries)
    assert ("FOR SHARE" if status == "waitlisted" else "FOR UPDATE") in lock
    # the seat count, the enrolment, its history entry, the confirmation e-mail's
    # outbox row (it must commit with the enrolment, so a broker outage loses
    # nothing); the test's own transaction makes the service's atomic block a
    # savepoint: its RELEASE is the fifth, the COMMIT in production.
    assert len(under) <= 5, under
    assert not any("accounts_employee" in sql for sql in under)  # the ASN's checks ran before the lock
    assert Enrollment.objects.filter(session=session, employee=employee).count() == 1
    assert len(callbacks) == 1  # the e-mail is enqueued after commit, not under the lock
