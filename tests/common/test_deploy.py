"""docker-compose.yml describes the production shape; every command must point at something real."""

import importlib
import shlex
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def _command(service):
    command = SERVICES[service]["command"]
    return command if isinstance(command, list) else shlex.split(command)


def test_compose_has_the_production_services_each_with_a_health_check():
    assert {"web", "worker", "beat", "db", "redis"} <= set(SERVICES)
    for name in ["web", "worker", "beat", "db", "redis"]:
        assert "healthcheck" in SERVICES[name], f"{name} has no health check"
        assert SERVICES[name]["healthcheck"]["test"], name


def test_web_runs_gunicorn_on_the_projects_wsgi_app_and_config():
    command = _command("web")
    assert command[0] == "gunicorn"
    module, attribute = command[1].split(":")
    assert hasattr(importlib.import_module(module), attribute)
    config = command[command.index("--config") + 1]
    assert (ROOT / config).is_file()
    probe = SERVICES["web"]["healthcheck"]["test"]
    assert probe[1:] == ["python", "deploy/healthcheck.py"]
    assert "/healthz" in (ROOT / probe[2]).read_text()


def test_celery_services_point_at_the_projects_celery_app():
    from celery import Celery

    for name in ["worker", "beat"]:
        command = _command(name)
        assert command[0] == "celery"
        app_module = command[command.index("-A") + 1]
        assert isinstance(importlib.import_module(app_module).celery_app, Celery)
        assert command[command.index("-A") + 2] == name


def test_the_image_builds_from_files_that_exist():
    for name in ["web", "worker", "beat", "migrate"]:
        assert SERVICES[name]["build"] == "."
    dockerfile = (ROOT / "Dockerfile").read_text()
    for copied in ["package.json", "package-lock.json", "requirements-runtime.lock"]:
        assert copied in dockerfile
        assert (ROOT / copied).is_file(), copied
    # Python packages come from the runtime lock, each checked against its hash.
    assert "pip install --no-cache-dir --require-hashes -r requirements-runtime.lock" in dockerfile
    assert "deploy/gunicorn.conf.py" in dockerfile


def test_migrations_run_before_the_web_starts():
    assert _command("migrate")[:3] == ["python", "manage.py", "migrate"]
    assert (ROOT / "manage.py").is_file()
    assert SERVICES["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
