"""Persistent database connections (CONN_MAX_AGE) against one connection per request."""

from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection

from bench.conftest import measure, report
from tests.accounts.factories import OrgUnitFactory

REQUESTS = 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_bench_persistent_connections_against_a_new_connection_per_request():
    for i in range(20):
        OrgUnitFactory(code=f"bench-{i}")
    # The real WSGI handler, as gunicorn calls it: unlike the test client it
    # fires request_started/finished, which close connections older than CONN_MAX_AGE.
    handler = WSGIHandler()

    def serve():
        for _ in range(REQUESTS):
            environ = {}
            setup_testing_defaults(environ)
            environ.update(PATH_INFO="/api/v1/units/", HTTP_HOST="localhost", REQUEST_METHOD="GET")
            started = []
            body = handler(environ, lambda status, _headers, started=started: started.append(status))
            b"".join(body)
            body.close()
            assert started[0].startswith("200"), started

    settings_dict = connection.settings_dict
    original = settings_dict["CONN_MAX_AGE"]
    try:
        settings_dict["CONN_MAX_AGE"] = 0
        fresh = measure(serve, repeat=3)
        settings_dict["CONN_MAX_AGE"] = 60
        persistent = measure(serve, repeat=3)
    finally:
        settings_dict["CONN_MAX_AGE"] = original
    report(
        f"{REQUESTS} requests to /api/v1/units/",
        subject=persistent,
        baseline=fresh,
        subject_label="CONN_MAX_AGE=60",
        baseline_label="CONN_MAX_AGE=0",
    )
