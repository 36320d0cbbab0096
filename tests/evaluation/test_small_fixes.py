"""Issue 11's smaller fixes on the evaluation pages: menu label, filter labels,
table headers with a name."""

import re

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_client(client):
    client.force_login(UserFactory(roles=["hr"]))
    return client


def test_the_dashboard_menu_item_says_evaluation_dashboard(hr_client):
    page = hr_client.get("/").content.decode()
    link = re.search(r'<a[^>]*data-nav="evaluation:dashboard"[^>]*>(.*?)</a>', page, re.S)
    assert link and "Dasbor evaluasi" in link.group(1)


def test_dashboard_filters_offer_all_units_and_programs(hr_client):
    page = hr_client.get(reverse("evaluation:dashboard")).content.decode()
    assert '<option value="" selected>Semua unit</option>' in page
    assert '<option value="" selected>Semua program</option>' in page
    assert "---------" not in page


@pytest.mark.parametrize("name", ["evaluation:report-list", "evaluation:program-list"])
def test_every_table_header_has_a_name(hr_client, name):
    page = hr_client.get(reverse(name)).content.decode()
    assert not re.search(r"<th[^>]*>\s*</th>", page)
