"""The figures of a program-revision report, computed by the database.

Every function runs a fixed number of GROUP BY queries, whatever the number of
answers: answers are small integers indexed by (question, value), so a mean or a
distribution is one aggregate, never a loop over rows in Python.
"""

import datetime
import logging
from collections import defaultdict

from django.apps import apps
from django.core.exceptions import FieldError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, OperationalError, connection, connections, router, transaction
from django.db.models import Avg, Count, FilteredRelation, Q
from django.utils import timezone

from training.models import Enrollment, Session

from ..models import Answer, AnswerTally, CitizenTags, FollowUp, Question, SurveyInvitation, TestAttempt
from .periods import aware_bounds

logger = logging.getLogger(__name__)

# Group keys: per session and per program, for each model's path to the session.
KEYS = {
    "session": "session_id",
    "program": "session__program_id",
}


def _reading(model) -> str:
    """The database the ORM reads `model` from here (the replica inside
    replica_reads(), see asn_competency.common.replica), for raw SQL and
    savepoints to go where the ORM's reads go."""
    return router.db_for_read(model) or DEFAULT_DB_ALIAS


def _grouped(qs, **aggregates) -> dict:
    """{(level, group id): {aggregate: value}} for the session and the program levels."""
    out = {}
    for level, key in KEYS.items():
        for row in qs.values(key).order_by().annotate(**aggregates):
            out[(level, row.pop(key))] = row
    return out


def sessions_in_period(*, start: datetime.date, end: datetime.date, program_ids=None):
    """Sessions that ended in the period, up to now (cancelled ones excluded)."""
    lo, hi = aware_bounds(start, end)
    hi = min(hi, timezone.now())  # a period still running: only what has ended
    qs = Session.objects.filter(end__gte=lo, end__lt=hi).exclude(status=Session.Status.CANCELLED)
    if program_ids is not None:
        qs = qs.filter(program_id__in=program_ids)
    return qs


def _rolled_up(rows, *, key: str, program_of: dict) -> dict:
    """Session-level count rows rolled up to the program level too: counts add up
    exactly, so the program figures need no second pass over the table."""
    out = {}
    for row in rows:
        sid = row.pop(key)
        for group in (("session", sid), ("program", program_of[sid])):
            target = out.setdefault(group, dict.fromkeys(row, 0))
            for name, value in row.items():
                target[name] += value
    return out


def survey_figures(*, sessions, program_of: dict | None = None) -> dict:
    """Response rate, means and distributions per dimension, per session and program.

    Counts per (session, question, value), read from the tallies PostgreSQL
    keeps (AnswerTally; elsewhere one pass over the answers); every mean and
    distribution of a session and of its program is derived from those integers
    (a mean is the sum of value x count over the count, an exact division), so
    the program level needs no second pass. `program_of` ({session id: program
    id}, as the caller may know already) saves reading the sessions again."""
    session_ids = list(sessions)
    if program_of is None:
        program_of = dict(Session.objects.filter(pk__in=session_ids).values_list("pk", "program_id"))
    figures = defaultdict(lambda: {"dimension_means": {}, "distributions": {}, "dimension_n": {}})
    # The anonymity rule counts people, which do not add up across sessions: one
    # ASN answering the surveys of several sessions of a program is one
    # respondent of the program. Counted per session and per program, with the
    # invitations and the participants, in one pass (see _session_counts).
    participants, invitations, respondents = _session_counts(session_ids)
    for group, n in respondents.items():
        if n:
            figures[group]["respondents"] = n
    for rows in (participants, invitations):
        for group, row in _rolled_up(rows, key="session_id", program_of=program_of).items():
            figures[group].update(row)
    # {(session, dimension): {value: n}}, then the programs' sums of their sessions'
    per_session = {}
    for sid, dimension, value, n in _value_counts(session_ids):
        values = per_session.get((sid, dimension))
        if values is None:
            values = per_session[(sid, dimension)] = {}
        values[value] = values.get(value, 0) + n
    # {(level, id): {dimension: {value: n}}}
    tallies = {}
    for (sid, dimension), values in per_session.items():
        tallies.setdefault(("session", sid), {})[dimension] = values
        program = tallies.setdefault(("program", program_of[sid]), {}).setdefault(dimension, {})
        for value, n in values.items():
            program[value] = program.get(value, 0) + n
    for group, dimensions in tallies.items():
        fig = figures[group]
        means, counts, distributions = fig["dimension_means"], fig["dimension_n"], fig["distributions"]
        total_sum = total_n = 0
        for dimension, values in dimensions.items():
            n = value_sum = 0
            distribution = distributions[dimension] = {}
            for value, count in sorted(values.items()):
                n += count
                value_sum += value * count
                distribution[str(value)] = count
            means[dimension] = value_sum / n
            counts[dimension] = n
            total_sum += value_sum
            total_n += n
        fig["satisfaction"] = total_sum / total_n
    return figures


