"""Pages: the ASN journey (start, resume, quiz), HR authoring with live preview and
reordering, stuck reports, readiness; query counts stay constant as data grows."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from accounts.models import Position
from tests.accounts.factories import EmployeeFactory, OrgUnitFactory, PositionFactory, UserFactory
from training.models import JpLedgerEntry
from tutorials.models import Tutorial, TutorialProgress, TutorialStep

from .factories import EgovApplicationFactory, correct_answers, make_tutorial, png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def asn_client(client):
    employee = EmployeeFactory()
    client.force_login(employee.user)
    client.employee = employee
    return client


@pytest.fixture
def hr_client(client):
    client.force_login(UserFactory(roles=["hr"]))
    return client


def test_asn_journey_start_resume_quiz_credits_jp(asn_client):
    tutorial = make_tutorial(steps=3, questions=2)
    resume = reverse("tutorials:resume", args=[tutorial.pk])
    assert asn_client.get(resume).url == reverse("tutorials:step", args=[tutorial.pk, 1])
    response = asn_client.post(reverse("tutorials:step", args=[tutorial.pk, 1]))
    assert response.url == reverse("tutorials:step", args=[tutorial.pk, 2])
    # Leaves and comes back later: resumes at step 2.
    assert asn_client.get(resume).url == reverse("tutorials:step", args=[tutorial.pk, 2])
    page = asn_client.get(reverse("tutorials:tutorial-detail", args=[tutorial.pk])).content.decode()
    assert "Lanjutkan di langkah 2" in page
    asn_client.post(reverse("tutorials:step", args=[tutorial.pk, 2]))
    assert asn_client.post(reverse("tutorials:step", args=[tutorial.pk, 3])).url == resume
    assert asn_client.get(resume).url == reverse("tutorials:quiz", args=[tutorial.pk])
    data = {f"q{q}": c for q, c in correct_answers(tutorial).items()}
    response = asn_client.post(reverse("tutorials:quiz", args=[tutorial.pk]), data)
    assert response.status_code == 200
    assert "Lulus dengan 100%" in response.content.decode()
    assert JpLedgerEntry.objects.filter(employee=asn_client.employee, source="tutorial").count() == 1


def test_quiz_with_missing_answer_answers_400_and_keeps_the_given_answers(asn_client):
    tutorial = make_tutorial(steps=1, questions=2)
    asn_client.post(reverse("tutorials:step", args=[tutorial.pk, 1]))
    q1, _q2 = tutorial.questions.order_by("position")
    chosen = q1.choices.get(is_correct=True).pk
    response = asn_client.post(reverse("tutorials:quiz", args=[tutorial.pk]), {f"q{q1.pk}": chosen})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Pilih satu jawaban." in body
    assert f'value="{chosen}"' in body and "checked" in body


def test_quiz_before_the_steps_are_done_explains_why(asn_client):
    tutorial = make_tutorial(steps=2, questions=1)
    data = {f"q{q}": c for q, c in correct_answers(tutorial).items()}
    response = asn_client.post(reverse("tutorials:quiz", args=[tutorial.pk]), data)
    assert response.status_code == 400
    assert "Selesaikan 2 langkah" in response.content.decode()


def test_outdated_tutorial_shows_the_notice_to_asn(asn_client):
    tutorial = make_tutorial(steps=1, questions=1)
    tutorial.is_outdated, tutorial.outdated_note = True, "Menu pindah"
    from django.utils import timezone

    tutorial.outdated_at = timezone.now()
    tutorial.save()
    body = asn_client.get(reverse("tutorials:step", args=[tutorial.pk, 1])).content.decode()
    assert "Menu pindah" in body and "alert-warning" in body


def test_step_page_renders_hostile_markdown_harmless(asn_client):
    tutorial = make_tutorial(steps=1, questions=1)
    TutorialStep.objects.filter(tutorial=tutorial).update(
        body="Halo <script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>"
    )
    body = asn_client.get(reverse("tutorials:step", args=[tutorial.pk, 1])).content.decode()
    assert "<script>alert(1)" not in body and "javascript:alert" not in body and "onerror" not in body


def test_draft_tutorial_is_not_visible_to_asn(asn_client):
    tutorial = make_tutorial(steps=1, questions=1, status=Tutorial.Status.DRAFT)
    assert asn_client.get(reverse("tutorials:tutorial-detail", args=[tutorial.pk])).status_code == 404


def test_stuck_report_from_a_step_and_hostile_screenshot_is_refused_keeping_the_text(asn_client):
    from feedback.models import AsnReport

    tutorial = make_tutorial(steps=2, questions=1)
    step = tutorial.steps.get(position=2)
    url = reverse("tutorials:stuck", args=[tutorial.application.code]) + f"?step={step.pk}"
    fake = SimpleUploadedFile("layar.png", b"<svg onload=alert(1)></svg>", content_type="image/png")
    response = asn_client.post(url, {"what_happened": "Tombol Kirim tidak muncul", "screenshot": fake})
    assert response.status_code == 400
    assert "Tombol Kirim tidak muncul" in response.content.decode()
    assert not AsnReport.objects.exists()
    response = asn_client.post(
        url, {"what_tried": "Muat ulang", "what_happened": "Tombol Kirim tidak muncul", "screenshot": png_upload()}
    )
    assert response.status_code == 302
    report = AsnReport.objects.get()
    assert report.subject == step and report.egov_app_code == tutorial.application.code and report.screenshot


def test_hr_pages_are_refused_to_asn(asn_client):
    assert asn_client.get(reverse("tutorials:manage")).status_code == 403
    assert asn_client.get(reverse("tutorials:readiness")).status_code == 403
    assert asn_client.post(reverse("tutorials:preview"), {"body": "x"}).status_code == 403


def test_live_preview_returns_sanitised_html(hr_client):
    response = hr_client.post(
        reverse("tutorials:preview"),
        {"body": "**Tebal** <script>alert(1)</script> [a](javascript:x)"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "<strong>Tebal</strong>" in body
    assert "<script" not in body and "javascript:" not in body


def test_hr_authors_a_tutorial_steps_quiz_then_publishes(hr_client):
    app = EgovApplicationFactory(current_version="4.2")
    response = hr_client.post(
        reverse("tutorials:tutorial-new"),
        {"application": app.pk, "title": "Disposisi surat", "estimated_minutes": 20, "jp": "0.5", "pass_mark": 80},
    )
    tutorial = Tutorial.objects.get(title="Disposisi surat")
    assert response.url == reverse("tutorials:manage-tutorial", args=[tutorial.pk])
    assert tutorial.app_version == "4.2" and tutorial.status == Tutorial.Status.DRAFT
    for title in ("Masuk", "Buka surat"):
        hr_client.post(reverse("tutorials:step-new", args=[tutorial.pk]), {"title": title, "body": f"{title}."})
    fake = SimpleUploadedFile("a.png", b"<html>x</html>", content_type="image/png")
    response = hr_client.post(
        reverse("tutorials:step-new", args=[tutorial.pk]), {"title": "Palsu", "body": "Teks saya", "screenshot": fake}
    )
    assert response.status_code == 400 and "Teks saya" in response.content.decode()
    assert tutorial.steps.count() == 2
    hr_client.post(
        reverse("tutorials:question-new", args=[tutorial.pk]),
        {"text": "Menu disposisi ada di mana?", "choice_1": "Kotak masuk", "choice_2": "Profil", "correct": "1"},
    )
    first, second = tutorial.steps.order_by("position")
    response = hr_client.post(
        reverse("tutorials:step-move", args=[second.pk]), {"direction": "up"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "Buka surat" in response.content.decode()
    assert list(tutorial.steps.order_by("position").values_list("title", flat=True)) == ["Buka surat", "Masuk"]
    hr_client.post(reverse("tutorials:tutorial-status", args=[tutorial.pk]), {"status": "published"})
    tutorial.refresh_from_db()
    assert tutorial.status == Tutorial.Status.PUBLISHED


def test_hr_records_a_new_version_and_marks_a_tutorial_outdated(hr_client):
    app = EgovApplicationFactory(current_version="1.0")
    tutorial = make_tutorial(application=app, steps=1, questions=1)
    response = hr_client.post(
        reverse("tutorials:app-version", args=[app.code]), {"version": "2.0", "released_on": "2026-11-01"}
    )
    assert response.status_code == 302
    page = hr_client.get(reverse("tutorials:app-version", args=[app.code])).content.decode()
    assert tutorial.title in page
    hr_client.post(reverse("tutorials:tutorial-outdated", args=[tutorial.pk]), {"note": "Menu baru di versi 2.0"})
    tutorial.refresh_from_db()
    assert tutorial.is_outdated
    response = hr_client.post(reverse("tutorials:app-version", args=[app.code]), {"version": "2.0", "released_on": "x"})
    assert response.status_code == 400


def test_marking_a_tutorial_outdated_and_current_records_who_did_it(client):
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    hr = UserFactory(roles=["hr"])
    client.force_login(hr)
    app = EgovApplicationFactory(current_version="1.0")
    tutorial = make_tutorial(application=app, steps=1, questions=1)
    url = reverse("tutorials:tutorial-outdated", args=[tutorial.pk])
    client.post(url, {"note": "Menu Disposisi pindah ke kiri"})
    client.post(url, {"action": "current"})
    history = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Tutorial), object_id=str(tutorial.pk)
    ).order_by("pk")
    assert [(e.user, e.is_change()) for e in history] == [(hr, True), (hr, True)]
    assert "Menu Disposisi pindah ke kiri" in history[0].get_change_message()
    assert "1.0" in history[1].get_change_message()


def _population(n_units, per_unit, app):
    position = PositionFactory(kind=Position.Kind.EXECUTOR)
    tutorial = make_tutorial(application=app, steps=2, questions=1)
    for _unit in range(n_units):
        unit = OrgUnitFactory()
        for i in range(per_unit):
            employee = EmployeeFactory(org_unit=unit, position=position)
            if i % 2 == 0:
                TutorialProgress.objects.create(employee=employee, tutorial=tutorial, completed_at="2026-10-01T08:00Z")
    return tutorial


@pytest.mark.parametrize("size", [1, 4])
def test_catalogue_query_count_is_constant(asn_client, django_assert_num_queries, size):
    for _ in range(size):
        app = EgovApplicationFactory()
        _population(size, 2, app)
    # session, user, groups (navigation roles), employee (navigation), applications with
    # their counts (one query, subqueries inside), their audience (one prefetch).
    with django_assert_num_queries(6):
        response = asn_client.get(reverse("tutorials:app-list"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 4])
def test_app_and_tutorial_pages_query_counts_are_constant(asn_client, django_assert_num_queries, size):
    app = EgovApplicationFactory()
    tutorial = _population(size, 2, app)
    for _ in range(size):
        make_tutorial(application=app, steps=size, questions=1)
    # session, user, groups and employee (navigation), employee (page), application, its
    # audience, units and versions (prefetches), tutorials with counts and my progress (one query).
    with django_assert_num_queries(10):
        assert asn_client.get(reverse("tutorials:app-detail", args=[app.code])).status_code == 200
    # session, user, groups and employee (navigation), employee (page), tutorial with its
    # application, steps (prefetch), my progress, its step completions (prefetch).
    asn_client.post(reverse("tutorials:step", args=[tutorial.pk, 1]))
    with django_assert_num_queries(9):
        assert asn_client.get(reverse("tutorials:tutorial-detail", args=[tutorial.pk])).status_code == 200


@pytest.mark.parametrize("size", [1, 4])
def test_readiness_pages_query_counts_are_constant(hr_client, django_assert_num_queries, size):
    apps = [EgovApplicationFactory(kinds=[Position.Kind.EXECUTOR]) for _ in range(size)]
    for app in apps:
        _population(size, 3, app)
    # session, user, groups and employee (navigation), the overview (one query with
    # correlated subqueries, whatever the number of applications and ASN).
    with django_assert_num_queries(5):
        assert hr_client.get(reverse("tutorials:readiness")).status_code == 200
    # session, user, groups and employee (navigation), application, its audience, units and
    # versions (prefetches), per-unit figures (one grouped query).
    with django_assert_num_queries(9):
        response = hr_client.get(reverse("tutorials:readiness-app", args=[apps[0].code]))
    assert response.status_code == 200
    # Every executor must use every application; only the first app's own population completed its tutorial.
    assert len(response.context["units"]) == size * size
    assert response.context["totals"]["audience"] == 3 * size * size
    assert response.context["totals"]["ready"] == 2 * size


def test_quiz_page_sends_asn_back_to_the_steps_while_steps_remain(asn_client):
    tutorial = make_tutorial(steps=3, questions=1)
    asn_client.post(reverse("tutorials:step", args=[tutorial.pk, 1]))
    body = asn_client.get(reverse("tutorials:quiz", args=[tutorial.pk])).content.decode()
    assert "Selesaikan 2 langkah yang tersisa sebelum kuis." in body
    assert 'name="q' not in body


@pytest.mark.parametrize("size", [1, 4])
def test_hr_sees_reports_of_a_step_and_resolves_one(hr_client, django_assert_num_queries, size):
    from feedback.models import AsnReport
    from tutorials import services

    tutorial = make_tutorial(steps=2, questions=1)
    step = tutorial.steps.get(position=1)
    for i in range(3 * size):
        services.stuck_report_create(
            employee=EmployeeFactory(),
            application=tutorial.application,
            step=step,
            what_happened=f"Galat nomor {i} muncul",
        )
    url = reverse("tutorials:stuck-reports") + f"?app={tutorial.application.code}&step={step.pk}"
    # session, user, groups, employee (navigation), step, grouped counts, the reports with their
    # reporters (the content type of steps is cached by Django after its first use).
    with django_assert_num_queries(7):
        response = hr_client.get(url)
    body = response.content.decode()
    assert body.count("Galat nomor") == 3 * size
    report = AsnReport.objects.first()
    response = hr_client.post(
        reverse("tutorials:stuck-report-status", args=[report.pk]),
        {"status": "resolved", "hr_note": "Sudah diperbaiki di versi 3.3", "next": "https://evil.example/"},
    )
    assert response.url == reverse("tutorials:stuck-reports")
    report.refresh_from_db()
    assert (report.status, report.hr_note) == ("resolved", "Sudah diperbaiki di versi 3.3")


@override_settings(TUTORIALS_STUCK_RATE_LIMIT="2/d")
def test_stuck_reports_are_limited_per_account_and_the_text_is_kept(asn_client):
    from feedback.models import AsnReport

    app = make_tutorial(steps=1, questions=1).application
    url = reverse("tutorials:stuck", args=[app.code])
    for i in range(2):
        assert asn_client.post(url, {"what_happened": f"Halaman kosong nomor {i}"}).status_code == 302
    response = asn_client.post(url, {"what_happened": "Halaman kosong lagi"})
    assert response.status_code == 429
    body = response.content.decode()
    assert "Halaman kosong lagi" in body and "coba lagi nanti" in body
    assert AsnReport.objects.count() == 2


def test_readiness_per_unit_downloads_as_excel(hr_client):
    import io

    from openpyxl import load_workbook

    app = EgovApplicationFactory(kinds=[Position.Kind.EXECUTOR])
    _population(2, 2, app)
    response = hr_client.get(reverse("tutorials:readiness-app-export", args=[app.code]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:3] == ("Unit", "Wajib menggunakan", "Siap")
    assert [r[1:3] for r in rows[2:]] == [(2, 1), (2, 1)]


def test_hr_creates_an_application_with_its_users_and_errors_keep_the_input(hr_client):
    from tutorials.models import EgovApplication

    owner = OrgUnitFactory(code="diskominfo")
    data = {
        "code": "srikandi",
        "name": "SRIKANDI",
        "owner_unit": owner.pk,
        "purpose": "Tata naskah dinas nasional.",
        "url": "srikandi.arsip.go.id",
        "current_version": "1.0",
        "is_active": "on",
    }
    response = hr_client.post(reverse("tutorials:app-new"), data)
    assert response.status_code == 400
    assert "SRIKANDI" in response.content.decode()
    response = hr_client.post(reverse("tutorials:app-new"), {**data, "position_kinds": ["pelaksana", "pengawas"]})
    assert response.status_code == 302
    app = EgovApplication.objects.get(code="srikandi")
    assert app.url == "https://srikandi.arsip.go.id"
    assert sorted(app.audience.values_list("position_kind", flat=True)) == ["pelaksana", "pengawas"]
