"""Settings of the benchmark server: the project's own (local settings from the
environment), plus a bare one-INSERT view as the baseline of the public POST."""

from asn_competency.settings.local import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