def _value_counts(session_ids: list) -> list[tuple]:
    """(session, dimension, value, n): the scored answers counted per session,
    dimension and value. On PostgreSQL from the tallies it keeps per (session,
    question, value) (AnswerTally: the same integers as counting the answers,
    without reading them), summed per dimension in the same query; elsewhere one
    pass over the answers, grouped by the integer question id (the scored
    questions, a small table, read first)."""
    if not session_ids:
        return []  # nothing to count (and no SQL to run: an empty IN)
    if connection.vendor == "postgresql":
        tables = {"tally": AnswerTally._meta.db_table, "question": Question._meta.db_table,
                  "marks": ", ".join(["%s"] * len(session_ids)),
                  "kinds": ", ".join(["%s"] * len(Question.SCORED_KINDS))}  # fmt: skip
        # Table names come from the models' _meta; every value is a parameter.
        sql = """
            SELECT t.session_id, q.dimension, t.value, SUM(t.n)::bigint
            FROM {tally} t JOIN {question} q ON q.id = t.question_id
            WHERE t.session_id IN ({marks}) AND q.kind IN ({kinds}) AND t.n > 0
            GROUP BY t.session_id, q.dimension, t.value
        """.format(**tables)  # noqa: S608
        # Thousands of integer rows: no per-row converters (raw SQL, on the ORM's database).
        with connections[_reading(AnswerTally)].cursor() as cursor:
            cursor.execute(sql, [*session_ids, *Question.SCORED_KINDS])
            return cursor.fetchall()
    dimension_of = dict(Question.objects.filter(kind__in=Question.SCORED_KINDS).values_list("pk", "dimension"))
    if not dimension_of:
        return []
    counts = (
        Answer.objects.filter(
            response__session__in=session_ids, question_id__in=list(dimension_of), value__isnull=False
        )
        .values_list("response__session_id", "question_id", "value")
        .order_by()
        .annotate(n=Count("id"))
    )
    return [(sid, dimension_of[question_id], value, n) for sid, question_id, value, n in counts]


