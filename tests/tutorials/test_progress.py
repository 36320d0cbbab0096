"""Progress per step, resume, quiz scoring and completion with JP credited once."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from asn_competency.common.errors import ApplicationError
from tests.accounts.factories import EmployeeFactory
from training.models import JpLedgerEntry
from tutorials import selectors, services
from tutorials.models import QuizAttempt, StepCompletion, Tutorial, TutorialProgress

from .factories import add_question, correct_answers, make_tutorial, wrong_answers

pytestmark = pytest.mark.django_db


def _finish_steps(employee, tutorial):
    for step in tutorial.steps.order_by("position"):
        services.step_complete(employee=employee, step=step)


def test_step_complete_saves_progress_per_step_and_is_idempotent():
    tutorial = make_tutorial(steps=3)
    employee = EmployeeFactory()
    first = tutorial.steps.get(position=1)
    services.step_complete(employee=employee, step=first)
    services.step_complete(employee=employee, step=first)
    progress = TutorialProgress.objects.get(employee=employee, tutorial=tutorial)
    assert StepCompletion.objects.filter(progress=progress).count() == 1
    assert progress.last_step == first
    assert progress.completed_at is None


def test_resume_returns_first_step_not_done_even_when_steps_were_done_out_of_order():
    tutorial = make_tutorial(steps=4)
    employee = EmployeeFactory()
    services.step_complete(employee=employee, step=tutorial.steps.get(position=1))
    services.step_complete(employee=employee, step=tutorial.steps.get(position=3))
    loaded = selectors.tutorial_get(pk=tutorial.pk)
    progress = selectors.progress_for(employee=employee, tutorial=loaded)
    assert selectors.resume_position(tutorial=loaded, progress=progress) == 2
    services.step_complete(employee=employee, step=tutorial.steps.get(position=2))
    services.step_complete(employee=employee, step=tutorial.steps.get(position=4))
    progress = selectors.progress_for(employee=employee, tutorial=loaded)
    assert selectors.resume_position(tutorial=loaded, progress=progress) is None  # next is the quiz


def test_resume_before_starting_is_the_first_step():
    tutorial = make_tutorial(steps=2)
    loaded = selectors.tutorial_get(pk=tutorial.pk)
    assert selectors.resume_position(tutorial=loaded, progress=None) == 1


def test_step_of_an_unpublished_tutorial_cannot_be_completed():
    tutorial = make_tutorial(steps=1, status=Tutorial.Status.DRAFT)
    with pytest.raises(ApplicationError):
        services.step_complete(employee=EmployeeFactory(), step=tutorial.steps.get())


def test_quiz_is_refused_while_steps_remain():
    tutorial = make_tutorial(steps=2)
    employee = EmployeeFactory()
    services.step_complete(employee=employee, step=tutorial.steps.get(position=1))
    with pytest.raises(ApplicationError) as err:
        services.quiz_submit(employee=employee, tutorial=tutorial, answers=correct_answers(tutorial))
    assert err.value.code == "steps_remaining"


@pytest.mark.parametrize(("right", "total", "expected"), [(0, 3, 0), (1, 3, 33), (2, 3, 66), (3, 3, 100)])
def test_score_is_the_share_of_right_answers_rounded_down(right, total, expected):
    tutorial = make_tutorial(steps=1, questions=total)
    good, bad = correct_answers(tutorial), wrong_answers(tutorial)
    answers = {pk: (good[pk] if i < right else bad[pk]) for i, pk in enumerate(sorted(good))}
    score, _normalised = services.score_answers(tutorial=tutorial, answers=answers)
    assert score == expected


def test_score_refuses_missing_answers_and_choices_of_another_question():
    tutorial = make_tutorial(steps=1, questions=2)
    q1, q2 = tutorial.questions.order_by("position")
    with pytest.raises(ValidationError):
        services.score_answers(tutorial=tutorial, answers={q1.pk: q1.choices.first().pk})
    with pytest.raises(ValidationError):  # q2 answered with a choice of q1
        services.score_answers(tutorial=tutorial, answers={q1.pk: q1.choices.first().pk, q2.pk: q1.choices.first().pk})


def test_failing_quiz_keeps_tutorial_open_and_credits_nothing():
    tutorial = make_tutorial(steps=1, questions=2, pass_mark=70)
    employee = EmployeeFactory()
    _finish_steps(employee, tutorial)
    q1, q2 = tutorial.questions.order_by("position")
    answers = {q1.pk: q1.choices.get(is_correct=True).pk, q2.pk: q2.choices.get(is_correct=False).pk}
    attempt = services.quiz_submit(employee=employee, tutorial=tutorial, answers=answers)
    assert (attempt.score, attempt.passed) == (50, False)
    assert TutorialProgress.objects.get(employee=employee).completed_at is None
    assert not JpLedgerEntry.objects.filter(employee=employee).exists()


def test_passing_quiz_completes_and_credits_tutorial_jp_once_even_when_passed_again():
    tutorial = make_tutorial(steps=2, questions=2, jp=Decimal("1.5"))
    employee = EmployeeFactory()
    _finish_steps(employee, tutorial)
    first = services.quiz_submit(employee=employee, tutorial=tutorial, answers=correct_answers(tutorial))
    second = services.quiz_submit(employee=employee, tutorial=tutorial, answers=correct_answers(tutorial))
    assert first.passed and second.passed
    entries = JpLedgerEntry.objects.filter(employee=employee)
    assert entries.count() == 1
    entry = entries.get()
    assert (entry.jp, entry.source, entry.source_key) == (Decimal("1.5"), "tutorial", f"tutorial:{tutorial.pk}")
    progress = TutorialProgress.objects.get(employee=employee)
    assert progress.completed_at is not None and progress.best_score == 100
    assert QuizAttempt.objects.filter(progress=progress).count() == 2


def test_pass_mark_is_inclusive():
    tutorial = make_tutorial(steps=1, questions=2, pass_mark=50)
    employee = EmployeeFactory()
    _finish_steps(employee, tutorial)
    q1, q2 = tutorial.questions.order_by("position")
    answers = {q1.pk: q1.choices.get(is_correct=True).pk, q2.pk: q2.choices.get(is_correct=False).pk}
    assert services.quiz_submit(employee=employee, tutorial=tutorial, answers=answers).passed


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_double_completion_credits_jp_exactly_once():
    tutorial = make_tutorial(steps=2, questions=1)
    employee = EmployeeFactory()
    _finish_steps(employee, tutorial)
    answers = correct_answers(tutorial)
    barrier = threading.Barrier(4)
    errors = []

    def submit():
        try:
            barrier.wait()
            services.quiz_submit(employee=employee, tutorial=tutorial, answers=answers)
        except Exception as exc:  # noqa: BLE001  (the thread's error is collected and asserted below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert JpLedgerEntry.objects.filter(employee=employee, source_key=f"tutorial:{tutorial.pk}").count() == 1
    assert QuizAttempt.objects.filter(progress__employee=employee).count() == 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_first_steps_create_one_progress_row():
    tutorial = make_tutorial(steps=2, questions=1)
    employee = EmployeeFactory()
    steps = list(tutorial.steps.order_by("position"))
    barrier = threading.Barrier(2)
    errors = []

    def run(step):
        try:
            barrier.wait()
            services.step_complete(employee=employee, step=step)
        except Exception as exc:  # noqa: BLE001  (the thread's error is collected and asserted below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(s,)) for s in steps]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert TutorialProgress.objects.filter(employee=employee, tutorial=tutorial).count() == 1
    assert StepCompletion.objects.filter(progress__employee=employee).count() == 2


def test_question_save_needs_exactly_one_correct_answer():
    tutorial = make_tutorial(steps=1, questions=0, status=Tutorial.Status.DRAFT)
    from tutorials.models import QuizQuestion

    with pytest.raises(ValidationError):
        services.question_save(
            question=QuizQuestion(tutorial=tutorial, text="Apa?"), choices=[("A", True), ("B", True)]
        )
    with pytest.raises(ValidationError):
        services.question_save(question=QuizQuestion(tutorial=tutorial, text="Apa?"), choices=[("A", True)])
    question = services.question_save(
        question=QuizQuestion(tutorial=tutorial, text="Apa?"), choices=[("A", False), ("B", True), ("", False)]
    )
    assert question.choices.count() == 2


def test_publishing_needs_steps_and_a_complete_quiz():
    tutorial = make_tutorial(steps=0, questions=0, status=Tutorial.Status.DRAFT)
    with pytest.raises(ValidationError) as err:
        services.tutorial_set_status(tutorial=tutorial, status=Tutorial.Status.PUBLISHED)
    assert len(err.value.message_dict["status"]) == 2
    from .factories import TutorialStepFactory

    TutorialStepFactory(tutorial=tutorial, position=1)
    add_question(tutorial)
    services.tutorial_set_status(tutorial=tutorial, status=Tutorial.Status.PUBLISHED)
    tutorial.refresh_from_db()
    assert tutorial.is_published
