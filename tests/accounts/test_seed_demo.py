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
        employee.full_clean()  # every seeded NIP passes the validator


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