def _session_counts(session_ids: list) -> tuple[list[dict], list[dict], dict]:
    """Participants per session ([{"session_id", "participants"}]: the seated
    enrollments), invitations and responses per session ([{"session_id",
    "invited", "responses"}]; both add up to the program), and the respondents
    (distinct people who answered) per session and per program ({(level, id):
    n}, they do not add up). On PostgreSQL one statement: GROUPING SETS give both
    levels of the invitations from one sort, the participants are stacked under
    them (UNION ALL); elsewhere three GROUP BYs."""
    answered = Q(responded_at__isnull=False)
    if not session_ids:
        return [], [], {}
    if connection.vendor == "postgresql":
        tables = {
            "invitation": SurveyInvitation._meta.db_table,
            "enrollment": Enrollment._meta.db_table,
            "session": Session._meta.db_table,
            "marks": ", ".join(["%s"] * len(session_ids)),
            "seats": ", ".join(["%s"] * len(Enrollment.SEAT_STATUSES)),
        }
        # Table names come from the models' _meta; every value is a parameter.
        sql = """
            SELECT TRUE, i.session_id, s.program_id, COUNT(*), COUNT(*) FILTER (WHERE i.responded_at IS NOT NULL),
                   COUNT(DISTINCT e.employee_id) FILTER (WHERE i.responded_at IS NOT NULL)
            FROM {invitation} i
            JOIN {enrollment} e ON e.id = i.enrollment_id
            JOIN {session} s ON s.id = i.session_id
            WHERE i.session_id IN ({marks})
            GROUP BY GROUPING SETS ((s.program_id, i.session_id), (s.program_id))
            UNION ALL
            SELECT FALSE, p.session_id, NULL, COUNT(*), NULL, NULL
            FROM {enrollment} p
            WHERE p.session_id IN ({marks}) AND p.status IN ({seats})
            GROUP BY p.session_id
        """.format(**tables)  # noqa: S608
        with connections[_reading(SurveyInvitation)].cursor() as cursor:
            cursor.execute(sql, [*session_ids, *session_ids, *Enrollment.SEAT_STATUSES])
            rows = cursor.fetchall()
        participants, invitations, respondents = [], [], {}
        for invitation, session_id, program_id, invited, responses, people in rows:
            if not invitation:
                participants.append({"session_id": session_id, "participants": invited})
            elif session_id is None:  # the program's grouping set
                respondents[("program", program_id)] = people
            else:
                invitations.append({"session_id": session_id, "invited": invited, "responses": responses})
                respondents[("session", session_id)] = people
        return participants, invitations, respondents
    participants = list(
        Enrollment.objects.filter(session__in=session_ids, status__in=Enrollment.SEAT_STATUSES)
        .values("session_id")
        .order_by()
        .annotate(participants=Count("id"))
    )
    people = Count("enrollment__employee", distinct=True, filter=answered)
    invitations = list(
        SurveyInvitation.objects.filter(session__in=session_ids)
        .values("session_id")
        .order_by()
        .annotate(invited=Count("id"), responses=Count("id", filter=answered), respondents=people)
    )
    respondents = {("session", row["session_id"]): row.pop("respondents") for row in invitations}
    programs = SurveyInvitation.objects.filter(answered, session__in=session_ids).order_by()
    for row in programs.values("session__program_id").annotate(n=Count("enrollment__employee", distinct=True)):
        respondents[("program", row["session__program_id"])] = row["n"]
    return participants, invitations, respondents


def _both_levels(sql: str, params: list, *, model) -> list[tuple]:
    """Rows of a GROUP BY GROUPING SETS ((s.program_id, <session>), (s.program_id))
    whose first two columns are the session (None on the program's rows) and the
    program: each figure of both levels from one pass (PostgreSQL)."""
    with connections[_reading(model)].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _level_key(session_id, program_id) -> tuple:
    return ("program", program_id) if session_id is None else ("session", session_id)


def _float(value):
    return None if value is None else float(value)


