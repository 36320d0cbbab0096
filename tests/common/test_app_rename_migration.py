"""Issue 10: certificates, planning, tutorials and workshops moved from training/ to the top level, and
planning's label changed from `training_planning` to `planning`. A database built and filled by the code of
that time migrates with today's code and loses nothing.

The code of that time is commit 4ee5ea5 (the last before the move), taken with `git archive` (CI runs on a
full clone). In a scratch database beside the test database (PostgreSQL), or an SQLite file: that commit's
`migrate` and app_rename/fill_4ee5ea5.py fill every table of the four apps; today's `migrate` follows; then
every row, content type and permission must be there under the new names with the same ids and values, no
old table or django_migrations row is left, a queued outbox message carries the new task name, new rows get
ids after the copied ones, and the tables are those today's models give (the test database's).

Without git or that commit the test fails instead of skipping: it is the only proof of the upgrade path.
"""

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection

from tests.common.app_rename.dump import table_schema

BEFORE = "4ee5ea5"
LABELS = ["tutorials", "workshops", "certificates", "planning"]
HELPERS = Path(__file__).parent / "app_rename"

pytestmark = pytest.mark.django_db


def renamed(key: str) -> str:
    """training_planning.x (content type, permission, row key) or training_planning_x (table) as today."""
    return key.replace("training_planning", "planning", 1) if key.startswith("training_planning") else key


def old_tree(target: Path) -> Path:
    if shutil.which("git") is None:
        pytest.fail(f"git is needed to take the code of {BEFORE} (the schema this migration starts from)")
    archive = subprocess.run(["git", "-C", str(settings.BASE_DIR), "archive", BEFORE], capture_output=True, check=False)
    if archive.returncode:
        pytest.fail(
            f"git archive {BEFORE} failed (a shallow clone? fetch the history): {archive.stderr.decode()}",
            pytrace=False,
        )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    for helper in ("dump.py", "fill_4ee5ea5.py"):
        shutil.copy(HELPERS / helper, target / helper)
    return target


@contextmanager
def scratch_database(tmp_path: Path):
    """A DATABASE_URL for an empty database on the server the tests use."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'before.sqlite3'}"
        return
    name = f"{connection.settings_dict['NAME']}_rename_{os.getpid()}"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(script: Path, cwd: Path, database_url: str, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "PYTHONPATH")}
    env.update(DJANGO_SETTINGS_MODULE="asn_competency.settings.test", DATABASE_URL=database_url, PYTHONPATH=str(cwd))
    done = subprocess.run(
        [sys.executable, str(script), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    if done.returncode:
        pytest.fail(f"{script.name} {' '.join(args)} failed:\n{done.stderr[-4000:]}", pytrace=False)


def test_a_database_filled_before_the_rename_migrates_without_losing_anything(tmp_path):
    before_tree = old_tree(tmp_path / "before")
    with scratch_database(tmp_path) as database_url:
        run(before_tree / "fill_4ee5ea5.py", before_tree, database_url, str(tmp_path / "before.json"))
        run(
            HELPERS / "dump.py",
            Path(settings.BASE_DIR),
            database_url,
            str(tmp_path / "after.json"),
            ",".join(LABELS),
            "--migrate",
            "--probe-planning",
        )
    before = json.loads((tmp_path / "before.json").read_text())
    after = json.loads((tmp_path / "after.json").read_text())

    # Every row of every table (many-to-many included), with every value, under the new label.
    assert {renamed(k) for k in before["rows"]} == {f"{label}.{m._meta.model_name}" for label in LABELS
        for m in apps.get_app_config(label).get_models(include_auto_created=True)}  # fmt: skip
    assert all(before["rows"].values()), "the fill left a table empty"
    assert after["rows"] == {renamed(k): v for k, v in before["rows"].items()}
    # Content types and permissions keep their ids (group permissions, admin log, generic relations).
    assert after["content_types"] == {renamed(k): v for k, v in before["content_types"].items()}
    assert after["permissions"] == {renamed(k): v for k, v in before["permissions"].items()}
    # No old table or migration row is left; the planning migrations are recorded under the new label.
    assert after["tables"] == sorted(renamed(t) for t in before["tables"])
    assert ["training_planning", "0002_bulkenrollmentjob_competency_and_more"] in before["migrations"]
    assert after["migrations"] == sorted(
        [m for m in before["migrations"] if m[0] != "training_planning"]
        + [["planning", "0001_initial"], ["planning", "0002_bulkenrollmentjob_competency_and_more"]]
        + [["planning", "0003_adopt_training_planning"]]
    )
    # The message queued before the upgrade runs under the task's new name.
    assert before["outbox"] == ["training_planning.bulk_enrollment_run"]
    assert after["outbox"] == ["planning.bulk_enrollment_run"]
    # New rows continue after the copied ids.
    for key, next_id in after["next_ids"].items():
        assert next_id > max(row["id"] for row in after["rows"][key])
    # The tables, columns, indexes and constraints are those of a database created from today's models.
    assert after["schema"] == table_schema(connection, after["schema"].keys())


def test_a_message_under_an_old_task_name_still_runs():
    """Broker messages published before the upgrade carry the old names (queued outbox rows are renamed by
    the migration): a worker runs them, it does not drop them as unregistered."""
    from asn_competency.celery_app import app
    from planning.models import BulkEnrollmentJob
    from planning.services import bulk_enrollment_from_unit
    from tests.accounts.factories import EmployeeFactory, OrgUnitFactory, UserFactory
    from tests.training.factories import SessionFactory

    unit = OrgUnitFactory()
    EmployeeFactory(org_unit=unit)
    session = SessionFactory(capacity=5)
    job = bulk_enrollment_from_unit(
        session=session, org_unit=unit, include_subunits=False, actor=UserFactory(roles=["hr"])
    )
    result = app.tasks["training_planning.bulk_enrollment_run"].apply(args=[job.pk]).get()
    assert result == {"job": job.pk, "status": BulkEnrollmentJob.Status.DONE, "processed": 1}
    assert session.enrollments.count() == 1
    assert app.tasks["training_planning.recover_bulk_jobs"].apply().get() == []
