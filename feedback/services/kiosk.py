"""Kiosk devices: a tablet at a service counter, registered by HR."""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import KioskDevice


def kiosk_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def kiosk_create(*, name: str, unit, service=None, issued_by) -> tuple[KioskDevice, str]:
    """Register a device; returns it and its token (shown once, only its hash is kept)."""
    if service is not None and service.unit_id != unit.pk:
        raise ValidationError({"service": _("This service does not belong to the chosen unit.")})
    if not unit.serves_public:
        raise ValidationError({"unit": _("This unit does not take public feedback.")})
    token = secrets.token_urlsafe(24)
    device = KioskDevice(
        name=name.strip(), unit=unit, service=service, token_hash=kiosk_token_hash(token), issued_by=issued_by
    )
    device.full_clean()
    device.save()
    return device, token


@transaction.atomic
def kiosk_revoke(*, device: KioskDevice) -> KioskDevice:
    device.is_active = False
    device.save(update_fields=["is_active", "updated_at"])
    return device
