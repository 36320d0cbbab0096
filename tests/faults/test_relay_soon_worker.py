"""The public form's background work is published by a worker process a moment after
the commit (outbox.relay_soon, with the production window: a relay task due at its
end), and runs once."""

import pytest
from rest_framework.test import APIClient

from asn_competency.common.models import OutboxMessage
from feedback.models import FeedbackEvent
from tests.accounts.factories import OrgUnitFactory
from tests.utils import wait_until

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


def test_a_worker_process_relays_the_public_forms_work_after_the_window(transactional_db, settings, worker_process):
    settings.FEEDBACK_RATE_LIMIT = ""
    settings.OUTBOX_RELAY_SOON_SECONDS = 1.0
    unit = OrgUnitFactory(code="relay-soon")
    worker_process().start()
    citizen = APIClient()
    body = {
        "unit": unit.code,
        "scores": {f"U{i}": 3 for i in range(1, 10)},
        "kind": "complaint",
        "message": "Antrean perekaman KTP-el sangat panjang hari ini.",
        "anonymous": False,
        "contact_name": "Rahmawati",
        "contact": "rahma@contoh.id",
    }
    for _ in range(3):
        assert citizen.post("/api/v1/feedback/", body, format="json").status_code == 201
    rows = OutboxMessage.objects.filter(task__in=["feedback.notify_officers", "feedback.send_receipt_email"])
    assert rows.count() == 6
    # One relay task, due a second after the first commit, publishes all six; each runs once.
    wait_until(lambda: rows.filter(done_at__isnull=False).count() == 6, timeout=40, what="the six tasks run")
    assert not rows.filter(sent_at__isnull=True).exists()
    assert FeedbackEvent.objects.filter(officers_notified_at__isnull=False).count() == 3
