import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from asn_competency.common.errors import ApplicationError, ConflictError, ValidationError
from evaluation import models as m
from evaluation import selectors, services
from evaluation.models import FollowUp, ProgramEvaluation
from evaluation.services.prepost import normalised_gain
from evaluation.tasks import schedule_follow_ups, send_follow_up_email
from tests.accounts.factories import EmployeeFactory, UserFactory
from tests.training.factories import EnrollmentFactory, ProgramFactory, SessionFactory
from training.services import completion_problems

from .factories import attempt, completed_enrollment, ended_session, make_test_bank


def _running_session(program):
    start = timezone.now() - datetime.timedelta(hours=2)
    return SessionFactory(program=program, start=start, end=start + datetime.timedelta(days=1))


def test_pre_and_post_test_are_scored_and_taken_once(db):
    program = ProgramFactory()
    bank = make_test_bank(program, n=4)
    enrollment = EnrollmentFactory(session=_running_session(program))
    user = enrollment.employee.user
    pre = services.test_submit(
        enrollment=enrollment,
        kind="pre",
        user=user,
        answers={bank[0].pk: 1, bank[1].pk: 2, bank[2].pk: 3, bank[3].pk: 4},
    )
    assert (pre.correct, pre.total, pre.score) == (1, 4, Decimal("25.00"))
    post = services.test_submit(
        enrollment=enrollment, kind="post", user=user, answers={q.pk: 1 for q in bank[:3]} | {bank[3].pk: 2}
    )
    assert post.score == Decimal("75.00")
    with pytest.raises(ConflictError):
        services.test_submit(enrollment=enrollment, kind="post", user=user, answers={q.pk: 1 for q in bank})
    assert m.TestAttempt.objects.count() == 2
    gains = list(selectors.participant_gains(session=enrollment.session))
    assert gains[0].gain == pytest.approx((75 - 25) / 75)


def test_test_answers_are_validated(db):
    program = ProgramFactory()
    bank = make_test_bank(program, n=2)
    enrollment = EnrollmentFactory(session=_running_session(program))
    with pytest.raises(ValidationError) as exc:
        services.test_submit(enrollment=enrollment, kind="pre", user=enrollment.employee.user, answers={bank[0].pk: 9})
    assert set(exc.value.message_dict) == {f"q{bank[0].pk}", f"q{bank[1].pk}"}
    with pytest.raises(ApplicationError):
        services.test_submit(enrollment=enrollment, kind="pre", user=EmployeeFactory().user, answers={})


def test_post_test_opens_when_the_session_starts(db):
    program = ProgramFactory()
    bank = make_test_bank(program, n=1)
    enrollment = EnrollmentFactory(session=SessionFactory(program=program))  # starts in 10 days
    with pytest.raises(ApplicationError) as exc:
        services.test_submit(enrollment=enrollment, kind="post", user=enrollment.employee.user, answers={bank[0].pk: 1})
    assert exc.value.code == "test_not_available"


def test_normalised_gain():
    assert normalised_gain(40, 70) == 0.5
    assert normalised_gain(100, 100) is None
    assert normalised_gain(None, 70) is None
    assert normalised_gain(50, 40) == -0.2


def test_completion_requires_a_passed_post_test_when_the_program_has_a_bank(db):
    program = ProgramFactory()
    enrollment = EnrollmentFactory(session=_running_session(program))
    assert not any("post-test" in p.lower() or "pasca" in p.lower() for p in completion_problems(enrollment))
    make_test_bank(program, n=2)
    assert services.post_test_passed(enrollment)
    ProgramEvaluation.objects.create(program=program, post_test_pass_score=70)
    attempt(enrollment, "post", 60)
    message = services.post_test_passed(enrollment)
    assert "60" in message and "70" in message
    m.TestAttempt.objects.filter(enrollment=enrollment).update(score=70)
    assert services.post_test_passed(enrollment) is None


def test_follow_ups_are_scheduled_after_the_configured_days_and_emailed_once(db):
    supervisor = EmployeeFactory(user=UserFactory(roles=["supervisor"]))
    program = ProgramFactory()
    ProgramEvaluation.objects.create(program=program, follow_up_days=30)
    session = ended_session(program=program, days_ago=40)
    due = completed_enrollment(session=session, employee=EmployeeFactory(supervisor=supervisor))
    recent = completed_enrollment(
        session=ended_session(program=program, days_ago=5), employee=EmployeeFactory(supervisor=supervisor)
    )
    completed_enrollment(session=session, employee=EmployeeFactory())  # no supervisor: no follow-up

    assert schedule_follow_ups() == 2
    assert schedule_follow_ups() == 0  # idempotent
    assert FollowUp.objects.get(enrollment=due).due_on == timezone.localdate(due.completed_at) + datetime.timedelta(
        days=30
    )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [supervisor.email]
    assert send_follow_up_email(FollowUp.objects.get(enrollment=due).pk) is False  # no second email yet
    assert FollowUp.objects.get(enrollment=recent).notified_at is None
    items = list(selectors.follow_ups_for_supervisor(user=supervisor.user))
    assert [f.enrollment_id for f in items] == [due.pk]


def test_follow_up_submission_rules(db):
    supervisor = EmployeeFactory(user=UserFactory(roles=["supervisor"]))
    enrollment = completed_enrollment(
        session=ended_session(days_ago=100), employee=EmployeeFactory(supervisor=supervisor)
    )
    services.follow_ups_schedule()
    item = FollowUp.objects.get()
    with pytest.raises(ApplicationError):
        services.follow_up_submit(follow_up=item, user=enrollment.employee.user, application_score=4)
    with pytest.raises(ValidationError) as exc:
        services.follow_up_submit(follow_up=item, user=supervisor.user, application_score=7, action_plan_score="x")
    assert set(exc.value.message_dict) == {"application_score", "action_plan_score"}
    services.follow_up_submit(follow_up=item, user=supervisor.user, application_score=4, action_plan_score=3)
    item.refresh_from_db()
    assert (item.status, item.application_score, item.action_plan_score) == ("submitted", 4, 3)
    with pytest.raises(ConflictError):
        services.follow_up_submit(follow_up=item, user=supervisor.user, application_score=1)


def test_follow_up_is_not_open_before_it_is_due(db):
    supervisor = EmployeeFactory(user=UserFactory(roles=["supervisor"]))
    completed_enrollment(session=ended_session(days_ago=2), employee=EmployeeFactory(supervisor=supervisor))
    services.follow_ups_schedule()
    with pytest.raises(ApplicationError) as exc:
        services.follow_up_submit(follow_up=FollowUp.objects.get(), user=supervisor.user, application_score=4)
    assert exc.value.code == "not_due"
