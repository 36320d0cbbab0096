import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.validators import parse_nip, validate_nip


def test_parse_nip_splits_a_valid_nip():
    parts = parse_nip("198609262015051001")
    assert parts.birth_date == datetime.date(1986, 9, 26)
    assert (parts.tmt_year, parts.tmt_month) == (2015, 5)
    assert parts.gender == "M"
    assert parts.sequence == 1


def test_female_gender_digit_is_accepted():
    assert parse_nip("199002142015032001").gender == "F"


@pytest.mark.parametrize(
    ("nip", "code", "indonesian"),
    [
        ("19860926201505100A", "nip_digits", "hanya boleh berisi angka"),
        ("1986092620150510", "nip_length", "18 digit"),
        ("19860926201505100123", "nip_length", "18 digit"),
        ("198602302015051001", "nip_birth_date", "tanggal lahir"),
        ("198613262015051001", "nip_birth_date", "tanggal lahir"),
        ("183001012015051001", "nip_birth_date", "tahun lahir"),
        ("198609262015131001", "nip_tmt_month", "bulan TMT CPNS"),
        ("198609262015001001", "nip_tmt_month", "bulan TMT CPNS"),
        ("198609261995051001", "nip_tmt_year", "TMT CPNS"),
        ("198609262099051001", "nip_tmt_year", "TMT CPNS"),
        ("198609262015053001", "nip_gender", "jenis kelamin"),
        ("198609262015050001", "nip_gender", "jenis kelamin"),
        ("198609262015051000", "nip_sequence", "nomor urut"),
    ],
)
def test_invalid_nip_names_the_wrong_part_in_indonesian(nip, code, indonesian):
    with translation.override("id"), pytest.raises(ValidationError) as excinfo:
        validate_nip(nip)
    assert excinfo.value.code == code
    assert indonesian in excinfo.value.messages[0]


# --- Nomor Induk PPPK (layout and sources in accounts/validators.py) ------------------


@pytest.mark.parametrize(
    ("nip", "birth", "year", "agreements", "gender", "sequence"),
    [
        ("198703052021212001", datetime.date(1987, 3, 5), 2021, 1, "F", 1),
        ("199009132025242014", datetime.date(1990, 9, 13), 2025, 4, "F", 14),
    ],
)
def test_pppk_numbers_from_the_issue_are_accepted_and_split(nip, birth, year, agreements, gender, sequence):
    validate_nip(nip)  # refused before: "Digit 13-14 ... harus 01-12"
    parts = parse_nip(nip, kind="pppk")
    assert (parts.kind, parts.birth_date, parts.tmt_year, parts.tmt_month) == ("pppk", birth, year, None)
    assert (parts.agreements, parts.gender, parts.sequence) == (agreements, gender, sequence)
    assert parse_nip(nip).kind == "pppk"  # digit 13 alone tells the layout


@pytest.mark.parametrize(
    ("nip", "kind", "code", "indonesian"),
    [
        # A PNS NIP for someone whose employment type is PPPK, and the other way round.
        ("198609262015051001", "pppk", "nip_pppk_code", "Digit 13 Nomor Induk PPPK harus 2"),
        ("198703052021212001", "pns", "nip_tmt_month", "periksa jenis kepegawaiannya"),
        ("198703052021202001", "pppk", "nip_pppk_agreements", "jumlah perjanjian kerja"),
        ("198703052017212001", "pppk", "nip_pppk_year", "PPPK diangkat sejak 2019"),
        ("198703052099212001", "pppk", "nip_pppk_year", "tahun pengangkatan pertama"),
        ("200503052021212001", "pppk", "nip_pppk_year", "lahir tahun 2005"),
        ("198703052021213001", "pppk", "nip_gender", "jenis kelamin"),
        ("198703052021212000", "pppk", "nip_sequence", "nomor urut"),
        ("198702302021212001", "pppk", "nip_birth_date", "tanggal lahir"),
    ],
)
def test_invalid_pppk_number_names_the_wrong_part_in_indonesian(nip, kind, code, indonesian):
    with translation.override("id"), pytest.raises(ValidationError) as excinfo:
        parse_nip(nip, kind=kind)
    assert excinfo.value.code == code
    assert indonesian in excinfo.value.messages[0]


@pytest.mark.django_db
def test_employee_number_must_follow_the_layout_of_the_employment_type():
    from tests.accounts.factories import EmployeeFactory

    pppk = EmployeeFactory(nip="198703052021212001", employment_type="pppk")
    pppk.full_clean()  # accepted
    pppk.employment_type = "pns"
    with translation.override("id"), pytest.raises(ValidationError) as excinfo:
        pppk.full_clean()
    assert "jenis kepegawaiannya" in excinfo.value.message_dict["nip"][0]
    pns = EmployeeFactory(nip="198609262015051001")
    pns.full_clean()
    pns.employment_type = "pppk"
    with translation.override("id"), pytest.raises(ValidationError) as excinfo:
        pns.full_clean()
    assert "kode PPPK" in excinfo.value.message_dict["nip"][0]


@pytest.mark.django_db
def test_factory_gives_a_pppk_a_pppk_number():
    from tests.accounts.factories import EmployeeFactory

    EmployeeFactory(employment_type="pppk").full_clean()