def learning_figures(*, sessions) -> dict:
    """Mean pre and post scores of participants who took both, and the normalised gain."""
    from ..services.prepost import normalised_gain

    session_ids = list(sessions)
    out = {}

    def add(group, pre_mean, post_mean, gain_n):
        pre, post = float(pre_mean), float(post_mean)
        # Hake's class gain: from the means of the group.
        out[group] = {"pre_mean": pre, "post_mean": post, "gain_n": gain_n, "gain": normalised_gain(pre, post)}

    if connection.vendor == "postgresql":
        if not session_ids:
            return out
        tables = {"enrollment": Enrollment._meta.db_table, "session": Session._meta.db_table,
                  "attempt": TestAttempt._meta.db_table, "marks": ", ".join(["%s"] * len(session_ids))}  # fmt: skip
        # Table names come from the models' _meta; every value is a parameter.
        sql = """
            SELECT e.session_id, s.program_id, AVG(pre.score), AVG(post.score), COUNT(e.id)
            FROM {enrollment} e
            JOIN {session} s ON s.id = e.session_id
            JOIN {attempt} pre ON pre.enrollment_id = e.id AND pre.kind = %s
            JOIN {attempt} post ON post.enrollment_id = e.id AND post.kind = %s
            WHERE e.session_id IN ({marks})
            GROUP BY GROUPING SETS ((s.program_id, e.session_id), (s.program_id))
        """.format(**tables)  # noqa: S608
        params = [TestAttempt.Kind.PRE, TestAttempt.Kind.POST, *session_ids]
        for session_id, program_id, pre_mean, post_mean, gain_n in _both_levels(sql, params, model=TestAttempt):
            add(_level_key(session_id, program_id), pre_mean, post_mean, gain_n)
        return out
    qs = (
        Enrollment.objects.filter(session__in=session_ids)
        .annotate(
            pre=FilteredRelation("test_attempts", condition=Q(test_attempts__kind=TestAttempt.Kind.PRE)),
            post=FilteredRelation("test_attempts", condition=Q(test_attempts__kind=TestAttempt.Kind.POST)),
        )
        .filter(pre__isnull=False, post__isnull=False)
    )
    for level, key in KEYS.items():
        for row in (
            qs.values(key)
            .order_by()
            .annotate(pre_mean=Avg("pre__score"), post_mean=Avg("post__score"), gain_n=Count("id"))
        ):
            add((level, row[key]), row["pre_mean"], row["post_mean"], row["gain_n"])
    return out


def follow_up_figures(*, sessions) -> dict:
    session_ids = list(sessions)
    if connection.vendor == "postgresql":
        if not session_ids:
            return {}
        tables = {"follow_up": FollowUp._meta.db_table, "session": Session._meta.db_table,
                  "marks": ", ".join(["%s"] * len(session_ids))}  # fmt: skip
        # Table names come from the models' _meta; every value is a parameter.
        sql = """
            SELECT f.session_id, s.program_id, AVG(f.application_score), AVG(f.action_plan_score), COUNT(f.id)
            FROM {follow_up} f
            JOIN {session} s ON s.id = f.session_id
            WHERE f.session_id IN ({marks}) AND f.status = %s
            GROUP BY GROUPING SETS ((s.program_id, f.session_id), (s.program_id))
        """.format(**tables)  # noqa: S608
        rows = _both_levels(sql, [*session_ids, FollowUp.Status.SUBMITTED], model=FollowUp)
        return {
            _level_key(session_id, program_id): {
                "follow_up_mean": _float(application),
                "action_plan_mean": _float(action_plan),
                "follow_up_n": n,
            }
            for session_id, program_id, application, action_plan, n in rows
        }
    return _grouped(
        FollowUp.objects.filter(session__in=session_ids, status=FollowUp.Status.SUBMITTED),
        follow_up_mean=Avg("application_score"),
        action_plan_mean=Avg("action_plan_score"),
        follow_up_n=Count("id"),
    )


def _safely(label: str, fn):
    """Run another app's query in a savepoint; an app without the data (or with a
    different shape) contributes nothing instead of breaking the report. The
    savepoint is on the database the reads go to (a transaction on the primary
    would keep them there); a replica that cannot be reached is not "no data": its
    error reaches run_on_replica, which computes the report on the primary.
    Outside a transaction no savepoint is needed (nor its BEGIN and COMMIT)."""
    using = _reading(Session)
    try:
        if connections[using].in_atomic_block:
            with transaction.atomic(using=using):
                return fn()
        return fn()  # autocommit, as a worker runs: a failed query leaves nothing to roll back
    except OperationalError:
        if using == DEFAULT_DB_ALIAS:
            logger.info("evaluation report: %s skipped", label, exc_info=True)
            return {}
        raise
    except (LookupError, FieldError, DatabaseError, ImportError, AttributeError, TypeError, ValueError) as exc:
        logger.info("evaluation report: %s skipped (%s)", label, exc)
        return {}


