"""ASN numbers, 18 digits each, in two layouts that differ in digits 13-14.

NIP of a PNS (Peraturan Kepala BKN Nomor 43 Tahun 2007 on the NIP PNS, as
summarised in "Apa Perbedaan NIP PPPK dan PNS?", RBTV, 14 Nov 2024,
https://rbtv.disway.id/amp/72478/apa-perbedaan-nip-pppk-dan-pns-ini-penjelasan-lengkapnya):

    YYYYMMDD  1-8    birth date
    YYYYMM    9-14   TMT CPNS (year and month of appointment as a candidate civil servant)
    G         15     gender: 1 male, 2 female
    NNN       16-18  sequence, 001-999
    Example: 198609262015051001.

Nomor Induk (NI) PPPK, issued by BKN to government employees with a work
agreement: birth date, year of first appointment as PPPK, the PPPK code, the
number of work agreements, gender and sequence (Sumatera Ekspres, "NI PPPK ...
18 digit angka yang mencakup ... tahun pengangkatan pertama sebagai calon PPPK,
jumlah perjanjian kerja, jenis kelamin, dan nomor urut"; digit positions as in
the open-source parser muzhawir/indonesian_id, lib/nip/pppk.ex):

    YYYYMMDD  1-8    birth date
    YYYY      9-12   year of first appointment as PPPK
    2         13     the PPPK code (where a PNS number has the tens of the month, 0 or 1)
    K         14     number of work agreements, 1-9
    G         15     gender: 1 male, 2 female
    NNN       16-18  sequence, 001-999
    Example: 198703052021212001 (born 5 March 1987, appointed 2021, first agreement, female, 001).

Digit 13 tells the layouts apart (a month never starts with 2), so a number
alone can be checked against the right one; an employee's number must also
match their employment type.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

MIN_AGE_AT_START = 18
MAX_AGE_AT_START = 60  # PPPK may start late; nobody starts older than this
# The first PPPK were appointed in 2019 (PP 49/2018 on the management of PPPK).
FIRST_PPPK_YEAR = 2019
PNS = "pns"
PPPK = "pppk"


@dataclass(frozen=True)
class NipParts:
    birth_date: datetime.date
    tmt_year: int
    tmt_month: int | None  # None for a PPPK number (it carries no month)
    gender: str  # "M" or "F"
    sequence: int
    kind: str = PNS  # "pns" or "pppk"
    agreements: int | None = None  # PPPK: number of work agreements (digit 14)


def layout_of(nip: str) -> str:
    """Which layout an 18-digit number follows: digit 13 is 2 only in a PPPK number."""
    return PPPK if len(nip) >= 13 and nip[12] == "2" else PNS


def parse_nip(value: str, *, today: datetime.date | None = None, kind: str | None = None) -> NipParts:
    """Split and check a NIP (PNS) or Nomor Induk PPPK; raise ValidationError
    naming the part that is wrong. `kind` ("pns"/"pppk"): the employee's
    employment type, whose layout the number must follow; None: the layout the
    number itself shows (digit 13)."""
    today = today or timezone.localdate()
    nip = (value or "").strip()
    if not re.fullmatch(r"\d+", nip):
        raise ValidationError(_("The NIP may contain digits only."), code="nip_digits")
    if len(nip) != 18:
        raise ValidationError(
            _("The NIP must be 18 digits long; this one has %(count)d.") % {"count": len(nip)},
            code="nip_length",
        )

    try:
        birth_date = datetime.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise ValidationError(
            _("Digits 1-8 of the NIP (birth date, YYYYMMDD) are not a real date: %(part)s.") % {"part": nip[0:8]},
            code="nip_birth_date",
        ) from None
    if birth_date.year < 1940 or birth_date > today:
        raise ValidationError(
            _("Digits 1-8 of the NIP (birth date) give an impossible year of birth: %(year)d.")
            % {"year": birth_date.year},
            code="nip_birth_date",
        )

    kind = kind or layout_of(nip)
    tmt_year = int(nip[8:12])
    if kind == PPPK:
        tmt_month, agreements = _check_pppk_middle(nip, birth_date=birth_date, today=today)
    else:
        tmt_month, agreements = _check_pns_middle(nip, birth_date=birth_date, today=today), None

    gender_digit = nip[14]
    if gender_digit not in ("1", "2"):
        raise ValidationError(
            _("Digit 15 of the NIP (gender) must be 1 (male) or 2 (female), not %(part)s.") % {"part": gender_digit},
            code="nip_gender",
        )

    sequence = int(nip[15:18])
    if sequence == 0:
        raise ValidationError(
            _("Digits 16-18 of the NIP (sequence number) must be 001-999, not 000."),
            code="nip_sequence",
        )
    return NipParts(
        birth_date=birth_date,
        tmt_year=tmt_year,
        tmt_month=tmt_month,
        gender="M" if gender_digit == "1" else "F",
        sequence=sequence,
        kind=kind,
        agreements=agreements,
    )


def _check_pns_middle(nip: str, *, birth_date: datetime.date, today: datetime.date) -> int:
    """Digits 9-14 of a PNS NIP: TMT CPNS, year and month. Returns the month."""
    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= tmt_month <= 12:
        hint = ""
        if nip[12] == "2":
            hint = " " + _("Digit 13 is 2 as in a Nomor Induk PPPK: check the employment type.")
        raise ValidationError(
            _("Digits 13-14 of the NIP (TMT CPNS month) must be 01-12, not %(part)s.") % {"part": nip[12:14]} + hint,
            code="nip_tmt_month",
        )
    age_at_start = tmt_year - birth_date.year
    if not MIN_AGE_AT_START <= age_at_start <= MAX_AGE_AT_START or (tmt_year, tmt_month) > (
        today.year,
        today.month,
    ):
        raise ValidationError(
            _("Digits 9-12 of the NIP (TMT CPNS year %(year)s) are not possible for someone born in %(birth)d.")
            % {"year": nip[8:12], "birth": birth_date.year},
            code="nip_tmt_year",
        )
    return tmt_month


def _check_pppk_middle(nip: str, *, birth_date: datetime.date, today: datetime.date) -> tuple[None, int]:
    """Digits 9-14 of a Nomor Induk PPPK: year of first appointment, the PPPK
    code 2, the number of work agreements. Returns (no month, agreements)."""
    if nip[12] != "2":
        raise ValidationError(
            _(
                "Digit 13 of the Nomor Induk PPPK must be 2 (the PPPK code), not %(part)s. "
                "A PNS NIP has the appointment month here: check the employment type."
            )
            % {"part": nip[12]},
            code="nip_pppk_code",
        )
    year = int(nip[8:12])
    age_at_start = year - birth_date.year
    if year < FIRST_PPPK_YEAR or year > today.year or not MIN_AGE_AT_START <= age_at_start <= MAX_AGE_AT_START:
        raise ValidationError(
            _(
                "Digits 9-12 of the Nomor Induk PPPK (year of first appointment, %(year)s) are not possible "
                "for someone born in %(birth)d (PPPK are appointed since %(first)d)."
            )
            % {"year": nip[8:12], "birth": birth_date.year, "first": FIRST_PPPK_YEAR},
            code="nip_pppk_year",
        )
    agreements = int(nip[13])
    if agreements == 0:
        raise ValidationError(
            _("Digit 14 of the Nomor Induk PPPK (number of work agreements) must be 1-9, not 0."),
            code="nip_pppk_agreements",
        )
    return None, agreements


def validate_nip(value: str) -> None:
    """Field validator: a valid number in the layout it shows (the employee's
    employment type is checked by Employee.clean)."""
    parse_nip(value)
