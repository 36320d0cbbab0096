"""NIP (Nomor Induk Pegawai): 18 digits.

    YYYYMMDD  birth date
    YYYYMM    TMT CPNS (start of service as a candidate civil servant)
    G         gender: 1 male, 2 female
    NNN       sequence, 001-999

Example: 198609262015051001.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

MIN_AGE_AT_START = 18
MAX_AGE_AT_START = 60  # PPPK may start late; nobody starts older than this


@dataclass(frozen=True)
class NipParts:
    birth_date: datetime.date
    tmt_year: int
    tmt_month: int
    gender: str  # "M" or "F"
    sequence: int


def parse_nip(value: str, *, today: datetime.date | None = None) -> NipParts:
    """Split and check a NIP; raise ValidationError naming the part that is wrong."""
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

    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= tmt_month <= 12:
        raise ValidationError(
            _("Digits 13-14 of the NIP (TMT CPNS month) must be 01-12, not %(part)s.") % {"part": nip[12:14]},
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
    )


def validate_nip(value: str) -> None:
    parse_nip(value)
