"""common.db.insert_linked: new rows that belong together in one statement on
PostgreSQL (a chain of data-modifying CTEs), saved in turn elsewhere; either way
all or nothing, with the references between them resolved."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from asn_competency.common.db import PkList, insert_linked
from asn_competency.common.models import OutboxMessage
from feedback.models import Feedback, FeedbackEvent
from tests.accounts.factories import OrgUnitFactory
from tests.feedback.factories import FeedbackFactory

pytestmark = pytest.mark.django_db


def _rows(code="INSERTLINKED", **extra):
    unit = OrgUnitFactory()
    feedback = Feedback(
        tracking_code=code, unit=unit, handling_unit=unit, kind="complaint", message="Antrean terlalu panjang.",
        verify_due=timezone.localdate(), **{f"u{i}": 3 for i in range(1, 10)}, **extra,
    )  # fmt: skip
    event = FeedbackEvent(feedback=feedback, action=FeedbackEvent.Action.SUBMITTED, to_status=feedback.status)
    message = OutboxMessage(task="feedback.notify_officers", args=PkList(event), kwargs={})
    return feedback, event, message


def test_the_rows_are_stored_with_their_references_resolved():
    feedback, event, message = _rows()
    insert_linked(feedback, event, message)
    event.refresh_from_db(), message.refresh_from_db()
    assert event.feedback_id == feedback.pk == Feedback.objects.get(tracking_code="INSERTLINKED").pk
    assert message.args == [event.pk] and message.kwargs == {}
    assert feedback.created_at is not None and not feedback._state.adding


def test_kept_fields_are_stored_as_given():
    earlier = timezone.now() - datetime.timedelta(days=2)
    feedback, event, message = _rows(created_at=earlier)
    insert_linked(feedback, event, message, keep={0: ["created_at"]})
    assert Feedback.objects.get(pk=feedback.pk).created_at == earlier


def test_a_failing_row_leaves_nothing_behind():
    FeedbackFactory(tracking_code="TAKENCODE001")
    feedback, event, message = _rows(code="TAKENCODE001")  # the unique tracking code fails the first INSERT
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_linked(feedback, event, message)
    assert not FeedbackEvent.objects.exists() and not OutboxMessage.objects.exists()
    assert Feedback.objects.count() == 1


def _statements() -> dict:
    from django.db import connection

    return connection._insert_linked_prepared["names"]


@pytest.mark.postgres
def test_postgresql_prepares_each_shape_once_per_session_and_again_after_a_reconnect(django_assert_num_queries):
    from django.db import connection

    connection._insert_linked_prepared = None  # as in a new session
    insert_linked(*_rows(code="PREPARED0001"))
    (name,) = _statements().values()
    rows = _rows(code="PREPARED0002")
    with django_assert_num_queries(1) as captured:  # the same shape: EXECUTE only, one round trip
        insert_linked(*rows)
    assert captured.captured_queries[0]["sql"].startswith(f"EXECUTE {name} (")
    insert_linked(*_rows(code="PREPARED0003"), guard=("TRUE", []))  # another shape
    assert len(_statements()) == 2
    assert Feedback.objects.filter(tracking_code__startswith="PREPARED").count() == 3
    # Another database session knows no prepared statement: prepared again there.
    connection._insert_linked_prepared["session"] = object()
    rows = _rows(code="PREPARED0004")
    with django_assert_num_queries(1) as captured:  # PREPARE and EXECUTE in the same round trip
        insert_linked(*rows)
    (renamed,) = _statements().values()
    assert renamed != name and captured.captured_queries[0]["sql"].startswith(f"PREPARE {renamed} ")
    assert Feedback.objects.filter(tracking_code__startswith="PREPARED").count() == 4


@pytest.mark.postgres
def test_a_first_execution_that_fails_is_prepared_again_next_time():
    from django.db import connection

    connection._insert_linked_prepared = None
    FeedbackFactory(tracking_code="TAKENCODE002")
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_linked(*_rows(code="TAKENCODE002"))  # prepared (PREPARE outlives the rollback), then failed
    assert _statements() == {}
    assert insert_linked(*_rows(code="TAKENCODE003"))  # prepared again (under a new name)
    assert len(_statements()) == 1
    assert Feedback.objects.filter(tracking_code="TAKENCODE003").exists()


def test_without_prepared_statements_the_statement_is_sent_as_it_is(settings, django_assert_num_queries):
    from django.db import connection

    settings.INSERT_LINKED_PREPARED = False
    rows = _rows(code="UNPREPARED01")
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 5) as captured:
        insert_linked(*rows)
    assert not any(q["sql"].startswith(("PREPARE", "EXECUTE")) for q in captured.captured_queries)
    assert Feedback.objects.filter(tracking_code="UNPREPARED01").exists()
