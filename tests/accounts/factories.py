"""Factories for users, units and ASN; every app's tests build on these."""

import factory
from django.contrib.auth.models import Group

from accounts.models import Competency, Employee, OrgUnit, Position, User


def nip_for(n: int, *, gender: int = 1) -> str:
    """A valid NIP that differs for every n (birth day and sequence vary)."""
    day = n % 28 + 1
    month = (n // 28) % 12 + 1
    year = 1970 + (n // 336) % 30
    return f"{year}{month:02d}{day:02d}{year + 25}{month:02d}{gender}{n % 999 + 1:03d}"


def pppk_nip_for(n: int, *, gender: int = 1) -> str:
    """A valid Nomor Induk PPPK (accounts/validators.py) that differs for every n."""
    day = n % 28 + 1
    month = (n // 28) % 12 + 1
    year = 1970 + (n // 336) % 30
    return f"{year}{month:02d}{day:02d}{max(year + 25, 2019)}21{gender}{n % 999 + 1:03d}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.go.id")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """UserFactory(roles=["hr"]) puts the user in those role groups."""
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get_or_create(name=str(name))[0])
        if create:
            self.save()


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    kind = OrgUnit.Kind.DINAS
    serves_public = True


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position
        django_get_or_create = ("name", "kind")

    name = factory.Sequence(lambda n: f"Jabatan {n}")
    kind = Position.Kind.EXECUTOR


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T.X.{n:03d}")
    name = factory.Sequence(lambda n: f"Kompetensi {n}")
    type = Competency.Type.TECHNICAL


class EmployeeFactory(factory.django.DjangoModelFactory):
    """An ASN profile with its own user account in the `asn` role."""

    class Meta:
        model = Employee

    employment_type = Employee.EmploymentType.PNS
    # The number follows the layout of the employment type (NIP or Nomor Induk PPPK).
    nip = factory.LazyAttributeSequence(lambda o, n: pppk_nip_for(n) if o.employment_type == "pppk" else nip_for(n))
    full_name = factory.Sequence(lambda n: f"ASN Uji {n}")
    org_unit = factory.SubFactory(OrgUnitFactory)
    position = factory.SubFactory(PositionFactory)
    grade = "III/a"
    user = factory.SubFactory(UserFactory, roles=["asn"])
    email = factory.LazyAttribute(lambda o: o.user.email if o.user else "")
