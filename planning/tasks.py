"""Background work of the planning app. Tasks take ids and call services."""

from celery import shared_task

from .services import bulk_enrollment_run, bulk_jobs_recover, needs_summary_refresh


@shared_task(name="planning.bulk_enrollment_run", acks_late=True)
def bulk_enrollment_run_task(job_id: int) -> dict:
    """Enrol the rows of a bulk job; rerunning continues with the rows left."""
    job = bulk_enrollment_run(job_id=job_id)
    return {"job": job.pk, "status": job.status, "processed": job.processed}


@shared_task(name="planning.needs_summary_refresh")
def needs_summary_refresh_task() -> int:
    """Beat (every 5 minutes) and after assessments: rebuild the training-needs figures (idempotent)."""
    return needs_summary_refresh()


@shared_task(name="planning.recover_bulk_jobs")
def recover_bulk_jobs() -> list[int]:
    """Beat (every minute): queue again the bulk jobs whose worker died."""
    return bulk_jobs_recover()


# The names these tasks had while the app's label was `training_planning` (issue 10): outbox rows queued
# and broker messages published before the upgrade still carry them, and a worker must run them, not drop
# them as unregistered. Remove once no deployment holds such a message (a release after the rename).
@shared_task(name="training_planning.bulk_enrollment_run", acks_late=True)
def bulk_enrollment_run_task_old_name(job_id: int) -> dict:
    return bulk_enrollment_run_task.run(job_id)


@shared_task(name="training_planning.recover_bulk_jobs")
def recover_bulk_jobs_old_name() -> list[int]:
    return recover_bulk_jobs.run()
