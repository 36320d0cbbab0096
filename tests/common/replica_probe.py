"""A separate process with its own primary and streaming replica (test_replica.py).

    DATABASE_URL=<primary> DATABASE_REPLICA_URL=<replica> python -m tests.common.replica_probe <mode>

Modes: `stream` writes on the primary and reads the evaluation dashboard's figure
through the replica (also while the replica's replay is paused, when the two
differ); `fallback` reads the figure while the replica is down. Prints one JSON
object with what it saw."""

import datetime
import json
import os
import sys


def _trainings(**kwargs):
    from django.utils import timezone

    from evaluation.selectors import dashboard_data
    from evaluation.selectors.dashboard import DashboardFilters

    today = timezone.localdate()
    filters = DashboardFilters(start=today - datetime.timedelta(days=60), end=today + datetime.timedelta(days=1))
    return dashboard_data(filters=filters, **kwargs)["kpis"]["trainings"]


def _wait_for_replay(replica):
    """Until the replica has replayed everything the primary has written so far."""
    from django.db import connections

    from tests.utils import wait_until

    with connections["default"].cursor() as cur:
        cur.execute("SELECT pg_current_wal_lsn()")
        target = cur.fetchone()[0]

    def replayed():
        with replica.cursor() as cur:
            cur.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            return cur.fetchone()[0]

    wait_until(replayed, timeout=30, what="the replica to replay the primary's writes")


def _add_session(days_ago):
    from tests.training.factories import SessionFactory, in_days

    SessionFactory(program__code=f"replica-{days_ago}", start=in_days(-days_ago - 1), end=in_days(-days_ago))


def stream() -> dict:
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    from asn_competency.common.replica import run_on_replica

    replica = connections["replica"]
    seen = {}
    _add_session(3)
    _wait_for_replay(replica)
    with CaptureQueriesContext(replica) as on_replica, CaptureQueriesContext(connections["default"]) as on_primary:
        seen["after_one_write"] = run_on_replica(_trainings)
    seen["replica_queries"] = len(on_replica.captured_queries)
    seen["primary_queries"] = [q["sql"][:200] for q in on_primary.captured_queries]

    # Pause the replay: the primary moves on, the replica keeps the earlier state,
    # and the dashboard still shows the replica's.
    with replica.cursor() as cur:
        cur.execute("SELECT pg_wal_replay_pause()")
    _add_session(4)
    seen["paused_via_replica"] = run_on_replica(_trainings)
    seen["paused_on_primary"] = _trainings()
    with replica.cursor() as cur:
        cur.execute("SELECT pg_wal_replay_resume()")
    _wait_for_replay(replica)
    seen["resumed_via_replica"] = run_on_replica(_trainings)
    return seen


def fallback() -> dict:
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    from asn_competency.common.replica import run_on_replica

    _add_session(5)
    with CaptureQueriesContext(connections["default"]) as on_primary:
        figure = run_on_replica(_trainings)
    return {"replica_down": figure, "primary_queries": len(on_primary.captured_queries)}


def main(mode: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_competency.settings.test")
    import django

    django.setup()
    print(json.dumps({"stream": stream, "fallback": fallback}[mode]()))


if __name__ == "__main__":
    main(sys.argv[1])
