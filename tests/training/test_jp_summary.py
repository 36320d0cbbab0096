"""The JP summaries Celery keeps (training.services.jp_summary) give exactly the
live figures of the 20-JP report and the dashboard, figure by figure, after a
full rebuild and after the per-ASN refresh that a ledger write queues."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from accounts.models import Employee
from asn_competency.common.models import OutboxMessage
from evaluation.selectors.dashboard import DashboardFilters, jp_share
from planning.selectors import jp_report_by_unit, jp_report_rows, jp_summary_by_unit, jp_summary_rows
from tests.accounts.factories import EmployeeFactory, OrgUnitFactory, UserFactory
from training.models import JpLedgerEntry, JpUnitYear, JpYearTotal
from training.services import jp_ledger_credit
from training.services.jp_summary import jp_summary_refresh
from training.tasks import jp_summary_refresh_task

pytestmark = pytest.mark.django_db
YEAR = 2026


def credit(employee, jp, *, year=YEAR):
    jp_ledger_credit(
        employee=employee,
        year=year,
        jp=Decimal(jp),
        source=JpLedgerEntry.Source.EXTERNAL,
        source_key=f"test:{employee.pk}:{year}:{JpLedgerEntry.objects.count()}",
        description="Pelatihan uji",
    )


@pytest.fixture
def city(settings):
    settings.JP_YEARLY_TARGET = {"pns": 20, "pppk": 12}
    units = [OrgUnitFactory(name=f"Unit {c}") for c in "CAB"]
    employees = []
    for i in range(24):
        kind = Employee.EmploymentType.PPPK if i % 3 == 0 else Employee.EmploymentType.PNS
        employee = EmployeeFactory(org_unit=units[i % 3], employment_type=kind, full_name=f"ASN {i:02d}")
        employees.append(employee)
        for jp in (i % 7 * 3, i % 5 * 2.5):
            if jp:
                credit(employee, jp)
        credit(employee, 9, year=YEAR - 1)  # another year: never counted in YEAR
    EmployeeFactory(org_unit=units[0], is_active=False)  # left: in neither
    return units, employees


def _rows(qs):
    return [(e.pk, e.full_name, e.org_unit_id, e.jp_total, e.jp_target, e.jp_missing) for e in qs]


def _units(rows):
    return [(r["org_unit_id"], r["org_unit__name"], r["asn"], r["below"], pytest.approx(float(r["average_jp"])))
            for r in rows]  # fmt: skip


FILTERS = [
    {},
    {"employment_type": "pppk"},
    {"search": "ASN 1"},
    {"unit_ids": "first-two"},
]


@pytest.mark.parametrize("filters", FILTERS)
def test_the_summary_gives_the_live_report_figure_by_figure(city, filters):
    units, _employees = city
    if filters.get("unit_ids"):
        filters = {"unit_ids": [units[0].pk, units[1].pk]}
    jp_summary_refresh(year=YEAR)
    for below_only in (True, False):
        live = _rows(jp_report_rows(year=YEAR, below_only=below_only, **filters))
        assert live, "the data set must give rows to compare"
        assert _rows(jp_summary_rows(year=YEAR, below_only=below_only, **filters)) == live
    live_units = _units(sorted(jp_report_by_unit(year=YEAR, **filters), key=lambda r: r["org_unit_id"]))
    summary_units = _units(sorted(jp_summary_by_unit(year=YEAR, **filters), key=lambda r: r["org_unit_id"]))
    assert summary_units == live_units
    # The order of the units is the report's, too (most ASN below first).
    assert [r["org_unit_id"] for r in jp_summary_by_unit(year=YEAR, **filters)] == [
        r["org_unit_id"] for r in jp_report_by_unit(year=YEAR, **filters)
    ]


def _live_share(*, year, org_unit=None):
    rows = jp_report_rows(year=year, below_only=False)
    if org_unit is not None:
        rows = rows.filter(org_unit=org_unit)
    rows = list(rows)
    return len(rows), sum(1 for e in rows if e.jp_total >= e.jp_target)


def test_the_dashboard_share_from_the_summary_equals_the_live_count(city):
    units, _employees = city
    jp_summary_refresh(year=YEAR)
    period = {"start": datetime.date(YEAR, 1, 1), "end": datetime.date(YEAR + 1, 1, 1)}
    for unit in (None, units[1]):
        share = jp_share(DashboardFilters(**period, org_unit=unit))
        assert (share["employees"], share["reached"]) == _live_share(year=YEAR, org_unit=unit)
        assert share["refreshed_at"] is not None


def test_a_ledger_write_queues_the_refresh_of_its_asn_and_the_refresh_catches_up(
    city, django_capture_on_commit_callbacks
):
    units, employees = city
    jp_summary_refresh(year=YEAR)
    employee = employees[1]
    with django_capture_on_commit_callbacks():
        credit(employee, 40)
    message = OutboxMessage.objects.filter(task="training.jp_summary_refresh").latest("pk")
    assert message.args == [YEAR, [employee.pk]]
    # What the worker runs: only this ASN and its unit are rebuilt, and the figures are live again.
    jp_summary_refresh_task(*message.args)
    assert _rows(jp_summary_rows(year=YEAR, below_only=False)) == _rows(jp_report_rows(year=YEAR, below_only=False))
    assert _units(sorted(jp_summary_by_unit(year=YEAR), key=lambda r: r["org_unit_id"])) == _units(
        sorted(jp_report_by_unit(year=YEAR), key=lambda r: r["org_unit_id"])
    )
    # A transfer and a departure: the per-ASN refresh moves both units' figures.
    employee.org_unit = units[2]
    employee.save(update_fields=["org_unit"])
    gone = employees[2]
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    jp_summary_refresh_task(YEAR, [employee.pk, gone.pk])
    assert not JpYearTotal.objects.filter(employee=gone, year=YEAR).exists()
    assert _units(sorted(jp_summary_by_unit(year=YEAR), key=lambda r: r["org_unit_id"])) == _units(
        sorted(jp_report_by_unit(year=YEAR), key=lambda r: r["org_unit_id"])
    )


def test_the_beat_job_rebuilds_this_year_and_last_and_is_idempotent(city):
    assert django_settings.CELERY_BEAT_SCHEDULE["training-jp-summary-refresh"]["task"] == "training.jp_summary_refresh"
    first = jp_summary_refresh_task()
    before = sorted(JpUnitYear.objects.values_list("org_unit_id", "year", "employment_type", "asn", "below", "jp_sum"))
    assert jp_summary_refresh_task() == first
    after = sorted(JpUnitYear.objects.values_list("org_unit_id", "year", "employment_type", "asn", "below", "jp_sum"))
    assert after == before
    assert {y for (_u, y, *_rest) in after} >= {YEAR}


def test_the_report_page_says_how_fresh_its_figures_are(client, city):
    client.force_login(UserFactory(roles=["hr"]))
    # A year never summarised is built on first view.
    response = client.get(reverse("planning:jp-report") + f"?year={YEAR}")
    assert response.status_code == 200
    assert response.context["refreshed_at"] is not None
    assert b'data-testid="jp-refreshed-at"' in response.content
    assert response.context["page"].paginator.count == len(jp_report_rows(year=YEAR))
