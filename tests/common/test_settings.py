"""Settings come from the environment: checked in a fresh interpreter each time."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "host": db.get("HOST"),
    "conn_max_age": db["CONN_MAX_AGE"], "health": db["CONN_HEALTH_CHECKS"],
    "cache": settings.CACHES["default"]["BACKEND"], "broker": settings.CELERY_BROKER_URL,
    "debug": settings.DEBUG, "tz": settings.TIME_ZONE, "lang": settings.LANGUAGE_CODE,
    "hosts": settings.ALLOWED_HOSTS, "axes": settings.AXES_FAILURE_LIMIT,
    "proxies": settings.TRUSTED_PROXY_COUNT,
}))
"""


def probe(module, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "CONN_MAX_AGE", "DEBUG"}}
    clean.update(env, DJANGO_SETTINGS_MODULE=f"asn_competency.settings.{module}")
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_embedded_default_is_sqlite_local_cache_and_filesystem_broker():
    s = probe("local")
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["cache"].endswith("LocMemCache")
    assert s["broker"] == "filesystem://"
    assert s["debug"] is True
    assert (s["tz"], s["lang"]) == ("Asia/Jakarta", "id")


def test_database_redis_and_limits_are_read_from_the_environment():
    s = probe(
        "local",
        DATABASE_URL="postgres://km:secret@db.internal:5432/kompeten",
        REDIS_URL="redis://cache.internal:6379/2",
        CONN_MAX_AGE="120",
        AXES_FAILURE_LIMIT="7",
        TRUSTED_PROXY_COUNT="1",
    )
    assert s["engine"] == "django.db.backends.postgresql"
    assert (s["name"], s["host"]) == ("kompeten", "db.internal")
    assert s["conn_max_age"] == 120
    assert s["health"] is True
    assert s["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert s["broker"] == "redis://cache.internal:6379/2"
    assert (s["axes"], s["proxies"]) == (7, 1)


def test_production_requires_its_secret_and_hosts_from_the_environment():
    s = probe("production", SECRET_KEY="x" * 60, ALLOWED_HOSTS="kompeten.pemkomedan.go.id,10.0.0.5")
    assert s["debug"] is False
    assert s["hosts"] == ["kompeten.pemkomedan.go.id", "10.0.0.5"]
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    env["DJANGO_SETTINGS_MODULE"] = "asn_competency.settings.production"
    failed = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True)
    assert failed.returncode != 0
    assert "SECRET_KEY" in failed.stderr


def test_production_settings_pass_the_deploy_check():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "asn_competency.settings.production"}
    env.update(SECRET_KEY="k" * 20 + "-production-check-" + "q7Zp" * 10, ALLOWED_HOSTS="kompeten.pemkomedan.go.id")
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr


COOKIE_PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({k: getattr(settings, k) for k in [
    "SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_PATH", "CSRF_COOKIE_PATH", "SESSION_COOKIE_DOMAIN", "CSRF_COOKIE_DOMAIN",
    "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_HTTPONLY", "SESSION_COOKIE_AGE",
]}))
"""


def _cookie_settings(module, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SESSION_COOKIE_AGE"}}
    clean.update(env, DJANGO_SETTINGS_MODULE=f"asn_competency.settings.{module}")
    clean.setdefault("SECRET_KEY", "x" * 60)
    clean.setdefault("ALLOWED_HOSTS", "kompeten.pemkomedan.go.id")
    out = subprocess.run(
        [sys.executable, "-c", COOKIE_PROBE], cwd=ROOT, env=clean, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_production_cookies_are_host_prefixed_secure_and_sessions_last_a_working_day():
    s = _cookie_settings("production")
    assert (s["SESSION_COOKIE_NAME"], s["CSRF_COOKIE_NAME"]) == ("__Host-sessionid", "__Host-csrftoken")
    # What browsers require of a __Host- cookie: Secure, Path=/, no Domain.
    assert s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"]
    assert (s["SESSION_COOKIE_PATH"], s["CSRF_COOKIE_PATH"]) == ("/", "/")
    assert (s["SESSION_COOKIE_DOMAIN"], s["CSRF_COOKIE_DOMAIN"]) == (None, None)
    assert s["SESSION_COOKIE_HTTPONLY"] and s["CSRF_COOKIE_HTTPONLY"]
    assert s["SESSION_COOKIE_AGE"] == 8 * 3600
    assert _cookie_settings("production", SESSION_COOKIE_AGE="3600")["SESSION_COOKIE_AGE"] == 3600
