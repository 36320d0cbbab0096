"""External training claims: submit with a certificate checked by content, the
supervisor decides, HR audits and revokes; JP credited once; pages, API,
query counts, and two approvals at once crediting once (PostgreSQL)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfWriter
from rest_framework.test import APIClient

from asn_competency.common.errors import ApplicationError
from tests.accounts.factories import CompetencyFactory, EmployeeFactory, UserFactory
from training.models import ExternalTraining, JpLedgerEntry
from training.selectors import jp_summary_for
from training.services import external_claim_decide, external_claim_revoke, external_claim_submit

from .test_concurrency import run_concurrently

pytestmark = pytest.mark.django_db


def pdf_file(name="sertifikat.pdf"):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def png_file(name="sertifikat.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 200, 200)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def submit(employee, *, proof=None, jp="6", days_ago=5):
    end = timezone.localdate() - datetime.timedelta(days=days_ago)
    return external_claim_submit(
        employee=employee,
        title="Bimtek Arsip Digital",
        organiser="ANRI",
        start_date=end - datetime.timedelta(days=1),
        end_date=end,
        jp=Decimal(jp),
        competency=None,
        proof=proof or pdf_file(),
        actor=employee.user,
    )


def ledger(claim):
    return JpLedgerEntry.objects.filter(employee=claim.employee, source_key=claim.ledger_key)


def test_a_submitted_claim_waits_and_credits_nothing(employee):
    claim = submit(employee)
    assert claim.status == ExternalTraining.Status.PENDING and not ledger(claim).exists()


def test_the_supervisor_approves_and_the_jp_are_credited_once_and_on_my_jp(employee, supervisor):
    claim = submit(employee, proof=png_file(), jp="6")
    external_claim_decide(claim=claim, actor=supervisor.user, approve=True, note="")
    assert ledger(claim).count() == 1
    summary = jp_summary_for(employee=employee, year=claim.date.year)
    assert summary["by_source"]["external"] == Decimal("6")
    with pytest.raises(ApplicationError) as again:
        external_claim_decide(claim=claim, actor=supervisor.user, approve=True)
    assert again.value.code == "already_decided" and again.value.status == 409
    assert ledger(claim).count() == 1


def test_a_rejection_needs_a_note_and_credits_nothing(employee, supervisor):
    claim = submit(employee)
    with pytest.raises(ValidationError):
        external_claim_decide(claim=claim, actor=supervisor.user, approve=False, note=" ")
    external_claim_decide(claim=claim, actor=supervisor.user, approve=False, note="Sertifikat tidak terbaca.")
    claim.refresh_from_db()
    assert claim.status == "rejected" and claim.decision_note and not ledger(claim).exists()


def test_only_the_asns_own_supervisor_decides(employee, hr_user):
    claim = submit(employee)
    other_supervisor = EmployeeFactory(user=UserFactory(roles=["supervisor", "asn"]))
    for actor in (other_supervisor.user, employee.user, hr_user):
        with pytest.raises(ApplicationError) as refused:
            external_claim_decide(claim=claim, actor=actor, approve=True)
        assert refused.value.status == 403
    assert not ledger(claim).exists()


def test_hr_decides_for_an_asn_without_supervisor(hr_user):
    lone = EmployeeFactory(supervisor=None)
    claim = submit(lone)
    external_claim_decide(claim=claim, actor=hr_user, approve=True)
    assert ledger(claim).count() == 1


def test_hr_revokes_an_approved_claim_and_its_credit_goes(employee, supervisor, hr_user):
    claim = submit(employee)
    external_claim_decide(claim=claim, actor=supervisor.user, approve=True)
    with pytest.raises(ApplicationError):
        external_claim_revoke(claim=claim, actor=supervisor.user, reason="x")
    with pytest.raises(ValidationError):
        external_claim_revoke(claim=claim, actor=hr_user, reason="")
    external_claim_revoke(claim=claim, actor=hr_user, reason="Sertifikat palsu.")
    claim.refresh_from_db()
    assert claim.status == "revoked" and not ledger(claim).exists()
    with pytest.raises(ApplicationError) as twice:
        external_claim_revoke(claim=claim, actor=hr_user, reason="lagi")
    assert twice.value.code == "not_approved"


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("sertifikat.pdf", b"%PDF-1.7 this is not really a pdf"), "not_a_pdf"),
        (SimpleUploadedFile("sertifikat.pdf", b"<html><script>alert(1)</script></html>"), "not_a_pdf"),
        (SimpleUploadedFile("sertifikat.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>"), "not_an_image"),
        (SimpleUploadedFile("sertifikat.exe", b"MZ..."), "bad_extension"),
    ],
)
def test_a_file_that_is_not_a_real_pdf_or_image_is_refused(employee, upload, code):
    with pytest.raises(ValidationError) as refused:
        submit(employee, proof=upload)
    assert refused.value.code == code
    assert not ExternalTraining.objects.exists()


def test_an_image_named_as_another_format_is_refused(employee):
    with pytest.raises(ValidationError) as refused:
        submit(employee, proof=png_file("sertifikat.jpg"))
    assert refused.value.code == "format_mismatch"


def test_a_file_over_the_size_limit_is_refused(employee, settings):
    settings.TRAINING_CLAIM_MAX_UPLOAD_BYTES = 200
    with pytest.raises(ValidationError) as refused:
        submit(employee, proof=pdf_file())
    assert refused.value.code == "too_large"


def test_a_training_that_has_not_ended_cannot_be_claimed(employee):
    with pytest.raises(ValidationError):
        submit(employee, days_ago=-2)


# Pages


def test_the_asn_submits_on_the_page_and_sees_the_claim(client, employee):
    client.force_login(employee.user)
    competency = CompetencyFactory()
    end = timezone.localdate() - datetime.timedelta(days=3)
    response = client.post(
        reverse("training:my-claims"),
        {
            "title": "Diklat Kearsipan",
            "organiser": "ANRI",
            "start_date": end.isoformat(),
            "date": end.isoformat(),
            "jp": "4",
            "competency": competency.pk,
            "proof": pdf_file(),
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("training:my-claims")).content.decode()
    assert "Diklat Kearsipan" in page


def test_a_bad_file_on_the_page_answers_400_in_indonesian_and_keeps_the_input(client, employee):
    client.force_login(employee.user)
    end = timezone.localdate() - datetime.timedelta(days=3)
    response = client.post(
        reverse("training:my-claims"),
        {
            "title": "Diklat Kearsipan Palsu",
            "organiser": "ANRI",
            "date": end.isoformat(),
            "jp": "4",
            "proof": SimpleUploadedFile("x.pdf", b"%PDF-1.4 rusak"),
        },
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Diklat Kearsipan Palsu" in body and "bukan dokumen PDF" in body


def test_the_supervisor_decides_on_the_page_and_others_are_refused(client, employee, supervisor):
    claim = submit(employee)
    other = EmployeeFactory(user=UserFactory(roles=["supervisor", "asn"]))
    client.force_login(other.user)
    assert "Bimtek Arsip Digital" not in client.get(reverse("training:claims-pending")).content.decode()
    assert client.post(reverse("training:claims-decide", args=[claim.pk]), {"decision": "approve"}).status_code == 403
    client.force_login(supervisor.user)
    assert "Bimtek Arsip Digital" in client.get(reverse("training:claims-pending")).content.decode()
    client.post(reverse("training:claims-decide", args=[claim.pk]), {"decision": "approve"})
    assert ledger(claim).count() == 1


def test_the_certificate_is_served_to_the_asn_supervisor_and_hr_only(client, employee, supervisor, hr_user):
    claim = submit(employee)
    url = reverse("training:hr-external-proof", args=[claim.pk])
    for user, expected in ((employee.user, 200), (supervisor.user, 200), (hr_user, 200), (EmployeeFactory().user, 403)):
        client.force_login(user)
        assert client.get(url).status_code == expected


def test_hr_audits_with_filters_and_revokes(client, employee, supervisor, hr_user):
    approved = submit(employee)
    external_claim_decide(claim=approved, actor=supervisor.user, approve=True)
    pending = submit(EmployeeFactory(supervisor=supervisor))
    ExternalTraining.objects.filter(pk=pending.pk).update(title="Seminar Menunggu")
    client.force_login(hr_user)
    page = client.get(reverse("training:claims-audit"), {"status": "pending"}).content.decode()
    assert "Seminar Menunggu" in page and "Bimtek Arsip Digital" not in page
    client.post(reverse("training:claims-revoke", args=[approved.pk]), {"reason": "Sertifikat palsu."})
    assert not ledger(approved).exists()
    client.force_login(employee.user)
    assert client.get(reverse("training:claims-audit")).status_code == 403
    assert client.post(reverse("training:claims-revoke", args=[approved.pk]), {"reason": "x"}).status_code == 403


def _claims(n, supervisor):
    for _ in range(n):
        claim = submit(EmployeeFactory(supervisor=supervisor))
        claim.competency = CompetencyFactory()
        claim.save(update_fields=["competency"])


@pytest.mark.parametrize("size", [2, 9])
def test_claim_lists_query_counts_are_constant(client, supervisor, hr_user, django_assert_num_queries, size):
    _claims(size, supervisor)
    client.force_login(supervisor.user)
    # session, user, groups (the HR check of the selector), the pending claims with
    # their joins, the signed-in ASN's profile (navigation)
    with django_assert_num_queries(5):
        assert client.get(reverse("training:claims-pending")).status_code == 200
    client.force_login(hr_user)
    # session, user, groups (role check), count + page of records with joins, the unit
    # filter's choices, the signed-in HR user's ASN profile (navigation)
    with django_assert_num_queries(7):
        assert client.get(reverse("training:claims-audit")).status_code == 200
    client.force_login(ExternalTraining.objects.first().employee.user)
    # session, user, the ASN's profile, count + page of claims with their joins,
    # the competency choices, groups and profile for the navigation
    with django_assert_num_queries(8):
        assert client.get(reverse("training:my-claims")).status_code == 200


# API


def test_api_submit_decide_and_revoke(employee, supervisor, hr_user):
    api = APIClient()
    api.force_authenticate(employee.user)
    end = timezone.localdate() - datetime.timedelta(days=4)
    created = api.post(
        "/api/v1/my/external-trainings/",
        {"title": "Webinar SPBE", "organiser": "Kominfo", "end_date": end.isoformat(), "jp": "2", "proof": png_file()},
        format="multipart",
    )
    assert created.status_code == 201, created.content
    claim_id = created.json()["id"]
    assert api.get("/api/v1/my/external-trainings/").json()["count"] == 1
    bad = api.post(
        "/api/v1/my/external-trainings/",
        {
            "title": "X",
            "organiser": "Y",
            "end_date": end.isoformat(),
            "jp": "2",
            "proof": SimpleUploadedFile("a.png", b"no"),
        },
        format="multipart",
    )
    assert bad.status_code == 400
    assert api.post(f"/api/v1/external-trainings/{claim_id}/decide/", {"decision": "approve"}).status_code == 403
    api.force_authenticate(supervisor.user)
    assert [c["id"] for c in api.get("/api/v1/external-trainings/pending/").json()["results"]] == [claim_id]
    assert api.post(f"/api/v1/external-trainings/{claim_id}/decide/", {"decision": "approve"}).status_code == 200
    assert api.post(f"/api/v1/external-trainings/{claim_id}/decide/", {"decision": "approve"}).status_code == 409
    assert api.post(f"/api/v1/external-trainings/{claim_id}/revoke/", {"reason": "x"}).status_code == 403
    api.force_authenticate(hr_user)
    assert api.post(f"/api/v1/external-trainings/{claim_id}/revoke/", {"reason": "Palsu"}).status_code == 200
    assert not JpLedgerEntry.objects.filter(source_key=f"external:{claim_id}").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_credit_the_jp_once():
    supervisor = EmployeeFactory(user=UserFactory(roles=["supervisor", "asn"]))
    employee = EmployeeFactory(supervisor=supervisor)
    claim = submit(employee)
    results = run_concurrently(
        lambda: external_claim_decide(
            claim=ExternalTraining.objects.get(pk=claim.pk), actor=supervisor.user, approve=True
        ),
        [()] * 6,
        workers=6,
    )
    assert sum(isinstance(r, ExternalTraining) for r in results) == 1
    assert all(getattr(r, "code", None) == "already_decided" for r in results if not isinstance(r, ExternalTraining))
    assert ledger(claim).count() == 1
