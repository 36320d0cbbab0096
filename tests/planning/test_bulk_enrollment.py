import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from asn_competency.common.models import OutboxMessage
from planning.models import BulkEnrollmentJob, BulkEnrollmentRow
from planning.services import (
    _process_row,
    bulk_enrollment_from_file,
    bulk_enrollment_from_unit,
    bulk_enrollment_run,
    bulk_jobs_recover,
    nip_rows_from_file,
)
from tests.accounts.factories import EmployeeFactory, OrgUnitFactory
from tests.training.factories import EnrollmentFactory, SessionFactory
from training.models import Enrollment, Session

from .conftest import csv_upload, xlsx_upload

pytestmark = pytest.mark.django_db
Outcome = BulkEnrollmentRow.Outcome


def outcomes(job):
    return {row.line: (row.outcome, row.code) for row in job.rows.all()}


def test_semicolon_csv_with_a_nip_column_and_spaces_in_nips_is_read():
    rows = nip_rows_from_file(csv_upload("Nama;NIP\nSri;19900214 201503 2 001\nAndi;199207302019031004\n"))
    assert rows == [(2, "19900214 201503 2 001"), (3, "199207302019031004")]


def test_a_list_without_header_is_read_from_its_first_column():
    rows = nip_rows_from_file(csv_upload("199002142015032001\n199207302019031004\n"))
    assert [nip for _line, nip in rows] == ["199002142015032001", "199207302019031004"]


def test_a_file_without_nip_column_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError, match='kolom "NIP"'):
        nip_rows_from_file(csv_upload("Nama,Unit\nSri,Disdukcapil\n"))


def test_an_empty_or_foreign_file_is_refused():
    with pytest.raises(ValidationError, match="kosong"):
        nip_rows_from_file(csv_upload(""))
    with pytest.raises(ValidationError, match="CSV atau Excel"):
        nip_rows_from_file(csv_upload("x", name="daftar.pdf"))


def test_a_list_longer_than_the_limit_is_refused(settings):
    settings.PLANNING_BULK_MAX_ROWS = 3
    with pytest.raises(ValidationError, match="lebih dari 3 baris"):
        nip_rows_from_file(csv_upload("NIP\n" + "\n".join(["199002142015032001"] * 4)))


def test_bulk_file_enrols_per_row_and_reports_every_problem(hr_user):
    session = SessionFactory(capacity=2)
    a, b, c, already = EmployeeFactory.create_batch(4)
    EnrollmentFactory(session=session, employee=already, status=Enrollment.Status.WAITLISTED)
    upload = csv_upload(
        "NIP\n"
        f"{a.nip}\n"  # 2: seat
        f"{b.nip}\n"  # 3: seat (capacity 2)
        f"{c.nip}\n"  # 4: waiting list
        "19861326201505100\n"  # 5: 17 digits
        "198609262015131001\n"  # 6: TMT month 13
        "198609262015051999\n"  # 7: valid, unknown
        f"{already.nip}\n"  # 8: already registered
        f"{a.nip}\n"  # 9: duplicate of line 2
    )
    job = bulk_enrollment_from_file(session=session, uploaded=upload, actor=hr_user)
    assert job.total == 8 and job.status == BulkEnrollmentJob.Status.QUEUED
    job = bulk_enrollment_run(job_id=job.pk)
    assert job.status == BulkEnrollmentJob.Status.DONE
    assert job.processed == 8
    result = outcomes(job)
    assert result[2] == (Outcome.ENROLLED, "")
    assert result[3] == (Outcome.ENROLLED, "")
    assert result[4] == (Outcome.WAITLISTED, "")
    assert result[5] == (Outcome.ERROR, "nip_invalid")
    assert result[6] == (Outcome.ERROR, "nip_invalid")
    assert result[7] == (Outcome.ERROR, "nip_unknown")
    assert result[8] == (Outcome.ERROR, "already_enrolled")
    assert result[9] == (Outcome.ERROR, "duplicate")
    messages = {row.line: row.message for row in job.rows.all()}
    assert "18 digit" in messages[5]  # parse_nip's own Indonesian message
    assert "13-14" in messages[6]
    assert "baris 2" in messages[9]
    assert session.enrollments.filter(status=Enrollment.Status.ENROLLED).count() == 2


def test_running_a_job_again_enrols_nobody_twice(hr_user):
    session = SessionFactory(capacity=5)
    people = EmployeeFactory.create_batch(3)
    job = bulk_enrollment_from_file(
        session=session, uploaded=csv_upload("NIP\n" + "\n".join(e.nip for e in people)), actor=hr_user
    )
    bulk_enrollment_run(job_id=job.pk)
    BulkEnrollmentJob.objects.filter(pk=job.pk).update(status=BulkEnrollmentJob.Status.RUNNING)
    again = bulk_enrollment_run(job_id=job.pk)
    assert again.processed == 3
    assert session.enrollments.count() == 3
    assert set(job.rows.values_list("outcome", flat=True)) == {Outcome.ENROLLED}


