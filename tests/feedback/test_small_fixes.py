"""Issue 11's smaller fixes on the feedback pages: the IKM chart names its months
in the active language; the unit filter offers "Semua unit"."""

import pytest
from django.urls import reverse
from django.utils import translation

from feedback.selectors import ikm_trend_chart
from tests.accounts.factories import UserFactory

TREND = [{"month": "2026-05-01", "ikm": 80.5}, {"month": "2026-08-01", "ikm": None}, {"month": "2026-10-01", "ikm": 90}]


def test_ikm_chart_months_are_named_in_the_active_language():
    with translation.override("id"):
        assert ikm_trend_chart(TREND)["labels"] == ["Mei 2026", "Agu 2026", "Okt 2026"]
    with translation.override("en"):
        assert ikm_trend_chart(TREND)["labels"] == ["May 2026", "Aug 2026", "Oct 2026"]


@pytest.mark.django_db
def test_staff_unit_filter_offers_all_units(client):
    client.force_login(UserFactory(roles=["hr"]))
    page = client.get(reverse("feedback:staff-list")).content.decode()
    assert ">Semua unit</option>" in page and "---------" not in page
