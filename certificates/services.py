"""Writes of the certificates app: issue, render the PDF, revoke, regenerate."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.rules import is_hr_staff
from asn_competency.common.errors import ApplicationError
from asn_competency.common.outbox import enqueue, enqueue_many
from training.models import Enrollment

from .models import Certificate, CertificateCounter

logger = logging.getLogger(__name__)


def _next_serial(year: int) -> int:
    """The next serial number of `year`, gap-free and never given twice.

    The UPDATE takes the counter row's lock until the caller's transaction ends,
    so concurrent issuers queue here and each reads its own increment.
    Precondition: runs inside a transaction."""
    CertificateCounter.objects.get_or_create(year=year)
    CertificateCounter.objects.filter(year=year).update(last=F("last") + 1)
    return CertificateCounter.objects.values_list("last", flat=True).get(year=year)


def format_number(*, year: int, serial: int) -> str:
    return f"{settings.CERTIFICATES_NUMBER_PREFIX}/{year}/{serial:06d}"


def _snapshot(certificate: Certificate, enrollment: Enrollment) -> None:
    # The certificate is an Indonesian document whatever language the caller
    # (a worker, a management command) runs in.
    with translation.override(settings.LANGUAGE_CODE):
        _copy_data(certificate, enrollment)


def _copy_data(certificate: Certificate, enrollment: Enrollment) -> None:
    session = enrollment.session
    program = session.program
    employee = enrollment.employee
    certificate.holder_name = employee.full_name
    certificate.holder_nip = employee.nip
    certificate.program_code = program.code
    certificate.program_title = program.title
    # The program title is printed already; the session adds its batch number.
    certificate.session_title = (session.title or _("Batch %(number)s") % {"number": session.number})[:255]
    certificate.session_start = timezone.localtime(session.start).date()
    certificate.session_end = timezone.localtime(session.end).date()
    certificate.jp = program.jp
    # Completion is often recorded after the last day: the training was
    # completed when it ended, not when HR clicked.
    completed = min(enrollment.completed_at or session.end, session.end)
    certificate.completed_on = timezone.localtime(completed).date()


def _load_enrollment(enrollment_id: int) -> Enrollment:
    return Enrollment.objects.select_related("session__program", "employee").get(pk=enrollment_id)


def _enqueue_render(certificate_id: int) -> None:
    from .tasks import certificate_render_task

    enqueue(certificate_render_task, certificate_id)


@transaction.atomic
def certificate_issue(*, enrollment: Enrollment, replaces: Certificate | None = None) -> tuple[Certificate, bool]:
    """Issue the certificate of a completed enrolment; returns (certificate, created).

    Idempotent: when a valid certificate exists it is returned unchanged, so a
    completion hook that runs twice issues one number. Two concurrent issuers
    of the same enrolment are settled by the partial unique constraint."""
    enrollment = _load_enrollment(enrollment.pk)
    existing = Certificate.objects.filter(enrollment=enrollment, revoked_at__isnull=True).first()
    if existing is not None:
        return existing, False
    if enrollment.status != Enrollment.Status.COMPLETED:
        raise ApplicationError(
            _("A certificate is only issued for a completed training (status: %(status)s).")
            % {"status": enrollment.get_status_display()},
            code="not_completed",
        )
    today = timezone.localdate()
    try:
        with transaction.atomic():
            serial = _next_serial(today.year)
            certificate = Certificate(
                enrollment=enrollment,
                year=today.year,
                serial=serial,
                number=format_number(year=today.year, serial=serial),
                issued_on=today,
                replaces=replaces,
            )
            _snapshot(certificate, enrollment)
            certificate.full_clean(validate_constraints=False)
            certificate.save()
    except IntegrityError:
        # Another worker issued it between our check and our insert; its number
        # stands and ours was rolled back with the savepoint (no gap).
        existing = Certificate.objects.filter(enrollment=enrollment, revoked_at__isnull=True).first()
        if existing is None:
            raise
        return existing, False
    return certificate, True


@transaction.atomic
def certificate_issue_many(*, enrollments: Iterable[Enrollment]) -> list[Certificate]:
    """Issue the certificates of many completed enrolments at once (demo data,
    catch-up after an import): one counter update reserves all the serials, one
    INSERT writes the certificates. Enrolments that are not completed or already
    hold a valid certificate are skipped. The PDFs are not drawn here: the
    completion hook's task or the nightly catch-up draws them, and a download
    draws a missing one on the spot (certificate_pdf_ensure).

    Serials stay gap-free and unique: the counter row is locked until the caller's
    transaction ends, as in certificate_issue; a concurrent issue of the same
    enrolment fails this whole batch on the partial unique constraint."""
    valid = Certificate.objects.filter(enrollment=OuterRef("pk"), revoked_at__isnull=True)
    ids = enrollments.values("pk") if isinstance(enrollments, QuerySet) else [e.pk for e in enrollments]
    todo = list(
        Enrollment.objects.filter(pk__in=ids, status=Enrollment.Status.COMPLETED)
        .filter(~Exists(valid))
        .select_related("session__program", "employee")
        .order_by("pk")
    )
    if not todo:
        return []
    today = timezone.localdate()
    CertificateCounter.objects.get_or_create(year=today.year)
    counter = CertificateCounter.objects.select_for_update().get(year=today.year)
    first = counter.last + 1
    counter.last += len(todo)
    counter.save(update_fields=["last"])
    certificates = []
    for serial, enrollment in enumerate(todo, start=first):
        certificate = Certificate(
            enrollment=enrollment,
            year=today.year,
            serial=serial,
            number=format_number(year=today.year, serial=serial),
            issued_on=today,
        )
        _snapshot(certificate, enrollment)
        certificates.append(certificate)
    return Certificate.objects.bulk_create(certificates)


def certificate_issue_for_enrollment(*, enrollment_id: int) -> Certificate | None:
    """What the completion hook's task runs: issue (if needed) and render.
    Returns None when the enrolment is no longer completed."""
    enrollment = _load_enrollment(enrollment_id)
    if enrollment.status != Enrollment.Status.COMPLETED:
        logger.info("Enrollment %s is not completed; no certificate issued.", enrollment_id)
        return None
    certificate, _created = certificate_issue(enrollment=enrollment)
    if certificate.status != Certificate.Status.READY:
        certificate = certificate_render(certificate_id=certificate.pk)
    return certificate


def certificate_render(*, certificate_id: int) -> Certificate:
    """Draw the PDF and store it; the previous file (if any) is removed.
    Idempotent: a rerun draws the same document again."""
    from .pdf import render_certificate_pdf

    certificate = Certificate.objects.get(pk=certificate_id)
    try:
        content = render_certificate_pdf(certificate)
    except Exception as exc:
        Certificate.objects.filter(pk=certificate_id).update(
            status=Certificate.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:255], updated_at=timezone.now()
        )
        raise
    old_name = certificate.pdf.name
    certificate.pdf.save(certificate_pdf_name(certificate), ContentFile(content), save=False)
    certificate.status = Certificate.Status.READY
    certificate.version = F("version") + 1
    certificate.generated_at = timezone.now()
    certificate.error = ""
    certificate.save(update_fields=["pdf", "status", "version", "generated_at", "error", "updated_at"])
    certificate.refresh_from_db(fields=["version"])
    if old_name and old_name != certificate.pdf.name:
        certificate.pdf.storage.delete(old_name)
    return certificate


def certificate_pdf_ensure(*, certificate_id: int) -> Certificate:
    """The certificate with its PDF, drawn now when it has none yet (issued in
    bulk, or its queued job has not run): a download never waits for the worker.
    The row is locked while drawing, so two downloads at once draw it once; a
    failed drawing is recorded (status FAILED) and the certificate returned as is."""
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
        if certificate.status == Certificate.Status.READY and certificate.pdf:
            return certificate
        try:
            return certificate_render(certificate_id=certificate_id)
        except Exception:
            logger.exception("Drawing the PDF of certificate %s on download failed.", certificate_id)
    return Certificate.objects.get(pk=certificate_id)


def certificate_pdf_name(certificate: Certificate) -> str:
    return f"{certificate.number.replace('/', '-')}.pdf"


def _require_hr(actor) -> None:
    if not is_hr_staff(actor):
        raise ApplicationError(_("Only HR staff (BKPSDM) can do this."), code="forbidden", status=403)


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, actor, reason: str) -> Certificate:
    """HR withdraws a certificate; its verification page then says so."""
    _require_hr(actor)
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ApplicationError(_("Give the reason for the revocation (at least 5 characters)."), code="reason")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.is_revoked:
        raise ApplicationError(_("This certificate has already been revoked."), code="already_revoked")
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason[:255]
    certificate.revoked_by = actor
    certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by", "updated_at"])
    return certificate


@transaction.atomic
def certificate_regenerate(*, certificate: Certificate, actor) -> Certificate:
    """HR redraws a certificate with the current data (e.g. a corrected name).

    A valid certificate keeps its number and code (printed QR codes stay
    valid). A revoked one is never revived: a new certificate with a new number
    and code replaces it, provided the training is still completed."""
    _require_hr(actor)
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    enrollment = _load_enrollment(certificate.enrollment_id)
    if certificate.is_revoked:
        if hasattr(certificate, "replaced_by"):
            raise ApplicationError(
                _("This certificate was already replaced by %(number)s.") % {"number": certificate.replaced_by.number},
                code="already_replaced",
            )
        new, created = certificate_issue(enrollment=enrollment, replaces=certificate)
        if created:
            _enqueue_render(new.pk)
        return new
    if enrollment.status != Enrollment.Status.COMPLETED:
        raise ApplicationError(
            _("The training is no longer marked completed; revoke the certificate instead."), code="not_completed"
        )
    _snapshot(certificate, enrollment)
    certificate.status = Certificate.Status.PENDING
    certificate.save()
    _enqueue_render(certificate.pk)
    return certificate


def certificate_issue_missing(*, actor) -> int:
    """HR: queue certificates for every completed enrolment that has no valid one
    (e.g. completions recorded before certificates existed). Returns the count."""
    from .selectors import enrollments_without_certificate
    from .tasks import certificate_issue_task

    _require_hr(actor)
    ids = list(enrollments_without_certificate().values_list("pk", flat=True))
    enqueue_many(certificate_issue_task, [(pk,) for pk in ids])
    return len(ids)
