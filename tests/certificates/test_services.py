import io

import pypdf
import pytest
import zxingcpp
from django.urls import reverse

from asn_competency.common.errors import ApplicationError
from certificates.models import Certificate
from certificates.selectors import enrollments_without_certificate
from certificates.services import (
    certificate_issue,
    certificate_issue_for_enrollment,
    certificate_issue_many,
    certificate_regenerate,
    certificate_render,
    certificate_revoke,
)
from tests.accounts.factories import EmployeeFactory, UserFactory
from tests.training.factories import EnrollmentFactory
from training.models import Enrollment

from .factories import CompletedEnrollmentFactory, issued_certificate

pytestmark = pytest.mark.django_db


def decode_qr_codes(pdf_bytes: bytes) -> list[str]:
    """Every QR code found in the images of the PDF's first page."""
    page = pypdf.PdfReader(io.BytesIO(pdf_bytes)).pages[0]
    found = []
    for image in page.images:
        found += [result.text for result in zxingcpp.read_barcodes(image.image)]
    return found


def test_certificate_issue_numbers_certificates_in_sequence_with_distinct_codes():
    first = issued_certificate()
    second = issued_certificate()
    year = first.issued_on.year
    assert first.number == f"KM/{year}/000001"
    assert second.number == f"KM/{year}/000002"
    assert first.code != second.code
    assert len(first.code) >= 20


def test_certificate_issue_many_continues_the_sequence_and_skips_what_it_must_not_issue():
    first = issued_certificate()
    completed = [CompletedEnrollmentFactory(), CompletedEnrollmentFactory()]
    open_enrollment = EnrollmentFactory()  # not completed: no certificate
    issued = certificate_issue_many(enrollments=[first.enrollment, *completed, open_enrollment])
    year = first.issued_on.year
    assert [c.number for c in issued] == [f"KM/{year}/000002", f"KM/{year}/000003"]
    assert [c.enrollment_id for c in issued] == [e.pk for e in completed]
    assert all(c.status == Certificate.Status.PENDING and not c.pdf for c in issued)  # drawn later
    assert issued[0].holder_name == completed[0].employee.full_name
    assert len({c.code for c in Certificate.objects.all()}) == 3
    assert certificate_issue_many(enrollments=Enrollment.objects.all()) == []  # a rerun issues nothing
    assert issued_certificate().number == f"KM/{year}/000004"


def test_certificate_issue_copies_holder_program_and_jp():
    enrollment = CompletedEnrollmentFactory(employee__full_name="Sri Lubis")
    certificate, created = certificate_issue(enrollment=enrollment)
    assert created
    assert certificate.holder_name == "Sri Lubis"
    assert certificate.holder_nip == enrollment.employee.nip
    assert certificate.program_title == enrollment.session.program.title
    assert certificate.jp == enrollment.session.program.jp
    assert certificate.status == Certificate.Status.PENDING


def test_certificate_issue_twice_returns_the_same_certificate():
    enrollment = CompletedEnrollmentFactory()
    first, created_first = certificate_issue(enrollment=enrollment)
    second, created_second = certificate_issue(enrollment=enrollment)
    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert Certificate.objects.count() == 1


def test_certificate_issue_refuses_an_enrolment_that_is_not_completed():
    enrollment = EnrollmentFactory(status=Enrollment.Status.ENROLLED)
    with pytest.raises(ApplicationError, match="selesai"):
        certificate_issue(enrollment=enrollment)
    assert certificate_issue_for_enrollment(enrollment_id=enrollment.pk) is None


def test_rendered_pdf_is_a_pdf_whose_qr_code_opens_the_verification_page(settings):
    settings.SITE_URL = "https://kompeten.pemkomedan.go.id:8443/"  # the public address, not the worker's
    certificate = certificate_render(certificate_id=issued_certificate().pk)
    content = certificate.pdf.read()
    assert content.startswith(b"%PDF")
    assert certificate.status == Certificate.Status.READY
    assert certificate.version == 1
    expected = "https://kompeten.pemkomedan.go.id:8443" + reverse("certificates:verify", args=[certificate.code])
    assert decode_qr_codes(content) == [expected]
    text = pypdf.PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert certificate.number in text
    assert certificate.holder_name in text
    assert "SERTIFIKAT" in text  # Indonesian, the site's default language


