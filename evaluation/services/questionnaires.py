"""Questionnaires built by HR and the evaluation settings of a program."""

from django.db import transaction
from django.utils.translation import gettext as _

from asn_competency.common.errors import ApplicationError, ValidationError

from ..models import ProgramEvaluation, Question, Questionnaire

MAX_CHOICES = 20


def _clean_choices(kind: str, choices) -> list[str]:
    if kind != Question.Kind.SINGLE_CHOICE:
        return []
    if isinstance(choices, str):
        choices = choices.splitlines()
    cleaned = [str(c).strip()[:200] for c in (choices or []) if str(c).strip()]
    if len(cleaned) < 2:
        raise ValidationError({"choices": _("A single-choice question needs at least two options, one per line.")})
    if len(cleaned) > MAX_CHOICES:
        raise ValidationError({"choices": _("At most %(n)d options.") % {"n": MAX_CHOICES}})
    return cleaned


@transaction.atomic
def questionnaire_save(*, questionnaire: Questionnaire, questions: list[dict], actor=None) -> Questionnaire:
    """Create or update a questionnaire with its questions, in the given order.

    `questions` = [{"id"?: int, "text", "kind", "dimension", "choices"?, "required"?}].
    Questions not listed are removed, unless people already answered them (their
    answers would lose their meaning): those are refused with a message."""
    if not questions:
        raise ValidationError({"questions": _("Add at least one question.")})
    if questionnaire.pk is None and getattr(actor, "is_authenticated", False):
        questionnaire.created_by = actor
    questionnaire.full_clean()
    if questionnaire.is_default:
        # One default at a time: the new default replaces the old one.
        Questionnaire.objects.filter(is_default=True).exclude(pk=questionnaire.pk).update(is_default=False)
    questionnaire.save()
    existing = {q.pk: q for q in questionnaire.questions.all()} if questionnaire.pk else {}
    keep = []
    for position, data in enumerate(questions, start=1):
        question = existing.get(data.get("id")) or Question(questionnaire=questionnaire)
        kind = data.get("kind") or Question.Kind.LIKERT
        if question.pk and question.kind != kind and question.answers.exists():
            raise ApplicationError(
                _("The answer type of “%(text)s” cannot change: it already has answers.") % {"text": question.text},
                code="question_answered",
            )
        question.text = (data.get("text") or "").strip()
        question.kind = kind
        question.dimension = data.get("dimension") or ""
        question.choices = _clean_choices(kind, data.get("choices"))
        question.required = bool(data.get("required", True))
        question.position = position
        question.full_clean()
        question.save()
        keep.append(question.pk)
    removed = questionnaire.questions.exclude(pk__in=keep)
    if removed.filter(answers__isnull=False).exists():
        raise ApplicationError(
            _("Questions that already have answers cannot be removed; make a new questionnaire instead."),
            code="question_answered",
        )
    removed.delete()
    return questionnaire


@transaction.atomic
def program_evaluation_set(
    *,
    program,
    questionnaire: Questionnaire | None,
    anonymous: bool = True,
    survey_open_days: int = 14,
    follow_up_days: int = 90,
    post_test_pass_score: int = 60,
    egov_apps: str = "",
) -> ProgramEvaluation:
    """The program picks its questionnaire and evaluation settings."""
    if questionnaire is not None and not questionnaire.is_active:
        raise ValidationError({"questionnaire": _("This questionnaire is not active.")})
    config, _created = ProgramEvaluation.objects.select_for_update().get_or_create(program=program)
    config.questionnaire = questionnaire
    config.anonymous = anonymous
    config.survey_open_days = survey_open_days
    config.follow_up_days = follow_up_days
    config.post_test_pass_score = post_test_pass_score
    config.egov_apps = ",".join(c.strip() for c in (egov_apps or "").split(",") if c.strip())
    config.full_clean()
    config.save()
    return config
