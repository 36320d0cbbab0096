import pytest
from django.core.cache import cache

from feedback.models import Feedback, FeedbackEvent, KioskDevice
from tests.accounts.factories import CompetencyFactory, EmployeeFactory, OrgUnitFactory, UserFactory

from .factories import FeedbackFactory, ServiceFactory, officer_of

pytestmark = pytest.mark.django_db
LIST = "/feedback/staff/"


@pytest.fixture
def units():
    return OrgUnitFactory(code="unit-a", name="Unit A"), OrgUnitFactory(code="unit-b", name="Unit B")


def test_visitors_are_sent_to_log_in_and_plain_asn_are_refused(client, units):
    assert client.get(LIST).status_code == 302
    client.force_login(EmployeeFactory().user)
    assert client.get(LIST).status_code == 403


def test_unit_officer_sees_only_their_units_feedback(client, units):
    a, b = units
    mine, theirs = FeedbackFactory(unit=a), FeedbackFactory(unit=b)
    client.force_login(officer_of(a))
    response = client.get(LIST)
    assert response.status_code == 200
    listed = {f.pk for f in response.context["page"]}
    assert listed == {mine.pk}
    assert client.get(f"/feedback/staff/{mine.pk}/").status_code == 200
    assert client.get(f"/feedback/staff/{theirs.pk}/").status_code == 404
    response = client.post(f"/feedback/staff/{theirs.pk}/", {"action": "verified"})
    assert response.status_code == 404
    assert Feedback.objects.get(pk=theirs.pk).status == "received"


def test_hr_sees_all_units_and_can_filter_by_unit(client, units):
    a, b = units
    FeedbackFactory(unit=a)
    in_b = FeedbackFactory(unit=b)
    client.force_login(UserFactory(roles=["hr"]))
    assert len(client.get(LIST).context["page"]) == 2
    assert [f.pk for f in client.get(LIST, {"unit": "unit-b"}).context["page"]] == [in_b.pk]


def test_confidential_identity_is_shown_to_handling_staff_and_anonymous_says_so(client, units):
    a, _b = units
    confidential = FeedbackFactory(unit=a, anonymous=False, contact_name="Rahmawati", contact="0812-1111-2222")
    anonymous = FeedbackFactory(unit=a)
    client.force_login(officer_of(a))
    assert "Rahmawati" in client.get(f"/feedback/staff/{confidential.pk}/").content.decode()
    assert "Anonim (identitas tidak disimpan)" in client.get(f"/feedback/staff/{anonymous.pk}/").content.decode()


def test_officer_verifies_and_replies_through_the_desk(client, units):
    a, _b = units
    feedback = FeedbackFactory(unit=a)
    officer = officer_of(a)
    client.force_login(officer)
    url = f"/feedback/staff/{feedback.pk}/"
    assert client.post(url, {"action": "verified", "text": ""}).status_code == 302
    assert client.post(url, {"action": "forwarded", "unit": "unit-a", "text": ""}).status_code == 302
    response = client.post(url, {"action": "responded", "text": "Petugas loket sudah ditambah dua orang."})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == "responded"
    track = client.get(feedback.get_absolute_url()).content.decode()
    assert "Petugas loket sudah ditambah dua orang." in track


