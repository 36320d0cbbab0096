"""Demo data of the certificates app: a certificate for every completed demo
enrolment, and one revoked and replaced. Idempotent.

The certificates are issued in one bulk INSERT and their PDFs are not drawn
here (288 drawings were a third of seed_demo's time): the worker draws them
from the completion hooks' queued jobs once `make run` has started it, the
nightly catch-up draws any left, and a download draws a missing one on the spot."""

from django.contrib.auth import get_user_model

from .models import Certificate
from .selectors import enrollments_without_certificate
from .services import certificate_issue_many, certificate_regenerate, certificate_revoke


def seed(*, out):
    issued = certificate_issue_many(enrollments=enrollments_without_certificate().order_by("pk"))

    hr = get_user_model().objects.filter(username="hr").first()
    if hr and not Certificate.objects.filter(revoked_at__isnull=False).exists():
        sample = Certificate.objects.filter(revoked_at__isnull=True).order_by("serial").first()
        if sample:
            certificate_revoke(certificate=sample, actor=hr, reason="Nama peserta salah ketik; diterbitkan ulang.")
            certificate_regenerate(certificate=sample, actor=hr)  # queues the replacement's PDF
    out.write(
        f"  {Certificate.objects.count()} certificates "
        f"({Certificate.objects.filter(revoked_at__isnull=False).count()} revoked, {len(issued)} new; "
        f"PDFs are drawn by the worker or on first download)"
    )
