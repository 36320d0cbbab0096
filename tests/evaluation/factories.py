"""Factories and builders for evaluation tests."""

import datetime

import factory
from django.utils import timezone

from evaluation.models import (
    Answer,
    Dimension,
    FollowUp,
    Question,
    Questionnaire,
    Response,
    SurveyInvitation,
    TestAttempt,
    TestQuestion,
)
from tests.accounts.factories import EmployeeFactory, UserFactory
from tests.training.factories import EnrollmentFactory, ProgramFactory, SessionFactory
from training.models import Enrollment

DIMENSIONS = [d.value for d in Dimension]


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Questionnaire

    title = factory.Sequence(lambda n: f"Kuesioner {n}")
    is_default = False


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Pertanyaan {n}")
    kind = Question.Kind.LIKERT
    dimension = Dimension.CONTENT


def standard_questionnaire(*, default=True) -> Questionnaire:
    """One Likert question per dimension, a single choice and a free text."""
    q = QuestionnaireFactory(is_default=default, title="Evaluasi Pasca Pelatihan")
    for i, dim in enumerate(DIMENSIONS, start=1):
        QuestionFactory(questionnaire=q, position=i, dimension=dim, text=f"Penilaian {dim}")
    QuestionFactory(
        questionnaire=q,
        position=10,
        kind=Question.Kind.SINGLE_CHOICE,
        dimension=Dimension.RELEVANCE,
        choices=["Ya", "Tidak"],
        text="Akan merekomendasikan?",
    )
    QuestionFactory(
        questionnaire=q, position=11, kind=Question.Kind.TEXT, dimension=Dimension.CONTENT, required=False,
        text="Saran",
    )  # fmt: skip
    return q


def ended_session(*, program=None, days_ago=3, **kwargs):
    """A session that ended `days_ago` days ago."""
    end = timezone.now() - datetime.timedelta(days=days_ago)
    program = program or ProgramFactory()
    return SessionFactory(program=program, start=end - datetime.timedelta(days=1), end=end, **kwargs)


def completed_enrollment(*, session, employee=None, completed_at=None) -> Enrollment:
    return EnrollmentFactory(
        session=session,
        employee=employee or EmployeeFactory(),
        status=Enrollment.Status.COMPLETED,
        completed_at=completed_at or session.end,
    )


def invitation_for(enrollment, *, questionnaire, anonymous=True, open_days=14) -> SurveyInvitation:
    now = timezone.now()
    return SurveyInvitation.objects.create(
        enrollment=enrollment,
        session=enrollment.session,
        questionnaire=questionnaire,
        anonymous=anonymous,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=open_days),
    )


def response_with(invitation, values: dict) -> Response:
    """Store a response directly: `values` = {dimension: value} for the Likert questions."""
    response = Response.objects.create(
        enrollment=invitation.enrollment,
        session=invitation.session,
        questionnaire=invitation.questionnaire,
        anonymous=invitation.anonymous,
    )
    questions = {q.dimension: q for q in invitation.questionnaire.questions.filter(kind=Question.Kind.LIKERT)}
    Answer.objects.bulk_create(
        [Answer(response=response, question=questions[dim], value=value) for dim, value in values.items()]
    )
    SurveyInvitation.objects.filter(pk=invitation.pk).update(responded_at=timezone.now())
    return response


def make_test_bank(program, n=4) -> list[TestQuestion]:
    return [
        TestQuestion.objects.create(
            program=program, position=i, text=f"Soal {i}", options=["A", "B", "C", "D"], correct_option=1
        )
        for i in range(1, n + 1)
    ]


def attempt(enrollment, kind, score) -> TestAttempt:
    return TestAttempt.objects.create(
        enrollment=enrollment, session=enrollment.session, kind=kind, correct=0, total=10, score=score
    )


def follow_up(enrollment, *, score=None, plan=None, supervisor=None) -> FollowUp:
    supervisor = supervisor or EmployeeFactory(user=UserFactory(roles=["supervisor"]))
    return FollowUp.objects.create(
        enrollment=enrollment,
        session=enrollment.session,
        supervisor=supervisor,
        due_on=timezone.localdate(),
        status=FollowUp.Status.SUBMITTED if score else FollowUp.Status.PENDING,
        application_score=score,
        action_plan_score=plan,
        submitted_at=timezone.now() if score else None,
    )