def test_a_refused_step_shows_the_reason_and_keeps_the_text(client, units):
    a, _b = units
    feedback = FeedbackFactory(unit=a)
    client.force_login(officer_of(a))
    url = f"/feedback/staff/{feedback.pk}/"
    response = client.post(url, {"action": "rejected", "text": "pendek"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Jelaskan alasan penolakan kepada warga" in html
    assert ">pendek</textarea>" in html
    response = client.post(url, {"action": "closed", "text": ""})
    assert response.status_code == 409
    assert "tidak dapat dilakukan" in response.content.decode()


def test_forward_without_a_unit_is_a_field_error(client, units):
    a, _b = units
    feedback = FeedbackFactory(unit=a, status="verified")
    client.force_login(officer_of(a))
    response = client.post(f"/feedback/staff/{feedback.pk}/", {"action": "forwarded"})
    assert response.status_code == 400
    assert "Pilih unit tujuan penerusan." in response.content.decode()


def test_hr_tags_feedback_and_officers_cannot(client, units):
    a, _b = units
    feedback = FeedbackFactory(unit=a)
    competency = CompetencyFactory(code="M.05")
    client.force_login(officer_of(a))
    assert client.post(f"/feedback/staff/{feedback.pk}/tags/", {"competencies": [competency.pk]}).status_code == 403
    client.force_login(UserFactory(roles=["hr"]))
    response = client.post(f"/feedback/staff/{feedback.pk}/tags/", {"competencies": [competency.pk]})
    assert response.status_code == 302
    assert list(feedback.competencies.all()) == [competency]
    assert FeedbackEvent.objects.filter(feedback=feedback, action="tagged").exists()


def _populate(unit, n):
    service = ServiceFactory(unit=unit)
    for _ in range(n):
        FeedbackFactory(unit=unit, service=service)


def test_staff_list_query_count_is_constant(client, units, django_assert_num_queries):
    a, _b = units
    officer = officer_of(a)
    client.force_login(officer)
    _populate(a, 3)
    # session, user, role groups (cached on the user), officer's employee row (cached on the user),
    # own unit for the heading, page count, status counts (one aggregate), the unit's IKM (its
    # key: today's newest submission; the summarised periods and one aggregate of the rest;
    # cleared cache, so a miss), employee for the navbar's display name (base.html), page rows
    # with unit/service/handling unit joined.
    with django_assert_num_queries(12):
        client.get(LIST)
    _populate(a, 30)
    cache.clear()
    with django_assert_num_queries(12):
        client.get(LIST)
    with django_assert_num_queries(10):  # the IKM now comes from the cache (its key: one query)
        client.get(LIST)


def test_staff_detail_query_count_is_constant(client, units, django_assert_num_queries):
    a, _b = units
    feedback = FeedbackFactory(unit=a, status="verified")
    client.force_login(UserFactory(roles=["hr"]))

    def add_history(n):
        for i in range(n):
            actor = EmployeeFactory(org_unit=a).user  # every entry by another person (display names)
            FeedbackEvent.objects.create(feedback=feedback, action="note", actor=actor, note=f"catatan {i}")

    add_history(2)
    # session, user, groups, feedback with units/service, history with actors and their employee
    # rows, competencies, programs (prefetch), employee for the navbar, tag form: competency and
    # program choices, forward form: unit choices.
    with django_assert_num_queries(11):
        client.get(f"/feedback/staff/{feedback.pk}/")
    add_history(15)
    with django_assert_num_queries(11):
        client.get(f"/feedback/staff/{feedback.pk}/")


def test_hr_registers_a_kiosk_and_sees_its_pairing_code_once(client, units):
    a, _b = units
    client.force_login(UserFactory(roles=["hr"]))
    response = client.post("/feedback/staff/kiosks/", {"name": "Tablet loket 2", "unit": "unit-a", "service": ""})
    assert response.status_code == 200
    code = response.context["issued"]["code"]
    assert len(code) == 9 and code[4] == "-"
    assert response.context["issued"]["pair_url"].endswith("/feedback/kiosk/pair/")
    assert code in response.content.decode()
    device = KioskDevice.objects.get()
    assert device.unit == a
    listing = client.get("/feedback/staff/kiosks/").content.decode()
    assert code not in listing and "menunggu pemasangan" in listing


def test_hr_lists_issues_new_pairing_codes_and_revokes_kiosks(client, units):
    from django.test import Client

    from feedback.services import kiosk_create

    hr = UserFactory(roles=["hr"])
    device, first = kiosk_create(name="Tablet loket 3", unit=units[0], issued_by=hr)
    tablet = Client()
    assert tablet.post("/feedback/kiosk/pair/", {"code": first}).status_code == 302
    client.force_login(hr)
    assert "dipasangkan" in client.get("/feedback/staff/kiosks/").content.decode()
    # A replacement tablet: a new code; pairing it stops the old tablet.
    second = client.post(f"/feedback/staff/kiosks/{device.pk}/pairing/").context["issued"]["code"]
    assert second != first
    assert tablet.get("/feedback/kiosk/").status_code == 200  # still paired until the new one pairs
    replacement = Client()
    assert replacement.post("/feedback/kiosk/pair/", {"code": second}).status_code == 302
    assert tablet.get("/feedback/kiosk/")["Location"] == "/feedback/kiosk/pair/"
    assert replacement.get("/feedback/kiosk/").status_code == 200
    client.post(f"/feedback/staff/kiosks/{device.pk}/revoke/")
    device.refresh_from_db()
    assert not device.is_active and device.token_hash is None
    assert replacement.get("/feedback/kiosk/")["Location"] == "/feedback/kiosk/pair/"
    assert "dicabut" in client.get("/feedback/staff/kiosks/").content.decode()


def test_kiosk_pages_are_for_hr_only(client, units):
    from feedback.services import kiosk_create

    device, _code = kiosk_create(name="Tablet", unit=units[0], issued_by=None)
    client.force_login(UserFactory(roles=["asn"]))
    assert client.get("/feedback/staff/kiosks/").status_code == 403
    assert client.post(f"/feedback/staff/kiosks/{device.pk}/pairing/").status_code == 403


def test_kiosk_form_errors_are_shown(client, units):
    client.force_login(UserFactory(roles=["hr"]))
    response = client.post("/feedback/staff/kiosks/", {"name": "", "unit": "tidak-ada"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"name", "unit"}


def test_staff_navigation_items_follow_roles(client, units):
    a, _b = units
    client.force_login(officer_of(a))
    html = client.get("/feedback/").content.decode()
    assert 'data-nav="feedback:staff-list"' in html
    assert 'data-nav="feedback:asn-summary"' not in html
    client.force_login(UserFactory(roles=["hr"]))
    html = client.get("/feedback/").content.decode()
    assert 'data-nav="feedback:asn-summary"' in html


def test_hr_tag_report_counts_per_competency_and_program(client, units, django_assert_num_queries):
    from tests.training.factories import ProgramFactory

    a, _b = units
    competency, program = CompetencyFactory(code="M.05"), ProgramFactory(code="prima")
    for kind in ("complaint", "complaint", "suggestion"):
        feedback = FeedbackFactory(unit=a, kind=kind)
        feedback.competencies.add(competency)
        feedback.programs.add(program)
    client.force_login(officer_of(a))
    assert client.get("/feedback/staff/tags/").status_code == 403
    client.force_login(UserFactory(roles=["hr"]))
    # session, user, groups, counts per competency, counts per program, navbar employee
    with django_assert_num_queries(6):
        response = client.get("/feedback/staff/tags/")
    rows = response.context["by_competency"]
    assert [(r["code"], r["total"], r["complaints"], r["suggestions"]) for r in rows] == [("M.05", 3, 2, 1)]
    assert response.context["by_program"][0]["code"] == "prima"
    assert 'data-chart="bar"' in response.content.decode()
