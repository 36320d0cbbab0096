"""Factories of learning paths, and helpers that make a step done for an ASN."""

import factory
from django.utils import timezone

from paths.models import LearningPath, PathEnrolment, PathStep
from tests.accounts.factories import CompetencyFactory
from tests.training.factories import EnrollmentFactory, ProgramFactory, SessionFactory
from tests.tutorials.factories import TutorialFactory
from training.models import Enrollment
from tutorials.models import TutorialProgress


class LearningPathFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningPath

    competency = factory.SubFactory(CompetencyFactory)
    from_level = 2
    title = factory.Sequence(lambda n: f"Jalur Uji {n}")
    description = "Jalur belajar untuk pengujian."
    status = LearningPath.Status.PUBLISHED


class PathStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PathStep

    path = factory.SubFactory(LearningPathFactory)
    position = factory.Sequence(lambda n: n + 1)
    program = factory.SubFactory(ProgramFactory)
    tutorial = None
    required = True


class PathEnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PathEnrolment

    path = factory.SubFactory(LearningPathFactory)
    employee = factory.SubFactory("tests.accounts.factories.EmployeeFactory")


def path_with_steps(*, programs: int = 2, tutorials: int = 1, optional_last: bool = True, **kwargs) -> LearningPath:
    """A published path: `programs` program steps then `tutorials` tutorial steps;
    the last step optional when `optional_last`."""
    path = LearningPathFactory(**kwargs)
    items = [{"program": ProgramFactory()} for _ in range(programs)]
    items += [{"program": None, "tutorial": TutorialFactory()} for _ in range(tutorials)]
    for position, item in enumerate(items, start=1):
        required = not (optional_last and position == len(items))
        PathStepFactory(path=path, position=position, required=required, **item)
    return path


def complete_program(employee, program) -> Enrollment:
    session = SessionFactory(program=program)
    return EnrollmentFactory(
        session=session, employee=employee, status=Enrollment.Status.COMPLETED, completed_at=timezone.now()
    )


def complete_tutorial(employee, tutorial) -> TutorialProgress:
    return TutorialProgress.objects.create(
        employee=employee, tutorial=tutorial, completed_at=timezone.now(), completed_revision=tutorial.revision
    )


def complete_step(employee, step):
    if step.program_id:
        return complete_program(employee, step.program)
    return complete_tutorial(employee, step.tutorial)
