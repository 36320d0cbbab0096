"""Pre-test and post-test (Kirkpatrick level 2): auto-scored from the program's bank."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asn_competency.common.errors import ApplicationError, ConflictError, ValidationError
from training.models import Enrollment

from ..models import ProgramEvaluation, TestAnswer, TestAttempt, TestQuestion


@transaction.atomic
def test_question_save(*, question: TestQuestion, options) -> TestQuestion:
    """Create or update a bank item; `options` is a list or one option per line."""
    if isinstance(options, str):
        options = options.splitlines()
    options = [str(o).strip()[:300] for o in options or [] if str(o).strip()]
    if len(options) < 2:
        raise ValidationError({"options": _("Give at least two options, one per line.")})
    if len(options) > 8:
        raise ValidationError({"options": _("At most 8 options.")})
    if not question.correct_option or question.correct_option > len(options):
        raise ValidationError(
            {"correct_option": _("The correct option must be a number from 1 to %(n)d.") % {"n": len(options)}}
        )
    question.options = options
    question.full_clean()
    question.save()
    return question


def test_questions_for(*, program) -> list[TestQuestion]:
    return list(TestQuestion.objects.filter(program=program, is_active=True).order_by("position", "id"))


def test_available(*, enrollment: Enrollment, kind: str, now=None) -> str | None:
    """None when the ASN may take this test now, else the reason."""
    now = now or timezone.now()
    session = enrollment.session
    if kind == TestAttempt.Kind.PRE:
        if enrollment.status != Enrollment.Status.ENROLLED:
            return _("The pre-test is for enrolled participants.")
        if now >= session.end:
            return _("The pre-test closed when the session ended.")
        return None
    if enrollment.status not in (
        Enrollment.Status.ENROLLED,
        Enrollment.Status.COMPLETED,
        Enrollment.Status.NOT_COMPLETED,
    ):
        return _("The post-test is for participants of the session.")
    if now < session.start:
        return _("The post-test opens when the session starts.")
    return None


@transaction.atomic
def test_submit(*, enrollment: Enrollment, kind: str, user, answers: dict) -> TestAttempt:
    """Score the answers ({question_id: option number}) and store one attempt of
    this kind for the enrolment (unique constraint: a second one is refused)."""
    if kind not in TestAttempt.Kind.values:
        raise ValidationError({"kind": _("Unknown test.")})
    enrollment = Enrollment.objects.select_related("session__program", "employee").get(pk=enrollment.pk)
    if enrollment.employee.user_id != getattr(user, "pk", None):
        raise ApplicationError(_("This test belongs to another participant."), code="forbidden", status=403)
    reason = test_available(enrollment=enrollment, kind=kind)
    if reason:
        raise ApplicationError(reason, code="test_not_available")
    if TestAttempt.objects.filter(enrollment=enrollment, kind=kind).exists():
        raise ConflictError(_("You have already taken this test."), code="already_taken")
    questions = test_questions_for(program=enrollment.session.program)
    if not questions:
        raise ApplicationError(_("This program has no test questions yet."), code="no_questions")
    errors, rows, correct = {}, [], 0
    for question in questions:
        raw = answers.get(question.pk, answers.get(str(question.pk)))
        try:
            chosen = int(raw)
        except (TypeError, ValueError):
            chosen = 0
        if not 1 <= chosen <= len(question.options):
            errors[f"q{question.pk}"] = [_("Choose one of the options.")]
            continue
        is_correct = chosen == question.correct_option
        correct += is_correct
        rows.append(TestAnswer(question=question, chosen=chosen, is_correct=is_correct))
    if errors:
        raise ValidationError(errors)
    score = (Decimal(correct) * 100 / len(questions)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    attempt = TestAttempt(
        enrollment=enrollment, session=enrollment.session, kind=kind, correct=correct, total=len(questions), score=score
    )
    try:
        with transaction.atomic():
            attempt.save()
    except IntegrityError as exc:
        raise ConflictError(_("You have already taken this test."), code="already_taken") from exc
    for row in rows:
        row.attempt = attempt
    TestAnswer.objects.bulk_create(rows)
    return attempt


def normalised_gain(pre, post) -> float | None:
    """Hake's normalised gain (post - pre) / (100 - pre); None when undefined."""
    if pre is None or post is None:
        return None
    pre, post = float(pre), float(post)
    if pre >= 100:
        return None
    return round((post - pre) / (100 - pre), 4)


def post_test_passed(enrollment) -> str | None:
    """Completion check (TRAINING_COMPLETION_CHECKS): when the program has a test
    bank, the post-test must be taken and reach the pass score."""
    if not TestQuestion.objects.filter(program_id=enrollment.session.program_id, is_active=True).exists():
        return None
    config = ProgramEvaluation.objects.filter(program_id=enrollment.session.program_id).first()
    pass_score = config.post_test_pass_score if config else settings.EVALUATION_POST_TEST_PASS_SCORE
    attempt = TestAttempt.objects.filter(enrollment=enrollment, kind=TestAttempt.Kind.POST).first()
    if attempt is None:
        return _("The post-test has not been taken yet.")
    if attempt.score < pass_score:
        return _("The post-test score %(score)s is below the pass score %(min)s.") % {
            "score": f"{attempt.score:.0f}",
            "min": pass_score,
        }
    return None
