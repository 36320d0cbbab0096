"""The citizen answers back on the tracking page and the API (SP4N-LAPOR! style):
reply, rate the handling once, reopen within the working-day window; auto-close
only after it; officers are told at once of new feedback in their unit."""

import datetime
import time

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from asn_competency.common.errors import ConflictError
from feedback import services
from feedback.models import Feedback, FeedbackEvent
from feedback.tasks import notify_officers
from tests.accounts.factories import OrgUnitFactory

from .factories import officer_of, submission

pytestmark = pytest.mark.django_db
S = Feedback.Status
A = FeedbackEvent.Action


@pytest.fixture
def unit():
    return OrgUnitFactory(code="disdukcapil-uji", name="Disdukcapil Uji")


def officer_with_email(unit, email):
    user = officer_of(unit)
    user.email = email
    user.save(update_fields=["email"])
    return user


@pytest.fixture
def officer(unit):
    return officer_with_email(unit, "petugas@pemkomedan.go.id")


@pytest.fixture
def answered(unit, officer):
    """A feedback the unit has verified and answered today."""
    feedback = services.feedback_submit(**submission(unit=unit))
    services.feedback_verify(feedback=feedback, user=officer)
    services.feedback_respond(feedback=feedback, user=officer, text="Blangko sudah tersedia, silakan ambil.")
    feedback.refresh_from_db()
    return feedback


def _answered_on(feedback, day):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    Feedback.objects.filter(pk=feedback.pk).update(responded_at=moment)
    feedback.refresh_from_db()
    return feedback


def _track(feedback):
    return f"/feedback/track/{feedback.tracking_code}/"


# --- tracking page: verified ---------------------------------------------------------------------


def test_the_tracking_page_says_verified_once_the_unit_has_verified(client, unit, officer):
    feedback = services.feedback_submit(**submission(unit=unit))
    html = client.get(_track(feedback)).content.decode()
    assert "Belum ada tanggapan" in html and 'id="verified-at"' not in html
    services.feedback_verify(feedback=feedback, user=officer)
    html = client.get(_track(feedback)).content.decode()
    assert "Belum ada tanggapan" not in html
    assert 'id="verified-at"' in html and "Unit telah memverifikasi pengaduan Anda" in html
    body = APIClient().get(f"/api/v1/feedback/track/{feedback.tracking_code}/").json()
    assert body["verified_at"] and [r["action"] for r in body["replies"]] == ["verified"]


# --- reply ------------------------------------------------------------------------------------------


def test_the_citizen_replies_after_the_answer_and_the_officers_are_told(
    client, answered, officer, django_capture_on_commit_callbacks
):
    html = client.get(_track(answered)).content.decode()
    assert f'action="/feedback/track/{answered.tracking_code}/reply/"' in html
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(_track(answered) + "reply/", {"text": "Terima kasih, tapi nama saya salah ketik."})
    assert response.status_code == 302
    event = FeedbackEvent.objects.get(feedback=answered, action=A.CITIZEN_REPLY)
    assert event.public_text == "Terima kasih, tapi nama saya salah ketik." and event.actor is None
    assert "nama saya salah ketik" in client.get(_track(answered)).content.decode()
    assert len(callbacks) == 1  # one enqueue: the officers' notice
    assert notify_officers.run(event.pk) == 1
    assert mail.outbox[-1].to == ["petugas@pemkomedan.go.id"]
    assert answered.display_code in mail.outbox[-1].subject and "membalas" in mail.outbox[-1].subject
    assert "salah ketik" not in mail.outbox[-1].body  # no citizen text in e-mails: officers follow the link
    assert answered.get_staff_url() in mail.outbox[-1].body


