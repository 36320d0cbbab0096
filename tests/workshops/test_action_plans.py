"""Action plans: one to three actions (three held by the database), only for
participants, within the window; the selector the supervisor follow-up reads."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import override_settings
from django.utils import timezone

from asn_competency.common.errors import ApplicationError
from tests.training.factories import EnrollmentFactory, ProgramFactory, SessionFactory
from training.models import Enrollment
from workshops.models import ActionPlan, ActionPlanItem
from workshops.selectors import action_plan_for
from workshops.services import action_plan_submit

from .factories import WorkshopFactory

pytestmark = pytest.mark.django_db


def _running_enrollment(**kwargs):
    """An enrolment in a workshop session that started an hour ago."""
    workshop = WorkshopFactory()
    start = timezone.now() - datetime.timedelta(hours=1)
    session = SessionFactory(program=workshop.program, start=start, end=start + datetime.timedelta(hours=8))
    return EnrollmentFactory(session=session, **kwargs)


def _actions(n, *, due=None):
    due = due or timezone.localdate() + datetime.timedelta(days=30)
    return [
        {
            "action": f"Menerapkan teknik mendengar aktif di loket {i}",
            "success_indicator": "Keluhan turun",
            "due_date": due,
        }
        for i in range(1, n + 1)
    ]


@pytest.mark.parametrize("n", [1, 2, 3])
def test_one_to_three_actions_are_saved_in_order(n):
    enrollment = _running_enrollment()
    action_plan_submit(enrollment=enrollment, actions=_actions(n))
    plan = action_plan_for(enrollment=enrollment)
    assert [i.position for i in plan.items.all()] == list(range(1, n + 1))


def test_zero_or_four_actions_are_refused():
    enrollment = _running_enrollment()
    with pytest.raises(ValidationError):
        action_plan_submit(enrollment=enrollment, actions=[])
    with pytest.raises(ValidationError):
        action_plan_submit(enrollment=enrollment, actions=[{"action": "", "due_date": None}])
    with pytest.raises(ValidationError):
        action_plan_submit(enrollment=enrollment, actions=_actions(4))
    assert not ActionPlanItem.objects.exists()


def test_database_refuses_a_fourth_item_and_a_duplicate_position():
    enrollment = _running_enrollment()
    plan = action_plan_submit(enrollment=enrollment, actions=_actions(3))
    due = timezone.localdate()
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionPlanItem.objects.create(plan=plan, position=4, action="Aksi keempat yang berlebihan", due_date=due)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionPlanItem.objects.create(plan=plan, position=2, action="Duplikat nomor dua", due_date=due)


def test_resubmitting_replaces_the_plan():
    enrollment = _running_enrollment()
    action_plan_submit(enrollment=enrollment, actions=_actions(3))
    action_plan_submit(enrollment=enrollment, actions=_actions(1))
    assert ActionPlan.objects.count() == 1
    assert action_plan_for(enrollment=enrollment).items.count() == 1


def test_vague_action_and_date_before_the_workshop_are_explained_per_row():
    enrollment = _running_enrollment()
    past = timezone.localdate() - datetime.timedelta(days=10)
    with pytest.raises(ValidationError) as err:
        action_plan_submit(
            enrollment=enrollment,
            actions=[{"action": "Baik", "due_date": None}, {"action": "Rapat tim mingguan dimulai", "due_date": past}],
        )
    assert set(err.value.message_dict) == {"action_1", "due_date_1", "due_date_2"}


def test_not_before_the_workshop_starts_and_not_for_cancelled_or_other_programs():
    workshop = WorkshopFactory()
    future = SessionFactory(program=workshop.program)  # starts in 10 days
    with pytest.raises(ApplicationError):
        action_plan_submit(enrollment=EnrollmentFactory(session=future), actions=_actions(1))
    with pytest.raises(ApplicationError):
        action_plan_submit(enrollment=_running_enrollment(status=Enrollment.Status.CANCELLED), actions=_actions(1))
    start = timezone.now() - datetime.timedelta(hours=1)
    classroom = SessionFactory(program=ProgramFactory(), start=start, end=start + datetime.timedelta(hours=3))
    with pytest.raises(ApplicationError):
        action_plan_submit(enrollment=EnrollmentFactory(session=classroom), actions=_actions(1))


@override_settings(WORKSHOPS_ACTION_PLAN_EDIT_DAYS=3)
def test_plan_closes_some_days_after_the_workshop():
    workshop = WorkshopFactory()
    start = timezone.now() - datetime.timedelta(days=5)
    session = SessionFactory(program=workshop.program, start=start, end=start + datetime.timedelta(hours=8))
    with pytest.raises(ApplicationError) as err:
        action_plan_submit(enrollment=EnrollmentFactory(session=session), actions=_actions(1))
    assert err.value.code == "action_plan_closed"


def test_action_plan_for_returns_none_without_a_plan_and_accepts_an_id():
    enrollment = _running_enrollment()
    assert action_plan_for(enrollment=enrollment) is None
    action_plan_submit(enrollment=enrollment, actions=_actions(2))
    assert action_plan_for(enrollment=enrollment.pk).items.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_leave_one_plan_with_at_most_three_items():
    enrollment = _running_enrollment()
    barrier = threading.Barrier(3)
    errors = []

    def submit(n):
        try:
            barrier.wait()
            action_plan_submit(enrollment=enrollment, actions=_actions(n))
        except Exception as exc:  # noqa: BLE001  (the thread's error is collected and asserted below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in (1, 2, 3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert ActionPlan.objects.filter(enrollment=enrollment).count() == 1
    count = ActionPlanItem.objects.filter(plan__enrollment=enrollment).count()
    assert count in (1, 2, 3)  # one submission's items, never a mix
    positions = list(ActionPlanItem.objects.filter(plan__enrollment=enrollment).values_list("position", flat=True))
    assert sorted(positions) == list(range(1, count + 1))
