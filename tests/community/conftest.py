import pytest

from tests.accounts.factories import EmployeeFactory, OrgUnitFactory, UserFactory


@pytest.fixture
def citizen(db):
    return UserFactory(username="warga@contoh.id", roles=["citizen"])


@pytest.fixture
def moderator(db):
    return UserFactory(username="moderator", roles=["moderator"])


@pytest.fixture
def hr_user(db):
    return UserFactory(username="hr", roles=["hr"])


@pytest.fixture
def asn(db):
    """An ASN of Disdukcapil (account in the `asn` role with an Employee profile)."""
    unit = OrgUnitFactory(code="disdukcapil", name="Dinas Kependudukan dan Pencatatan Sipil", short_name="Disdukcapil")
    return EmployeeFactory(org_unit=unit).user
