"""The public form's background work (the officers' notice, the receipt e-mail) is
published by the worker a moment after the commit (outbox.relay_soon), not by each
request: a busy minute of submissions costs one small broker message per process and
second, and the work still runs once."""

import json

import pytest
from django.core import mail
from rest_framework.test import APIClient

from asn_competency.celery_app import app
from asn_competency.common.models import OutboxMessage
from tests.accounts.factories import OrgUnitFactory
from tests.utils import wait_until

from .factories import officer_of

URL = "/api/v1/feedback/"


def _body(unit, **overrides):
    return {
        "unit": unit.code,
        "scores": {f"U{i}": 3 for i in range(1, 10)},
        "kind": "complaint",
        "message": "Antrean perekaman KTP-el sangat panjang hari ini.",
        "anonymous": True,
        **overrides,
    }


def _queued_tasks() -> list[str]:
    """The task names of the messages waiting on the broker's default queue (Redis)."""
    with app.connection_for_read() as connection:
        raw = connection.default_channel.client.lrange(app.conf.task_default_queue, 0, -1)
    return sorted(json.loads(item)["headers"]["task"] for item in raw)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_burst_of_submissions_queues_one_relay_and_publishes_nothing_itself(settings):
    settings.FEEDBACK_RATE_LIMIT = ""
    settings.OUTBOX_RELAY_SOON_SECONDS = 60  # the whole burst falls in one window
    unit = OrgUnitFactory(code="dukcapil-relay")
    app.control.purge()
    citizen = APIClient()
    for _ in range(5):
        assert citizen.post(URL, _body(unit), format="json").status_code == 201
    assert _queued_tasks() == ["common.outbox_relay_soon"]
    pending = OutboxMessage.objects.filter(task="feedback.notify_officers", sent_at__isnull=True)
    assert pending.count() == 5  # published by the worker's relay, not by the requests
    app.control.purge()


@pytest.mark.celery_worker
def test_the_worker_relays_the_submissions_work_and_it_runs_once(celery_worker, settings):
    settings.FEEDBACK_RATE_LIMIT = ""
    # No window (as in every test: see asn_competency/settings/test.py): every
    # submission queues a relay, due at once.
    settings.OUTBOX_RELAY_SOON_SECONDS = 0
    unit = OrgUnitFactory(code="dukcapil-relay")
    officer = officer_of(unit)
    citizen = APIClient()
    body = _body(unit, anonymous=False, contact_name="Rahmawati", contact="rahma@contoh.id")
    codes = [citizen.post(URL, body, format="json").json()["tracking_code"] for _ in range(2)]

    wait_until(
        lambda: OutboxMessage.objects.filter(done_at__isnull=False).count() == 4,  # 2 notices, 2 receipts
        timeout=20,
        what="the relayed work",
    )
    receipts = sorted(m.subject for m in mail.outbox if m.to == ["rahma@contoh.id"])
    assert len(receipts) == 2 and all(any(code[:4] in s for s in receipts) for code in codes)
    assert officer.notifications.count() == 2  # each submission's notice, once
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
