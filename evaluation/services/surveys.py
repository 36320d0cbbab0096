"""Post-training survey (Kirkpatrick level 1): invitations, reminders, responses."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from asn_competency.common.errors import ApplicationError, ConflictError, ValidationError
from asn_competency.common.outbox import enqueue_many
from training.models import Attendance, Enrollment, Session

from ..models import Answer, ProgramEvaluation, Question, Questionnaire, Response, SurveyInvitation


def questionnaire_for_program(*, program) -> tuple[Questionnaire | None, ProgramEvaluation | None]:
    """The program's own questionnaire, else the default one; with the program's settings."""
    config = ProgramEvaluation.objects.select_related("questionnaire").filter(program=program).first()
    if config is not None and config.questionnaire_id and config.questionnaire.is_active:
        return config.questionnaire, config
    default = Questionnaire.objects.filter(is_default=True, is_active=True).first()
    return default, config


def _attendees(session: Session):
    """Who attended: completed, or marked present on at least one day."""
    present = Attendance.objects.filter(enrollment=OuterRef("pk"), present=True)
    return session.enrollments.annotate(has_presence=Exists(present)).filter(
        Q(status=Enrollment.Status.COMPLETED)
        | Q(status__in=[Enrollment.Status.ENROLLED, Enrollment.Status.NOT_COMPLETED], has_presence=True)
    )


@transaction.atomic
def survey_invitations_create(*, session: Session, now: datetime.datetime | None = None) -> list[int]:
    """Give every attendee of an ended session the survey as a to-do; returns the
    ids of the invitations created now (to email). Idempotent: the unique
    enrolment of an invitation means a rerun creates nothing twice."""
    now = now or timezone.now()
    if session.status == Session.Status.CANCELLED or session.end > now:
        return []
    questionnaire, config = questionnaire_for_program(program=session.program)
    if questionnaire is None:
        return []
    open_days = config.survey_open_days if config else settings.EVALUATION_SURVEY_OPEN_DAYS
    anonymous = config.anonymous if config else True
    opens_at = max(session.end, now - datetime.timedelta(days=1))
    candidates = list(_attendees(session).exclude(survey_invitation__isnull=False).values_list("pk", flat=True))
    if not candidates:
        return []
    SurveyInvitation.objects.bulk_create(
        [
            SurveyInvitation(
                enrollment_id=pk,
                session=session,
                questionnaire=questionnaire,
                anonymous=anonymous,
                opens_at=opens_at,
                closes_at=opens_at + datetime.timedelta(days=open_days),
            )
            for pk in candidates
        ],
        ignore_conflicts=True,
    )
    created = list(
        SurveyInvitation.objects.filter(enrollment_id__in=candidates, emailed_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    from ..tasks import send_survey_invitation

    enqueue_many(send_survey_invitation, [(pk,) for pk in created])
    return created


def survey_invitations_open_due(*, now: datetime.datetime | None = None) -> int:
    """For every session that ended recently, invite its attendees (beat job)."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=settings.EVALUATION_SURVEY_LOOKBACK_DAYS)
    sessions = (
        Session.objects.select_related("program")
        .filter(end__lte=now, end__gte=since)
        .exclude(status=Session.Status.CANCELLED)
    )
    return sum(len(survey_invitations_create(session=s, now=now)) for s in sessions)


def survey_invitations_open_for_session(*, session_id: int) -> int:
    """Invite the attendees of one ended session now (right after HR closed it).
    Idempotent like the hourly job, which would invite the same people."""
    session = Session.objects.select_related("program").filter(pk=session_id).first()
    if session is None:
        return 0
    return len(survey_invitations_create(session=session))


def survey_invitations_to_remind(*, now: datetime.datetime | None = None) -> list[int]:
    """Open invitations without a response that close within the reminder window."""
    now = now or timezone.now()
    window = now + datetime.timedelta(days=settings.EVALUATION_SURVEY_REMINDER_DAYS)
    return list(
        SurveyInvitation.objects.filter(
            responded_at__isnull=True, reminded_at__isnull=True, opens_at__lte=now, closes_at__gt=now,
            closes_at__lte=window,
        ).values_list("pk", flat=True)
    )  # fmt: skip


def survey_invitation_mark(*, invitation_id: int, field: str) -> bool:
    """Claim the right to send one email: a conditional UPDATE, so two workers
    (or a retried task) never send the same email twice."""
    assert field in ("emailed_at", "reminded_at")
    return bool(
        SurveyInvitation.objects.filter(pk=invitation_id, **{f"{field}__isnull": True}).update(
            **{field: timezone.now()}
        )
    )


def _clean_answers(questions: list[Question], answers: dict) -> tuple[list[Answer], dict]:
    errors = {}
    rows = []
    for question in questions:
        raw = answers.get(question.pk, answers.get(str(question.pk)))
        key = f"q{question.pk}"
        if question.kind == Question.Kind.TEXT:
            text = (str(raw) if raw is not None else "").strip()
            if not text:
                if question.required:
                    errors[key] = [_("Please answer this question.")]
                continue
            if len(text) > 4000:
                errors[key] = [_("At most 4000 characters.")]
                continue
            rows.append(Answer(question=question, text=text))
            continue
        if raw in (None, ""):
            if question.required:
                errors[key] = [_("Please answer this question.")]
            continue
        try:
            value = int(raw)
        except (TypeError, ValueError):
            errors[key] = [_("Choose one of the options.")]
            continue
        if value not in question.value_range():
            errors[key] = [_("Choose one of the options.")]
            continue
        rows.append(Answer(question=question, value=value))
    return rows, errors


@transaction.atomic
def survey_submit(*, invitation: SurveyInvitation, user, answers: dict) -> Response:
    """Store one response for the invitation's enrolment.

    `answers` = {question_id: value (int) or text}. Exactly one response per
    enrolment: the unique constraint on Response.enrollment refuses a second
    (even from a concurrent double submit), and nothing else changes."""
    invitation = (
        SurveyInvitation.objects.select_for_update()
        .select_related("enrollment__employee", "questionnaire")
        .get(pk=invitation.pk)
    )
    if invitation.enrollment.employee.user_id != getattr(user, "pk", None):
        raise ApplicationError(_("This survey belongs to another participant."), code="forbidden", status=403)
    if invitation.responded_at is not None:
        raise ConflictError(_("You have already answered this survey. Thank you!"), code="already_answered")
    now = timezone.now()
    if now < invitation.opens_at:
        raise ApplicationError(_("This survey is not open yet."), code="survey_not_open")
    if now >= invitation.closes_at:
        raise ApplicationError(_("This survey closed on %(date)s.") % {"date": invitation.closes_at.date()},
                               code="survey_closed")  # fmt: skip
    questions = list(invitation.questionnaire.questions.all())
    rows, errors = _clean_answers(questions, answers or {})
    if errors:
        raise ValidationError(errors)
    response = Response(
        enrollment_id=invitation.enrollment_id,
        session_id=invitation.session_id,
        questionnaire_id=invitation.questionnaire_id,
        anonymous=invitation.anonymous,
        submitted_at=now,
    )
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as exc:
        raise ConflictError(_("You have already answered this survey. Thank you!"), code="already_answered") from exc
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    SurveyInvitation.objects.filter(pk=invitation.pk).update(responded_at=now)
    return response
