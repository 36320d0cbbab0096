"""Issue 14: a form filled in offline is delivered later, exactly once, and counted
in the period in which the citizen made it."""

import datetime
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from feedback import selectors
from feedback.models import Feedback, FeedbackEvent
from tests.accounts.factories import OrgUnitFactory

from .factories import ServiceFactory

URL = "/api/v1/feedback/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def unit(db):
    return OrgUnitFactory(code="kel-uji", name="Kelurahan Uji", serves_public=True)


def payload(unit_, **overrides):
    data = {
        "unit": unit_.code,
        "scores": {f"U{i}": 4 for i in range(1, 10)},
        "kind": "compliment",
        "message": "Pelayanan di kantor kelurahan cepat dan ramah.",
        "anonymous": True,
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_a_repeated_idempotency_key_header_answers_the_first_submission_and_stores_nothing_new(api, unit):
    key = str(uuid.uuid4())
    first = api.post(URL, payload(unit), format="json", headers={"Idempotency-Key": key})
    assert first.status_code == 201
    again = api.post(
        URL, payload(unit, message="Isi yang lain sama sekali."), format="json", headers={"Idempotency-Key": key}
    )
    assert again.status_code == 201
    assert again.json() == first.json()
    assert Feedback.objects.count() == 1 and FeedbackEvent.objects.count() == 1
    assert Feedback.objects.get().idempotency_key == key


@pytest.mark.django_db
def test_the_idempotency_key_field_works_too_and_a_replay_survives_a_service_that_is_gone(api, unit):
    service = ServiceFactory(unit=unit, code="surat-pindah")
    key = uuid.uuid4().hex
    first = api.post(URL, payload(unit, service="surat-pindah", idempotency_key=key), format="json")
    assert first.status_code == 201
    service.is_active = False
    service.save()
    # The first answer still stands: the form was accepted before the service was withdrawn.
    again = api.post(URL, payload(unit, service="surat-pindah", idempotency_key=key), format="json")
    assert (again.status_code, again.json()) == (201, first.json())
    assert Feedback.objects.count() == 1


@pytest.mark.django_db
def test_submissions_without_a_key_stay_independent(api, unit):
    for _i in range(2):
        assert api.post(URL, payload(unit), format="json").status_code == 201
    assert Feedback.objects.filter(idempotency_key__isnull=True).count() == 2


@pytest.mark.django_db
def test_a_malformed_idempotency_key_is_a_field_error_in_indonesian(api, unit):
    response = api.post(URL, payload(unit), format="json", headers={"Idempotency-Key": "a b"})
    assert response.status_code == 400
    assert "idempotency_key" in response.json()["errors"]
    assert "kunci" in response.json()["errors"]["idempotency_key"][0].lower()
    assert Feedback.objects.count() == 0


@pytest.mark.django_db
def test_submitted_at_becomes_the_time_of_the_feedback_and_ikm_counts_it_on_that_day(
    api, unit, django_capture_on_commit_callbacks
):
    yesterday = timezone.localtime() - datetime.timedelta(days=1)
    day = yesterday.date()
    ikm = {"unit": unit.code, "start": day.isoformat(), "end": day.isoformat()}
    # A closed period, cached for a day: the late offline submission must still show.
    assert api.get("/api/v1/feedback/ikm/", ikm).json()["responses"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(URL, payload(unit, submitted_at=yesterday.isoformat()), format="json")
    assert response.status_code == 201
    assert Feedback.objects.get().created_at == yesterday
    assert api.get("/api/v1/feedback/ikm/", ikm).json()["responses"] == 1
    today = {"unit": unit.code, "start": timezone.localdate().isoformat()}
    assert api.get("/api/v1/feedback/ikm/", today).json()["responses"] == 0
    # Received today: the history keeps the time the server took it.
    assert timezone.localtime(FeedbackEvent.objects.get().created_at).date() == timezone.localdate()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("shift", "words"),
    [
        (datetime.timedelta(hours=1), "masa depan"),
        (datetime.timedelta(days=-8), "7 hari"),
    ],
)
def test_submitted_at_is_bounded_with_an_indonesian_message_naming_the_field(api, unit, shift, words):
    when = timezone.now() + shift
    response = api.post(URL, payload(unit, submitted_at=when.isoformat()), format="json")
    assert response.status_code == 400
    message = response.json()["errors"]["submitted_at"][0]
    assert message.startswith("submitted_at:") and words in message
    assert Feedback.objects.count() == 0


@pytest.mark.django_db
def test_a_small_clock_skew_and_the_age_setting_are_allowed(api, unit, settings):
    settings.FEEDBACK_OFFLINE_MAX_AGE_DAYS = 10
    for when in (timezone.now() + datetime.timedelta(minutes=2), timezone.now() - datetime.timedelta(days=9)):
        assert api.post(URL, payload(unit, submitted_at=when.isoformat()), format="json").status_code == 201


@pytest.mark.django_db
def test_the_schema_documents_the_header_and_submitted_at(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    post = schema["paths"]["/api/v1/feedback/"]["post"]
    assert "Idempotency-Key" in {p["name"] for p in post["parameters"] if p["in"] == "header"}
    body = schema["components"]["schemas"]["FeedbackSubmitRequest"]["properties"]
    assert body["submitted_at"]["format"] == "date-time" and "idempotency_key" in body


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_deliveries_of_one_form_at_the_same_moment_store_exactly_one_row(settings):
    settings.FEEDBACK_RATE_LIMIT = ""
    unit = OrgUnitFactory(code="kel-balap", serves_public=True)
    key = str(uuid.uuid4())
    barrier = threading.Barrier(8)

    def deliver(_):
        client = APIClient()
        barrier.wait()
        try:
            response = client.post(URL, payload(unit), format="json", headers={"Idempotency-Key": key})
            return response.status_code, response.json()["tracking_code"]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(deliver, range(8)))
    assert {status for status, _code in answers} == {201}
    assert len({code for _status, code in answers}) == 1
    assert Feedback.objects.filter(idempotency_key=key).count() == 1
    assert FeedbackEvent.objects.count() == 1
    assert selectors.feedback_tracking_code_by_idempotency_key(key=key) == answers[0][1]
