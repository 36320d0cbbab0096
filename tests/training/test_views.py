import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import CompetencyFactory, EmployeeFactory, UserFactory
from training.ical import employee_feed_token
from training.models import Enrollment, ExternalTraining, JpLedgerEntry, Program, Session, Trainer, Venue
from training.services import attendance_mark_all_present, enrollment_create, jp_ledger_credit

from .factories import (
    ProgramCompetencyFactory,
    ProgramFactory,
    SessionFactory,
    TrainerFactory,
    VenueFactory,
    in_days,
    move_session,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def asn_client(client, employee):
    client.force_login(employee.user)
    return client


@pytest.fixture
def hr_client(client, hr_user):
    client.force_login(hr_user)
    return client


def test_catalog_lists_published_programs_with_filters(client):
    comp = CompetencyFactory(code="T.TIK.99", name="Tata kelola SPBE")
    egov = ProgramFactory(title="Tata Kelola SPBE", category=Program.Category.IT_EGOV)
    ProgramCompetencyFactory(program=egov, competency=comp)
    ProgramFactory(title="Kepemimpinan Pengawas", category=Program.Category.MANAGEMENT)
    ProgramFactory(title="Draf Rahasia", status=Program.Status.DRAFT)
    page = client.get(reverse("training:catalog")).content.decode()
    assert "Tata Kelola SPBE" in page and "Kepemimpinan Pengawas" in page and "Draf Rahasia" not in page
    filtered = client.get(reverse("training:catalog"), {"category": "management"}).content.decode()
    assert "Kepemimpinan Pengawas" in filtered and "Tata Kelola SPBE" not in filtered
    by_comp = client.get(reverse("training:catalog"), {"competency": comp.pk}).content.decode()
    assert "Tata Kelola SPBE" in by_comp and "Kepemimpinan Pengawas" not in by_comp


def test_catalog_escapes_program_text(client):
    ProgramFactory(title="<script>alert(1)</script>")
    page = client.get(reverse("training:catalog")).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def _catalog_data(n):
    for i in range(n):
        program = ProgramFactory()
        ProgramCompetencyFactory(program=program)
        ProgramCompetencyFactory(program=program)
        SessionFactory(program=program, start=in_days(10 + i), end=in_days(10 + i, 16))


@pytest.mark.parametrize("size", [2, 12])
def test_catalog_query_count_is_constant(client, django_assert_num_queries, size):
    _catalog_data(size)
    # 1 count for the paginator, 1 programs with annotations, 1 prefetch of
    # competencies; the filter form's competency choices are not rendered as queries
    # until the select is drawn: +1. Anonymous, so no session/user queries.
    with django_assert_num_queries(4):
        assert client.get(reverse("training:catalog")).status_code == 200


@pytest.mark.parametrize("size", [2, 12])
def test_calendar_query_count_is_constant(client, django_assert_num_queries, size):
    trainer = TrainerFactory()
    for i in range(size):
        s = SessionFactory(
            start=in_days(1 + i % 5, 8 + i % 3), end=in_days(1 + i % 5, 11 + i % 3), venue=VenueFactory()
        )
        s.trainers.add(trainer)
    # 1 sessions with seat annotations (program and venue joined), 1 prefetch of trainers.
    with django_assert_num_queries(2):
        response = client.get(reverse("training:calendar"), {"view": "week", "date": in_days(3).date().isoformat()})
    assert response.status_code == 200
    assert response.context["session_count"] == size


def test_calendar_month_view_shows_sessions_on_each_day(client):
    session = SessionFactory(start=in_days(2, 8), end=in_days(3, 16))
    response = client.get(reverse("training:calendar"), {"date": in_days(2).date().isoformat()})
    days_with = [d.date for w in response.context["weeks"] for d in w if session in d.sessions]
    assert days_with == [in_days(2).date(), in_days(3).date()]


@pytest.mark.parametrize("size", [2, 12])
def test_hr_session_list_query_count_is_constant(hr_client, django_assert_num_queries, size):
    for _ in range(size):
        s = SessionFactory()
        s.trainers.add(TrainerFactory())
        Enrollment.objects.create(session=s, employee=EmployeeFactory(), status="enrolled")
    # 1 session, 1 user, 1 roles (groups) for the nav, 1 employee profile for the
    # name in the header, 1 paginator count (sessions only), 1 the page's
    # sessions, 1 trainers prefetch, 1 seat counts of the page's sessions only
    # (after the LIMIT: the count no longer joins every enrolment of the city).
    with django_assert_num_queries(8):
        assert hr_client.get(reverse("training:hr-sessions")).status_code == 200


@pytest.mark.parametrize("size", [2, 12])
def test_hr_roster_query_count_is_constant(hr_client, django_assert_num_queries, size):
    session = SessionFactory(capacity=50)
    for _ in range(size):
        enrollment_create(session=session, employee=EmployeeFactory())
    # 3 session/user/roles, 1 header name (employee profile), 1 session with
    # seats, 1 trainers, 1 days prefetch, 1 roster with days present, 1 days
    # with counts.
    with django_assert_num_queries(9):
        response = hr_client.get(reverse("training:hr-session-roster", args=[session.pk]))
    assert response.status_code == 200
    assert len(response.context["enrollments"]) == size


@pytest.mark.parametrize("size", [2, 12])
def test_hr_program_list_query_count_is_constant(hr_client, django_assert_num_queries, size):
    for _ in range(size):
        SessionFactory()
    # 3 session/user/roles, 1 header name, 1 paginator count, 1 programs with session counts.
    with django_assert_num_queries(6):
        assert hr_client.get(reverse("training:hr-programs")).status_code == 200


@pytest.mark.parametrize("size", [2, 12])
def test_my_enrollments_query_count_is_constant(asn_client, employee, django_assert_num_queries, size):
    for i in range(size):
        enrollment_create(
            session=SessionFactory(start=in_days(5 + 2 * i), end=in_days(5 + 2 * i, 16)), employee=employee
        )
    # 3 session/user/roles, 1 employee profile for the page, 1 for the name in
    # the header (user.employee), 1 enrolments with session, program and venue joined.
    with django_assert_num_queries(6):
        assert asn_client.get(reverse("training:my-enrollments")).status_code == 200


def test_asn_enrols_from_the_session_page(asn_client, employee):
    session = SessionFactory()
    response = asn_client.post(reverse("training:enroll", args=[session.pk]), follow=True)
    assert response.status_code == 200
    assert Enrollment.objects.get(session=session, employee=employee).status == "enrolled"
    page = response.content.decode()
    assert "Batalkan pendaftaran saya" in page  # cancel button, in Indonesian


def test_enrol_twice_shows_a_clear_message(asn_client, employee):
    session = SessionFactory()
    asn_client.post(reverse("training:enroll", args=[session.pk]))
    response = asn_client.post(reverse("training:enroll", args=[session.pk]), follow=True)
    assert "Sudah terdaftar" in response.content.decode()
    assert Enrollment.objects.filter(session=session).count() == 1


def test_enrol_requires_login(client):
    session = SessionFactory()
    response = client.post(reverse("training:enroll", args=[session.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not Enrollment.objects.exists()


def test_asn_cancels_own_enrolment(asn_client, employee):
    session = SessionFactory()
    enrollment = enrollment_create(session=session, employee=employee)
    asn_client.post(reverse("training:cancel", args=[enrollment.pk]), {"note": "Sakit"})
    enrollment.refresh_from_db()
    assert enrollment.status == "cancelled"


def test_my_enrollments_and_my_jp_pages(asn_client, employee):
    enrollment_create(session=SessionFactory(), employee=employee)
    jp_ledger_credit(
        employee=employee,
        year=timezone.localdate().year,
        jp=5,
        source="training",
        source_key="x",
        description="Pelatihan Arsip",
    )
    page = asn_client.get(reverse("training:my-enrollments")).content.decode()
    assert "/training/my/calendar/" in page
    jp_page = asn_client.get(reverse("training:my-jp")).content.decode()
    assert "Pelatihan Arsip" in jp_page and 'aria-valuenow="25"' in jp_page


def test_asn_ical_feed_lists_my_sessions_and_rejects_bad_tokens(client, employee):
    session = SessionFactory()
    enrollment_create(session=session, employee=employee)
    response = client.get(reverse("training:my-ical", args=[employee_feed_token(employee.pk)]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body and f"session-{session.pk}@" in body
    assert client.get(reverse("training:my-ical", args=["forged-token"])).status_code == 404


def test_program_ical_feed(client):
    session = SessionFactory()
    body = client.get(reverse("training:program-ical", args=[session.program.code])).content.decode()
    assert body.startswith("BEGIN:VCALENDAR") and session.code in body


def test_supervisor_approves_from_the_approvals_page(client, employee, supervisor):
    session = SessionFactory(requires_approval=True)
    enrollment = enrollment_create(session=session, employee=employee)
    client.force_login(supervisor.user)
    page = client.get(reverse("training:approvals")).content.decode()
    assert employee.full_name in page
    client.post(reverse("training:decide", args=[enrollment.pk, "approve"]))
    enrollment.refresh_from_db()
    assert enrollment.status == "enrolled"


def test_hr_pages_are_refused_to_asn(asn_client):
    assert asn_client.get(reverse("training:hr-sessions")).status_code == 403


def test_hr_creates_session_in_browser_and_double_booking_is_refused(hr_client):
    program, venue, trainer = ProgramFactory(), VenueFactory(name="Aula Melati"), TrainerFactory()
    data = {
        "program": program.pk,
        "start": in_days(30, 8).strftime("%Y-%m-%dT%H:%M"),
        "end": in_days(30, 16).strftime("%Y-%m-%dT%H:%M"),
        "mode": "offline",
        "venue": venue.pk,
        "trainers": [trainer.pk],
        "capacity": 30,
        "status": "scheduled",
    }
    response = hr_client.post(reverse("training:hr-session-create"), data)
    assert response.status_code == 302
    assert Session.objects.filter(program=program).count() == 1
    response = hr_client.post(reverse("training:hr-session-create"), {**data, "program": ProgramFactory().pk})
    assert response.status_code == 200
    assert "Aula Melati" in response.content.decode() and "sudah dipesan" in response.content.decode()
    assert response.context["form"]["capacity"].value() in ("30", 30)  # what was typed is kept


def test_hr_session_form_shows_field_errors(hr_client):
    response = hr_client.post(reverse("training:hr-session-create"), {"program": "", "capacity": "-1"})
    assert response.status_code == 200 and response.context["form"].errors


def test_hr_marks_attendance_and_completes(hr_client, employee):
    session = SessionFactory(capacity=5)
    enrollment = enrollment_create(session=session, employee=employee)
    move_session(session, start=in_days(-2), end=in_days(-1, 16))
    for day in session.days.all():
        hr_client.post(reverse("training:hr-attendance", args=[session.pk, day.pk]), {"present": [enrollment.pk]})
    hr_client.post(reverse("training:hr-enrollment-action", args=[enrollment.pk, "complete"]))
    enrollment.refresh_from_db()
    assert enrollment.status == "completed"
    assert JpLedgerEntry.objects.filter(employee=employee).count() == 1


def test_hr_attendance_all_present_button(hr_client, employee, hr_user):
    session = SessionFactory(capacity=5)
    enrollment_create(session=session, employee=employee)
    move_session(session, start=in_days(0, 0), end=in_days(1, 16))
    day = session.days.first()
    hr_client.post(reverse("training:hr-attendance", args=[session.pk, day.pk]), {"all_present": "1"})
    assert day.attendances.filter(present=True).count() == 1


def test_hr_records_external_training_with_proof(hr_client, employee):
    from .test_claims import pdf_file

    proof = pdf_file()  # a real PDF: the content is checked, not the name
    data = {
        "nip": employee.nip,
        "title": "Diklat Kearsipan",
        "organiser": "ANRI",
        "date": "2026-02-03",
        "jp": "12",
        "proof": proof,
    }
    response = hr_client.post(reverse("training:hr-external"), data)
    assert response.status_code == 302
    record = ExternalTraining.objects.get()
    assert hr_client.get(reverse("training:hr-external-proof", args=[record.pk])).status_code == 200
    assert JpLedgerEntry.objects.get(employee=employee).jp == 12


def test_hr_external_training_rejects_unknown_nip_and_keeps_input(hr_client):
    proof = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    response = hr_client.post(
        reverse("training:hr-external"),
        {
            "nip": "123",
            "title": "Diklat Kearsipan",
            "organiser": "ANRI",
            "date": "2026-02-03",
            "jp": "12",
            "proof": proof,
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "nip" in form.errors and "proof" in form.errors
    assert form["title"].value() == "Diklat Kearsipan"


def test_hr_program_create_with_competencies_and_revision(hr_client, hr_user):
    comp = CompetencyFactory()
    data = {
        "code": "pelayanan-prima",
        "title": "Pelayanan Prima",
        "kind": "classroom",
        "category": "public_service",
        "jp": "24",
        "status": "published",
        "competencies-TOTAL_FORMS": "1",
        "competencies-INITIAL_FORMS": "0",
        "competencies-0-competency": comp.pk,
        "competencies-0-target_level": "3",
    }
    assert hr_client.post(reverse("training:hr-program-create"), data).status_code == 302
    program = Program.objects.get(code="pelayanan-prima")
    assert list(program.program_competencies.values_list("competency", "target_level")) == [(comp.pk, 3)]
    hr_client.post(reverse("training:hr-program-revise", args=[program.code]), {"summary": "Modul diperbarui"})
    program.refresh_from_db()
    assert program.revision == 2
    assert "Modul diperbarui" in hr_client.get(program.get_absolute_url()).content.decode()


def test_session_finalize_from_roster(hr_client, employee):
    session = SessionFactory(capacity=5)
    enrollment = enrollment_create(session=session, employee=employee)
    move_session(session, start=in_days(-2), end=in_days(-1))
    for day in session.days.all():
        attendance_mark_all_present(day=day, actor=None)
    hr_client.post(reverse("training:hr-session-finalize", args=[session.pk]))
    enrollment.refresh_from_db()
    assert enrollment.status == "completed"


def test_navigation_shows_items_by_role(client, employee):
    client.force_login(employee.user)
    names = {i["url_name"] for i in client.get(reverse("training:catalog")).context["nav_items"]}
    assert {"training:catalog", "training:my-jp", "training:my-enrollments"} <= names
    assert "training:hr-sessions" not in names


def test_draft_program_is_hidden_from_asn(client):
    program = ProgramFactory(status=Program.Status.DRAFT)
    assert client.get(reverse("training:program-detail", args=[program.code])).status_code == 404


def test_unknown_hr_user_cannot_see_proof(asn_client, hr_user):
    from .test_claims import pdf_file

    other = EmployeeFactory()
    record = ExternalTraining.objects.create(
        employee=other, title="Diklat", organiser="ANRI", date=timezone.localdate(), jp=2, proof=pdf_file()
    )
    assert asn_client.get(reverse("training:hr-external-proof", args=[record.pk])).status_code == 403


_ = UserFactory


def test_hr_adds_and_edits_venues_and_trainers(hr_client):
    response = hr_client.post(
        reverse("training:hr-venues"), {"name": "Aula Kecamatan Medan Kota", "capacity": "50", "is_active": "on"}
    )
    assert response.status_code == 302
    venue = Venue.objects.get(name="Aula Kecamatan Medan Kota")
    hr_client.post(
        reverse("training:hr-venue-edit", args=[venue.pk]), {"name": venue.name, "capacity": "55", "is_active": "on"}
    )
    venue.refresh_from_db()
    assert venue.capacity == 55
    bad = hr_client.post(reverse("training:hr-venues"), {"name": "Ruang Kosong", "capacity": "0"})
    assert bad.status_code == 200 and "capacity" in bad.context["form"].errors
    assert bad.context["form"]["name"].value() == "Ruang Kosong"
    hr_client.post(
        reverse("training:hr-trainers"), {"name": "Dra. Intan Purba", "expertise": "Arsip", "is_active": "on"}
    )
    assert Trainer.objects.filter(name="Dra. Intan Purba").exists()
    assert "Dra. Intan Purba" in hr_client.get(reverse("training:hr-trainers")).content.decode()


def test_session_page_tells_a_waitlisted_asn_their_position(asn_client, employee):
    session = SessionFactory(capacity=1)
    for _ in range(2):
        enrollment_create(session=session, employee=EmployeeFactory())
    enrollment_create(session=session, employee=employee)
    page = asn_client.get(reverse("training:session-detail", args=[session.pk])).content.decode()
    assert "urutan ke-2 daftar tunggu" in page


@pytest.mark.parametrize("size", [2, 12])
def test_approvals_query_count_is_constant(client, supervisor, django_assert_num_queries, size):
    for i in range(size):
        session = SessionFactory(requires_approval=True, start=in_days(5 + 2 * i), end=in_days(5 + 2 * i, 16))
        enrollment_create(session=session, employee=EmployeeFactory(supervisor=supervisor))
    client.force_login(supervisor.user)
    # 3 session/user/roles, 1 header name, 1 pending requests with session,
    # program, employee and unit joined.
    with django_assert_num_queries(5):
        response = client.get(reverse("training:approvals"))
    assert len(response.context["pending"]) == size


@pytest.mark.parametrize("size", [2, 12])
def test_session_page_query_count_does_not_grow_with_participants(
    asn_client, employee, django_assert_num_queries, size
):
    session = SessionFactory(capacity=50)
    session.trainers.add(TrainerFactory(), TrainerFactory())
    for _ in range(size):
        enrollment_create(session=session, employee=EmployeeFactory())
    enrollment_create(session=session, employee=employee)
    # 3 session/user/roles, 1 header name, 1 session with seats, 1 trainers,
    # 1 days, 1 employee profile, 1 my enrolment (with employee and supervisor
    # joined for the approval check).
    with django_assert_num_queries(9):
        assert asn_client.get(reverse("training:session-detail", args=[session.pk])).status_code == 200


def test_pages_switch_to_english(client):
    client.cookies["django_language"] = "en"
    page = client.get(reverse("training:catalog")).content.decode()
    assert "Training catalogue" in page and "Katalog pelatihan" not in page


def test_hr_session_list_counts_the_seats_of_its_page(hr_client):
    session = SessionFactory(capacity=3)
    for status in ("enrolled", "completed", "waitlisted", "cancelled"):
        Enrollment.objects.create(session=session, employee=EmployeeFactory(), status=status)
    response = hr_client.get(reverse("training:hr-sessions"))
    (shown,) = [s for s in response.context["sessions"] if s.pk == session.pk]
    assert (shown.seats_taken, shown.waitlist_count, shown.seats_left) == (2, 1, 1)
