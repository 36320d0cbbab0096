"""Demo seeder (last in DEMO_SEEDERS): build the summaries Celery keeps, after
every app has written its demo data, so the pages have figures at once."""

from evaluation.tasks import summary_refresh
from planning.tasks import needs_summary_refresh_task

from .tasks import jp_summary_refresh_task


def seed(*, out):
    rows = jp_summary_refresh_task()
    out.write(f"  JP summaries: {rows} ASN rows (this year and last)")
    out.write(f"  Evaluation dashboard summary: {summary_refresh()} enrolment rows")
    out.write(f"  Training-needs figures: {needs_summary_refresh_task()} rows")
