import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

# Nothing listens on port 1 of the loopback: a real connection to it fails at once.
DEAD_REDIS = "redis://127.0.0.1:1/0"


def test_healthz_is_200_when_database_cache_and_broker_are_up(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "cache": True,
        "broker": True,
    }


@override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": DEAD_REDIS}}
)
def test_healthz_is_503_and_names_the_cache_when_the_cache_is_down(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["cache"]["ok"] is False
    assert "error" in checks["cache"]
    assert checks["database"]["ok"] is True


@override_settings(CELERY_BROKER_URL=DEAD_REDIS)
def test_healthz_is_503_when_the_broker_is_down(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False
