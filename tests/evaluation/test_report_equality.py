# ruff: noqa: S608 - hand-written SQL on fixed table names; every value is a parameter
"""The report's survey figures and citizen-feedback counts equal, figure by figure,
what one hand-written SQL GROUP BY gives on the same data (issue 13: the report
computes them in single passes; this proves the passes changed nothing)."""

import datetime
from collections import defaultdict

import pytest
from django.db import connection
from django.utils import timezone

from evaluation import services
from evaluation.models import ReportRow, RevisionReport
from tests.accounts.factories import CompetencyFactory
from tests.feedback.factories import FeedbackFactory
from tests.training.factories import ProgramCompetencyFactory, ProgramFactory
from training.models import Enrollment

from .factories import completed_enrollment, invitation_for, response_with
from .test_reports import DIMS, _at, _period, _session

# Per session: the Likert answers of its respondents (a few answers left out).
ANSWERS = {
    "a1": [{"content": 5, "trainer": 4, "facilities": 2}, {"content": 3, "trainer": 4, "relevance": 5},
           {"content": 4, "organisation": 1, "facilities": 3, "relevance": 4}],
    "a2": [{"content": 1, "trainer": 2, "organisation": 3, "facilities": 4, "relevance": 5},
           {"content": 2, "trainer": 2, "organisation": 2, "facilities": 2, "relevance": 2}],
    "b1": [{"content": 4, "trainer": 5, "organisation": 4, "facilities": 4, "relevance": 3},
           {"content": 5, "trainer": 5, "organisation": 5, "facilities": 5, "relevance": 5},
           {"content": 3, "trainer": 4, "organisation": 3, "facilities": 1, "relevance": 4},
           {"content": 4, "trainer": 3, "organisation": 4, "facilities": 3, "relevance": 3}],
}  # fmt: skip


def _hand_survey(session_ids):
    """One GROUP BY per level, written by hand: (level, id, dimension) -> (mean, n),
    (level, id) -> satisfaction, and (level, id, dimension, value) -> n."""
    marks = ", ".join(["%s"] * len(session_ids))
    means, satisfaction, dist = {}, {}, {}
    for level, column in (("session", "r.session_id"), ("program", "s.program_id")):
        base = f"""
            FROM evaluation_answer a
            JOIN evaluation_response r ON r.id = a.response_id
            JOIN evaluation_question q ON q.id = a.question_id
            JOIN training_session s ON s.id = r.session_id
            WHERE r.session_id IN ({marks}) AND q.kind IN ('likert', 'rating') AND a.value IS NOT NULL
        """
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {column}, q.dimension, CAST(SUM(a.value) AS DOUBLE PRECISION) / COUNT(*), COUNT(*) {base}"
                f" GROUP BY {column}, q.dimension",
                session_ids,
            )
            for gid, dim, mean, n in cursor.fetchall():
                means[(level, gid, dim)] = (mean, n)
            cursor.execute(
                f"SELECT {column}, CAST(SUM(a.value) AS DOUBLE PRECISION) / COUNT(*) {base} GROUP BY {column}",
                session_ids,
            )
            satisfaction.update({(level, gid): mean for gid, mean in cursor.fetchall()})
            cursor.execute(
                f"SELECT {column}, q.dimension, a.value, COUNT(*) {base} GROUP BY {column}, q.dimension, a.value",
                session_ids,
            )
            for gid, dim, value, n in cursor.fetchall():
                dist.setdefault((level, gid), {}).setdefault(dim, {})[str(value)] = n
    return means, satisfaction, dist


