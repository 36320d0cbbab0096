import io

import pytest

from training.models import Attendance, Enrollment, ExternalTraining, JpLedgerEntry, Program, Session


@pytest.mark.django_db
def test_demo_seed_is_idempotent_and_shows_every_state():
    from accounts import demo as accounts_demo
    from training import demo

    accounts_demo.seed(out=io.StringIO())
    demo.seed(out=io.StringIO())
    counts = (
        Program.objects.count(),
        Session.objects.count(),
        Enrollment.objects.count(),
        JpLedgerEntry.objects.count(),
    )
    demo.seed(out=io.StringIO())
    assert counts == (
        Program.objects.count(),
        Session.objects.count(),
        Enrollment.objects.count(),
        JpLedgerEntry.objects.count(),
    )
    statuses = set(Enrollment.objects.values_list("status", flat=True))
    assert {"completed", "enrolled", "waitlisted", "pending_approval"} <= statuses
    assert Program.objects.filter(revision__gt=1).exists()
    # the batch running today has QR check-ins on its screen
    assert Attendance.objects.filter(day__session__code="pelayanan-prima-9", checked_in_at__isnull=False).count() == 2
    # one external training claim waits for the supervisor, one was approved and credited once
    assert set(
        ExternalTraining.objects.filter(recorded_by__username__in=["asn1", "asn2"]).values_list("status", flat=True)
    ) == {"pending", "approved"}
    approved = ExternalTraining.objects.get(status="approved", recorded_by__username="asn2")
    assert JpLedgerEntry.objects.filter(source_key=approved.ledger_key).count() == 1
