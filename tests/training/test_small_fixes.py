"""Issue 11's smaller fixes on the training pages: the program form (translated
labels, level scale, add-row, lands on HR's pages), the enrolment cancel asks
first, the JP report's scrolling table is reachable by keyboard."""

import pytest
from django.urls import reverse

from tests.accounts.factories import EmployeeFactory, UserFactory
from tests.training.factories import EnrollmentFactory, SessionFactory, in_days
from training.models import Enrollment, Program

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_client(client):
    client.force_login(UserFactory(roles=["hr"]))
    return client


def test_program_form_is_translated_and_explains_the_level_scale(hr_client):
    page = hr_client.get(reverse("training:hr-program-create")).content.decode()
    assert "Competency" not in page
    assert "Kompetensi" in page and "Level target" in page
    assert "skala PermenPANRB 38/2017" in page
    # An add-row button and the empty row it copies (no inline script: a static file).
    assert "data-formset-add" in page and "competencies-__prefix__-competency" in page
    assert "training/formset.js" in page and "<script>" not in page


def test_saving_a_program_lands_on_hr_pages(hr_client):
    data = {
        "code": "pelayanan-prima", "title": "Pelayanan Prima", "kind": "classroom", "category": "public_service",
        "jp": "24", "status": "draft",
        "competencies-TOTAL_FORMS": "0", "competencies-INITIAL_FORMS": "0",
        "competencies-MIN_NUM_FORMS": "0", "competencies-MAX_NUM_FORMS": "15",
    }  # fmt: skip
    response = hr_client.post(reverse("training:hr-program-create"), data)
    assert response.status_code == 302 and response["Location"] == reverse("training:hr-programs")
    assert Program.objects.filter(code="pelayanan-prima").exists()


def test_cancelling_an_enrolment_asks_for_confirmation(client):
    employee = EmployeeFactory()
    session = SessionFactory(start=in_days(10), end=in_days(11))
    EnrollmentFactory(session=session, employee=employee, status=Enrollment.Status.ENROLLED)
    client.force_login(employee.user)
    page = client.get(session.get_absolute_url()).content.decode()
    assert 'data-confirm="Batalkan pendaftaran Anda pada pelatihan ini?' in page
    assert "training/confirm.js" in page


def test_jp_report_scroll_box_is_reachable_by_keyboard(hr_client):
    page = hr_client.get(reverse("planning:jp-report")).content.decode()
    assert (
        'class="table-responsive scroll-box" tabindex="0" role="region" aria-label="ASN per unit (dapat digulir)"'
        in page
    )
