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


@shared_task(name="certificates.issue_missing")
def certificate_issue_missing_task(limit: int = 500) -> int:
    """Nightly catch-up: certificates of completions whose hook could not run
    (broker down, worker lost) and PDFs that are still not drawn."""
    from .models import Certificate
    from .selectors import certificate_list_unfinished, enrollments_without_certificate

    done = 0
    for pk in enrollments_without_certificate().values_list("pk", flat=True)[:limit]:
        certificate_issue_for_enrollment(enrollment_id=pk)
        done += 1
    for certificate in certificate_list_unfinished()[:limit]:
        if certificate.status != Certificate.Status.READY:
            certificate_render(certificate_id=certificate.pk)
            done += 1
    return done
