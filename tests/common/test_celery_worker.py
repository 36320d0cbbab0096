import pytest

from asn_competency.common.tasks import add, heartbeat


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_task_and_returns_its_result(celery_worker):
    result = add.delay(19, 23)
    assert result.get(timeout=20) == 42


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_heartbeat_runs_on_the_worker(celery_worker):
    assert "T" in heartbeat.delay().get(timeout=20)


def test_every_periodic_job_names_a_registered_task():
    from django.conf import settings

    from asn_competency.celery_app import app

    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, f"beat entry {name} names an unknown task {entry['task']}"
