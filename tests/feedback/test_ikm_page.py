import datetime

import pytest
from django.utils import timezone

from feedback.models import Feedback
from tests.accounts.factories import OrgUnitFactory, UserFactory

from .factories import FeedbackFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def populate(unit, n, score=3, service=None):
    today = timezone.now()
    for i in range(n):
        f = FeedbackFactory(unit=unit, service=service, **{f"u{k}": score for k in range(1, 10)})
        Feedback.objects.filter(pk=f.pk).update(created_at=today - datetime.timedelta(days=31 * (i % 6)))


def test_public_ikm_page_lists_units_with_category_and_a_trend_chart(client):
    good, poor = OrgUnitFactory(name="Unit Teladan"), OrgUnitFactory(name="Unit Perlu Perbaikan")
    populate(good, 3, score=4)
    populate(poor, 2, score=2)
    response = client.get("/feedback/ikm/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Unit Teladan" in html and "Sangat Baik" in html and "Tidak Baik" in html
    assert 'data-chart="line"' in html and 'id="ikm-trend"' in html
    assert "vendor/chart.js/chart.umd.js" in html
    assert "sampel kecil" in html  # 3 and 2 responses are below the minimum sample


def test_unit_page_shows_services(client):
    unit = OrgUnitFactory(name="Disdukcapil Uji")
    populate(unit, 2, service=ServiceFactory(unit=unit, name="Akta Kelahiran"))
    html = client.get("/feedback/ikm/", {"unit": unit.code}).content.decode()
    assert "Akta Kelahiran" in html


def test_bad_dates_fall_back_with_a_message_and_unknown_unit_is_404(client):
    html = client.get("/feedback/ikm/", {"start": "kemarin"}).content.decode()
    assert "Tanggal harus berbentuk 2026-01-31" in html
    assert client.get("/feedback/ikm/", {"unit": "tidak-ada"}).status_code == 404


def test_public_ikm_page_query_count_is_constant(client, django_assert_num_queries):
    units = [OrgUnitFactory() for _ in range(3)]
    for unit in units:
        populate(unit, 2)
    # cache miss: today's newest submission (the key of a period including today), the
    # summarised periods (none: the data is recent), one GROUP BY unit (the overall
    # figure is their sum) and one GROUP BY month over the feedback rows; the unit list
    # for the filter.
    with django_assert_num_queries(5):
        client.get("/feedback/ikm/")
    for unit in units + [OrgUnitFactory() for _ in range(5)]:
        populate(unit, 6)
    from django.core.cache import cache

    cache.clear()
    with django_assert_num_queries(5):
        client.get("/feedback/ikm/")
    # cache hit: today's newest submission (the key) and the unit list of the filter.
    with django_assert_num_queries(2):
        client.get("/feedback/ikm/")


def test_hr_can_ask_for_a_recomputation(client, django_capture_on_commit_callbacks):
    client.force_login(UserFactory(roles=["hr"]))
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post("/feedback/ikm/refresh/", {"next": "/feedback/ikm/"})
    assert response.status_code == 302
    assert len(callbacks) == 1
    client.force_login(UserFactory(roles=["asn"]))
    assert client.post("/feedback/ikm/refresh/").status_code == 403


def test_refresh_next_parameter_cannot_redirect_elsewhere(client):
    client.force_login(UserFactory(roles=["hr"]))
    response = client.post("/feedback/ikm/refresh/", {"next": "https://evil.example/"})
    assert response["Location"] == "/feedback/ikm/"


def test_ikm_export_is_a_spreadsheet_of_every_unit(client):
    import io

    from openpyxl import load_workbook

    unit = OrgUnitFactory(name="Kecamatan Medan Baru")
    populate(unit, 2, score=4)
    response = client.get("/feedback/ikm/export.xlsx", {"start": "2025-01-01", "end": "2026-12-31"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ikm-20250101-20261231.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][:3] == ("Unit", "Kode", "Responden")
    assert rows[3][0] == "Semua unit" and rows[3][2] == 2
    assert rows[4][0] == "Kecamatan Medan Baru" and rows[4][12] == 100.0 and rows[4][13] == "A (Sangat Baik)"
