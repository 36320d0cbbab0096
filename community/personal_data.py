"""Finding personal data in what the public writes: Indonesian phone numbers,
NIK (the 16-digit population number) and e-mail addresses.

A post of a citizen or guest that contains one is held for moderation rather
than refused, so a false alarm (an order number that looks like a phone number)
costs a short wait, never the text.
"""

import re

from django.utils.translation import gettext_lazy as _

# Mobile and fixed numbers written 08xx..., +62 8xx..., 62 8xx..., 061-..., with spaces,
# dots or dashes between the groups: a prefix then 7 to 12 more digits.
PHONE_RE = re.compile(r"(?<![\d\w])(?:\+62|62|0)[\s.\-]?\(?\d{2,4}\)?(?:[\s.\-]?\d){6,10}(?!\d)")
# 16 digits (province, regency, district, date of birth, sequence), possibly grouped
# with spaces, dots or dashes.
NIK_RE = re.compile(r"(?<!\d)\d(?:[\s.\-]?\d){15}(?!\d)")
EMAIL_RE = re.compile(r"[\w.+\-]+\s*(?:@|\[at\]|\(at\))\s*[\w\-]+(?:\.[\w\-]+)+", re.IGNORECASE)

KINDS = {
    "nik": (NIK_RE, _("a NIK")),
    "phone": (PHONE_RE, _("a phone number")),
    "email": (EMAIL_RE, _("an e-mail address")),
}


def personal_data_found(*texts: str) -> list[str]:
    """The kinds of personal data found in the texts ("nik", "phone", "email"), in that order."""
    found = []
    for kind, (pattern, _label) in KINDS.items():
        for text in texts:
            if text and pattern.search(NIK_RE.sub(" ", text) if kind == "phone" else text):
                found.append(kind)
                break
    return found


def personal_data_labels(kinds) -> str:
    return ", ".join(str(KINDS[kind][1]) for kind in kinds)
