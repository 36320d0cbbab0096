import io

import pytest

from feedback import demo
from feedback.models import AsnReport, Feedback, FeedbackEvent, KioskDevice, Service
from tests.accounts.factories import EmployeeFactory, OrgUnitFactory


@pytest.mark.django_db
def test_demo_seed_is_realistic_and_idempotent(settings):
    disdukcapil = OrgUnitFactory(code="disdukcapil", name="Dinas Kependudukan dan Pencatatan Sipil")
    OrgUnitFactory(code="perkimcktr", name="Dinas Perkim CKTR")
    OrgUnitFactory(code="pkm-padang-bulan", name="Puskesmas Padang Bulan", kind="puskesmas")
    OrgUnitFactory(code="kec-medan-baru", name="Kecamatan Medan Baru", kind="kecamatan")
    EmployeeFactory(org_unit=disdukcapil)
    out = io.StringIO()
    demo.seed(out=out)
    counts = (Service.objects.count(), Feedback.objects.count(), AsnReport.objects.count(), KioskDevice.objects.count())
    assert Service.objects.filter(unit=disdukcapil, code="ktp-el").exists()
    assert Service.objects.filter(unit__code="pkm-padang-bulan", code="imunisasi").exists()
    assert Service.objects.filter(unit__code="perkimcktr", code="pbg").exists()
    assert counts[1] == demo.FEEDBACK_COUNT
    assert Feedback.objects.filter(status="closed").exists()
    assert Feedback.objects.filter(status="received").exists()
    assert FeedbackEvent.objects.filter(action="responded").exclude(public_text="").exists()
    assert Feedback.objects.filter(citizen_rating__isnull=False, rated_at__isnull=False).exists()
    # Answers of all four values and a spread over most of the year.
    months = {d.month for d in Feedback.objects.dates("created_at", "month")}
    assert len(months) >= 10
    demo.seed(out=out)
    assert (
        Service.objects.count(),
        Feedback.objects.count(),
        AsnReport.objects.count(),
        KioskDevice.objects.count(),
    ) == counts


@pytest.mark.django_db
def test_the_demo_kiosk_has_a_random_pairing_code_that_seed_prints(client):
    import re

    OrgUnitFactory(code="disdukcapil", name="Dinas Kependudukan dan Pencatatan Sipil", serves_public=True)
    first, second = io.StringIO(), io.StringIO()
    demo.seed(out=first)
    demo.seed(out=second)
    codes = [re.search(r"pairing code (\w{4}-\w{4})", out.getvalue()).group(1) for out in (first, second)]
    assert codes[0] != codes[1]  # random, and a rerun issues a fresh one while unpaired
    assert KioskDevice.objects.count() == 1
    assert client.post("/feedback/kiosk/pair/", {"code": codes[0]}).status_code == 400  # replaced by the rerun
    assert client.post("/feedback/kiosk/pair/", {"code": codes[1]}).status_code == 302
    assert client.get("/feedback/kiosk/").status_code == 200
    third = io.StringIO()
    demo.seed(out=third)
    assert "already paired" in third.getvalue()
    assert client.get("/feedback/kiosk/").status_code == 200
