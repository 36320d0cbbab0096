import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from asn_competency.common.errors import ApplicationError
from asn_competency.common.models import OutboxMessage
from tests.accounts.factories import EmployeeFactory
from training.models import Attendance, Enrollment, JpLedgerEntry, Session
from training.selectors import jp_summary_for, jp_total_for
from training.services import (
    attendance_mark,
    attendance_mark_all_present,
    enrollment_complete,
    enrollment_create,
    external_training_record,
    jp_ledger_credit,
    session_finalize,
)

from .factories import ProgramFactory, SessionFactory, in_days, move_session

pytestmark = pytest.mark.django_db
S = Enrollment.Status
HOOK_CALLS = []


def block_everyone(enrollment):
    return "Post-test belum lulus."


def record_hook(enrollment_id):
    HOOK_CALLS.append(enrollment_id)


@pytest.fixture
def running():
    """A five-day session that ended yesterday with two enrolled participants."""
    session = SessionFactory(
        start=in_days(10), end=in_days(14, 16), capacity=5, program=ProgramFactory(jp=Decimal("24"))
    )
    people = [enrollment_create(session=session, employee=EmployeeFactory()) for _ in range(2)]
    move_session(session, start=in_days(-5), end=in_days(-1, 16))
    return session, people


def test_session_days_cover_every_local_day():
    session = SessionFactory(start=in_days(3, 8), end=in_days(5, 16))
    assert [d.date for d in session.days.all()] == [in_days(d).date() for d in (3, 4, 5)]


def test_attendance_mark_records_present_and_absent(running, hr_user):
    session, (a, b) = running
    day = session.days.first()
    attendance_mark(day=day, present_ids=[a.pk], actor=hr_user)
    assert dict(Attendance.objects.filter(day=day).values_list("enrollment_id", "present")) == {a.pk: True, b.pk: False}
    attendance_mark(day=day, present_ids=[b.pk], actor=hr_user)  # a correction
    assert dict(Attendance.objects.filter(day=day).values_list("enrollment_id", "present")) == {a.pk: False, b.pk: True}


def test_attendance_mark_refuses_people_outside_the_session(running, hr_user):
    session, _people = running
    stranger = Enrollment.objects.create(session=SessionFactory(), employee=EmployeeFactory(), status=S.ENROLLED)
    with pytest.raises(ApplicationError):
        attendance_mark(day=session.days.first(), present_ids=[stranger.pk], actor=hr_user)


def test_completion_needs_the_configured_attendance_share(running, hr_user):
    session, (a, _b) = running
    days = list(session.days.all())
    assert len(days) == 5
    for day in days[:3]:
        attendance_mark_all_present(day=day, actor=hr_user)
    with pytest.raises(ApplicationError) as exc:
        enrollment_complete(enrollment=a, actor=hr_user)  # 60% < 80%
    assert "60%" in str(exc.value) and "80%" in str(exc.value)
    attendance_mark_all_present(day=days[3], actor=hr_user)
    enrollment_complete(enrollment=a, actor=hr_user)  # 80%
    a.refresh_from_db()
    assert a.status == S.COMPLETED and a.completed_at is not None


@override_settings(TRAINING_ATTENDANCE_MIN_SHARE=0.5)
def test_attendance_share_is_a_setting(running, hr_user):
    session, (a, _b) = running
    for day in list(session.days.all())[:3]:
        attendance_mark_all_present(day=day, actor=hr_user)
    enrollment_complete(enrollment=a, actor=hr_user)
    a.refresh_from_db()
    assert a.status == S.COMPLETED


def test_completion_credits_program_jp_once(running, hr_user):
    session, (a, _b) = running
    for day in session.days.all():
        attendance_mark_all_present(day=day, actor=hr_user)
    enrollment_complete(enrollment=a, actor=hr_user)
    enrollment_complete(enrollment=a, actor=hr_user)
    year = timezone.localtime(session.end).year
    assert jp_total_for(employee=a.employee, year=year) == Decimal("24")
    entry = JpLedgerEntry.objects.get(employee=a.employee)
    assert (entry.source, entry.source_key) == ("training", f"enrollment:{a.pk}")
    assert entry.occurred_on == timezone.localtime(session.end).date()


@override_settings(TRAINING_COMPLETION_CHECKS=["tests.training.test_completion_and_jp.block_everyone"])
def test_completion_checks_registered_in_settings_block_completion(running, hr_user):
    session, (a, _b) = running
    for day in session.days.all():
        attendance_mark_all_present(day=day, actor=hr_user)
    with pytest.raises(ApplicationError, match="Post-test belum lulus"):
        enrollment_complete(enrollment=a, actor=hr_user)
    assert not JpLedgerEntry.objects.exists()