def stuck_figures(*, program_ids, start, end) -> dict:
    """ASN "stuck" reports on the e-government applications a program teaches
    (ProgramEvaluation.egov_apps) or on the program itself, per program and per
    tutorial step (the report's subject). One grouped query; the per-program
    sums run over the grouped rows (one per application and step), not reports."""
    lo, hi = aware_bounds(start, end)
    program_ids = list(program_ids)

    def query():
        from ..models import ProgramEvaluation

        if not program_ids:
            return {}
        AsnReport = apps.get_model("feedback", "AsnReport")
        marks = ", ".join(["%s"] * len(program_ids))
        # Raw SQL on the models' tables (a few grouped rows: compiling the ORM's
        # queries cost more than running them); every value is a parameter.
        with connections[_reading(AsnReport)].cursor() as cursor:
            cursor.execute(
                f"SELECT program_id, egov_apps FROM {ProgramEvaluation._meta.db_table} WHERE program_id IN ({marks})",  # noqa: S608
                program_ids,
            )
            codes = {pid: [c.strip() for c in (raw or "").split(",") if c.strip()] for pid, raw in cursor.fetchall()}
            by_code = defaultdict(set)
            for pid, app_codes in codes.items():
                for code in app_codes:
                    by_code[code].add(pid)
            linked = f"program_id IN ({marks})"
            if by_code:
                linked += f" OR egov_app_code IN ({', '.join(['%s'] * len(by_code))})"
            cursor.execute(
                f"""SELECT program_id, egov_app_code, subject_type_id, subject_id, COUNT(*), MAX(subject_label)
                    FROM {AsnReport._meta.db_table}
                    WHERE kind = %s AND created_at >= %s AND created_at < %s AND ({linked})
                    GROUP BY program_id, egov_app_code, subject_type_id, subject_id""",  # noqa: S608
                ["app_difficulty", lo, hi, *program_ids, *by_code],
            )
            rows = cursor.fetchall()
        out = {pid: {"stuck_reports": 0, "steps": []} for pid in program_ids}
        steps = defaultdict(lambda: {"n": 0, "label": ""})
        for program_id, code, subject_type_id, subject_id, n, label in rows:
            targets = set(by_code.get(code, ())) | ({program_id} & set(out))
            for pid in targets:
                out[pid]["stuck_reports"] += n
                if subject_id is not None:
                    step = steps[(pid, f"{subject_type_id}:{subject_id}")]
                    step["n"] += n
                    step["label"] = label or code
        for (pid, subject), step in sorted(steps.items(), key=lambda kv: -kv[1]["n"]):
            out[pid]["steps"].append({"subject": subject, **step})
        return out

    return _safely("stuck reports", query)


