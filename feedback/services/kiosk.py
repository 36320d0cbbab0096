"""Kiosk devices: a tablet at a service counter, registered by HR and paired
once with a one-time code.

HR registers a device and reads its pairing code (shown once); on the tablet
someone opens the kiosk pairing page and types the code. Pairing spends the
code and gives the tablet a random device token, which the view keeps in a
long-lived signed cookie: the token is never part of a URL, so it does not end
up in access logs or the tablet's history. Only hashes are stored. Pairing
again (a new code) replaces the token, revoking ends both.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asn_competency.common.errors import ApplicationError

from ..models import KioskDevice
from .submission import SERVICE_NOT_OF_UNIT

# No 0/O, 1/I/L: the code is read off a screen and typed on a tablet.
PAIRING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PAIRING_LENGTH = 8


def kiosk_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def kiosk_pairing_normalise(code: str) -> str:
    """What the person typed, as stored: upper case, without spaces and dashes."""
    return "".join(ch for ch in str(code or "").upper() if ch.isalnum())


def kiosk_pairing_display(code: str) -> str:
    code = kiosk_pairing_normalise(code)
    return f"{code[:4]}-{code[4:]}"


def _new_pairing_code(device: KioskDevice) -> str:
    code = "".join(secrets.choice(PAIRING_ALPHABET) for _ in range(PAIRING_LENGTH))
    device.pairing_code_hash = kiosk_token_hash(code)
    device.pairing_expires_at = timezone.now() + datetime.timedelta(hours=settings.FEEDBACK_KIOSK_PAIRING_HOURS)
    return kiosk_pairing_display(code)


@transaction.atomic
def kiosk_create(*, name: str, unit, service=None, issued_by=None) -> tuple[KioskDevice, str]:
    """Register a device; returns it and its one-time pairing code (shown once)."""
    if service is not None and service.unit_id != unit.pk:
        raise ValidationError({"service": SERVICE_NOT_OF_UNIT})
    if not unit.serves_public:
        raise ValidationError({"unit": _("This unit does not take public feedback.")})
    device = KioskDevice(name=name.strip(), unit=unit, service=service, issued_by=issued_by)
    code = _new_pairing_code(device)
    device.full_clean(exclude=["issued_by"] if issued_by is None else None)  # None: issued by the system (demo)
    device.save()
    return device, code


@transaction.atomic
def kiosk_pairing_issue(*, device: KioskDevice) -> str:
    """A new pairing code for an active device (a replaced or reset tablet).
    The tablet paired now keeps working until another one pairs."""
    device = KioskDevice.objects.select_for_update().get(pk=device.pk)
    if not device.is_active:
        raise ApplicationError(_("This kiosk is revoked; register a new one."), code="kiosk_revoked")
    code = _new_pairing_code(device)
    device.save(update_fields=["pairing_code_hash", "pairing_expires_at", "updated_at"])
    return code


@transaction.atomic
def kiosk_pair(*, code: str) -> tuple[KioskDevice, str]:
    """Spend a pairing code: returns the device and its new token (for the cookie).

    Single use: the row is locked and the code's hash cleared in the same
    transaction, so two tablets typing the same code cannot both pair.
    """
    code = kiosk_pairing_normalise(code)
    device = (
        KioskDevice.objects.select_for_update()
        .filter(pairing_code_hash=kiosk_token_hash(code), is_active=True, pairing_expires_at__gt=timezone.now())
        .first()
        if len(code) == PAIRING_LENGTH
        else None
    )
    if device is None:
        raise ApplicationError(
            _("This pairing code is not valid or has expired. Ask BKPSDM for a new code."), code="invalid_pairing_code"
        )
    token = secrets.token_urlsafe(32)
    device.token_hash = kiosk_token_hash(token)
    device.pairing_code_hash = None
    device.pairing_expires_at = None
    device.paired_at = timezone.now()
    device.save(update_fields=["token_hash", "pairing_code_hash", "pairing_expires_at", "paired_at", "updated_at"])
    return device, token


@transaction.atomic
def kiosk_revoke(*, device: KioskDevice) -> KioskDevice:
    device.is_active = False
    device.token_hash = None
    device.pairing_code_hash = None
    device.pairing_expires_at = None
    device.save(update_fields=["is_active", "token_hash", "pairing_code_hash", "pairing_expires_at", "updated_at"])
    return device
