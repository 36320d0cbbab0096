# ruff: noqa: S608 - fixed SQL: table names written out, the f-strings loop over the two tag tables
"""PostgreSQL keeps evaluation_citizentags exact on every write to the tags of
citizen feedback (feedback_feedback_competencies, feedback_feedback_programs):
statement-level triggers with transition tables recompute the row of each
feedback whose tags changed (one statement per tag write, whatever the number
of rows); a row trigger follows a change of a feedback's kind or creation time.
A feedback left without tags has no row.

Concurrent tag writes on one feedback: the recomputation first locks the
feedback's row (FOR NO KEY UPDATE, which the tag tables' foreign-key checks do
not wait for), so the second writer waits for the first to commit and, its next
statement seeing both, writes the union (READ COMMITTED).

INSTALL_SQL is idempotent: the migration that creates the table runs it (and
FILL_SQL), and so does a post_migrate handler (EvaluationConfig.ready), so a
database built without migrations (the test suite's --no-migrations) has the
triggers too."""

from django.db import connections

# The row of each given feedback, from its tags now (none: no row).
_REFRESH = """
    PERFORM 1 FROM feedback_feedback f WHERE f.id IN (SELECT feedback_id FROM changed)
        ORDER BY f.id FOR NO KEY UPDATE;
    DELETE FROM evaluation_citizentags t WHERE t.feedback_id IN (SELECT feedback_id FROM changed);
    INSERT INTO evaluation_citizentags (feedback_id, created_at, kind, competencies, programs)
    SELECT x.id, x.created_at, x.kind, x.comps, x.progs FROM (
        SELECT f.id, f.created_at, f.kind,
               (SELECT array_agg(c.competency_id ORDER BY c.competency_id)
                FROM feedback_feedback_competencies c WHERE c.feedback_id = f.id)::text AS comps,
               (SELECT array_agg(p.program_id ORDER BY p.program_id)
                FROM feedback_feedback_programs p WHERE p.feedback_id = f.id)::text AS progs
        FROM feedback_feedback f WHERE f.id IN (SELECT feedback_id FROM changed)
    ) x
    WHERE x.comps IS NOT NULL OR x.progs IS NOT NULL;
"""

INSTALL_SQL = (
    """
CREATE OR REPLACE FUNCTION evaluation_citizen_tags_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN"""
    + _REFRESH
    + """    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION evaluation_citizen_tags_feedback() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE evaluation_citizentags SET created_at = NEW.created_at, kind = NEW.kind WHERE feedback_id = NEW.id;
    RETURN NULL;
END $$;

-- Every tagged feedback's row, from nothing (the migration, and after a TRUNCATE).
-- DELETE, not TRUNCATE: a TRUNCATE of several tables at once (flush) holds this one already.
CREATE OR REPLACE FUNCTION evaluation_citizen_tags_fill() RETURNS void LANGUAGE sql AS $$
    DELETE FROM evaluation_citizentags;
    INSERT INTO evaluation_citizentags (feedback_id, created_at, kind, competencies, programs)
    SELECT f.id, f.created_at, f.kind, c.comps, p.progs
    FROM (SELECT feedback_id, array_agg(competency_id ORDER BY competency_id)::text AS comps
          FROM feedback_feedback_competencies GROUP BY feedback_id) c
    FULL JOIN (SELECT feedback_id, array_agg(program_id ORDER BY program_id)::text AS progs
               FROM feedback_feedback_programs GROUP BY feedback_id) p ON p.feedback_id = c.feedback_id
    JOIN feedback_feedback f ON f.id = COALESCE(c.feedback_id, p.feedback_id);
$$;

CREATE OR REPLACE FUNCTION evaluation_citizen_tags_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- One tag table emptied: the rows are those of the other one's tags.
    PERFORM evaluation_citizen_tags_fill();
    RETURN NULL;
END $$;
"""
    + "".join(
        f"""
DROP TRIGGER IF EXISTS evaluation_citizen_tags_{table}_insert ON feedback_feedback_{table};
CREATE TRIGGER evaluation_citizen_tags_{table}_insert AFTER INSERT ON feedback_feedback_{table}
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION evaluation_citizen_tags_refresh();
DROP TRIGGER IF EXISTS evaluation_citizen_tags_{table}_delete ON feedback_feedback_{table};
CREATE TRIGGER evaluation_citizen_tags_{table}_delete AFTER DELETE ON feedback_feedback_{table}
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION evaluation_citizen_tags_refresh();
DROP TRIGGER IF EXISTS evaluation_citizen_tags_{table}_update_old ON feedback_feedback_{table};
CREATE TRIGGER evaluation_citizen_tags_{table}_update_old AFTER UPDATE ON feedback_feedback_{table}
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION evaluation_citizen_tags_refresh();
DROP TRIGGER IF EXISTS evaluation_citizen_tags_{table}_update_new ON feedback_feedback_{table};
CREATE TRIGGER evaluation_citizen_tags_{table}_update_new AFTER UPDATE ON feedback_feedback_{table}
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION evaluation_citizen_tags_refresh();
DROP TRIGGER IF EXISTS evaluation_citizen_tags_{table}_truncate ON feedback_feedback_{table};
CREATE TRIGGER evaluation_citizen_tags_{table}_truncate AFTER TRUNCATE ON feedback_feedback_{table}
    FOR EACH STATEMENT EXECUTE FUNCTION evaluation_citizen_tags_clear();
"""
        for table in ("competencies", "programs")
    )
    + """
-- Only when the kind or the creation time changes (a status change costs the WHEN test only).
DROP TRIGGER IF EXISTS evaluation_citizen_tags_feedback_update ON feedback_feedback;
CREATE TRIGGER evaluation_citizen_tags_feedback_update AFTER UPDATE OF kind, created_at ON feedback_feedback
    FOR EACH ROW WHEN (OLD.kind IS DISTINCT FROM NEW.kind OR OLD.created_at IS DISTINCT FROM NEW.created_at)
    EXECUTE FUNCTION evaluation_citizen_tags_feedback();
"""
)

UNINSTALL_SQL = (
    "".join(
        f"""
DROP TRIGGER IF EXISTS evaluation_citizen_tags_{table}_{event} ON feedback_feedback_{table};"""
        for table in ("competencies", "programs")
        for event in ("insert", "delete", "update_old", "update_new", "truncate")
    )
    + """
DROP TRIGGER IF EXISTS evaluation_citizen_tags_feedback_update ON feedback_feedback;
DROP FUNCTION IF EXISTS evaluation_citizen_tags_refresh();
DROP FUNCTION IF EXISTS evaluation_citizen_tags_feedback();
DROP FUNCTION IF EXISTS evaluation_citizen_tags_clear();
DROP FUNCTION IF EXISTS evaluation_citizen_tags_fill();
"""
)

# Every tagged feedback's row, from nothing (the migration).
FILL_SQL = "SELECT evaluation_citizen_tags_fill();"

TABLES = {"feedback_feedback", "feedback_feedback_competencies", "feedback_feedback_programs", "evaluation_citizentags"}


def install(*, using: str = "default") -> None:
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    # After a partial `migrate` the tables may not all exist yet: the migrate that creates them installs.
    if set(connection.introspection.table_names()) >= TABLES:
        with connection.cursor() as cursor:
            cursor.execute(INSTALL_SQL)
