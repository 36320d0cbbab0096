import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from asn_competency.common.errors import ApplicationError, ConflictError
from asn_competency.common.models import OutboxMessage
from paths import selectors, services
from paths.models import LearningPath, PathEnrolment, PathStep
from paths.services import StepInput
from tests.accounts.factories import CompetencyFactory, EmployeeFactory
from tests.training.factories import ProgramFactory
from tests.tutorials.factories import TutorialFactory
from training.models import Program

from .factories import LearningPathFactory, PathStepFactory, complete_step, path_with_steps

pytestmark = pytest.mark.django_db


def test_path_create_saves_the_steps_in_order_and_the_next_level():
    program, tutorial = ProgramFactory(), TutorialFactory()
    path = services.path_create(
        competency=CompetencyFactory(),
        from_level=2,
        title="Jalur Pelayanan",
        steps=[StepInput(tutorial=tutorial), StepInput(program=program, required=False)],
    )
    assert path.to_level == 3 and path.status == LearningPath.Status.DRAFT
    steps = list(path.steps.order_by("position").values_list("position", "program_id", "tutorial_id", "required"))
    assert steps == [(1, None, tutorial.pk, True), (2, program.pk, None, False)]


def test_a_program_twice_in_a_path_is_refused_in_indonesian():
    program = ProgramFactory(title="Pelatihan Arsip")
    with pytest.raises(ValidationError) as caught:
        services.path_create(
            competency=CompetencyFactory(),
            from_level=1,
            title="Jalur",
            steps=[StepInput(program=program), StepInput(program=program)],
        )
    assert caught.value.message_dict["steps"] == ["Langkah 2: program Pelatihan Arsip sudah menjadi langkah jalur ini."]
    assert not LearningPath.objects.exists()


def test_the_database_refuses_a_step_with_both_or_neither_item_and_a_level_beyond_5():
    path = LearningPathFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PathStep.objects.create(path=path, position=1, program=ProgramFactory(), tutorial=TutorialFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        PathStep.objects.create(path=path, position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        LearningPath.objects.filter(pk=path.pk).update(to_level=4)  # from 2 must go to 3
    with pytest.raises(IntegrityError), transaction.atomic():
        LearningPath.objects.filter(pk=path.pk).update(from_level=5, to_level=6)


def test_publishing_needs_a_required_published_step_and_one_path_per_level():
    competency = CompetencyFactory()
    empty = LearningPathFactory(competency=competency, status=LearningPath.Status.DRAFT)
    with pytest.raises(ApplicationError, match="minimal satu langkah"):
        services.path_publish(path=empty)
    PathStepFactory(path=empty, position=1, required=False)
    with pytest.raises(ApplicationError, match="langkah wajib"):
        services.path_publish(path=empty)
    draft_program = ProgramFactory(status=Program.Status.DRAFT, title="Draf")
    PathStepFactory(path=empty, position=2, program=draft_program)
    with pytest.raises(ApplicationError, match="Draf"):
        services.path_publish(path=empty)
    draft_program.status = Program.Status.PUBLISHED
    draft_program.save()
    services.path_publish(path=empty)
    assert LearningPath.objects.get(pk=empty.pk).is_published

    second = LearningPathFactory(competency=competency, status=LearningPath.Status.DRAFT)
    PathStepFactory(path=second, position=1)
    with pytest.raises(ConflictError, match="sudah terbit"):
        services.path_publish(path=second)
    services.path_archive(path=empty)
    services.path_publish(path=second)
    assert list(LearningPath.objects.filter(status="published").values_list("pk", flat=True)) == [second.pk]


def test_publishing_queues_the_notice_once_in_the_same_transaction():
    path = path_with_steps(status=LearningPath.Status.DRAFT)
    services.path_publish(path=path)
    services.path_publish(path=path)  # already published: nothing more
    assert OutboxMessage.objects.filter(task="paths.notify_path_published", args=[path.pk]).count() == 1


def test_a_stale_editor_is_refused_instead_of_overwriting_someone_elses_steps():
    path = path_with_steps()
    values = {"competency": path.competency, "from_level": path.from_level, "title": "Baru", "description": ""}
    services.path_update(path=path, **values, steps=[StepInput(program=ProgramFactory())], expected_revision=1)
    with pytest.raises(ConflictError, match="Orang lain"):
        services.path_update(path=path, **values, steps=[StepInput(program=ProgramFactory())], expected_revision=1)
    assert PathStep.objects.filter(path=path).count() == 1


def test_follow_refuses_drafts_people_without_a_profile_and_a_second_follow():
    employee = EmployeeFactory()
    draft = LearningPathFactory(status=LearningPath.Status.DRAFT)
    with pytest.raises(ApplicationError, match="belum terbit|tidak terbit"):
        services.path_follow(path=draft, employee=employee)
    path = path_with_steps()
    with pytest.raises(ApplicationError) as caught:
        services.path_follow(path=path, employee=None)
    assert caught.value.code == "no_profile"
    services.path_follow(path=path, employee=employee)
    with pytest.raises(ConflictError):
        services.path_follow(path=path, employee=employee)
    assert PathEnrolment.objects.count() == 1
    services.path_unfollow(path=path, employee=employee)
    with pytest.raises(ApplicationError) as caught:
        services.path_unfollow(path=path, employee=employee)
    assert caught.value.status == 404


def test_progress_counts_completed_programs_in_any_batch_and_completed_tutorials():
    employee = EmployeeFactory()
    path = path_with_steps(programs=2, tutorials=1)  # two required programs, an optional tutorial
    steps = list(path.steps.order_by("position"))
    complete_step(employee, steps[0])
    complete_step(employee, steps[2])
    got = selectors.path_get(pk=path.pk, employee=employee)
    assert (got.step_count, got.required_count, got.done_count, got.required_done) == (3, 2, 2, 1)
    assert not got.finished
    assert [s.done for s in selectors.path_steps(path=path, employee=employee)] == [True, False, True]
    complete_step(employee, steps[1])
    assert selectors.path_get(pk=path.pk, employee=employee).finished


def test_the_notice_reaches_the_asn_for_whom_the_path_is_the_next_step(django_capture_on_commit_callbacks):
    from accounts.models import EmployeeCompetency, PositionCompetency
    from notifications.models import Notification

    path = path_with_steps(from_level=2, status=LearningPath.Status.DRAFT)
    at_two, at_three, other = EmployeeFactory(), EmployeeFactory(), EmployeeFactory()
    for employee, assessed in ((at_two, 2), (at_three, 3), (other, 2)):
        required = 4 if employee is not other else 2
        PositionCompetency.objects.create(position=employee.position, competency=path.competency, level=required)
        EmployeeCompetency.objects.create(
            employee=employee, competency=path.competency, level=assessed, assessed_on="2026-01-15"
        )
    services.path_publish(path=path)
    assert services.path_notify_published(path_id=path.pk) == 1
    assert services.path_notify_published(path_id=path.pk) == 0  # a second delivery tells nobody again
    notice = Notification.objects.get()
    assert notice.recipient_id == at_two.user_id and notice.link == path.get_absolute_url()
    assert notice.kind == "learning_path" and notice.title == f"Jalur belajar baru: {path.title}"
