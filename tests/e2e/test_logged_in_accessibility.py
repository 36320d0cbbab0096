"""axe-core on the logged-in pages of an ASN, HR and an administrator (each
role's main pages, one browser per role), failing on serious or critical
violations; plus the small journeys of issue 11 that need a browser."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from accounts.models import EmployeeCompetency, OrgUnit, PositionCompetency
from evaluation import services as evaluation_services
from evaluation.selectors import period_bounds
from tests.accounts.factories import CompetencyFactory, EmployeeFactory, OrgUnitFactory, PositionFactory, UserFactory
from tests.community.factories import PostFactory, TopicFactory
from tests.e2e.conftest import axe_violations, login
from tests.evaluation.factories import (
    completed_enrollment,
    invitation_for,
    response_with,
    standard_questionnaire,
)
from tests.feedback.factories import FeedbackFactory
from tests.paths.factories import path_with_steps
from tests.training.factories import (
    EnrollmentFactory,
    ProgramCompetencyFactory,
    ProgramFactory,
    SessionFactory,
    in_days,
)
from training.models import Enrollment

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LOW = {"content": 2, "trainer": 3, "organisation": 4, "facilities": 2, "relevance": 3}


@pytest.fixture
def city():
    """A small city: a unit, an ASN with a competency gap, an upcoming session
    they are enrolled in, a finished session with surveys (a non-anonymous one
    open for the ASN), a revision report, citizen feedback (one overdue) and a
    forum topic."""
    unit = OrgUnitFactory(code="disdukcapil", name="Dinas Kependudukan dan Pencatatan Sipil", kind=OrgUnit.Kind.DINAS)
    service = CompetencyFactory(code="M.05", name="Pelayanan Publik", type="managerial")
    position = PositionFactory(name="Pengadministrasi Kependudukan")
    PositionCompetency.objects.create(position=position, competency=service, level=3)
    asn = EmployeeFactory(
        org_unit=unit, position=position, user=UserFactory(username="asn-e2e", roles=["asn"]), full_name="Sri Lubis"
    )
    EmployeeCompetency.objects.create(employee=asn, competency=service, level=2, assessed_on="2026-01-10")
    program = ProgramFactory(code="pelayanan-prima", title="Pelayanan Prima")
    ProgramCompetencyFactory(program=program, competency=service, target_level=3)
    upcoming = SessionFactory(program=program, start=in_days(10), end=in_days(11))
    EnrollmentFactory(session=upcoming, employee=asn, status=Enrollment.Status.ENROLLED)

    questionnaire = standard_questionnaire()
    today = timezone.localdate()
    start, _end = period_bounds(kind="month", day=today.replace(day=1) - datetime.timedelta(days=1))
    end = timezone.make_aware(datetime.datetime.combine(start + datetime.timedelta(days=5), datetime.time(16)))
    past = SessionFactory(program=program, start=end - datetime.timedelta(days=1), end=end)
    for _ in range(5):
        enrollment = completed_enrollment(session=past, employee=EmployeeFactory(org_unit=unit))
        response_with(invitation_for(enrollment, questionnaire=questionnaire), LOW)
    mine = completed_enrollment(session=past, employee=asn)
    survey = invitation_for(mine, questionnaire=questionnaire, anonymous=False)
    run = evaluation_services.report_request(period_kind="month", day=start, enqueue=False)
    report = evaluation_services.report_run_execute(run_id=run.pk).report

    FeedbackFactory(unit=unit, verify_due=today - datetime.timedelta(days=2))
    FeedbackFactory(unit=unit)
    topic = TopicFactory(title="Antrean KTP-el di kecamatan")
    PostFactory(topic=topic)
    return {
        "asn": asn,
        "program": program,
        "upcoming": upcoming,
        "past": past,
        "survey": survey,
        "report": report,
        "topic": topic,
    }


def _check(browser, live_server, paths) -> str:
    """The serious or critical violations of every page, as readable text ("" when none)."""
    found = {}
    for path in paths:
        browser.get(live_server.url + path)
        violations = axe_violations(browser)
        if violations:
            found[path] = violations
    return json.dumps(found, indent=1, ensure_ascii=False) if found else ""


def test_asn_pages_have_no_serious_accessibility_violations(browser, live_server, city):
    login(browser, live_server, "asn-e2e")
    paths = [
        "/",
        reverse("training:catalog"),
        reverse("training:calendar"),
        city["upcoming"].get_absolute_url(),
        reverse("training:my-enrollments"),
        reverse("training:my-jp"),
        reverse("planning:my-gaps"),
        reverse("paths:mine"),
        path_with_steps().get_absolute_url(),
        reverse("evaluation:my"),
        city["survey"].get_absolute_url(),
        reverse("certificates:mine"),
        reverse("accounts:profile"),
        city["topic"].get_absolute_url(),
    ]
    violations = _check(browser, live_server, paths)
    assert not violations, violations


def test_hr_pages_have_no_serious_accessibility_violations(browser, live_server, city):
    UserFactory(username="hr-e2e", roles=["hr"])
    login(browser, live_server, "hr-e2e")
    paths = [
        reverse("training:hr-programs"),
        reverse("training:hr-program-create"),
        reverse("training:hr-sessions"),
        reverse("training:hr-session-roster", args=[city["upcoming"].pk]),
        reverse("planning:jp-report"),
        reverse("planning:needs"),
        reverse("planning:employee-gaps", args=[city["asn"].pk]),
        reverse("evaluation:dashboard"),
        reverse("evaluation:report-list"),
        city["report"].get_absolute_url(),
        reverse("evaluation:questionnaire-list"),
        reverse("evaluation:program-list"),
        reverse("evaluation:session-results", args=[city["past"].pk]),
        reverse("accounts:competency-list"),
        reverse("feedback:staff-list"),
        reverse("paths:manage"),
        reverse("paths:new"),
        reverse("paths:report"),
    ]
    violations = _check(browser, live_server, paths)
    assert not violations, violations


def test_admin_pages_have_no_serious_accessibility_violations(browser, live_server, city):
    UserFactory(username="admin-e2e", roles=["admin"], is_superuser=True, is_staff=True)
    login(browser, live_server, "admin-e2e")
    paths = [
        "/",
        reverse("evaluation:dashboard"),
        reverse("feedback:staff-list"),
        reverse("feedback:kiosks"),
        reverse("feedback:asn-summary"),
        reverse("community:moderation"),
        reverse("community:stats"),
        city["topic"].get_absolute_url(),
        reverse("certificates:list"),
        reverse("tutorials:readiness"),
    ]
    violations = _check(browser, live_server, paths)
    assert not violations, violations


def test_small_journeys_of_issue_11(browser, live_server, city):
    """The enrolment cancel asks first; charts speak the page's language; the
    program form adds competency rows; "Beri masukan" is on a phone's first screen."""
    login(browser, live_server, "asn-e2e")
    browser.get(live_server.url + city["upcoming"].get_absolute_url())
    browser.find_element(By.XPATH, "//button[normalize-space()='Batalkan pendaftaran saya']").click()
    alert = WebDriverWait(browser, 5).until(ec.alert_is_present())
    assert "Batalkan pendaftaran Anda" in alert.text
    alert.dismiss()
    assert Enrollment.objects.get(session=city["upcoming"], employee=city["asn"]).status == Enrollment.Status.ENROLLED

    UserFactory(username="hr-e2e", roles=["hr"])
    browser.delete_all_cookies()  # log the ASN out
    login(browser, live_server, "hr-e2e")
    browser.get(live_server.url + reverse("evaluation:dashboard"))
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script(
            "var c = document.querySelector('canvas[data-chart]'); return !!(c && c.dataset.chartDrawn)"
        )
    )
    assert (
        browser.execute_script("return Chart.getChart(document.querySelector('canvas[data-chart]')).options.locale")
        == "id"
    )
    browser.get(live_server.url + reverse("training:hr-program-create"))
    rows = "[data-formset-rows] select[name$='-competency']"
    before = len(browser.find_elements(By.CSS_SELECTOR, rows))
    add = browser.find_element(By.CSS_SELECTOR, "[data-formset-add]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", add)
    add.click()
    assert len(browser.find_elements(By.CSS_SELECTOR, rows)) == before + 1
    assert browser.find_element(By.NAME, "competencies-TOTAL_FORMS").get_attribute("value") == str(before + 1)
    assert browser.find_element(By.NAME, f"competencies-{before}-competency")

    browser.delete_all_cookies()
    browser.set_window_size(390, 844)
    browser.get(live_server.url + "/")
    button = browser.find_element(By.CSS_SELECTOR, "[data-home='feedback']")
    assert button.text.strip() == "Beri masukan"
    bottom = browser.execute_script("return arguments[0].getBoundingClientRect().bottom", button)
    assert bottom <= browser.execute_script("return window.innerHeight")