def _hand_counts(session_ids):
    """Participants (seated), invited and responded per session and per program."""
    marks = ", ".join(["%s"] * len(session_ids))
    seated = ", ".join(f"'{s}'" for s in Enrollment.SEAT_STATUSES)
    out = defaultdict(dict)
    for level, column in (("session", "s.id"), ("program", "s.program_id")):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {column}, COUNT(*) FROM training_enrollment e JOIN training_session s ON s.id = e.session_id"
                f" WHERE s.id IN ({marks}) AND e.status IN ({seated}) GROUP BY {column}",
                session_ids,
            )
            for gid, n in cursor.fetchall():
                out[(level, gid)]["participants"] = n
            cursor.execute(
                f"SELECT {column}, COUNT(*), SUM(CASE WHEN i.responded_at IS NOT NULL THEN 1 ELSE 0 END)"
                " FROM evaluation_surveyinvitation i JOIN training_session s ON s.id = i.session_id"
                f" WHERE s.id IN ({marks}) GROUP BY {column}",
                session_ids,
            )
            for gid, invited, responses in cursor.fetchall():
                out[(level, gid)].update(invited=invited, responses=responses)
    return out


def _hand_citizen(program_ids, lo, hi):
    """Distinct feedback per program, tagged with it or with one of its competencies."""
    marks = ", ".join(["%s"] * len(program_ids))
    out = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT p.id,
                   COUNT(DISTINCT f.id),
                   COUNT(DISTINCT CASE WHEN f.kind = 'complaint' THEN f.id END)
            FROM training_program p
            JOIN feedback_feedback f ON f.created_at >= %s AND f.created_at < %s AND (
                EXISTS (SELECT 1 FROM feedback_feedback_programs fp WHERE fp.feedback_id = f.id AND fp.program_id = p.id)
                OR EXISTS (SELECT 1 FROM feedback_feedback_competencies fc
                           JOIN training_programcompetency pc ON pc.competency_id = fc.competency_id
                           WHERE fc.feedback_id = f.id AND pc.program_id = p.id))
            WHERE p.id IN ({marks}) GROUP BY p.id""",
            [lo, hi, *program_ids],
        )
        for pid, total, complaints in cursor.fetchall():
            out[pid] = (total, complaints)
    return out


@pytest.mark.django_db
def test_report_figures_equal_hand_written_sql_figure_by_figure(questionnaire, settings):
    settings.EVALUATION_MIN_GROUP_SIZE = 1  # nothing suppressed: every figure is compared
    start, end = _period()
    day = datetime.timedelta(days=1)
    m01, m02, m03 = (CompetencyFactory(code=f"X.0{i}") for i in (1, 2, 3))
    program_a, program_b = ProgramFactory(code="prog-a"), ProgramFactory(code="prog-b")
    ProgramCompetencyFactory(program=program_a, competency=m01)
    ProgramCompetencyFactory(program=program_a, competency=m02)
    ProgramCompetencyFactory(program=program_b, competency=m02)
    sessions = {
        "a1": _session(program_a, start + 3 * day),
        "a2": _session(program_a, start + 10 * day),
        "b1": _session(program_b, start + 5 * day),
    }
    for key, rows in ANSWERS.items():
        session = sessions[key]
        for values in rows:
            response_with(invitation_for(completed_enrollment(session=session), questionnaire=questionnaire), values)
        invitation_for(completed_enrollment(session=session), questionnaire=questionnaire)  # did not answer
        completed_enrollment(session=session)  # not invited
    # Feedback: tagged directly, through one or two competencies, both ways, none;
    # one outside the period (must not count).
    inside = _at(start + 7 * day)

    def fb(kind, programs=(), competencies=(), at=inside):
        feedback = FeedbackFactory(kind=kind)
        feedback.programs.set(programs)
        feedback.competencies.set(competencies)
        type(feedback).objects.filter(pk=feedback.pk).update(created_at=at)

    fb("complaint", programs=[program_a])
    fb("complaint", programs=[program_a], competencies=[m01, m02])  # once for A, once for B
    fb("suggestion", competencies=[m02])  # A and B
    fb("complaint", competencies=[m03])  # no program
    fb("compliment", programs=[program_b])
    fb("complaint")
    fb("complaint", programs=[program_a, program_b], at=_at(start - 2 * day))  # before the period

    run = services.report_request(period_kind="month", day=start, enqueue=False)
    run = services.report_run_execute(run_id=run.pk)
    rows = {
        ("session" if r.session_id else "program", r.session_id or r.program_id): r
        for r in ReportRow.objects.filter(run=run)
    }
    session_ids = sorted(s.pk for s in sessions.values())
    means, satisfaction, dist = _hand_survey(session_ids)
    counts = _hand_counts(session_ids)
    assert len(rows) == 5  # three sessions, two programs
    compared = 0
    for (level, gid), row in rows.items():
        assert row.suppressed is False
        assert row.participants == counts[(level, gid)]["participants"]
        assert row.invited == counts[(level, gid)]["invited"]
        assert row.responses == counts[(level, gid)]["responses"]
        assert row.satisfaction == satisfaction[(level, gid)]  # exactly, not approximately
        assert row.distributions == dist[(level, gid)]
        for dim in DIMS:
            mean, n = means[(level, gid, dim)]
            assert row.dimension_means[dim] == mean
            assert row.extra["dimension_n"][dim] == n
            compared += 1
    assert compared == 5 * len(DIMS)

    citizen = _hand_citizen([program_a.pk, program_b.pk], *_bounds(start, end))
    assert citizen == {program_a.pk: (3, 2), program_b.pk: (3, 1)}  # the data set as designed
    for pid, (total, complaints) in citizen.items():
        assert (rows[("program", pid)].citizen_feedback, rows[("program", pid)].citizen_complaints) == (
            total,
            complaints,
        )


def _bounds(start, end):
    from evaluation.selectors.periods import aware_bounds

    return aware_bounds(start, end)


@pytest.mark.django_db
def test_report_run_queries_do_not_grow_with_programs(questionnaire):
    """The survey figures are one query over the answers and the citizen part one
    query, whatever the number of programs (no per-program subqueries)."""
    start, _end = _period()

    def run_report(n):
        for i in range(n):
            program = ProgramFactory()
            ProgramCompetencyFactory(program=program)
            session = _session(program, start + datetime.timedelta(days=1 + i))
            for values in ANSWERS["b1"]:
                response_with(
                    invitation_for(completed_enrollment(session=session), questionnaire=questionnaire), values
                )
        from django.test.utils import CaptureQueriesContext

        RevisionReport.objects.all().delete()  # each run starts without an earlier one
        run = services.report_request(period_kind="month", day=start, enqueue=False)
        with CaptureQueriesContext(connection) as ctx:
            services.report_run_execute(run_id=run.pk)
        return ctx.captured_queries

    few = run_report(1)
    more = run_report(5)
    assert len(more) == len(few)
    answer_scans = [q for q in more if "evaluation_answer" in q["sql"]]
    assert len(answer_scans) == 1
    # The citizen part reads the tag signatures PostgreSQL keeps (CitizenTags), not
    # the feedback; elsewhere one query over the feedback and its tags.
    feedback_scans = [q for q in more if "feedback_feedback" in q["sql"] or "evaluation_citizentags" in q["sql"]]
    assert len(feedback_scans) == 1
    if connection.vendor == "postgresql":
        assert "evaluation_citizentags" in feedback_scans[0]["sql"]
        assert "feedback_feedback" not in feedback_scans[0]["sql"].replace("feedback_feedback_", "")
        # The save's transaction commits without waiting for the disk (a crash loses
        # it whole and the run is done again), set before it takes the report's lock.
        sql = [q["sql"] for q in more]
        lock = next(i for i, q in enumerate(sql) if "evaluation_revisionreport" in q and "FOR UPDATE" in q)
        assert sql[lock - 1] == "SET LOCAL synchronous_commit = off"


def _tallies():
    from evaluation.models import AnswerTally

    return {(t.session_id, t.question_id, t.value): t.n for t in AnswerTally.objects.all()}


def _counted():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.session_id, a.question_id, a.value, COUNT(*) FROM evaluation_answer a"
            " JOIN evaluation_response r ON r.id = a.response_id WHERE a.value IS NOT NULL GROUP BY 1, 2, 3"
        )
        return {(sid, qid, value): n for sid, qid, value, n in cursor.fetchall()}


@pytest.mark.postgres  # the tallies are kept by PostgreSQL triggers
@pytest.mark.django_db
def test_answer_tallies_follow_every_write_to_the_answers(questionnaire):
    from evaluation.models import Answer, Response

    start, _end = _period()
    session = _session(ProgramFactory(), start + datetime.timedelta(days=2))
    responses = [
        response_with(invitation_for(completed_enrollment(session=session), questionnaire=questionnaire), values)
        for values in ANSWERS["b1"]
    ]
    assert _tallies() == _counted() and sum(_tallies().values()) == 20  # bulk INSERT
    Answer.objects.filter(response=responses[0]).update(value=1)  # UPDATE: old values out, new ones in
    assert _tallies() == _counted()
    Response.objects.filter(pk=responses[1].pk).delete()  # the ORM's cascade deletes the answers first
    assert _tallies() == _counted()
    session.delete()  # everything: no tally left behind
    assert _tallies() == _counted() == {}


def _citizen_tags():
    from evaluation.models import CitizenTags

    return {(t.feedback_id, t.created_at, t.kind, t.competencies, t.programs) for t in CitizenTags.objects.all()}


def _tags_now():
    """What the kept rows must be: every tagged feedback, from the tag tables."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT f.id, f.created_at, f.kind,
                      (SELECT array_agg(c.competency_id ORDER BY c.competency_id)
                       FROM feedback_feedback_competencies c WHERE c.feedback_id = f.id)::text,
                      (SELECT array_agg(p.program_id ORDER BY p.program_id)
                       FROM feedback_feedback_programs p WHERE p.feedback_id = f.id)::text
               FROM feedback_feedback f
               WHERE EXISTS (SELECT 1 FROM feedback_feedback_competencies c WHERE c.feedback_id = f.id)
                  OR EXISTS (SELECT 1 FROM feedback_feedback_programs p WHERE p.feedback_id = f.id)"""
        )
        return set(cursor.fetchall())


@pytest.mark.postgres  # the signatures are kept by PostgreSQL triggers
@pytest.mark.django_db
def test_citizen_tags_follow_every_write_to_the_tags_and_the_feedback():
    from feedback.models import Feedback

    m01, m02 = CompetencyFactory(code="Y.01"), CompetencyFactory(code="Y.02")
    program_a, program_b = ProgramFactory(code="prog-ta"), ProgramFactory(code="prog-tb")
    first, second, untagged = FeedbackFactory(kind="complaint"), FeedbackFactory(kind="suggestion"), FeedbackFactory()
    assert _citizen_tags() == set()
    first.competencies.set([m02, m01])  # bulk INSERT, sorted in the signature
    first.programs.set([program_b])
    second.programs.set([program_a, program_b])
    assert _citizen_tags() == _tags_now() and len(_tags_now()) == 2
    assert {t[3:] for t in _citizen_tags()} == {(f"{{{m01.pk},{m02.pk}}}", f"{{{program_b.pk}}}"),
                                                 (None, f"{{{program_a.pk},{program_b.pk}}}")}  # fmt: skip
    first.competencies.remove(m02)  # DELETE of one tag
    assert _citizen_tags() == _tags_now()
    first.programs.clear()
    assert _citizen_tags() == _tags_now()
    # The feedback's kind and creation time follow; other changes cost nothing.
    Feedback.objects.filter(pk=first.pk).update(
        kind="compliment", created_at=timezone.now() - datetime.timedelta(days=40)
    )
    Feedback.objects.filter(pk=untagged.pk).update(kind="compliment")
    assert _citizen_tags() == _tags_now()
    second.programs.clear()  # no tag left: no row
    first.competencies.clear()
    assert _citizen_tags() == _tags_now() == set()
    second.competencies.set([m01])
    second.delete()  # the ORM deletes the tags first
    assert _citizen_tags() == _tags_now() == set()
    first.programs.set([program_a])
    kept = _citizen_tags()
    with connection.cursor() as cursor:  # the fill (migration, TRUNCATE) gives the same rows
        cursor.execute("SELECT evaluation_citizen_tags_fill()")
    assert _citizen_tags() == kept == _tags_now() and len(kept) == 1
