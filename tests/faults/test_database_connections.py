"""PostgreSQL connections terminated (pg_terminate_backend, as after a database
failover or restart): the next request reconnects and succeeds; a worker's next
task too (CONN_HEALTH_CHECKS and Celery's Django fix-up)."""

import json

import psycopg2
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started
from django.db import connection

from feedback.models import Feedback
from tests.accounts.factories import OrgUnitFactory

pytestmark = [pytest.mark.postgres]


def terminate_every_connection_to_the_test_database() -> int:
    s = connection.settings_dict
    admin = psycopg2.connect(
        dbname="postgres", user=s["USER"], password=s["PASSWORD"] or None, host=s["HOST"], port=s["PORT"] or 5432
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [s["NAME"]],
        )
        (count,) = cursor.fetchone()
    admin.close()
    return count


def test_the_next_request_after_connections_were_terminated_succeeds(client, transactional_db, settings):
    settings.FEEDBACK_RATE_LIMIT = ""
    settings.CONN_MAX_AGE = 60  # persistent connections, as in production
    unit = OrgUnitFactory(code="dukcapil-db")
    assert client.get("/feedback/").status_code == 200
    assert terminate_every_connection_to_the_test_database() >= 1  # this process's connection among them

    # A real server's handler checks connections at the start of each request
    # (request_started -> close_old_connections); Django's test client leaves that
    # out, so send it here as the server would.
    request_started.send(sender=WSGIHandler, environ={})
    assert client.get("/feedback/").status_code == 200
    body = {"unit": unit.code, "scores": {f"U{i}": 3 for i in range(1, 10)}, "kind": "suggestion",
            "message": "Setelah gangguan basis data.", "anonymous": True}  # fmt: skip
    response = client.post("/api/v1/feedback/", json.dumps(body), content_type="application/json")
    assert response.status_code == 201
    assert Feedback.objects.count() == 1
    assert client.get("/healthz").json()["checks"]["database"]["ok"] is True


@pytest.mark.redis
@pytest.mark.celery_worker
def test_a_worker_whose_connection_was_terminated_runs_its_next_task(celery_worker, transactional_db):
    from asn_competency.common.outbox import enqueue
    from asn_competency.common.tasks import outbox_purge

    assert outbox_purge.delay().get(timeout=20) == 0  # the worker has used its connection
    terminate_every_connection_to_the_test_database()
    connection.close()  # this process's own connection died too
    enqueue("common.add", 20, 22)
    assert outbox_purge.delay().get(timeout=20) == 0  # the worker reconnected
