import datetime

import pytest
from django.core import mail
from django.utils import timezone

from asn_competency.common.errors import ApplicationError, ConflictError, ValidationError
from evaluation import services
from evaluation.models import Answer, Question, Response, SurveyInvitation
from evaluation.tasks import send_survey_invitation, send_survey_reminders
from tests.accounts.factories import EmployeeFactory
from tests.training.factories import EnrollmentFactory
from training.models import Attendance, Enrollment

from .factories import completed_enrollment, ended_session, invitation_for


def _answers(questionnaire, value=4):
    answers = {}
    for q in questionnaire.questions.all():
        if q.kind == Question.Kind.TEXT:
            answers[q.pk] = "Materi bagus"
        elif q.kind == Question.Kind.SINGLE_CHOICE:
            answers[q.pk] = 1
        else:
            answers[q.pk] = value
    return answers


def test_invitations_go_to_attendees_only_and_are_emailed_after_commit(
    questionnaire, django_capture_on_commit_callbacks
):
    session = ended_session()
    done = completed_enrollment(session=session)
    present = EnrollmentFactory(session=session, status=Enrollment.Status.NOT_COMPLETED)
    Attendance.objects.create(enrollment=present, day=session.days.first(), present=True)
    EnrollmentFactory(session=session, status=Enrollment.Status.NOT_COMPLETED)  # never came
    EnrollmentFactory(session=session, status=Enrollment.Status.CANCELLED)

    with django_capture_on_commit_callbacks(execute=True):
        created = services.survey_invitations_create(session=session)

    invited = set(SurveyInvitation.objects.values_list("enrollment_id", flat=True))
    assert invited == {done.pk, present.pk}
    assert len(created) == 2
    assert len(mail.outbox) == 2
    assert all(i.questionnaire_id == questionnaire.pk for i in SurveyInvitation.objects.all())


def test_invitations_are_idempotent_and_each_email_is_sent_once(questionnaire, django_capture_on_commit_callbacks):
    session = ended_session()
    completed_enrollment(session=session)
    with django_capture_on_commit_callbacks(execute=True):
        services.survey_invitations_create(session=session)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.survey_invitations_create(session=session) == []
    invitation = SurveyInvitation.objects.get()
    assert send_survey_invitation(invitation.pk) is False  # already emailed
    assert SurveyInvitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_no_invitation_before_the_session_ends(questionnaire):
    session = ended_session(days_ago=-2)
    completed_enrollment(session=session)
    assert services.survey_invitations_create(session=session) == []


def test_open_due_invites_recent_sessions_only(questionnaire, settings):
    settings.EVALUATION_SURVEY_LOOKBACK_DAYS = 10
    recent = ended_session(days_ago=2)
    old = ended_session(days_ago=20)
    completed_enrollment(session=recent)
    completed_enrollment(session=old)
    assert services.survey_invitations_open_due() == 1
    assert SurveyInvitation.objects.get().session_id == recent.pk


def test_reminders_go_once_to_non_respondents_before_closing(questionnaire):
    session = ended_session()
    soon = invitation_for(completed_enrollment(session=session), questionnaire=questionnaire, open_days=2)
    later = invitation_for(completed_enrollment(session=session), questionnaire=questionnaire, open_days=10)
    answered = invitation_for(completed_enrollment(session=session), questionnaire=questionnaire, open_days=2)
    answered.responded_at = timezone.now()
    answered.save()

    assert send_survey_reminders() == 1  # eager Celery in tests
    assert send_survey_reminders() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [soon.enrollment.employee.email]
    assert "Pengingat" in mail.outbox[0].subject or "Reminder" in mail.outbox[0].subject
    later.refresh_from_db()
    assert later.reminded_at is None


def test_submit_stores_small_integers_and_text(questionnaire):
    enrollment = completed_enrollment(session=ended_session())
    invitation = invitation_for(enrollment, questionnaire=questionnaire)
    response = services.survey_submit(
        invitation=invitation, user=enrollment.employee.user, answers=_answers(questionnaire, 5)
    )
    values = sorted(Answer.objects.filter(response=response, value__isnull=False).values_list("value", flat=True))
    assert values == [1, 5, 5, 5, 5, 5]
    assert Answer.objects.get(response=response, value__isnull=True).text == "Materi bagus"
    invitation.refresh_from_db()
    assert invitation.responded_at is not None


