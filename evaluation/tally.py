"""PostgreSQL keeps evaluation_answertally exact on every write to the answers:
statement-level triggers with transition tables (one grouped upsert per
statement, so a bulk load of a million answers costs one pass), the session
taken from the answer's response. Tallies that drop to zero are deleted.

INSTALL_SQL is idempotent: the migration that creates the table runs it (and
FILL_SQL), and so does a post_migrate handler (EvaluationConfig.ready), so a
database built without migrations (the test suite's --no-migrations) has the
triggers too."""

from django.db import connections

INSTALL_SQL = """
CREATE OR REPLACE FUNCTION evaluation_answer_tally_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO evaluation_answertally (session_id, question_id, value, n)
    SELECT r.session_id, a.question_id, a.value, COUNT(*)
    FROM new_answers a JOIN evaluation_response r ON r.id = a.response_id
    WHERE a.value IS NOT NULL
    GROUP BY r.session_id, a.question_id, a.value
    ON CONFLICT (session_id, question_id, value) DO UPDATE SET n = evaluation_answertally.n + EXCLUDED.n;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION evaluation_answer_tally_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH gone AS (
        SELECT r.session_id, a.question_id, a.value, COUNT(*) AS n
        FROM old_answers a JOIN evaluation_response r ON r.id = a.response_id
        WHERE a.value IS NOT NULL
        GROUP BY r.session_id, a.question_id, a.value
    )
    UPDATE evaluation_answertally t SET n = GREATEST(t.n - gone.n, 0) FROM gone
    WHERE t.session_id = gone.session_id AND t.question_id = gone.question_id AND t.value = gone.value;
    DELETE FROM evaluation_answertally WHERE n <= 0;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION evaluation_answer_tally_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- DELETE, not TRUNCATE: a TRUNCATE of both tables at once (flush) holds this one already.
    DELETE FROM evaluation_answertally;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS evaluation_answer_tally_insert ON evaluation_answer;
CREATE TRIGGER evaluation_answer_tally_insert AFTER INSERT ON evaluation_answer
    REFERENCING NEW TABLE AS new_answers FOR EACH STATEMENT EXECUTE FUNCTION evaluation_answer_tally_add();
DROP TRIGGER IF EXISTS evaluation_answer_tally_delete ON evaluation_answer;
CREATE TRIGGER evaluation_answer_tally_delete AFTER DELETE ON evaluation_answer
    REFERENCING OLD TABLE AS old_answers FOR EACH STATEMENT EXECUTE FUNCTION evaluation_answer_tally_remove();
-- An UPDATE is a removal of the old values and an addition of the new ones.
DROP TRIGGER IF EXISTS evaluation_answer_tally_update_old ON evaluation_answer;
CREATE TRIGGER evaluation_answer_tally_update_old AFTER UPDATE ON evaluation_answer
    REFERENCING OLD TABLE AS old_answers FOR EACH STATEMENT EXECUTE FUNCTION evaluation_answer_tally_remove();
DROP TRIGGER IF EXISTS evaluation_answer_tally_update_new ON evaluation_answer;
CREATE TRIGGER evaluation_answer_tally_update_new AFTER UPDATE ON evaluation_answer
    REFERENCING NEW TABLE AS new_answers FOR EACH STATEMENT EXECUTE FUNCTION evaluation_answer_tally_add();
DROP TRIGGER IF EXISTS evaluation_answer_tally_truncate ON evaluation_answer;
CREATE TRIGGER evaluation_answer_tally_truncate AFTER TRUNCATE ON evaluation_answer
    FOR EACH STATEMENT EXECUTE FUNCTION evaluation_answer_tally_clear();

"""

UNINSTALL_SQL = """
DROP TRIGGER evaluation_answer_tally_insert ON evaluation_answer;
DROP TRIGGER evaluation_answer_tally_delete ON evaluation_answer;
DROP TRIGGER evaluation_answer_tally_update_old ON evaluation_answer;
DROP TRIGGER evaluation_answer_tally_update_new ON evaluation_answer;
DROP TRIGGER evaluation_answer_tally_truncate ON evaluation_answer;
DROP FUNCTION evaluation_answer_tally_add();
DROP FUNCTION evaluation_answer_tally_remove();
DROP FUNCTION evaluation_answer_tally_clear();
"""

FILL_SQL = """
INSERT INTO evaluation_answertally (session_id, question_id, value, n)
SELECT r.session_id, a.question_id, a.value, COUNT(*)
FROM evaluation_answer a JOIN evaluation_response r ON r.id = a.response_id
WHERE a.value IS NOT NULL
GROUP BY r.session_id, a.question_id, a.value;
"""


def install(*, using: str = "default") -> None:
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    # After a partial `migrate` (only some apps, or evaluation not migrated yet) the
    # tables may not exist: nothing to keep then; the migrate that creates them installs.
    tables = set(connection.introspection.table_names())
    if {"evaluation_answer", "evaluation_response", "evaluation_answertally"} <= tables:
        with connection.cursor() as cursor:
            cursor.execute(INSTALL_SQL)
