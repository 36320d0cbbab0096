"""The report job gathers its figures through run_on_replica (issue 13, item 7):
with a replica configured, every read of the aggregation goes to it (also on
the second connection that gathers the other apps' figures), and the writes
(progress, rows, findings, the swap) go to the primary.

The "replica" here is a second connection alias on the test database itself
(a replica with no lag), so the routing is real: the router picks the alias, a
real connection runs the queries, and we see which connection ran what. The
streaming replica itself is tested in tests/common/test_replica.py."""

import threading

import pytest
from django.db import connections, router
from django.test.utils import CaptureQueriesContext

from asn_competency.common import replica
from evaluation.models import AnswerTally, ReportRow, ReportRun
from evaluation.selectors import aggregation

from .test_reports import _run, dataset  # noqa: F401  (the hand-computed data set fixture)


@pytest.fixture(scope="module")
def replica_alias(django_db_setup):
    """A `replica` database alias (what DATABASE_REPLICA_URL adds) on the test
    database. Module-scoped, so it exists before the test's database access is
    set up (the test names it in its `databases`)."""
    if connections["default"].vendor != "postgresql":
        pytest.skip("the report's replica reads are a PostgreSQL deployment's")
    connections.settings[replica.REPLICA] = {**connections.settings["default"]}
    try:
        yield replica.REPLICA
    finally:
        connections[replica.REPLICA].close()
        del connections[replica.REPLICA]
        connections.settings.pop(replica.REPLICA, None)


# The data set is committed (transaction=True), as a worker sees it: no open
# transaction keeps the report's reads on the primary.
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_the_report_gathers_its_figures_on_the_replica_and_writes_on_the_primary(
    replica_alias, request, settings, monkeypatch
):
    data = request.getfixturevalue("dataset")
    # Small as the data set is, gather the other apps' figures on the second
    # connection too, to check that it reads from the replica as well.
    settings.EVALUATION_REPORT_PARALLEL_MIN_SESSIONS = 0
    seen = {}

    def spy(name):
        real = getattr(aggregation, name)

        def recording(**kwargs):
            # Where the router sends this function's reads, and on which thread.
            seen[name] = (replica.replica_reads_active(), router.db_for_read(AnswerTally), threading.current_thread())
            return real(**kwargs)

        monkeypatch.setattr(aggregation, name, recording)

    for name in ("survey_figures", "citizen_figures", "forum_figures"):
        spy(name)
    with (
        CaptureQueriesContext(connections[replica_alias]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        run = _run(data["start"])

    assert run.status == ReportRun.Status.DONE
    assert ReportRow.objects.filter(run=run).count() == 3  # one program row, two session rows
    for name in ("survey_figures", "citizen_figures", "forum_figures"):
        active, alias, _thread = seen[name]
        assert (active, alias) == (True, replica.REPLICA), name
    assert seen["citizen_figures"][2] is not seen["survey_figures"][2]  # the second connection's thread
    replica_sql = [q["sql"] for q in on_replica.captured_queries]
    primary_sql = [q["sql"] for q in on_primary.captured_queries]
    # The figures were read on the replica: the sessions of the period, the
    # tallies (raw SQL), the invitations (raw SQL); not on the primary.
    for table in ("training_session", "evaluation_answertally", "evaluation_surveyinvitation"):
        assert any(table in sql for sql in replica_sql), table
        assert not any(table in sql and sql.lstrip().startswith(("SELECT", "WITH")) for sql in primary_sql), table
    # Nothing was written there; rows and findings went to the primary.
    assert not any(sql.lstrip().startswith(("INSERT", "UPDATE", "DELETE")) for sql in replica_sql)
    assert any(sql.lstrip().startswith('INSERT INTO "evaluation_reportrow"') for sql in primary_sql)