def test_render_again_replaces_the_file_and_raises_the_version():
    certificate = certificate_render(certificate_id=issued_certificate().pk)
    old_name = certificate.pdf.name
    again = certificate_render(certificate_id=certificate.pk)
    assert again.version == 2
    assert again.pdf.name != old_name
    assert not again.pdf.storage.exists(old_name)


def test_revoke_needs_hr_and_a_reason(hr_user):
    certificate = issued_certificate()
    with pytest.raises(ApplicationError) as forbidden:
        certificate_revoke(certificate=certificate, actor=UserFactory(roles=["asn"]), reason="Data peserta salah")
    assert forbidden.value.status == 403
    with pytest.raises(ApplicationError, match="alasan"):
        certificate_revoke(certificate=certificate, actor=hr_user, reason="  ")
    revoked = certificate_revoke(certificate=certificate, actor=hr_user, reason="Data peserta salah")
    assert revoked.is_revoked and revoked.revoked_reason == "Data peserta salah"
    with pytest.raises(ApplicationError, match="sudah dicabut"):
        certificate_revoke(certificate=revoked, actor=hr_user, reason="Sekali lagi")


def test_regenerate_a_valid_certificate_keeps_number_and_code_and_takes_the_new_name(
    hr_user, django_capture_on_commit_callbacks
):
    certificate = certificate_render(certificate_id=issued_certificate().pk)
    employee = certificate.enrollment.employee
    employee.full_name = "Nama Yang Dibetulkan"
    employee.save()
    with django_capture_on_commit_callbacks() as callbacks:
        result = certificate_regenerate(certificate=certificate, actor=hr_user)
    assert len(callbacks) == 1  # the render task is queued after commit
    assert (result.pk, result.number, result.code) == (certificate.pk, certificate.number, certificate.code)
    assert result.status == Certificate.Status.PENDING
    rendered = certificate_render(certificate_id=result.pk)
    assert rendered.holder_name == "Nama Yang Dibetulkan"
    assert rendered.version == 2


def test_regenerate_a_revoked_certificate_issues_a_replacement_with_a_new_number(hr_user):
    certificate = issued_certificate()
    certificate_revoke(certificate=certificate, actor=hr_user, reason="Salah cetak nama")
    replacement = certificate_regenerate(certificate=certificate, actor=hr_user)
    assert replacement.pk != certificate.pk
    assert replacement.number != certificate.number
    assert replacement.replaces_id == certificate.pk
    certificate.refresh_from_db()
    assert certificate.is_revoked  # the old paper stays revoked
    with pytest.raises(ApplicationError, match="diganti"):
        certificate_regenerate(certificate=certificate, actor=hr_user)


def test_completed_enrolments_without_a_valid_certificate_are_found():
    with_certificate = issued_certificate().enrollment
    without = CompletedEnrollmentFactory()
    EnrollmentFactory(status=Enrollment.Status.ENROLLED)
    ids = set(enrollments_without_certificate().values_list("pk", flat=True))
    assert ids == {without.pk}
    assert with_certificate.pk not in ids


def test_a_new_employee_gets_their_own_certificate_per_completed_training():
    employee = EmployeeFactory()
    a = issued_certificate(employee=employee)
    b = issued_certificate(employee=employee)
    assert a.enrollment.employee == b.enrollment.employee
    assert a.number != b.number


def test_certificate_is_dated_at_the_end_of_the_training_and_titled_in_indonesian():
    from django.utils import timezone, translation

    from tests.training.factories import in_days

    with translation.override("en"):
        certificate = issued_certificate(session__start=in_days(-5))
    session = certificate.enrollment.session
    assert certificate.completed_on == timezone.localtime(session.end).date()  # completion recorded later
    assert certificate.session_title == f"Angkatan {session.number}"


def test_nightly_catch_up_issues_missing_certificates_and_draws_stale_pdfs():
    import datetime

    from django.utils import timezone

    from certificates.tasks import certificate_issue_missing_task

    without = CompletedEnrollmentFactory()
    stale = issued_certificate()
    Certificate.objects.filter(pk=stale.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=2))
    fresh = issued_certificate()  # just queued: left to its own task
    assert certificate_issue_missing_task() == 2
    assert Certificate.objects.get(enrollment=without).status == Certificate.Status.READY
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == Certificate.Status.READY
    assert fresh.status == Certificate.Status.PENDING
    assert certificate_issue_missing_task() == 0  # idempotent