def citizen_figures(*, program_ids, start, end) -> dict:
    """Citizen feedback of the period linked to the program (tagged with it) or to
    a competency it develops, per program: all of it and the complaints.

    On PostgreSQL the period's tagged feedback is read from the tag signatures
    PostgreSQL keeps (CitizenTags: per tagged feedback, its sorted competencies
    and programs, its kind and creation time; most feedback carries no tag) and
    counted per signature by one GROUP BY: a few hundred groups at city scale.
    Each signature is expanded here to its programs (its own, and those that
    develop one of its competencies, read from the program competencies: a
    second, small query) as a set, so a feedback tagged both ways, or with two
    of the program's competencies, counts once. Neither the tag tables nor the
    period's feedback are read, no (feedback, program) pairs are materialised
    (hundreds of thousands at city scale, since a competency is developed by
    many programs), and the plans stay small whatever the row estimates of
    arrays (no JIT compilation). Elsewhere one query: the (feedback, program)
    links from both tag tables deduplicated by UNION and joined to the period's
    feedback."""
    lo, hi = aware_bounds(start, end)
    program_ids = list(program_ids)

    def query():
        if not program_ids:
            return {}
        Feedback = apps.get_model("feedback", "Feedback")
        ProgramCompetency = apps.get_model("training", "ProgramCompetency")
        direct = Feedback.programs.through._meta.db_table
        via = Feedback.competencies.through._meta.db_table
        marks = ", ".join(["%s"] * len(program_ids))
        tables = {"direct": direct, "via": via, "pc": ProgramCompetency._meta.db_table,
                  "feedback": Feedback._meta.db_table, "tags": CitizenTags._meta.db_table, "marks": marks}  # fmt: skip
        out = {pid: {"citizen_feedback": 0, "citizen_complaints": 0} for pid in program_ids}
        with connections[_reading(Feedback)].cursor() as cursor:
            if connection.vendor != "postgresql":
                cursor.execute(
                    _CITIZEN_LINKS_SQL.format(**tables),
                    [*program_ids, *program_ids, Feedback.Kind.COMPLAINT, lo, hi],
                )
                for pid, total, complaints in cursor.fetchall():
                    out[pid] = {"citizen_feedback": int(total), "citizen_complaints": int(complaints)}
                return out
            cursor.execute(_CITIZEN_SIGNATURES_SQL.format(**tables), [Feedback.Kind.COMPLAINT, lo, hi])
            signatures = cursor.fetchall()
            if not signatures:
                return out
            cursor.execute(_CITIZEN_PROGRAMS_SQL.format(**tables), program_ids)
            developed_by = defaultdict(set)  # competency -> the programs of the report developing it
            for competency_id, program_id in cursor.fetchall():
                developed_by[competency_id].add(program_id)
        for competencies, programs, total, complaints in signatures:
            linked = {pid for pid in _ids(programs) if pid in out}
            for competency_id in _ids(competencies):
                linked |= developed_by.get(competency_id, set())
            for pid in linked:
                out[pid]["citizen_feedback"] += total
                out[pid]["citizen_complaints"] += complaints
        return out

    return _safely("citizen feedback", query)


def _ids(literal: str | None) -> list[int]:
    """The ids of a PostgreSQL array literal of integers ('{3,7}'; None: none)."""
    return [int(part) for part in literal[1:-1].split(",")] if literal else []


# Table names come from the models' _meta; every value is a parameter.
_CITIZEN_SIGNATURES_SQL = """
    SELECT t.competencies, t.programs, COUNT(*), COUNT(*) FILTER (WHERE t.kind = %s)
    FROM {tags} t
    WHERE t.created_at >= %s AND t.created_at < %s
    GROUP BY t.competencies, t.programs
"""
_CITIZEN_PROGRAMS_SQL = "SELECT pc.competency_id, pc.program_id FROM {pc} pc WHERE pc.program_id IN ({marks})"
_CITIZEN_LINKS_SQL = """
    WITH links AS (
        SELECT t.feedback_id, t.program_id FROM {direct} t WHERE t.program_id IN ({marks})
        UNION
        SELECT t.feedback_id, pc.program_id FROM {via} t
        JOIN {pc} pc ON pc.competency_id = t.competency_id
        WHERE pc.program_id IN ({marks})
    )
    SELECT l.program_id, COUNT(*), COUNT(*) FILTER (WHERE f.kind = %s)
    FROM links l JOIN {feedback} f ON f.id = l.feedback_id
    WHERE f.created_at >= %s AND f.created_at < %s
    GROUP BY l.program_id
"""


