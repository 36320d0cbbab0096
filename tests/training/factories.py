"""Factories for the training app; other apps' tests build on these too."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from tests.accounts.factories import EmployeeFactory
from training.models import Enrollment, Program, ProgramCompetency, Session, SessionDay, Trainer, Venue


def in_days(days: int, hour: int = 8) -> datetime.datetime:
    """An aware datetime `days` from today at `hour` o'clock WIB."""
    local = timezone.localtime()
    return local.replace(hour=hour, minute=0, second=0, microsecond=0) + datetime.timedelta(days=days)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"prog-{n}")
    title = factory.Sequence(lambda n: f"Pelatihan Uji {n}")
    description = "Pelatihan untuk pengujian."
    kind = Program.Kind.CLASSROOM
    category = Program.Category.IT_EGOV
    jp = Decimal("16")
    status = Program.Status.PUBLISHED


class ProgramCompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramCompetency

    program = factory.SubFactory(ProgramFactory)
    competency = factory.SubFactory("tests.accounts.factories.CompetencyFactory")
    target_level = 3


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Ruang Diklat {n}")
    address = "Jl. Kapten Maulana Lubis No. 2, Medan"
    capacity = 100


class TrainerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainer

    name = factory.Sequence(lambda n: f"Widyaiswara {n}")
    expertise = "Pelayanan publik"


class SessionFactory(factory.django.DjangoModelFactory):
    """A scheduled in-person session, open for enrolment, 10 to 11 days from now."""

    class Meta:
        model = Session
        skip_postgeneration_save = True

    program = factory.SubFactory(ProgramFactory)
    number = factory.Sequence(lambda n: n + 1)
    code = factory.LazyAttribute(lambda o: f"{o.program.code}-{o.number}")
    start = factory.LazyFunction(lambda: in_days(10))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(days=1, hours=8))
    mode = Session.Mode.OFFLINE
    venue = factory.SubFactory(VenueFactory)
    capacity = 20
    status = Session.Status.SCHEDULED

    @factory.post_generation
    def days(self, create, extracted, **kwargs):
        if create:
            from training.services import session_days_sync

            session_days_sync(session=self)


def move_session(session, *, start, end):
    """Move a session to other dates after enrolments were made (enrolment needs a
    future session), keeping its days in step: attendance is recorded per day and
    only for days that have come."""
    from training.services import session_days_sync

    Session.objects.filter(pk=session.pk).update(start=start, end=end)
    session.refresh_from_db()
    session_days_sync(session=session)
    return session


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    session = factory.SubFactory(SessionFactory)
    employee = factory.SubFactory(EmployeeFactory)
    status = Enrollment.Status.ENROLLED


__all__ = [
    "EnrollmentFactory",
    "ProgramCompetencyFactory",
    "ProgramFactory",
    "SessionDay",
    "SessionFactory",
    "TrainerFactory",
    "VenueFactory",
    "in_days",
]