def test_no_reply_before_the_unit_has_answered(client, unit):
    feedback = services.feedback_submit(**submission(unit=unit))
    assert 'reply/"' not in client.get(_track(feedback)).content.decode()
    with pytest.raises(ConflictError):
        services.feedback_citizen_reply(feedback=feedback, text="Halo, bagaimana?")
    response = client.post(_track(feedback) + "reply/", {"text": "Halo, bagaimana?"})
    assert response.status_code == 409
    assert "Halo, bagaimana?" in response.content.decode()  # the input is kept
    assert not FeedbackEvent.objects.filter(feedback=feedback, action=A.CITIZEN_REPLY).exists()


def test_a_reply_has_a_length_limit(client, answered, settings):
    response = client.post(_track(answered) + "reply/", {"text": "x" * (settings.FEEDBACK_MESSAGE_MAX_LENGTH + 1)})
    assert response.status_code == 400
    assert not FeedbackEvent.objects.filter(feedback=answered, action=A.CITIZEN_REPLY).exists()


# --- rating -----------------------------------------------------------------------------------------


def test_the_citizen_rates_the_handling_once(client, answered):
    response = client.post(_track(answered) + "rate/", {"rating": "4", "comment": "Cepat, terima kasih."})
    assert response.status_code == 302
    answered.refresh_from_db()
    assert (answered.citizen_rating, answered.citizen_rating_comment) == (4, "Cepat, terima kasih.")
    html = client.get(_track(answered)).content.decode()
    assert 'id="citizen-rating"' in html and "4/5" in html and 'rate/"' not in html
    response = client.post(_track(answered) + "rate/", {"rating": "1", "comment": "Ganti nilai"})
    assert response.status_code == 409
    assert "sudah menilai" in response.content.decode()
    answered.refresh_from_db()
    assert answered.citizen_rating == 4
    assert FeedbackEvent.objects.filter(feedback=answered, action=A.RATED).count() == 1


@pytest.mark.parametrize("rating", ["0", "6", "lima", ""])
def test_a_rating_is_1_to_5(client, answered, rating):
    response = client.post(_track(answered) + "rate/", {"rating": rating})
    assert response.status_code == 400
    answered.refresh_from_db()
    assert answered.citizen_rating is None


def test_no_rating_before_the_unit_has_answered(unit):
    feedback = services.feedback_submit(**submission(unit=unit))
    with pytest.raises(ConflictError):
        services.feedback_citizen_rate(feedback=feedback, rating=5)


def test_the_database_refuses_a_rating_outside_1_to_5(answered):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.filter(pk=answered.pk).update(citizen_rating=9, rated_at=timezone.now())


# --- reopening ---------------------------------------------------------------------------------------


def test_the_citizen_reopens_within_the_window_and_the_unit_answers_again(
    client, answered, officer, django_capture_on_commit_callbacks
):
    html = client.get(_track(answered)).content.decode()
    assert "Belum selesai?" in html
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(_track(answered) + "reopen/", {"reason": "KTP saya belum juga dicetak."})
    assert response.status_code == 302
    answered.refresh_from_db()
    assert answered.status == S.VERIFIED and answered.closed_at is None
    assert answered.answer_due > timezone.localdate()
    event = FeedbackEvent.objects.get(feedback=answered, action=A.REOPENED)
    assert event.from_status == S.RESPONDED and event.public_text == "KTP saya belum juga dicetak."
    assert len(callbacks) == 1 and notify_officers.run(event.pk) == 1
    assert "membuka kembali" in mail.outbox[-1].subject
    # The unit answers again; the window counts from the new answer.
    services.feedback_respond(feedback=answered, user=officer, text="Sudah dicetak, silakan ambil di loket 3.")
    answered.refresh_from_db()
    assert services.feedback_citizen_can_reopen(feedback=answered)


def test_the_citizen_may_reopen_even_after_the_unit_closed_it_within_the_window(answered, officer):
    services.feedback_close(feedback=answered, user=officer)
    answered.refresh_from_db()
    services.feedback_citizen_reopen(feedback=answered, reason="Belum selesai sama sekali.")
    answered.refresh_from_db()
    assert answered.status == S.VERIFIED


