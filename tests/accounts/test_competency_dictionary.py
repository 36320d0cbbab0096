"""The level descriptors of PermenPANRB 38/2017 (M.01-M.08, SK.01): loaded from
the data file with its source, HR's edits kept, editable on an HR page."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from accounts.data import permenpanrb
from accounts.models import Competency, CompetencyLevel
from tests.accounts.factories import CompetencyFactory, EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

CODES = ["M.01", "M.02", "M.03", "M.04", "M.05", "M.06", "M.07", "M.08", "SK.01"]


def test_the_data_file_records_its_source_and_five_levels_per_competency():
    data = permenpanrb.dictionary()
    assert "38 Tahun 2017" in data["source"]["regulation"]
    assert "Kamus Kompetensi Manajerial dan Sosial Kultural" in data["source"]["part"]
    assert [c["code"] for c in data["competencies"]] == CODES
    for entry in data["competencies"]:
        assert sorted(entry["levels"]) == ["1", "2", "3", "4", "5"]
        # The regulation's shortest level description is M.06 level 1, "Pengembangan diri".
        assert all(len(text) >= 15 and not permenpanrb.is_placeholder(text) for text in entry["levels"].values())


def test_the_data_migration_loads_the_descriptors_and_keeps_hr_edits():
    integrity = CompetencyFactory(code="M.01", name="Integritas", type="managerial")
    CompetencyLevel.objects.create(
        competency=integrity, level=1, description="Level 1 - Memahami: mengetahui ... (Integritas)"
    )  # the old generic placeholder
    CompetencyLevel.objects.create(competency=integrity, level=2, description="Teks BKPSDM yang sudah disesuaikan.")
    migration = importlib.import_module("accounts.migrations.0003_permenpanrb_38_2017_levels")
    migration.load(apps, None)
    assert CompetencyLevel.objects.filter(competency__code__in=CODES).count() == 45
    assert Competency.objects.get(code="SK.01").name == "Perekat Bangsa"
    levels = dict(integrity.levels.values_list("level", "description"))
    assert levels[1] == permenpanrb.dictionary()["competencies"][0]["levels"]["1"]
    assert levels[1] == "Mampu bertindak sesuai nilai, norma, etika organisasi dalam kapasitas pribadi"
    assert levels[2] == "Teks BKPSDM yang sudah disesuaikan."
    migration.load(apps, None)  # idempotent
    assert CompetencyLevel.objects.filter(competency__code__in=CODES).count() == 45


def test_hr_edits_the_level_descriptions(client):
    competency = CompetencyFactory(code="M.03", name="Komunikasi", type="managerial")
    CompetencyLevel.objects.create(competency=competency, level=1, description="Lama")
    url = reverse("accounts:competency-levels", args=[competency.pk])
    client.force_login(EmployeeFactory().user)
    assert client.get(reverse("accounts:competency-list")).status_code == 403
    assert client.post(url, {"level_1": "x"}).status_code == 403
    client.force_login(UserFactory(roles=["hr"]))
    assert "Komunikasi" in client.get(reverse("accounts:competency-list")).content.decode()
    too_long = client.post(url, {"level_1": "x" * 2001, "level_2": "Teks level 2"})
    assert too_long.status_code == 400 and "Teks level 2" in too_long.content.decode()
    response = client.post(url, {"level_1": "Menyampaikan informasi dengan jelas.", "level_2": "Aktif berkomunikasi."})
    assert response.status_code == 302
    assert dict(competency.levels.values_list("level", "description")) == {
        1: "Menyampaikan informasi dengan jelas.",
        2: "Aktif berkomunikasi.",
    }
