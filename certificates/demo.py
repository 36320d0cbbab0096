"""Demo data of the certificates app: a certificate (with its PDF) for every
completed demo enrolment, and one revoked and replaced. Idempotent."""

from django.contrib.auth import get_user_model

from asn_competency.common.progress import progress

from .models import Certificate
from .selectors import enrollments_without_certificate
from .services import certificate_issue, certificate_regenerate, certificate_render, certificate_revoke


def seed(*, out):
    missing = list(enrollments_without_certificate().select_related("session__program", "employee").order_by("pk"))
    for enrollment in progress(missing, desc="certificates (PDF)"):
        certificate, _created = certificate_issue(enrollment=enrollment)
        if certificate.status != Certificate.Status.READY:
            certificate_render(certificate_id=certificate.pk)
    # Draw the PDFs still pending (e.g. queued while no worker was running).
    for pk in Certificate.objects.exclude(status=Certificate.Status.READY).values_list("pk", flat=True):
        certificate_render(certificate_id=pk)

    hr = get_user_model().objects.filter(username="hr").first()
    if hr and not Certificate.objects.filter(revoked_at__isnull=False).exists():
        sample = Certificate.objects.filter(revoked_at__isnull=True).order_by("serial").first()
        if sample:
            certificate_revoke(certificate=sample, actor=hr, reason="Nama peserta salah ketik; diterbitkan ulang.")
            replacement = certificate_regenerate(certificate=sample, actor=hr)
            certificate_render(certificate_id=replacement.pk)
    out.write(
        f"  {Certificate.objects.count()} certificates "
        f"({Certificate.objects.filter(revoked_at__isnull=False).count()} revoked)"
    )