def test_reopening_after_the_window_is_refused(client, answered, settings):
    settings.FEEDBACK_REOPEN_WORKING_DAYS = 5
    # Answered Thursday 4 June 2026: 5 working days end Thursday 11 June.
    _answered_on(answered, datetime.date(2026, 6, 4))
    assert services.feedback_reopen_deadline(feedback=answered) == datetime.date(2026, 6, 11)
    assert services.feedback_citizen_can_reopen(feedback=answered, today=datetime.date(2026, 6, 11))
    assert not services.feedback_citizen_can_reopen(feedback=answered, today=datetime.date(2026, 6, 12))
    # Today is long after that.
    assert "Belum selesai?" not in client.get(_track(answered)).content.decode()
    response = client.post(_track(answered) + "reopen/", {"reason": "Masih belum beres juga."})
    assert response.status_code == 409
    assert "11 Juni 2026" in response.content.decode()
    answered.refresh_from_db()
    assert answered.status == S.RESPONDED


def test_the_window_counts_working_days_with_indonesian_holidays(answered, settings):
    settings.FEEDBACK_REOPEN_WORKING_DAYS = 2
    # Answered Friday 14 August 2026: Monday 17 August is Independence Day, so the window ends Wednesday 19.
    _answered_on(answered, datetime.date(2026, 8, 14))
    assert services.feedback_reopen_deadline(feedback=answered) == datetime.date(2026, 8, 19)


def test_reopening_needs_a_reason_and_has_a_limit(client, answered, officer, settings):
    response = client.post(_track(answered) + "reopen/", {"reason": "belum"})
    assert response.status_code == 400
    assert "minimal 10 karakter" in response.content.decode()
    settings.FEEDBACK_MAX_REOPENINGS = 1
    services.feedback_citizen_reopen(feedback=answered, reason="Belum selesai sama sekali.")
    services.feedback_respond(feedback=answered, user=officer, text="Sudah kami proses ulang hari ini.")
    with pytest.raises(ConflictError) as exc:
        services.feedback_citizen_reopen(feedback=answered, reason="Masih juga belum selesai.")
    assert exc.value.code == "reopen_limit"


def test_an_unanswered_feedback_cannot_be_reopened(unit):
    feedback = services.feedback_submit(**submission(unit=unit))
    with pytest.raises(ConflictError):
        services.feedback_citizen_reopen(feedback=feedback, reason="Belum ada jawaban sama sekali.")


def test_auto_close_waits_for_the_reopening_window(answered, settings):
    settings.FEEDBACK_AUTO_CLOSE_WORKING_DAYS = 1
    settings.FEEDBACK_REOPEN_WORKING_DAYS = 5
    _answered_on(answered, datetime.date(2026, 6, 4))  # window ends Thursday 11 June
    assert services.feedback_auto_close(today=datetime.date(2026, 6, 11)) == 0
    assert services.feedback_auto_close(today=datetime.date(2026, 6, 12)) == 1
    answered.refresh_from_db()
    assert answered.status == S.CLOSED
    assert not services.feedback_citizen_can_reopen(feedback=answered, today=datetime.date(2026, 6, 12))


# --- abuse: CSRF, rate limit, unknown codes --------------------------------------------------------


def test_the_tracking_page_forms_need_the_csrf_token(answered, unit):
    client = Client(enforce_csrf_checks=True)
    assert client.post(_track(answered) + "rate/", {"rating": "5"}).status_code == 403
    answered.refresh_from_db()
    assert answered.citizen_rating is None
    unanswered = services.feedback_submit(**submission(unit=unit))
    base = client.get(_track(unanswered)).content.decode().count('name="csrfmiddlewaretoken"')
    html = client.get(_track(answered)).content.decode()
    assert html.count('name="csrfmiddlewaretoken"') == base + 3  # reply, rate, reopen


