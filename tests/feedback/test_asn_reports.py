import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from feedback.models import AsnReport
from feedback.selectors import asn_report_counts_for, asn_report_summary
from feedback.services import asn_report_create, asn_subject_resolve
from tests.accounts.factories import EmployeeFactory, UserFactory
from tests.training.factories import ProgramFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_app_difficulty_report_by_application_code():
    report = asn_report_create(
        reporter=EmployeeFactory(), kind="app_difficulty", egov_app_code="Srikandi",
        what_tried="Unggah surat keluar", what_happened="Muncul pesan gagal memproses dokumen.",
    )  # fmt: skip
    assert report.egov_app_code == "srikandi"
    assert report.subject_type is None and report.status == "open"


def test_training_feedback_on_a_session_links_session_and_program():
    session = SessionFactory()
    report = asn_report_create(
        reporter=EmployeeFactory(), kind="training_feedback", subject=session, rating=4,
        what_happened="Materi relevan, waktu praktik kurang.",
    )  # fmt: skip
    assert report.session == session and report.program == session.program
    assert report.subject == session
    assert report.subject_label == str(session)


def test_reports_need_a_subject_or_application_and_a_description():
    with pytest.raises(ValidationError) as exc:
        asn_report_create(reporter=EmployeeFactory(), kind="app_difficulty", what_happened="pendek")
    assert set(exc.value.message_dict) == {"what_happened", "egov_app_code"}
    with pytest.raises(ValidationError) as exc:
        asn_report_create(reporter=EmployeeFactory(), kind="training_feedback", what_happened="Cukup panjang isinya.")
    assert exc.value.message_dict["subject"] == ["Pilih pelatihan yang dimaksud."]


def test_summary_groups_and_counts_per_subject_in_sql(django_assert_num_queries):
    programs = [ProgramFactory(), ProgramFactory()]
    reporter = EmployeeFactory()
    for _ in range(3):
        asn_report_create(reporter=reporter, kind="training_feedback", subject=programs[0], rating=5,
                          what_happened="Bagus sekali pelatihannya.")  # fmt: skip
    asn_report_create(reporter=reporter, kind="training_feedback", subject=programs[1], rating=2,
                      what_happened="Ruang kelas terlalu panas.")  # fmt: skip
    for _ in range(2):
        asn_report_create(reporter=reporter, kind="app_difficulty", egov_app_code="e-kinerja",
                          what_happened="Tombol simpan tidak bereaksi.")  # fmt: skip
    # the grouped counts, and the application names from the tutorial app
    with django_assert_num_queries(2):
        rows = asn_report_summary()
    compact = [(r["subject_type"], r["subject_id"], r["egov_app_code"], r["total"], r["open"]) for r in rows]
    assert compact == [
        ("training.program", programs[0].pk, "", 3, 3),
        (None, None, "e-kinerja", 2, 2),
        ("training.program", programs[1].pk, "", 1, 1),
    ]
    assert rows[0]["avg_rating"] == 5
    assert asn_report_summary(kind="app_difficulty")[0]["label"] == "e-kinerja"
    assert asn_report_counts_for(model=type(programs[0]), ids=[p.pk for p in programs]) == {
        programs[0].pk: 3,
        programs[1].pk: 1,
    }


def test_subject_references_resolve_only_to_allowed_models():
    program = ProgramFactory()
    assert asn_subject_resolve(ref=f"training.program:{program.pk}") == program
    assert asn_subject_resolve(ref="accounts.user:1") is None
    assert asn_subject_resolve(ref="training.program:999999") is None
    assert asn_subject_resolve(ref="rubbish") is None


def test_asn_sends_a_report_from_the_page_with_a_screenshot(client):
    employee = EmployeeFactory()
    client.force_login(employee.user)
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    png = buffer.getvalue()
    response = client.post(
        "/feedback/asn/report/",
        {
            "kind": "app_difficulty",
            "egov_app_code": "simpeg",
            "what_tried": "Unggah ijazah",
            "what_happened": "Status tetap belum diverifikasi.",
            "screenshot": SimpleUploadedFile("layar.png", png, content_type="image/png"),
        },
    )
    assert response.status_code == 302
    report = AsnReport.objects.get()
    assert report.reporter == employee and report.screenshot.name.endswith(".png")
    assert "Status tetap belum diverifikasi." in client.get("/feedback/asn/mine/").content.decode()


def test_report_page_accepts_a_subject_link_from_other_apps(client):
    program = ProgramFactory(title="Pelatihan Srikandi")
    client.force_login(EmployeeFactory().user)
    page = client.get(
        "/feedback/asn/report/", {"kind": "training_feedback", "subject": f"training.program:{program.pk}"}
    )
    assert "Pelatihan Srikandi" in page.content.decode()
    response = client.post(
        "/feedback/asn/report/",
        {
            "kind": "training_feedback",
            "subject": f"training.program:{program.pk}",
            "what_happened": "Sangat membantu pekerjaan.",
        },
    )
    assert response.status_code == 302
    assert AsnReport.objects.get().program == program


def test_invalid_report_keeps_what_was_typed(client):
    client.force_login(EmployeeFactory().user)
    response = client.post(
        "/feedback/asn/report/", {"kind": "app_difficulty", "what_tried": "Login dengan NIP", "what_happened": "x"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Login dengan NIP" in html
    assert "Sebutkan aplikasi yang menyulitkan Anda." in html


def test_hr_sees_grouped_reports_and_others_do_not(client):
    reporter = EmployeeFactory()
    asn_report_create(
        reporter=reporter, kind="app_difficulty", egov_app_code="sipd", what_happened="Data tidak tersalin."
    )
    client.force_login(reporter.user)
    assert client.get("/feedback/asn/reports/").status_code == 403
    client.force_login(UserFactory(roles=["hr"]))
    response = client.get("/feedback/asn/reports/")
    assert response.status_code == 200
    assert response.context["summary"][0]["total"] == 1
    report = AsnReport.objects.get()
    client.post("/feedback/asn/reports/", {"report": report.pk, "status": "resolved", "hr_note": "Sudah diperbaiki."})
    report.refresh_from_db()
    assert (report.status, report.hr_note) == ("resolved", "Sudah diperbaiki.")


def test_hr_summary_page_query_count_is_constant(client, django_assert_num_queries):
    client.force_login(UserFactory(roles=["hr"]))

    def add(n):
        for i in range(n):
            reporter = EmployeeFactory()
            asn_report_create(reporter=reporter, kind="app_difficulty", egov_app_code=f"app-{i % 3}",
                              what_happened="Tidak bisa menyimpan data.")  # fmt: skip

    add(3)
    # session, user, groups, grouped summary, application names, kind counts, latest reports
    # (reporter and unit joined), navbar employee.
    with django_assert_num_queries(8):
        client.get("/feedback/asn/reports/")
    add(12)
    with django_assert_num_queries(8):
        client.get("/feedback/asn/reports/")
