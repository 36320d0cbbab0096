import datetime

import factory

from tests.training.factories import ProgramFactory, SessionFactory, TrainerFactory
from training.models import Program
from workshops.models import AgendaItem, Topic, Workshop


class WorkshopProgramFactory(ProgramFactory):
    kind = Program.Kind.WORKSHOP
    category = Program.Category.SOFT_SKILLS


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    program = factory.SubFactory(WorkshopProgramFactory)
    topic = Topic.COMMUNICATION
    facilitator = factory.SubFactory(TrainerFactory)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    workshop = factory.SubFactory(WorkshopFactory)
    day = 1
    start_time = datetime.time(8, 0)
    end_time = datetime.time(9, 30)
    title = "Pembukaan dan perkenalan"


__all__ = ["AgendaItemFactory", "SessionFactory", "WorkshopFactory", "WorkshopProgramFactory"]