def test_xlsx_nip_stored_as_a_number_is_reported_not_guessed(hr_user):
    session = SessionFactory()
    person = EmployeeFactory()
    upload = xlsx_upload([("NIP", "Nama"), (person.nip, "Teks"), (float(person.nip), "Angka")])
    job = bulk_enrollment_from_file(session=session, uploaded=upload, actor=hr_user)
    job = bulk_enrollment_run(job_id=job.pk)
    result = outcomes(job)
    assert result[2] == (Outcome.ENROLLED, "")
    assert result[3] == (Outcome.ERROR, "nip_number")
    assert "Teks" in job.rows.get(line=3).message


def test_bulk_by_unit_takes_active_asn_of_the_unit_and_its_sub_units(hr_user):
    kecamatan = OrgUnitFactory(code="kec-uji")
    kelurahan = OrgUnitFactory(code="kel-uji", parent=kecamatan)
    other = OrgUnitFactory(code="lain")
    inside = [EmployeeFactory(org_unit=kecamatan), EmployeeFactory(org_unit=kelurahan)]
    EmployeeFactory(org_unit=kelurahan, is_active=False)
    EmployeeFactory(org_unit=other)
    session = SessionFactory(capacity=10)
    job = bulk_enrollment_from_unit(session=session, org_unit=kecamatan, include_subunits=True, actor=hr_user)
    assert job.total == 2
    bulk_enrollment_run(job_id=job.pk)
    assert set(session.enrollments.values_list("employee_id", flat=True)) == {e.pk for e in inside}
    only_top = bulk_enrollment_from_unit(
        session=SessionFactory(), org_unit=kecamatan, include_subunits=False, actor=hr_user
    )
    assert only_top.total == 1


def test_bulk_enrolment_into_a_cancelled_or_past_session_is_refused(hr_user):
    person = EmployeeFactory()
    cancelled = SessionFactory(status=Session.Status.CANCELLED)
    with pytest.raises(ValidationError, match="tidak dibuka"):
        bulk_enrollment_from_file(session=cancelled, uploaded=csv_upload(f"NIP\n{person.nip}\n"), actor=hr_user)
    with pytest.raises(ValidationError, match="tidak memiliki ASN aktif"):
        bulk_enrollment_from_unit(
            session=SessionFactory(), org_unit=OrgUnitFactory(), include_subunits=True, actor=hr_user
        )


def test_sessions_needing_approval_put_bulk_rows_on_pending_approval(hr_user):
    session = SessionFactory(requires_approval=True)
    person = EmployeeFactory()
    job = bulk_enrollment_from_file(session=session, uploaded=csv_upload(f"NIP\n{person.nip}\n"), actor=hr_user)
    job = bulk_enrollment_run(job_id=job.pk)
    assert outcomes(job)[2] == (Outcome.PENDING_APPROVAL, "")


def _dead(job, **fields):
    """As left by a worker killed mid-job: running, no row processed for 10 minutes."""
    BulkEnrollmentJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - datetime.timedelta(minutes=10), **fields
    )


def test_a_job_whose_worker_died_is_queued_again_and_finishes_once(hr_user):
    session = SessionFactory(capacity=5)
    people = EmployeeFactory.create_batch(3)
    job = bulk_enrollment_from_file(
        session=session, uploaded=csv_upload("NIP\n" + "\n".join(e.nip for e in people)), actor=hr_user
    )
    first = job.rows.order_by("line").first()
    _process_row(job, first, {people[0].nip: people[0]}, {})  # one row done before the worker died
    _dead(job, status=BulkEnrollmentJob.Status.RUNNING)
    assert bulk_jobs_recover() == [job.pk]
    job.refresh_from_db()
    assert job.status == BulkEnrollmentJob.Status.QUEUED
    # Queued again through the outbox: one message from the upload, one from the recovery.
    assert OutboxMessage.objects.filter(task="planning.bulk_enrollment_run", args=[job.pk]).count() == 2
    assert bulk_jobs_recover() == []  # queued again just now: a fresh lease
    done = bulk_enrollment_run(job_id=job.pk)
    assert (done.status, done.processed) == (BulkEnrollmentJob.Status.DONE, 3)
    assert session.enrollments.count() == 3


def test_a_job_alive_in_another_worker_is_left_alone(hr_user):
    session = SessionFactory(capacity=5)
    job = bulk_enrollment_from_file(
        session=session, uploaded=csv_upload("NIP\n" + EmployeeFactory().nip), actor=hr_user
    )
    BulkEnrollmentJob.objects.filter(pk=job.pk).update(status=BulkEnrollmentJob.Status.RUNNING)  # fresh heartbeat
    assert bulk_enrollment_run(job_id=job.pk).processed == 0  # a duplicate delivery does nothing
    assert bulk_jobs_recover() == []
    assert session.enrollments.count() == 0
