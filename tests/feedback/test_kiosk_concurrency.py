"""A pairing code is spent once, even when several tablets type it at the same
moment (row lock on PostgreSQL, real threads with their own connections)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from asn_competency.common.errors import ApplicationError
from feedback.models import KioskDevice
from feedback.services import kiosk_create, kiosk_pair, kiosk_token_hash
from tests.accounts.factories import OrgUnitFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_ten_tablets_typing_one_pairing_code_at_once_pair_exactly_one():
    device, code = kiosk_create(name="Tablet", unit=OrgUnitFactory(serves_public=True))
    barrier = threading.Barrier(10)

    def pair(_):
        barrier.wait()
        try:
            return kiosk_pair(code=code)[1]
        except ApplicationError as exc:
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(pair, range(10)))
    tokens = [r for r in results if isinstance(r, str)]
    assert len(tokens) == 1
    assert all(r.code == "invalid_pairing_code" for r in results if isinstance(r, ApplicationError))
    device = KioskDevice.objects.get(pk=device.pk)
    assert device.token_hash == kiosk_token_hash(tokens[0]) and device.pairing_code_hash is None
