"""The yearly JP target has one home (training.jp_target): the ASN's own JP page,
the HR 20-JP report and the evaluation dashboard agree for every employment type."""

import datetime
from decimal import Decimal

import pytest

from evaluation.selectors.dashboard import DashboardFilters, jp_share
from planning.selectors import jp_report_rows, jp_summary_rows
from tests.accounts.factories import EmployeeFactory
from training.models import JpLedgerEntry
from training.selectors import jp_yearly_target
from training.services import jp_ledger_credit
from training.services.jp_summary import jp_summary_refresh

pytestmark = pytest.mark.django_db
YEAR = 2026


def _with_jp(employment_type: str, jp: int):
    employee = EmployeeFactory(employment_type=employment_type)
    jp_ledger_credit(
        employee=employee,
        year=YEAR,
        jp=Decimal(jp),
        source=JpLedgerEntry.Source.EXTERNAL,
        source_key=f"test:{employee.pk}",
        description="Pelatihan uji",
    )
    return employee


@pytest.mark.parametrize(
    ("targets", "pppk_jp", "pppk_target"),
    [
        ({"pns": 20, "pppk": 12}, 12, 12),
        ({"pns": 20}, 12, 20),  # a type the setting does not name: the default, 20, everywhere
        ({"pns": 20}, 25, 20),  # (the dashboard used to count such an ASN as never reaching it)
    ],
)
def test_the_page_the_report_and_the_dashboard_use_one_target(settings, targets, pppk_jp, pppk_target):
    settings.JP_YEARLY_TARGET = targets
    pns, pppk = _with_jp("pns", 12), _with_jp("pppk", pppk_jp)
    pppk_reached = pppk_jp >= pppk_target
    assert jp_yearly_target(employee=pns) == 20
    assert jp_yearly_target(employee=pppk) == pppk_target
    below = set(jp_report_rows(year=YEAR).values_list("pk", flat=True))
    assert below == ({pns.pk} if pppk_reached else {pns.pk, pppk.pk})
    rows = {row.pk: row.jp_target for row in jp_report_rows(year=YEAR, below_only=False)}
    assert rows == {pns.pk: 20, pppk.pk: pppk_target}
    # The report page and the dashboard read the summaries Celery keeps: same rule.
    jp_summary_refresh(year=YEAR)
    assert set(jp_summary_rows(year=YEAR).values_list("pk", flat=True)) == below
    assert {row.pk: row.jp_target for row in jp_summary_rows(year=YEAR, below_only=False)} == rows
    share = jp_share(DashboardFilters(start=datetime.date(YEAR, 1, 1), end=datetime.date(YEAR + 1, 1, 1)))
    assert (share["employees"], share["reached"]) == (2, int(pppk_reached))
