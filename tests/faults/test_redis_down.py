"""Redis stopped (or hanging): citizens still submit, public figures still show,
nothing answers 500 and every page answers within 3 s; /healthz tells the truth."""

import json
import logging
import socket
import time

import pytest
from django.core.cache import caches

from asn_competency.common.models import OutboxMessage
from feedback.models import Feedback
from tests.accounts.factories import EmployeeFactory, OrgUnitFactory
from tests.training.factories import SessionFactory

from .conftest import celery_on, redis_caches

pytestmark = [pytest.mark.redis, pytest.mark.django_db]

SCORES = {f"U{i}": 3 for i in range(1, 10)}
BUDGET = 3.0  # seconds: every page must answer within this while Redis is down


def timed(call):
    started = time.perf_counter()
    response = call()
    return response, time.perf_counter() - started


def api_feedback(client, unit, message="Antrean panjang di loket 2."):
    body = {"unit": unit.code, "scores": SCORES, "kind": "complaint", "message": message, "anonymous": True}
    return client.post("/api/v1/feedback/", json.dumps(body), content_type="application/json")


def form_feedback(client, unit):
    data = {
        "unit": unit.code, "service": "", "kind": "suggestion", "message": "Tambah kursi di ruang tunggu.",
        "privacy": "anonymous", "contact_name": "", "contact": "", "consent": "on", "website": "",
        **{f"u{i}": "3" for i in range(1, 10)},
    }  # fmt: skip
    return client.post("/feedback/", data)


def test_with_redis_stopped_citizens_submit_and_pages_serve_quickly(client, on_own_redis, settings, caplog):
    settings.FEEDBACK_RATE_LIMIT = "50/d"
    unit = OrgUnitFactory(code="dukcapil-gangguan")
    assert api_feedback(client, unit).status_code == 201  # Redis up: counted in Redis
    assert client.get("/healthz").status_code == 200

    on_own_redis.stop()
    caplog.set_level(logging.WARNING)
    calls = {
        "GET /feedback/": (lambda: client.get("/feedback/"), 200),
        "POST /feedback/": (lambda: form_feedback(client, unit), 302),
        "POST /api/v1/feedback/": (lambda: api_feedback(client, unit), 201),
        "GET /feedback/ikm/": (lambda: client.get("/feedback/ikm/"), 200),
        "GET /api/v1/feedback/ikm/": (lambda: client.get(f"/api/v1/feedback/ikm/?unit={unit.code}"), 200),
        "GET /healthz": (lambda: client.get("/healthz"), 503),
    }
    for name, (call, expected) in calls.items():
        response, seconds = timed(call)
        assert response.status_code == expected, name
        assert seconds < BUDGET, f"{name} took {seconds:.2f} s"
    assert Feedback.objects.count() == 3  # both submissions during the outage are stored
    health = client.get("/healthz").json()["checks"]
    assert health["cache"]["ok"] is False and health["broker"]["ok"] is False and health["database"]["ok"]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("rate limit feedback.submit" in w and "process memory" in w for w in warnings), warnings

    on_own_redis.start()
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert api_feedback(client, unit).status_code == 201
    assert caches["ratelimit"].get_many(["x"]) == {}  # the strict alias answers again


def test_the_local_limit_still_holds_a_flood_while_redis_is_down(client, on_own_redis, settings):
    settings.FEEDBACK_RATE_LIMIT = "3/d"
    unit = OrgUnitFactory(code="dukcapil-banjir")
    on_own_redis.stop()
    statuses = [api_feedback(client, unit, message=f"Pesan ke-{n}").status_code for n in range(5)]
    assert statuses == [201, 201, 201, 429, 429]
    assert Feedback.objects.count() == 3


@pytest.fixture
def hanging_redis():
    """A TCP port that accepts connections (the kernel completes the handshake)
    and never answers: a Redis that hangs, the worst case for timeouts."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    listener.close()


def test_a_hanging_redis_costs_one_socket_timeout_then_is_skipped(
    client, hanging_redis, settings, django_capture_on_commit_callbacks
):
    settings.CACHES = redis_caches(hanging_redis)  # socket timeout 1 s, breaker 10 s
    settings.CELERY_BROKER_URL = hanging_redis
    unit = OrgUnitFactory(code="dukcapil-macet")
    response, first = timed(lambda: client.get("/feedback/ikm/"))
    assert response.status_code == 200 and first < BUDGET
    response, second = timed(lambda: api_feedback(client, unit))
    assert response.status_code == 201
    assert second < 0.5, f"the breaker should skip Redis, took {second:.2f} s"

    # Publishing to a hanging broker: the enrolment's e-mail waits in the outbox
    # after one short publish timeout (OUTBOX_PUBLISH_TIMEOUT), not Redis's 5 s.
    employee = EmployeeFactory()
    session = SessionFactory(capacity=10)
    client.force_login(employee.user)
    with celery_on(hanging_redis):
        started = time.perf_counter()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/api/v1/sessions/{session.pk}/enroll/")
        seconds = time.perf_counter() - started
    assert response.status_code == 201
    assert seconds < BUDGET, f"enrolment took {seconds:.2f} s"
    assert OutboxMessage.objects.get(task="training.send_enrollment_email").sent_at is None
