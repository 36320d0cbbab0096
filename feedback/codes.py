"""Tracking codes: 12 characters of Crockford's base32 (60 random bits) from
`secrets`, so they cannot be guessed; read out and typed in groups of four."""

import base64
import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
CODE_LENGTH = 12
_AMBIGUOUS = str.maketrans({"I": "1", "L": "1", "O": "0"})


# 64 random bits in standard base32 give 12 full characters (60 bits): each 5-bit
# group becomes one character of Crockford's alphabet (one C call each step, not
# twelve draws: the code is made on every public submission).
_FROM_BASE32 = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", ALPHABET)


def new_tracking_code() -> str:
    return base64.b32encode(secrets.token_bytes(8)).decode()[:CODE_LENGTH].translate(_FROM_BASE32)


def normalize_tracking_code(raw: str) -> str:
    """Accept what people type: lower case, spaces or dashes, O for 0, I/L for 1."""
    code = re.sub(r"[\s\-]", "", raw or "").upper().translate(_AMBIGUOUS)
    return code


def is_well_formed(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(c in ALPHABET for c in code)