@override_settings(TRAINING_COMPLETION_HOOKS=["tests.training.test_completion_and_jp.record_hook"])
def test_completion_hooks_run_inside_the_completing_transaction(running, hr_user):
    session, (a, _b) = running
    for day in session.days.all():
        attendance_mark_all_present(day=day, actor=hr_user)
    HOOK_CALLS.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        enrollment_complete(enrollment=a, actor=hr_user)
        assert [a.pk] == HOOK_CALLS
        raise RuntimeError("the completion is rolled back")
    a.refresh_from_db()
    assert a.status != S.COMPLETED  # the hook's work (outbox rows) rolled back with it
    HOOK_CALLS.clear()
    enrollment_complete(enrollment=a, actor=hr_user)
    assert [a.pk] == HOOK_CALLS


def test_completion_queues_the_certificate_in_the_same_transaction(running, hr_user):
    session, (a, _b) = running
    for day in session.days.all():
        attendance_mark_all_present(day=day, actor=hr_user)
    with pytest.raises(RuntimeError), transaction.atomic():
        enrollment_complete(enrollment=a, actor=hr_user)
        raise RuntimeError("rolled back")
    assert not OutboxMessage.objects.filter(task="certificates.issue").exists()
    enrollment_complete(enrollment=a, actor=hr_user)
    assert list(OutboxMessage.objects.filter(task="certificates.issue").values_list("args", flat=True)) == [[a.pk]]


def test_session_finalize_completes_those_who_attended(running, hr_user):
    session, (a, b) = running
    for day in session.days.all():
        attendance_mark(day=day, present_ids=[a.pk], actor=hr_user)
    waiting = Enrollment.objects.create(session=session, employee=EmployeeFactory(), status=S.WAITLISTED)
    counts = session_finalize(session=session, actor=hr_user)
    assert counts == {"completed": 1, "not_completed": 1}
    a.refresh_from_db(), b.refresh_from_db(), waiting.refresh_from_db(), session.refresh_from_db()
    assert (a.status, b.status, waiting.status) == (S.COMPLETED, S.NOT_COMPLETED, S.CANCELLED)
    assert session.status == Session.Status.FINISHED


def test_jp_ledger_credit_is_idempotent_by_source_key():
    employee = EmployeeFactory()
    entry, created = jp_ledger_credit(
        employee=employee, year=2026, jp=Decimal("2"), source="tutorial", source_key="tutorial:1", description="SIPP"
    )
    again, created_again = jp_ledger_credit(
        employee=employee, year=2026, jp=Decimal("2"), source="tutorial", source_key="tutorial:1", description="SIPP"
    )
    assert created and not created_again and entry.pk == again.pk
    assert jp_total_for(employee=employee, year=2026) == Decimal("2")


def test_external_training_with_proof_is_credited(hr_user):
    employee = EmployeeFactory()
    from .test_claims import pdf_file

    proof = pdf_file()  # a real PDF: the content is checked, not the name
    record = external_training_record(
        employee=employee,
        title="Bimtek SPBE",
        organiser="Kementerian PANRB",
        date=datetime.date(2026, 3, 10),
        jp=Decimal("8"),
        proof=proof,
        actor=hr_user,
    )
    assert record.proof.name.endswith(".pdf")
    assert jp_total_for(employee=employee, year=2026) == Decimal("8")
    assert JpLedgerEntry.objects.get(employee=employee).source == "external"


def test_external_training_without_proof_is_refused(hr_user):
    with pytest.raises(ApplicationError):
        external_training_record(
            employee=EmployeeFactory(),
            title="Bimtek",
            organiser="X",
            date=datetime.date(2026, 3, 10),
            jp=Decimal("8"),
            proof=None,
            actor=hr_user,
        )


def test_jp_summary_against_target():
    employee = EmployeeFactory()
    for i, jp in enumerate(["8", "4.5"]):
        jp_ledger_credit(
            employee=employee, year=2026, jp=Decimal(jp), source="training", source_key=f"k{i}", description="x"
        )
    jp_ledger_credit(
        employee=employee, year=2025, jp=Decimal("30"), source="training", source_key="old", description="x"
    )
    summary = jp_summary_for(employee=employee, year=2026)
    assert summary["total"] == Decimal("12.5")
    assert summary["target"] == 20 and summary["remaining"] == Decimal("7.5")
    assert summary["percent"] == 62 and not summary["reached"]
