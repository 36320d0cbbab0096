import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import EmployeeCompetency
from planning.models import BulkEnrollmentJob
from tests.accounts.factories import CompetencyFactory, EmployeeFactory, OrgUnitFactory
from tests.training.factories import SessionFactory

from .conftest import csv_upload, xlsx_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_client(client, hr_user):
    client.force_login(hr_user)
    return client


def test_uploading_a_list_creates_a_job_and_queues_it_after_commit(hr_client, django_capture_on_commit_callbacks):
    session = SessionFactory()
    people = EmployeeFactory.create_batch(2)
    with django_capture_on_commit_callbacks() as callbacks:
        response = hr_client.post(
            reverse("planning:bulk"),
            {
                "source": "file",
                "file-session": session.pk,
                "file-file": csv_upload("NIP\n" + "\n".join(e.nip for e in people)),
            },
        )
    job = BulkEnrollmentJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.total == 2 and len(callbacks) == 1
    progress = hr_client.get(reverse("planning:bulk-progress", args=[job.pk])).json()
    assert progress == {"percent": 0, "done": False, "message": "0 dari 2 baris diproses"}
    page = hr_client.get(job.get_absolute_url())
    assert b"data-progress-url" in page.content


def test_a_file_without_nip_column_keeps_the_form_with_the_reason(hr_client):
    session = SessionFactory()
    response = hr_client.post(
        reverse("planning:bulk"),
        {"source": "file", "file-session": session.pk, "file-file": csv_upload("Nama\nSri\n")},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Tidak ditemukan kolom" in content
    assert f'value="{session.pk}" selected' in content  # the chosen session is kept
    assert not BulkEnrollmentJob.objects.exists()


def test_enrolling_a_unit_through_the_page(hr_client):
    unit = OrgUnitFactory()
    EmployeeFactory.create_batch(3, org_unit=unit)
    session = SessionFactory()
    response = hr_client.post(
        reverse("planning:bulk"),
        {"source": "unit", "unit-session": session.pk, "unit-org_unit": unit.pk, "unit-include_subunits": "on"},
    )
    assert response.status_code == 302
    assert BulkEnrollmentJob.objects.get().total == 3


def test_finished_job_report_lists_rows_and_downloads_as_xlsx(hr_client, hr_user):
    from planning.services import bulk_enrollment_from_file, bulk_enrollment_run

    person = EmployeeFactory(full_name="Sri Lubis")
    job = bulk_enrollment_from_file(
        session=SessionFactory(), uploaded=csv_upload(f"NIP\n{person.nip}\n123\n"), actor=hr_user
    )
    bulk_enrollment_run(job_id=job.pk)
    page = hr_client.get(job.get_absolute_url() + "?outcome=error")
    assert page.status_code == 200
    assert page.context["counts"]["enrolled"] == 1 and page.context["counts"]["error"] == 1
    assert [row.nip for row in page.context["page"]] == ["123"]
    report = hr_client.get(reverse("planning:bulk-report", args=[job.pk]))
    rows = list(load_workbook(io.BytesIO(report.content)).active.iter_rows(values_only=True))
    assert rows[1][:4] == (2, person.nip, "Sri Lubis", "Terdaftar")
    assert rows[2][3] == "Tidak didaftarkan" and "18 digit" in rows[2][4]


def test_example_lists_download_in_both_formats(hr_client):
    xlsx = hr_client.get(reverse("planning:bulk-example", args=["xlsx"]))
    assert load_workbook(io.BytesIO(xlsx.content)).active["A1"].value == "NIP"
    csv = hr_client.get(reverse("planning:bulk-example", args=["csv"]))
    assert csv.content.decode("utf-8-sig").startswith("NIP;")


def test_importing_assessed_levels_saves_valid_rows_and_reports_the_others(hr_client):
    employee = EmployeeFactory()
    CompetencyFactory(code="M.05")
    upload = xlsx_upload(
        [
            ("NIP", "Kode Kompetensi", "Level", "Tanggal"),
            (employee.nip, "m.05", 2, "2026-02-01"),
            (employee.nip, "X.99", 2, ""),
            ("199002142015032001", "M.05", 2, ""),
            (employee.nip, "M.05", 7, ""),
        ]
    )
    response = hr_client.post(reverse("planning:assessment-import"), {"file": upload})
    assert response.status_code == 200
    result = response.context["result"]
    assert result["saved"] == 1 and result["total"] == 4
    assert [e["line"] for e in result["errors"]] == [3, 4, 5]
    assert "tidak dikenal" in result["errors"][0]["message"]
    assert EmployeeCompetency.objects.get().level == 2


def test_importing_a_file_without_the_needed_columns_is_refused(hr_client):
    response = hr_client.post(reverse("planning:assessment-import"), {"file": csv_upload("NIP;Nama\n1;x\n")})
    assert response.status_code == 400
    assert "Kolom yang tidak ada" in response.content.decode()


def test_needs_page_enrols_the_asn_with_a_gap_into_a_chosen_session(hr_client):
    from accounts.models import PositionCompetency
    from planning.services import bulk_enrollment_run
    from tests.accounts.factories import PositionFactory
    from tests.training.factories import ProgramCompetencyFactory

    competency = CompetencyFactory(code="M.05")
    position = PositionFactory()
    PositionCompetency.objects.create(position=position, competency=competency, level=3)
    unit = OrgUnitFactory()
    short = EmployeeFactory(org_unit=unit, position=position)
    EmployeeCompetency.objects.create(employee=short, competency=competency, level=1, assessed_on="2026-01-01")
    met = EmployeeFactory(org_unit=unit, position=position)
    EmployeeCompetency.objects.create(employee=met, competency=competency, level=3, assessed_on="2026-01-01")
    unassessed = EmployeeFactory(org_unit=unit, position=position)
    EmployeeFactory(position=position)  # another unit
    other_session = SessionFactory()
    matching = SessionFactory()
    ProgramCompetencyFactory(program=matching.program, competency=competency, target_level=3)

    page = hr_client.get(reverse("planning:needs-competency", args=[competency.pk]), {"unit": unit.pk})
    choices = [value for value, _label in page.context["enrol_form"].fields["session"].choices if value]
    assert [getattr(v, "value", v) for v in choices][:2] == [matching.pk, other_session.pk]
    response = hr_client.post(
        reverse("planning:bulk"),
        {"source": "gap", "gap-session": matching.pk, "gap-competency": competency.pk, "gap-org_unit": unit.pk},
    )
    job = BulkEnrollmentJob.objects.get()
    assert response.status_code == 302 and job.source == BulkEnrollmentJob.Source.GAP
    bulk_enrollment_run(job_id=job.pk)
    assert set(matching.enrollments.values_list("employee_id", flat=True)) == {short.pk, unassessed.pk}


def test_a_failed_job_can_be_resumed_and_continues_where_it_stopped(
    hr_client, hr_user, django_capture_on_commit_callbacks
):
    from planning.services import bulk_enrollment_from_file

    person = EmployeeFactory()
    job = bulk_enrollment_from_file(
        session=SessionFactory(), uploaded=csv_upload(f"NIP\n{person.nip}\n"), actor=hr_user
    )
    url = reverse("planning:bulk-resume", args=[job.pk])
    response = hr_client.post(url, follow=True)
    assert "Hanya proses yang berhenti karena galat" in response.content.decode()
    BulkEnrollmentJob.objects.filter(pk=job.pk).update(status=BulkEnrollmentJob.Status.FAILED, error="OperationalError")
    with django_capture_on_commit_callbacks() as callbacks:
        hr_client.post(url)
    job.refresh_from_db()
    assert job.status == BulkEnrollmentJob.Status.QUEUED and len(callbacks) == 1