def _linked_counts(model, *, program_ids, join: str = "", where: str, params: list) -> dict:
    """{program id: n}: distinct rows of `model` (a community input: topic, meeting
    outcome) matching `where` (on `o`, and the tables of `join`), linked to the
    program directly or through one of its competencies. One grouped query in
    raw SQL on the models' tables (compiling the ORM's correlated subquery cost
    more than running it); the two links are stacked with UNION ALL and each
    input counts once per program."""
    ProgramCompetency = apps.get_model("training", "ProgramCompetency")
    competencies = model._meta.get_field("competencies")
    marks = ", ".join(["%s"] * len(program_ids))
    tables = {"table": model._meta.db_table, "join": join, "where": where, "marks": marks,
              "link": competencies.m2m_db_table(), "input": competencies.m2m_column_name(),
              "competency": competencies.m2m_reverse_name(), "pc": ProgramCompetency._meta.db_table}  # fmt: skip
    # Table and column names come from the models' _meta; every value is a parameter.
    sql = """
        SELECT x.program_id, COUNT(DISTINCT x.id) FROM (
            SELECT o.id, o.program_id FROM {table} o {join}
            WHERE {where} AND o.program_id IN ({marks})
            UNION ALL
            SELECT o.id, pc.program_id FROM {table} o {join}
            JOIN {link} l ON l.{input} = o.id
            JOIN {pc} pc ON pc.competency_id = l.{competency}
            WHERE {where} AND pc.program_id IN ({marks})
        ) x
        GROUP BY x.program_id
    """.format(**tables)  # noqa: S608
    with connections[_reading(model)].cursor() as cursor:
        cursor.execute(sql, [*params, *program_ids, *params, *program_ids])
        counts = dict(cursor.fetchall())
    return {pid: counts.get(pid, 0) for pid in program_ids}


def forum_figures(*, program_ids, start, end) -> dict:
    """Published forum topics linked to the program or to its competencies."""
    lo, hi = aware_bounds(start, end)
    program_ids = list(program_ids)

    def query():
        if not program_ids:
            return {}
        Topic = apps.get_model("community", "Topic")
        counts = _linked_counts(
            Topic,
            program_ids=program_ids,
            where="o.created_at >= %s AND o.created_at < %s AND o.visibility = %s",
            params=[lo, hi, "published"],
        )
        return {pid: {"forum_topics": n} for pid, n in counts.items()}

    return _safely("forum topics", query)


# Titles of consultation outcomes kept as a finding's evidence, per program.
OUTCOME_TITLES = 5


def meeting_figures(*, program_ids, start, end) -> dict:
    """Outcomes of public consultation meetings held in the period (the meeting
    started in it, up to now, and was not cancelled) linked to the program or to
    one of its competencies (community.selectors.community_inputs_for), per
    program: the count (one correlated subquery per program row, in one query)
    and the titles of the latest outcomes (one more query, only for programs
    that have some; at most OUTCOME_TITLES each)."""
    lo, hi = aware_bounds(start, end)
    hi = min(hi, timezone.now())  # a meeting still to come has not been held
    program_ids = list(program_ids)

    def query():
        if not program_ids:
            return {}
        MeetingOutcome = apps.get_model("community", "MeetingOutcome")
        meeting = MeetingOutcome._meta.get_field("meeting")
        base = MeetingOutcome.objects.filter(meeting__starts_at__gte=lo, meeting__starts_at__lt=hi).exclude(
            meeting__status="cancelled"
        )
        counts = _linked_counts(
            MeetingOutcome,
            program_ids=program_ids,
            # Table name from the model's _meta.
            join=f"JOIN {meeting.related_model._meta.db_table} m ON m.id = o.{meeting.column}",
            where="m.starts_at >= %s AND m.starts_at < %s AND m.status <> %s",
            params=[lo, hi, "cancelled"],
        )
        out = {pid: {"meeting_outcomes": n, "meeting_outcome_titles": []} for pid, n in counts.items()}
        linked = [pid for pid, fig in out.items() if fig["meeting_outcomes"]]
        if not linked:
            return out
        seen = set()
        titles = (
            base.filter(Q(program_id__in=linked) | Q(competencies__program_links__program_id__in=linked))
            .values_list("pk", "title", "program_id", "competencies__program_links__program_id")
            .order_by("-meeting__starts_at", "-pk")
        )
        for pk, title, direct, via_competency in titles:
            for pid in {direct, via_competency} & set(linked):
                listed = out[pid]["meeting_outcome_titles"]
                if (pid, pk) not in seen and len(listed) < OUTCOME_TITLES:
                    seen.add((pid, pk))
                    listed.append(title)
        return out

    return _safely("meeting outcomes", query)
