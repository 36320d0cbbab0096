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
    "proxies": settings.TRUSTED_PROXY_COUNT, "site_url": settings.SITE_URL,
    "cache_options": settings.CACHES["default"].get("OPTIONS", {}),
    "broker_options": getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}),
}))
"""


def probe(module, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "CONN_MAX_AGE", "DEBUG"}}
    for name in ("SITE_URL", "HOST", "PORT", "WEB_PORT"):
        clean.pop(name, None)
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
        REDIS_CONNECT_TIMEOUT="0.3",
        CELERY_BROKER_CONNECTION_TIMEOUT="0.7",
    )
    assert s["engine"] == "django.db.backends.postgresql"
    assert (s["name"], s["host"]) == ("kompeten", "db.internal")
    assert s["conn_max_age"] == 120
    assert s["health"] is True
    # Django's RedisCache with a circuit breaker; short timeouts so that a Redis
    # outage never holds a page (asn_competency.common.cache).
    assert s["cache"] == "asn_competency.common.cache.ResilientRedisCache"
    assert s["cache_options"]["socket_connect_timeout"] == 0.3
    assert s["cache_options"]["socket_timeout"] == 1.0
    assert s["broker_options"]["socket_connect_timeout"] == 0.7
    assert s["broker_options"]["visibility_timeout"] >= 30 * 60  # the longest job (task time limit)
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


def _production_check(**env):
    clean = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    clean.update(
        DJANGO_SETTINGS_MODULE="asn_competency.settings.production",
        SECRET_KEY="k" * 20 + "-production-check-" + "q7Zp" * 10,
        ALLOWED_HOSTS="kompeten.pemkomedan.go.id",
    )
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


def test_production_settings_pass_the_deploy_check():
    out = _production_check(SITE_URL="https://kompeten.pemkomedan.go.id")
    assert out.returncode == 0, out.stdout + out.stderr


def test_production_refuses_to_start_without_site_url():
    out = _production_check()
    assert out.returncode != 0
    assert "common.E001" in out.stderr and "SITE_URL" in out.stderr


def test_make_check_deploy_passes_site_url_and_make_run_passes_the_web_port():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("check-deploy: install", 1)[1].split("\n\n", 1)[0]
    assert "SITE_URL=https://" in recipe
    run = makefile.split("\nrun: install", 1)[1].split("\n\n", 1)[0]
    assert "WEB_PORT=$(PORT)" in run


def test_local_site_url_follows_the_address_make_run_serves():
    # honcho hands the worker PORT=8100 when the web runs on 8000: WEB_PORT wins.
    assert probe("local", HOST="127.0.0.1", PORT="8100", WEB_PORT="8080")["site_url"] == "http://127.0.0.1:8080"
    assert probe("local", HOST="192.168.10.7", PORT="9000")["site_url"] == "http://192.168.10.7:9000"
    # A wildcard bind is not an address to link to.
    wildcard = ".".join(["0"] * 4)
    assert probe("local", HOST=wildcard, WEB_PORT="8001")["site_url"] == "http://127.0.0.1:8001"
    assert probe("local", HOST="::1", WEB_PORT="8001")["site_url"] == "http://[::1]:8001"
    assert probe("local")["site_url"] == "http://127.0.0.1:8000"
    # An explicit SITE_URL (e.g. from .env) is used as given.
    explicit = probe("local", HOST=wildcard, WEB_PORT="8001", SITE_URL="http://laptop.lan:8001")
    assert explicit["site_url"] == "http://laptop.lan:8001"


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
    clean.setdefault("SITE_URL", "https://kompeten.pemkomedan.go.id")
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
