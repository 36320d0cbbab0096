"""Test settings: SQLite by default, PostgreSQL/Redis when DATABASE_URL/REDIS_URL
are set (CI sets both, plus REQUIRE_SERVICES=1)."""

import tempfile

from .base import *  # noqa: F403
from .base import REDIS_URL, env

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="km-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Test requests must not be rate-limited or locked out by each other unless a
# test turns a limit on itself.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
if REDIS_URL:
    # Keep test keys apart from a running development system.
    for _alias in CACHES.values():  # noqa: F405
        _alias["KEY_PREFIX"] = "km-test"
else:
    _broker = tempfile.mkdtemp(prefix="km-broker-")
    CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": _broker, "data_folder_out": _broker, "control_folder": _broker}
    CELERY_RESULT_BACKEND = "cache+memory://"
# The public form's outbox rows are relayed by a task queued without a due time:
# celery's in-process test worker runs tasks with a due time (countdown) only in the
# first worker a test process starts. The window itself is tested on a real broker
# (tests/feedback/test_relay_soon.py) and with a worker process, as in production
# (tests/faults/test_relay_soon_worker.py).
OUTBOX_RELAY_SOON_SECONDS = 0
# Serve static files from the finders (node_modules, static/) without collectstatic,
# so that live-server browser tests get Bootstrap and htmx.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