def test_follow_ups_are_rate_limited_per_address_and_keep_the_input(client, answered, settings):
    settings.FEEDBACK_FOLLOW_UP_RATE_LIMIT = "2/d"
    for n in range(2):
        assert client.post(_track(answered) + "reply/", {"text": f"Balasan {n}"}).status_code == 302
    response = client.post(_track(answered) + "reply/", {"text": "Balasan ketiga"})
    assert response.status_code == 429
    assert "Balasan ketiga" in response.content.decode()
    api = APIClient()
    url = f"/api/v1/feedback/track/{answered.tracking_code}/rate/"
    assert api.post(url, {"rating": 5}, format="json").status_code == 429
    # Guessing codes through these posts meets the same limit.
    assert client.post("/feedback/track/ZZZZZZZZZZZZ/reply/", {"text": "Halo"}).status_code == 429
    assert FeedbackEvent.objects.filter(feedback=answered, action=A.CITIZEN_REPLY).count() == 2


def test_unknown_codes_and_actions_are_404(client, answered):
    assert client.post("/feedback/track/ZZZZZZZZZZZZ/reply/", {"text": "Halo"}).status_code == 404
    assert client.post(_track(answered) + "delete/", {}).status_code == 404
    assert client.get(_track(answered) + "reply/").status_code == 405


# --- API -------------------------------------------------------------------------------------------------


