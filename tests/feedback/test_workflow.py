import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from asn_competency.common.errors import ConflictError
from feedback import services
from feedback.models import Feedback, FeedbackEvent
from feedback.selectors import feedback_list, with_overdue
from tests.accounts.factories import EmployeeFactory, OrgUnitFactory, UserFactory

from .factories import FeedbackFactory, officer_of

pytestmark = pytest.mark.django_db
S = Feedback.Status


@pytest.fixture
def unit():
    return OrgUnitFactory(code="disdukcapil-uji")


@pytest.fixture
def officer(unit):
    return officer_of(unit)


def freeze(monkeypatch, *args):
    moment = datetime.datetime(*args, tzinfo=timezone.get_current_timezone())
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


def test_full_workflow_is_recorded_in_the_audit_history(unit, officer):
    feedback = services.feedback_submit(
        unit=unit, scores={f"U{i}": 3 for i in range(1, 10)}, kind="complaint",
        message="Antrean KTP-el terlalu lama.", anonymous=True,
    )  # fmt: skip
    other = OrgUnitFactory()
    services.feedback_verify(feedback=feedback, user=officer, note="Sesuai kewenangan")
    services.feedback_forward(feedback=feedback, user=officer, unit=other)
    hr = UserFactory(roles=["hr"])
    services.feedback_respond(feedback=feedback, user=hr, text="Kami menambah petugas pada jam sibuk.")
    services.feedback_close(feedback=feedback, user=hr)
    feedback.refresh_from_db()
    assert feedback.status == S.CLOSED
    assert feedback.handling_unit == other
    history = list(feedback.events.order_by("pk").values_list("action", "from_status", "to_status", "actor"))
    assert history == [
        ("submitted", "", "received", None),
        ("verified", "received", "verified", officer.pk),
        ("forwarded", "verified", "forwarded", officer.pk),
        ("responded", "forwarded", "responded", hr.pk),
        ("closed", "responded", "closed", hr.pk),
    ]
    assert feedback.verified_at and feedback.responded_at and feedback.closed_at


def test_rejection_needs_a_reason_that_the_citizen_sees(unit, officer):
    feedback = FeedbackFactory(unit=unit)
    with pytest.raises(ValidationError) as exc:
        services.feedback_reject(feedback=feedback, user=officer, reason="  ")
    assert "reason" in exc.value.message_dict
    services.feedback_reject(feedback=feedback, user=officer, reason="Bukan kewenangan Pemkot Medan (BPN).")
    feedback.refresh_from_db()
    assert feedback.status == S.REJECTED
    assert feedback.events.get(action="rejected").public_text == "Bukan kewenangan Pemkot Medan (BPN)."


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (S.RECEIVED, "respond"),
        (S.RECEIVED, "close"),
        (S.CLOSED, "verify"),
        (S.REJECTED, "respond"),
        (S.VERIFIED, "verify"),
    ],
)
def test_steps_out_of_order_are_refused_with_a_conflict(unit, officer, status, step):
    feedback = FeedbackFactory(
        unit=unit, status=status, rejection_reason="alasan penolakan" if status == S.REJECTED else ""
    )
    call = {
        "respond": lambda: services.feedback_respond(
            feedback=feedback, user=officer, text="Tanggapan yang cukup panjang."
        ),
        "close": lambda: services.feedback_close(feedback=feedback, user=officer),
        "verify": lambda: services.feedback_verify(feedback=feedback, user=officer),
    }[step]
    with pytest.raises(ConflictError) as exc:
        call()
    assert "tidak dapat dilakukan" in str(exc.value)
    feedback.refresh_from_db()
    assert feedback.status == status
    assert not feedback.events.exists()


def test_verification_deadline_is_three_working_days_and_skips_holidays(monkeypatch, unit):
    freeze(monkeypatch, 2026, 8, 14, 9)  # Friday before Independence Day (Monday 17 August)
    feedback = services.feedback_submit(
        unit=unit, scores={f"U{i}": 2 for i in range(1, 10)}, kind="complaint",
        message="Petugas tidak ada di loket.", anonymous=True,
    )  # fmt: skip
    assert feedback.verify_due == datetime.date(2026, 8, 20)


def test_answer_deadline_counts_configured_working_days_from_verification(monkeypatch, settings, unit, officer):
    settings.FEEDBACK_ANSWER_WORKING_DAYS = 5
    feedback = FeedbackFactory(unit=unit)
    freeze(monkeypatch, 2026, 12, 21, 10)  # Monday; Christmas Friday 25 December
    services.feedback_verify(feedback=feedback, user=officer)
    feedback.refresh_from_db()
    # 22, 23, 24, (25 holiday), (26-27 weekend), 28, 29
    assert feedback.answer_due == datetime.date(2026, 12, 29)


