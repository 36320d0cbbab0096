import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from accounts.demo import DEMO_PASSWORD, DEMO_USERS
from accounts.models import Employee, OrgUnit, User

# Rows that change by themselves (log-ins, caches), not by seeding.
VOLATILE = {"sessions.Session", "axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog", "admin.LogEntry"}


def _row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label not in VOLATILE and model._meta.managed
    }


@pytest.mark.django_db
def test_seed_demo_twice_gives_the_same_rows():
    out = io.StringIO()
    call_command("seed_demo", "--force", stdout=out)
    first = _row_counts()
    call_command("seed_demo", "--force", stdout=io.StringIO())
    assert _row_counts() == first
    # and it printed the logins it created
    for username, *_ in DEMO_USERS:
        assert username in out.getvalue()
    assert DEMO_PASSWORD in out.getvalue()


@pytest.mark.django_db
def test_seed_demo_creates_medan_units_and_working_logins():
    call_command("seed_demo", "--force", stdout=io.StringIO())
    assert OrgUnit.objects.filter(kind="kecamatan").count() == 21
    assert OrgUnit.objects.filter(code="bkpsdm").exists()
    assert OrgUnit.objects.filter(code="disdukcapil", serves_public=True).exists()
    for username, *_ in DEMO_USERS:
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    asn1 = Employee.objects.get(user__username="asn1")
    assert asn1.supervisor.user.username == "supervisor"
    assert Employee.objects.count() >= 200
    for employee in Employee.objects.all():
        employee.full_clean()  # every seeded NIP passes the validator, in the layout of its employment type
    asn5 = Employee.objects.get(user__username="asn5")
    assert asn5.employment_type == "pppk" and asn5.nip[12] == "2"  # a Nomor Induk PPPK
    assert Employee.objects.filter(employment_type="pppk").count() > 1
    # Certificates are issued, their PDFs drawn later (worker, or the first download), not while seeding.
    from certificates.models import Certificate

    assert Certificate.objects.filter(revoked_at__isnull=True).count() > 200
    assert not Certificate.objects.exclude(pdf="").exists()


@pytest.mark.django_db
def test_a_pppk_seeded_with_a_pns_style_number_is_moved_to_the_pppk_number():
    # Without a whole seed run (slow): the step seed_demo takes for asn5 and generated PPPK.
    from accounts.demo import DEMO_USERS, RENUMBERED, _as_pppk, _renumber
    from tests.accounts.factories import EmployeeFactory

    new = next(row[5] for row in DEMO_USERS if row[0] == "asn5")
    old = EmployeeFactory(nip=RENUMBERED["asn5"])
    assert _renumber(old=RENUMBERED["asn5"], new=new) == new
    old.refresh_from_db()
    assert old.nip == new
    assert _renumber(old=RENUMBERED["asn5"], new=new) == new  # a rerun changes nothing
    generated = _as_pppk("197001012005071001")
    assert generated == "197001012019211001"
    EmployeeFactory(nip=generated, employment_type="pppk").full_clean()


@pytest.mark.django_db
def test_seed_demo_refuses_when_debug_is_off_without_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.django_db
def test_seed_demo_hashes_the_shared_demo_password_once():
    from accounts.demo import demo_password_hash

    demo_password_hash.cache_clear()
    call_command("seed_demo", "--force", stdout=io.StringIO())
    logins = User.objects.filter(username__in=[u[0] for u in DEMO_USERS])
    assert len({user.password for user in logins}) == 1  # one hash, computed once
    assert logins.first().check_password(DEMO_PASSWORD)