def test_the_api_replies_rates_and_reopens(answered):
    api = APIClient()
    base = f"/api/v1/feedback/track/{answered.tracking_code}/"
    body = api.get(base).json()
    assert body["can_reply"] and body["can_rate"] and body["can_reopen"] and body["reopen_until"]
    response = api.post(base + "reply/", {"text": "Terima kasih atas jawabannya."}, format="json")
    assert response.status_code == 200
    assert response.json()["replies"][-1]["action"] == "citizen_reply"
    response = api.post(base + "rate/", {"rating": 5, "comment": "Baik"}, format="json")
    assert response.status_code == 200 and response.json()["citizen_rating"] == 5
    assert response.json()["can_rate"] is False
    second = api.post(base + "rate/", {"rating": 1}, format="json")
    assert second.status_code == 409 and "sudah menilai" in second.json()["detail"]
    response = api.post(base + "reopen/", {"reason": "Ternyata belum selesai."}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "verified"


def test_the_api_refuses_bad_input_forms_and_unknown_codes(answered):
    api = APIClient()
    base = f"/api/v1/feedback/track/{answered.tracking_code}/"
    assert api.post(base + "rate/", {"rating": 6}, format="json").status_code == 400
    assert api.post(base + "reopen/", {"reason": "pendek"}, format="json").status_code == 400
    assert api.post(base + "reply/", {"text": "x" * 5000}, format="json").status_code == 400
    # JSON only: a cross-site HTML form (form-encoded) cannot act with a known code.
    assert api.post(base + "rate/", {"rating": 5}).status_code == 415
    assert api.post("/api/v1/feedback/track/ZZZZZZZZZZZZ/reply/", {"text": "Halo"}, format="json").status_code == 404


def test_the_api_refuses_reopening_after_the_window(answered):
    _answered_on(answered, datetime.date(2026, 6, 4))
    response = APIClient().post(
        f"/api/v1/feedback/track/{answered.tracking_code}/reopen/", {"reason": "Masih belum beres."}, format="json"
    )
    assert response.status_code == 409


# --- officers' notice of new feedback ---------------------------------------------------------------


def test_officers_are_told_at_once_of_new_feedback_in_their_unit(unit, officer, django_capture_on_commit_callbacks):
    other_officer = officer_with_email(OrgUnitFactory(), "lain@pemkomedan.go.id")
    with django_capture_on_commit_callbacks() as callbacks:
        feedback = services.feedback_submit(**submission(unit=unit))
    assert len(callbacks) == 1  # the relay of the notice (IKM figures: see feedback.selectors.ikm._today_token)
    event = FeedbackEvent.objects.get(feedback=feedback, action=A.SUBMITTED)
    assert services.feedback_officers_notify(event_id=event.pk) == 1
    assert services.feedback_officers_notify(event_id=event.pk) == 0  # a rerun sends nothing twice
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["petugas@pemkomedan.go.id"] and other_officer.email not in message.to
    assert feedback.display_code in message.subject and "Disdukcapil Uji" in message.subject
    assert feedback.message not in message.body


def test_a_failed_send_is_retried_later(unit, officer, settings):
    settings.EMAIL_BACKEND = "tests.feedback.test_citizen_follow_up.FailingBackend"
    feedback = services.feedback_submit(**submission(unit=unit))
    event = FeedbackEvent.objects.get(feedback=feedback, action=A.SUBMITTED)
    with pytest.raises(OSError):
        services.feedback_officers_notify(event_id=event.pk)
    event.refresh_from_db()
    assert event.officers_notified_at is None  # released for the retry
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.feedback_officers_notify(event_id=event.pk) == 1


def test_forwarding_tells_the_new_units_officers(unit, officer, django_capture_on_commit_callbacks):
    other = OrgUnitFactory(name="Dinas Lain")
    officer_with_email(other, "lain@pemkomedan.go.id")
    feedback = services.feedback_submit(**submission(unit=unit))
    services.feedback_verify(feedback=feedback, user=officer)
    with django_capture_on_commit_callbacks() as callbacks:
        services.feedback_forward(feedback=feedback, user=officer, unit=other)
    assert len(callbacks) == 1
    event = FeedbackEvent.objects.get(feedback=feedback, action=A.FORWARDED)
    assert services.feedback_officers_notify(event_id=event.pk) == 1
    assert mail.outbox[-1].to == ["lain@pemkomedan.go.id"]


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_submission_through_the_api_reaches_the_officers_through_a_real_worker(celery_worker):
    unit = OrgUnitFactory(code="dinkes-uji", name="Dinkes Uji")
    officer_with_email(unit, "petugas.dinkes@pemkomedan.go.id")
    payload = {
        "unit": unit.code,
        "scores": {f"U{i}": 3 for i in range(1, 10)},
        "kind": "complaint",
        "message": "Antrean poli umum sangat panjang.",
        "anonymous": True,
    }
    assert APIClient().post("/api/v1/feedback/", payload, format="json").status_code == 201
    deadline = time.monotonic() + 30
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [m.to for m in mail.outbox] == [["petugas.dinkes@pemkomedan.go.id"]]
    assert FeedbackEvent.objects.get(action=A.SUBMITTED).officers_notified_at is not None


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_ratings_sent_at_once_record_one():
    import threading

    from django.db import connection

    from .factories import FeedbackFactory

    feedback = FeedbackFactory(status=S.RESPONDED, responded_at=timezone.now())
    barrier = threading.Barrier(2)
    outcomes = []

    def rate(value):
        try:
            barrier.wait()
            services.feedback_citizen_rate(feedback=feedback, rating=value)
            outcomes.append("ok")
        except ConflictError:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=rate, args=(v,)) for v in (2, 5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    assert FeedbackEvent.objects.filter(feedback=feedback, action=A.RATED).count() == 1


def test_the_staff_desk_shows_the_citizens_rating(client, answered, officer):
    services.feedback_citizen_rate(feedback=answered, rating=2, comment="Lambat sekali.")
    client.force_login(officer)
    html = client.get(answered.get_staff_url()).content.decode()
    assert "Penilaian warga" in html and "2/5" in html and "Lambat sekali." in html


def test_the_tracking_page_states_the_configured_verification_period(client, unit, settings):
    settings.FEEDBACK_VERIFY_WORKING_DAYS = 2
    feedback = services.feedback_submit(**submission(unit=unit))
    assert "memverifikasi pengaduan dalam 2 hari kerja" in client.get(_track(feedback)).content.decode()