def test_overdue_flags_follow_status_and_deadlines(unit):
    today = datetime.date(2026, 6, 10)
    late_verification = FeedbackFactory(unit=unit, verify_due=datetime.date(2026, 6, 9))
    on_time = FeedbackFactory(unit=unit, verify_due=datetime.date(2026, 6, 10))
    late_answer = FeedbackFactory(
        unit=unit, status=S.FORWARDED, verify_due=datetime.date(2026, 6, 1), answer_due=datetime.date(2026, 6, 5)
    )
    answered = FeedbackFactory(
        unit=unit, status=S.RESPONDED, verify_due=datetime.date(2026, 6, 1), answer_due=datetime.date(2026, 6, 5)
    )
    flags = {
        f.pk: (f.verification_overdue, f.answer_overdue, f.is_overdue)
        for f in with_overdue(Feedback.objects.all(), today=today)
    }
    assert flags[late_verification.pk] == (True, False, True)
    assert flags[on_time.pk] == (False, False, False)
    assert flags[late_answer.pk] == (False, True, True)
    assert flags[answered.pk] == (False, False, False)
    hr = UserFactory(roles=["hr"])
    overdue = list(feedback_list(user=hr, overdue=True, today=today))
    assert {f.pk for f in overdue} == {late_verification.pk, late_answer.pk}


def test_officers_act_only_on_their_own_units_feedback(unit, officer):
    elsewhere = FeedbackFactory(unit=OrgUnitFactory())
    with pytest.raises(PermissionDenied):
        services.feedback_verify(feedback=elsewhere, user=officer)
    asn = EmployeeFactory(org_unit=unit).user  # an ASN of the same unit without the officer role
    with pytest.raises(PermissionDenied):
        services.feedback_verify(feedback=FeedbackFactory(unit=unit), user=asn)


def test_forwarding_moves_the_feedback_to_the_other_units_officers(unit, officer):
    other = OrgUnitFactory()
    other_officer = officer_of(other)
    feedback = FeedbackFactory(unit=unit, status=S.VERIFIED)
    services.feedback_forward(feedback=feedback, user=officer, unit=other)
    assert services.feedback_user_can_handle(user=other_officer, feedback=Feedback.objects.get(pk=feedback.pk))
    assert not services.feedback_user_can_handle(user=officer, feedback=Feedback.objects.get(pk=feedback.pk))
    assert list(feedback_list(user=officer)) == []
    assert [f.pk for f in feedback_list(user=other_officer)] == [feedback.pk]


def test_tags_are_for_hr_only_and_recorded(unit, officer):
    from tests.accounts.factories import CompetencyFactory
    from tests.training.factories import ProgramFactory

    feedback = FeedbackFactory(unit=unit)
    competency, program = CompetencyFactory(code="M.05"), ProgramFactory()
    with pytest.raises(PermissionDenied):
        services.feedback_tag(feedback=feedback, user=officer, competencies=[competency], programs=[])
    hr = UserFactory(roles=["hr"])
    services.feedback_tag(feedback=feedback, user=hr, competencies=[competency], programs=[program])
    assert list(feedback.competencies.all()) == [competency]
    assert list(feedback.programs.all()) == [program]
    assert feedback.events.get(action=FeedbackEvent.Action.TAGGED).note == f"M.05, {program.code}"


def test_reply_to_a_confidential_email_contact_is_emailed_after_commit(
    unit, officer, django_capture_on_commit_callbacks, mailoutbox
):
    from feedback.tasks import send_reply_email

    feedback = FeedbackFactory(unit=unit, status=S.FORWARDED, anonymous=False, contact="warga@example.com")
    with django_capture_on_commit_callbacks() as callbacks:
        event = services.feedback_respond(feedback=feedback, user=officer, text="Berkas Anda sudah selesai dicetak.")
    assert len(callbacks) == 1
    assert send_reply_email.run(event.pk) is True
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["warga@example.com"]
    assert feedback.display_code in mail.subject
    assert "Berkas Anda sudah selesai dicetak." in mail.body
    assert f"/feedback/track/{feedback.tracking_code}/" in mail.body


def test_anonymous_feedback_reply_sends_no_email(unit, officer, django_capture_on_commit_callbacks):
    feedback = FeedbackFactory(unit=unit, status=S.FORWARDED)
    with django_capture_on_commit_callbacks() as callbacks:
        services.feedback_respond(feedback=feedback, user=officer, text="Terima kasih atas masukannya.")
    assert callbacks == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_officers_verifying_at_once_record_one_verification():
    unit = OrgUnitFactory()
    officers = [officer_of(unit), officer_of(unit)]
    feedback = FeedbackFactory(unit=unit)
    barrier = threading.Barrier(2)
    outcomes = []

    def act(user):
        try:
            barrier.wait()
            services.feedback_verify(feedback=feedback, user=user)
            outcomes.append("ok")
        except ConflictError:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(u,)) for u in officers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    assert FeedbackEvent.objects.filter(feedback=feedback, action="verified").count() == 1
