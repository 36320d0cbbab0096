"""Background work of the certificates app. Tasks take ids and call services."""

from celery import shared_task

from .services import certificate_issue_for_enrollment, certificate_render


@shared_task(name="certificates.issue", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def certificate_issue_task(enrollment_id: int) -> int | None:
    """Issue (once) and draw the certificate of a completed enrolment."""
    certificate = certificate_issue_for_enrollment(enrollment_id=enrollment_id)
    return certificate.pk if certificate else None


@shared_task(name="certificates.render", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def certificate_render_task(certificate_id: int) -> int:
    """Draw (again) the PDF of a certificate."""
    return certificate_render(certificate_id=certificate_id).pk
