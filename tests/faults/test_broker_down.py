"""Broker (Redis) stopped: enrolment, feedback and report requests still succeed at
once; their background work waits in the outbox and runs once Redis is back, every
e-mail exactly once, the report done (a real worker on the test's own Redis)."""

import json
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connections
from django.utils import timezone
from rest_framework.test import APIClient

from asn_competency.celery_app import app
from asn_competency.common.models import OutboxMessage
from asn_competency.common.outbox import relay_pending
from asn_competency.common.tasks import add, outbox_relay
from evaluation.models import ReportRun
from feedback.models import Feedback
from tests.accounts.factories import EmployeeFactory, OrgUnitFactory, UserFactory
from tests.training.factories import SessionFactory
from training.models import Enrollment

pytestmark = [pytest.mark.redis, pytest.mark.postgres]

BUDGET = 3.0


def timed(call):
    started = time.perf_counter()
    response = call()
    return response, time.perf_counter() - started


def wait_until(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


@pytest.fixture
def worker(monkeypatch):
    """Start a real Celery worker (thread, solo pool) on the app's current broker."""
    monkeypatch.setitem(connections.settings["default"], "CONN_MAX_AGE", 0)

    def start():
        return start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10)

    return start


def test_work_recorded_while_the_broker_is_down_runs_once_when_it_returns(
    on_own_redis, transactional_db, settings, worker
):
    settings.FEEDBACK_RATE_LIMIT = ""
    employee = EmployeeFactory(email="sri.lubis@pemkomedan.go.id")
    session = SessionFactory(capacity=10)
    unit = OrgUnitFactory(code="dukcapil-antre")
    asn, staff, citizen = APIClient(), APIClient(), APIClient()
    asn.force_authenticate(employee.user)
    staff.force_authenticate(UserFactory(roles=["hr"]))
    today = timezone.localdate().isoformat()
    feedback = {"unit": unit.code, "scores": {f"U{i}": 4 for i in range(1, 10)}, "kind": "compliment",
                "message": "Pelayanan cepat.", "anonymous": True}  # fmt: skip

    on_own_redis.stop()
    enrolled, t_enrol = timed(lambda: asn.post(f"/api/v1/sessions/{session.pk}/enroll/"))
    submitted, t_feedback = timed(
        lambda: citizen.post("/api/v1/feedback/", json.dumps(feedback), content_type="application/json")
    )
    requested, t_report = timed(
        lambda: staff.post("/api/v1/evaluation/reports/run/", {"period": "month", "day": today})
    )
    assert (enrolled.status_code, submitted.status_code, requested.status_code) == (201, 201, 202)
    assert max(t_enrol, t_feedback, t_report) < BUDGET, (t_enrol, t_feedback, t_report)
    assert Enrollment.objects.filter(employee=employee, session=session).exists() and Feedback.objects.count() == 1
    # A second request returns the queued run (no duplicate run, no block for 31 minutes).
    again = staff.post("/api/v1/evaluation/reports/run/", {"period": "month", "day": today})
    assert again.json()["run"] == requested.json()["run"]
    pending = sorted(OutboxMessage.objects.filter(sent_at__isnull=True).values_list("task", flat=True))
    # The report run, the enrolment e-mail and the notice to the unit's officers (it has none here).
    assert pending == ["evaluation.generate_report", "feedback.notify_officers", "training.send_enrollment_email"]
    assert mail.outbox == []

    on_own_redis.start()
    settings.OUTBOX_RELAY_AFTER_SECONDS = 0  # production: rows older than 30 s
    with worker():
        assert outbox_relay.delay().get(timeout=20) == 3  # the beat job (every minute), run by the worker
        run = ReportRun.objects.get(pk=requested.json()["run"])
        assert wait_until(lambda: ReportRun.objects.get(pk=run.pk).status == ReportRun.Status.DONE)
        assert wait_until(lambda: len(mail.outbox) == 1)
        assert mail.outbox[0].to == ["sri.lubis@pemkomedan.go.id"]
        # At least once: the relay publishes the e-mail again (as after a crash
        # between publishing and marking it sent); the worker skips the duplicate.
        OutboxMessage.objects.filter(task="training.send_enrollment_email").update(sent_at=None)
        assert relay_pending(older_than=0) == 1
        assert add.delay(1, 1).get(timeout=20) == 2  # solo pool: the duplicate was handled before this
    assert len(mail.outbox) == 1
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
    assert OutboxMessage.objects.filter(done_at__isnull=True).count() == 0
