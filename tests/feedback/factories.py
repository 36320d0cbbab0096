import datetime

import factory
from django.utils import timezone

from feedback.models import Feedback, Service
from tests.accounts.factories import EmployeeFactory, OrgUnitFactory, UserFactory

ALL_THREE = {f"U{i}": 3 for i in range(1, 10)}


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("unit", "code")

    unit = factory.SubFactory(OrgUnitFactory)
    code = factory.Sequence(lambda n: f"layanan-{n}")
    name = factory.Sequence(lambda n: f"Layanan Uji {n}")


class FeedbackFactory(factory.django.DjangoModelFactory):
    """A stored submission (bypassing the service; use feedback_submit to test submission)."""

    class Meta:
        model = Feedback

    tracking_code = factory.Sequence(lambda n: f"T{n:011d}")
    unit = factory.SubFactory(OrgUnitFactory)
    handling_unit = factory.LazyAttribute(lambda o: o.unit)
    kind = Feedback.Kind.COMPLAINT
    message = "Antrean terlalu panjang di loket."
    verify_due = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=3))
    u1 = u2 = u3 = u4 = u5 = u6 = u7 = u8 = u9 = 3


def officer_of(unit, **kwargs):
    """A unit officer working at `unit`."""
    return EmployeeFactory(org_unit=unit, user=UserFactory(roles=["unit_officer", "asn"]), **kwargs).user


def submission(**overrides) -> dict:
    """Keyword arguments for feedback_submit."""
    data = {
        "unit": overrides.pop("unit", None) or OrgUnitFactory(),
        "scores": dict(ALL_THREE),
        "kind": "complaint",
        "message": "Antrean perekaman KTP-el sangat panjang.",
        "anonymous": True,
    }
    data.update(overrides)
    return data
