import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections


@pytest.fixture
def wsgi_app(settings):
    """The project's WSGI application, calling into the test's transaction.

    Django closes "old" connections when a request starts and finishes; inside
    the test transaction that would drop it, so (as Django's own test client does)
    those handlers are off while the test runs."""
    settings.ALLOWED_HOSTS = ["*"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_app, db):
    """The schema served at /api/schema/, loaded by schemathesis, calling the app."""
    return schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
