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
