import pytest

from planning.models import BulkEnrollmentJob
from planning.services import bulk_enrollment_from_file
from tests.accounts.factories import EmployeeFactory, UserFactory
from tests.training.factories import SessionFactory
from tests.utils import wait_until
from training.models import Enrollment

from .conftest import csv_upload


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_processes_a_bulk_enrolment_with_waitlist(celery_worker):
    hr = UserFactory(roles=["hr"])
    session = SessionFactory(capacity=3)
    people = EmployeeFactory.create_batch(5)
    job = bulk_enrollment_from_file(
        session=session, uploaded=csv_upload("NIP\n" + "\n".join(e.nip for e in people) + "\n123\n"), actor=hr
    )

    def finished():
        job.refresh_from_db()
        return job.is_finished

    wait_until(finished, timeout=40, what="the bulk enrolment job to finish")
    assert job.status == BulkEnrollmentJob.Status.DONE
    assert job.processed == job.total == 6
    statuses = sorted(session.enrollments.values_list("status", flat=True))
    assert statuses == [Enrollment.Status.ENROLLED] * 3 + [Enrollment.Status.WAITLISTED] * 2
    assert job.rows.get(line=7).code == "nip_invalid"