def test_second_submit_is_refused_and_changes_nothing(questionnaire):
    enrollment = completed_enrollment(session=ended_session())
    invitation = invitation_for(enrollment, questionnaire=questionnaire)
    user = enrollment.employee.user
    services.survey_submit(invitation=invitation, user=user, answers=_answers(questionnaire, 5))
    with pytest.raises(ConflictError):
        services.survey_submit(invitation=invitation, user=user, answers=_answers(questionnaire, 1))
    assert Response.objects.count() == 1
    assert set(Answer.objects.filter(value__isnull=False).values_list("value", flat=True)) == {1, 5}
    assert not Answer.objects.filter(question__kind="likert", value=1).exists()


def test_submit_validates_every_answer_with_a_message(questionnaire):
    enrollment = completed_enrollment(session=ended_session())
    invitation = invitation_for(enrollment, questionnaire=questionnaire)
    answers = _answers(questionnaire)
    likert = questionnaire.questions.filter(kind="likert").first()
    choice = questionnaire.questions.get(kind="single_choice")
    answers[likert.pk] = 6
    answers[choice.pk] = 3
    with pytest.raises(ValidationError) as exc:
        services.survey_submit(invitation=invitation, user=enrollment.employee.user, answers=answers)
    assert set(exc.value.message_dict) == {f"q{likert.pk}", f"q{choice.pk}"}
    assert Response.objects.count() == 0


def test_someone_else_cannot_answer(questionnaire):
    enrollment = completed_enrollment(session=ended_session())
    invitation = invitation_for(enrollment, questionnaire=questionnaire)
    with pytest.raises(ApplicationError) as exc:
        services.survey_submit(invitation=invitation, user=EmployeeFactory().user, answers=_answers(questionnaire))
    assert exc.value.status == 403


def test_closed_survey_refuses_answers(questionnaire):
    enrollment = completed_enrollment(session=ended_session())
    invitation = invitation_for(enrollment, questionnaire=questionnaire)
    invitation.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    invitation.save()
    with pytest.raises(ApplicationError) as exc:
        services.survey_submit(invitation=invitation, user=enrollment.employee.user, answers=_answers(questionnaire))
    assert exc.value.code == "survey_closed"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submit_stores_exactly_one_response():
    import threading

    from django.db import connection

    from .factories import standard_questionnaire

    questionnaire = standard_questionnaire()
    enrollment = completed_enrollment(session=ended_session())
    invitation = invitation_for(enrollment, questionnaire=questionnaire)
    user = enrollment.employee.user
    barrier = threading.Barrier(8)
    results = []

    def submit():
        try:
            barrier.wait()
            services.survey_submit(invitation=invitation, user=user, answers=_answers(questionnaire, 4))
            results.append("ok")
        except ConflictError:
            results.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict"] * 7 + ["ok"]
    assert Response.objects.filter(enrollment=enrollment).count() == 1
    assert Answer.objects.count() == 7


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_database_refuses_a_second_response_even_without_the_service():
    from django.db import IntegrityError

    from .factories import standard_questionnaire

    questionnaire = standard_questionnaire()
    enrollment = completed_enrollment(session=ended_session())
    kwargs = {"enrollment": enrollment, "session": enrollment.session, "questionnaire": questionnaire}
    Response.objects.create(**kwargs)
    with pytest.raises(IntegrityError):
        Response.objects.create(**kwargs)


def _closable_session(n=2):
    """A session that ended yesterday, its participants present every day."""
    from tests.training.factories import SessionFactory, in_days, move_session
    from training.services import attendance_mark_all_present, enrollment_create

    session = SessionFactory()
    people = [enrollment_create(session=session, employee=EmployeeFactory()) for _ in range(n)]
    move_session(session, start=in_days(-2), end=in_days(-1, 16))
    for day in session.days.all():
        attendance_mark_all_present(day=day, actor=None)
    return session, people


def test_closing_a_session_opens_its_surveys_at_once(questionnaire, django_capture_on_commit_callbacks):
    from training.services import session_finalize

    session, people = _closable_session()
    with django_capture_on_commit_callbacks(execute=True):
        session_finalize(session=session, actor=None)
    # Not an hour later with the beat job: right after the close committed.
    invited = set(SurveyInvitation.objects.filter(session=session).values_list("enrollment_id", flat=True))
    assert invited == {p.pk for p in people}
    assert sorted(m.to[0] for m in mail.outbox if "pendapat" in m.subject.lower()) == sorted(
        p.employee.email for p in people
    )
    # The hourly job finds nothing left to do for this session.
    assert services.survey_invitations_open_due() == 0


def test_nothing_is_opened_when_the_close_is_rolled_back(questionnaire, django_capture_on_commit_callbacks):
    from django.db import transaction

    from training.services import session_finalize

    session, _people = _closable_session(n=1)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        session_finalize(session=session, actor=None)
        raise RuntimeError("rolled back")
    assert callbacks == [] and not SurveyInvitation.objects.exists()
