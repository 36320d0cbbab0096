"""gunicorn settings for the web container; every value can be overridden by the environment."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):  # noqa: ARG001  (gunicorn hook signature)
    """Refuse to start on a misconfigured deployment (for example SITE_URL unset,
    system check common.E001): gunicorn itself runs no Django system checks."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("check", fail_level="ERROR")
