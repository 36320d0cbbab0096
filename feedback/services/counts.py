"""The status counts snapshot of BKPSDM's staff list (whole city)."""

from django.db import transaction
from django.db.models import BooleanField, Count, ExpressionWrapper
from django.utils import timezone

from ..models import Feedback, FeedbackStatusCount
from ..selectors.feedback import overdue_condition


def feedback_status_counts_refresh() -> int:
    """Recompute the counts per handling unit, status and overdue flag: one GROUP BY
    over the partial index of counted (open and responded) feedback, replacing the
    snapshot in one transaction. Idempotent; returns the number of rows."""
    now = timezone.now()
    overdue = ExpressionWrapper(overdue_condition(today=timezone.localdate()), output_field=BooleanField())
    rows = (
        Feedback.objects.filter(status__in=Feedback.COUNTED_STATUSES)
        .annotate(late=overdue)
        .order_by()
        .values("handling_unit_id", "status", "late")
        .annotate(n=Count("pk"))
    )
    snapshot = [
        FeedbackStatusCount(
            handling_unit_id=row["handling_unit_id"],
            status=row["status"],
            overdue=bool(row["late"]),
            count=row["n"],
            computed_at=now,
        )
        for row in rows
    ]
    with transaction.atomic():
        FeedbackStatusCount.objects.all().delete()
        FeedbackStatusCount.objects.bulk_create(snapshot)
    return len(snapshot)
