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
