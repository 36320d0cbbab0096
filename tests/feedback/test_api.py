import datetime
import json

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from feedback.models import Feedback, FeedbackEvent
from feedback.services import kiosk_create
from tests.accounts.factories import OrgUnitFactory, UserFactory

from .factories import FeedbackFactory, ServiceFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/feedback/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def unit():
    return OrgUnitFactory(code="disdukcapil-uji", name="Dinas Kependudukan Uji")


def payload(unit_, **overrides):
    data = {
        "unit": unit_.code,
        "scores": {f"U{i}": 3 for i in range(1, 10)},
        "kind": "suggestion",
        "message": "Mohon sediakan antrean daring untuk perekaman KTP-el.",
        "anonymous": True,
    }
    data.update(overrides)
    return data


def test_anonymous_post_creates_feedback_and_returns_its_tracking_code(api, unit):
    ServiceFactory(unit=unit, code="ktp-el")
    response = api.post(URL, payload(unit, service="ktp-el"), format="json")
    assert response.status_code == 201
    assert set(response.json()) == {"tracking_code"}
    feedback = Feedback.objects.get(tracking_code=response.json()["tracking_code"])
    assert feedback.channel == "api" and feedback.service.code == "ktp-el" and feedback.anonymous


def test_invalid_payload_answers_400_with_indonesian_messages_per_field(api, unit):
    scores = {f"U{i}": 3 for i in range(1, 9)}
    response = api.post(URL, payload(unit, scores=scores, kind="pujian", message=""), format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"]
    assert body["errors"]["scores"] == ["Jawab kesembilan pertanyaan survei (U1 sampai U9): belum ada U9."]
    assert set(body["errors"]) >= {"scores", "kind", "message"}
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize("bad", [0, 5, "3", True, None, 2.5])
def test_scores_must_be_integers_from_one_to_four(api, unit, bad):
    scores = {f"U{i}": 3 for i in range(1, 10)} | {"U2": bad}
    response = api.post(URL, payload(unit, scores=scores), format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["scores"] == ["U2: pilih jawaban 1 sampai 4."]


def test_unknown_unit_or_service_is_a_field_error(api, unit):
    response = api.post(URL, payload(unit, unit="tidak-ada"), format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["unit"] == ["Tidak ada unit layanan publik dengan kode ini."]
    response = api.post(URL, payload(unit, service="tidak-ada"), format="json")
    assert response.json()["errors"]["service"] == [
        "Layanan ini bukan milik unit yang dipilih."
    ]  # one message: the service's (feedback_submit)


def test_anonymous_with_contact_is_refused(api, unit):
    response = api.post(URL, payload(unit, contact="warga@example.com"), format="json")
    assert response.status_code == 400
    assert "contact" in response.json()["errors"]


def test_confidential_with_contact_is_kept(api, unit):
    response = api.post(URL, payload(unit, anonymous=False, contact="warga@example.com"), format="json")
    assert response.status_code == 201
    assert Feedback.objects.get().contact == "warga@example.com"


def test_honeypot_is_refused(api, unit):
    response = api.post(URL, payload(unit, website="x"), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "honeypot"
    assert Feedback.objects.count() == 0


def test_oversized_body_is_refused_with_413(api, unit, settings):
    settings.FEEDBACK_MAX_BODY_BYTES = 2048
    response = api.post(URL, payload(unit, message="x" * 3000), format="json")
    assert response.status_code == 413
    assert response.json()["detail"] == "Kiriman terlalu besar: paling banyak 2 KB."


def test_rate_limit_answers_429_with_an_indonesian_message(api, unit, settings):
    settings.FEEDBACK_RATE_LIMIT = "3/d"
    for _ in range(3):
        assert api.post(URL, payload(unit), format="json").status_code == 201
    response = api.post(URL, payload(unit), format="json")
    assert response.status_code == 429
    assert response.json() == {
        "detail": "Terlalu banyak kiriman dari jaringan Anda. Tunggu sebentar lalu coba lagi.",
        "code": "rate_limited",
    }


def test_a_kiosk_app_pairs_once_and_is_limited_per_device_and_bound_to_its_unit(api, unit, settings):
    settings.FEEDBACK_RATE_LIMIT = "1/d"
    settings.FEEDBACK_KIOSK_RATE_LIMIT = "3/d"
    _device, code = kiosk_create(name="Tablet", unit=unit, issued_by=UserFactory(roles=["hr"]))
    paired = api.post("/api/v1/feedback/kiosk/pair/", {"code": code}, format="json")
    assert paired.status_code == 201 and paired.json()["unit"] == unit.code
    token = paired.json()["token"]
    assert api.post("/api/v1/feedback/kiosk/pair/", {"code": code}, format="json").status_code == 400  # once
    for _ in range(3):
        response = api.post(URL, payload(unit), format="json", HTTP_X_KIOSK_TOKEN=token)
        assert response.status_code == 201
    assert Feedback.objects.filter(channel="kiosk").count() == 3
    limited = api.post(URL, payload(unit), format="json", HTTP_X_KIOSK_TOKEN=token)
    assert limited.status_code == 429 and limited.json()["code"] == "rate_limited"
    assert int(limited["Retry-After"]) > 0
    settings.FEEDBACK_KIOSK_RATE_LIMIT = ""
    other = OrgUnitFactory()
    response = api.post(URL, payload(other), format="json", HTTP_X_KIOSK_TOKEN=token)
    assert response.status_code == 400


def test_track_returns_status_and_public_replies_only(api, unit):
    feedback = FeedbackFactory(unit=unit, status=Feedback.Status.RESPONDED)
    FeedbackEvent.objects.create(feedback=feedback, action="responded", public_text="Sudah kami perbaiki.")
    FeedbackEvent.objects.create(feedback=feedback, action="note", note="internal saja")
    response = api.get(f"/api/v1/feedback/track/{feedback.tracking_code}/")
    assert response.status_code == 200
    body = response.json()
    assert body["tracking_code"] == feedback.tracking_code
    assert body["status"] == "responded" and body["status_display"] == "Ditanggapi"
    assert [r["public_text"] for r in body["replies"]] == ["Sudah kami perbaiki."]
    assert "internal saja" not in json.dumps(body)
    assert "contact" not in body


def test_track_unknown_code_is_404(api):
    response = api.get("/api/v1/feedback/track/ZZZZZZZZZZZZ/")
    assert response.status_code == 404
    assert response.json()["detail"] == "Tidak ada masukan dengan kode pelacakan ini."


def _answers(unit, rows, created=None):
    for row in rows:
        feedback = FeedbackFactory(unit=unit, **{f"u{i}": v for i, v in enumerate(row, start=1)})
        if created:
            Feedback.objects.filter(pk=feedback.pk).update(created_at=created)


def test_ikm_contract_for_one_unit_and_a_period(api, unit):
    may = datetime.datetime(2026, 5, 5, 10, tzinfo=timezone.get_current_timezone())
    _answers(unit, [(4, 3, 3, 2, 4, 4, 4, 3, 3), (3, 3, 2, 2, 4, 4, 4, 3, 3)], created=may)
    _answers(unit, [(1,) * 9])  # today, outside the period
    response = api.get("/api/v1/feedback/ikm/", {"unit": unit.code, "start": "2026-05-01", "end": "2026-05-31"})
    assert response.status_code == 200
    body = response.json()
    assert {"unit", "start", "end", "responses", "elements", "ikm", "category", "label"} <= set(body)
    assert (body["unit"], body["start"], body["end"], body["responses"]) == (unit.code, "2026-05-01", "2026-05-31", 2)
    assert body["elements"][0] == {"code": "U1", "name": "Persyaratan", "nrr": 3.5}
    assert [e["code"] for e in body["elements"]] == [f"U{i}" for i in range(1, 10)]
    # NRR: 3.5, 3, 2.5, 2, 4, 4, 4, 3, 3 -> sum 29 -> 25 x 29 / 9 = 80.555... -> 80.56 (B)
    assert body["ikm"] == 80.56
    assert (body["category"], body["label"]) == ("B", "Baik")
    assert body["sample_warning"] is True


def test_ikm_of_all_units_when_unit_is_omitted(api, unit):
    _answers(unit, [(4,) * 9])
    _answers(OrgUnitFactory(), [(2,) * 9])
    body = api.get("/api/v1/feedback/ikm/").json()
    assert body["unit"] is None and body["start"] is None
    assert body["responses"] == 2 and body["ikm"] == 75.0 and body["category"] == "C"


def test_ikm_bad_parameters_are_400(api, unit):
    response = api.get("/api/v1/feedback/ikm/", {"start": "2026-13-01"})
    assert response.status_code == 400
    assert "start" in response.json()["errors"]
    response = api.get("/api/v1/feedback/ikm/", {"start": "2026-05-02", "end": "2026-05-01"})
    assert response.json()["errors"]["end"] == ["Tanggal akhir tidak boleh sebelum tanggal awal."]
    response = api.get("/api/v1/feedback/ikm/", {"unit": "tidak-ada"})
    assert response.status_code == 400


def test_ikm_is_served_from_the_cache_until_refreshed(api, unit, django_assert_num_queries):
    from feedback.services import ikm_refresh

    _answers(unit, [(4,) * 9])
    first = api.get("/api/v1/feedback/ikm/", {"unit": unit.code}).json()
    # Written without the service, on an earlier day (as an import would): not seen until refreshed.
    _answers(unit, [(2,) * 9], created=timezone.now() - datetime.timedelta(days=1))
    with django_assert_num_queries(2):  # the unit and today's newest submission; the figures: cached
        cached = api.get("/api/v1/feedback/ikm/", {"unit": unit.code}).json()
    assert cached["ikm"] == first["ikm"] == 100.0
    ikm_refresh()
    assert api.get("/api/v1/feedback/ikm/", {"unit": unit.code}).json()["ikm"] == 75.0


def test_ikm_api_query_count_does_not_grow_with_data(api, unit, django_assert_num_queries):
    _answers(unit, [(3,) * 9] * 3)
    # unit lookup + today's newest submission (the cache key of an open period) + the
    # summarised periods + one aggregate over the rows not summarised (the cache is
    # cleared between tests, so this is a miss)
    with django_assert_num_queries(4):
        api.get("/api/v1/feedback/ikm/", {"unit": unit.code, "start": "2026-01-01"})
    _answers(unit, [(3,) * 9] * 40)
    with django_assert_num_queries(4):
        api.get("/api/v1/feedback/ikm/", {"unit": unit.code, "start": "2026-01-02"})


def test_ikm_of_one_service_of_a_unit(api, unit):
    ktp = ServiceFactory(unit=unit, code="ktp-el")
    FeedbackFactory(unit=unit, service=ktp, **{f"u{i}": 4 for i in range(1, 10)})
    FeedbackFactory(unit=unit, **{f"u{i}": 1 for i in range(1, 10)})
    body = api.get("/api/v1/feedback/ikm/", {"unit": unit.code, "service": "ktp-el"}).json()
    assert (body["service"], body["responses"], body["ikm"]) == ("ktp-el", 1, 100.0)
    response = api.get("/api/v1/feedback/ikm/", {"service": "ktp-el"})
    assert response.status_code == 400
    assert response.json()["errors"]["service"] == ["Sebutkan juga unit dari layanan tersebut."]


def test_a_field_of_the_wrong_type_is_reported_with_every_other_fault_at_once(api, unit):
    body = payload(unit, anonymous="barangkali", kind="pujian", message="", contact_name=["x"])
    body["scores"].pop("U9")
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"anonymous", "kind", "message", "scores", "contact_name"}, errors
    assert errors["scores"] == ["Jawab kesembilan pertanyaan survei (U1 sampai U9): belum ada U9."]
    assert errors["message"] == ["Tulis paling sedikit 10 karakter agar unit memahami masukan Anda."]
    assert Feedback.objects.count() == 0


def test_an_unknown_unit_is_reported_with_the_other_faults(api, unit):
    response = api.post(URL, payload(unit, unit="tidak-ada", service="ktp-el", message="pendek"), format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"unit", "message"}, errors  # the service is not judged without its unit
    assert errors["unit"] == ["Tidak ada unit layanan publik dengan kode ini."]


@pytest.mark.parametrize("body", [[], "teks", 7])
def test_a_body_that_is_not_an_object_is_refused_with_a_message(api, body):
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"] == ["Kirim masukan sebagai objek JSON beserta kolomnya."]


@pytest.mark.parametrize(("sent", "stored"), [("true", True), ("False", False), (1, True), (0, False)])
def test_anonymous_is_read_as_a_serializer_reads_a_boolean(api, unit, sent, stored):
    response = api.post(URL, payload(unit, anonymous=sent), format="json")
    assert response.status_code == 201, response.content
    assert Feedback.objects.get().anonymous is stored


def test_the_runtime_check_reads_every_field_the_documented_body_declares():
    from feedback.api.serializers import FeedbackSubmitSerializer, submission_from_json

    fields, _errors = submission_from_json({})
    assert set(fields) == set(FeedbackSubmitSerializer().fields)
