"""Writes of the tutorials app: catalogue, authoring, versioning, ASN progress,
quiz scoring with JP crediting, and "I am stuck" reports."""

import datetime
from decimal import Decimal

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Employee, Position
from asn_competency.common.errors import ApplicationError
from training.models import JpLedgerEntry
from training.services import jp_ledger_credit

from .models import (
    ApplicationAudience,
    ApplicationVersion,
    EgovApplication,
    QuizAttempt,
    QuizChoice,
    QuizQuestion,
    StepCompletion,
    Tutorial,
    TutorialProgress,
    TutorialStep,
)
from .validators import validate_screenshot

# Positions are moved out of the way by this much while steps are renumbered,
# so the unique (tutorial, position) constraint never sees a transient duplicate.
_REORDER_OFFSET = 100_000


# --- Applications -------------------------------------------------------------------


@transaction.atomic
def application_save(*, application: EgovApplication, position_kinds: list[str], units=None) -> EgovApplication:
    """Create or update an application with the position kinds that must use it
    and (optionally) the only units that use it."""
    valid = set(Position.Kind.values)
    kinds = sorted({str(k) for k in position_kinds})
    if not kinds:
        raise ValidationError({"position_kinds": _("Choose at least one group of ASN who must use the application.")})
    unknown = [k for k in kinds if k not in valid]
    if unknown:
        raise ValidationError(
            {"position_kinds": _("Unknown position kind: %(kinds)s.") % {"kinds": ", ".join(unknown)}}
        )
    application.full_clean()
    application.save()
    application.audience.exclude(position_kind__in=kinds).delete()
    for kind in kinds:
        ApplicationAudience.objects.get_or_create(application=application, position_kind=kind)
    if units is not None:
        application.units.set(units)
    return application


@transaction.atomic
def application_version_set(
    *, application: EgovApplication, version: str, released_on: datetime.date, notes: str = "", actor=None
) -> tuple[ApplicationVersion, list[Tutorial]]:
    """Record a new version of the application and make it current.

    Returns the version entry and the tutorials written for an earlier version
    that are not yet marked outdated: HR reviews them and marks those that are."""
    version = (version or "").strip()
    locked = EgovApplication.objects.select_for_update().get(pk=application.pk)
    if version == locked.current_version:
        raise ValidationError({"version": _("%(version)s is already the current version.") % {"version": version}})
    if locked.versions.filter(version=version).exists():
        raise ValidationError({"version": _("Version %(version)s was already recorded.") % {"version": version}})
    entry = ApplicationVersion(
        application=locked,
        version=version,
        released_on=released_on,
        notes=notes,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    entry.full_clean()
    entry.save()
    locked.current_version = version
    locked.save(update_fields=["current_version", "updated_at"])
    application.current_version = version
    to_review = list(
        locked.tutorials.exclude(status=Tutorial.Status.ARCHIVED)
        .exclude(app_version=version)
        .filter(is_outdated=False)
        .order_by("title")
    )
    return entry, to_review


# --- Tutorials (authoring) -------------------------------------------------------------


@transaction.atomic
def tutorial_save(*, tutorial: Tutorial, actor=None) -> Tutorial:
    """Create or update a tutorial; a new one is written for the application's current version."""
    if tutorial.pk is None:
        if not tutorial.app_version and tutorial.application_id:
            tutorial.app_version = tutorial.application.current_version
        if getattr(actor, "is_authenticated", False):
            tutorial.created_by = actor
    if tutorial.status == Tutorial.Status.PUBLISHED and tutorial.pk:
        _check_publishable(tutorial)
    tutorial.full_clean()
    tutorial.save()
    return tutorial


def _check_publishable(tutorial: Tutorial) -> None:
    problems = []
    if not tutorial.steps.exists():
        problems.append(_("Add at least one step."))
    questions = list(tutorial.questions.prefetch_related("choices"))
    if not questions:
        problems.append(_("Add at least one quiz question."))
    for question in questions:
        choices = list(question.choices.all())
        if len(choices) < 2 or sum(c.is_correct for c in choices) != 1:
            problems.append(
                _("Question %(n)s needs at least two answers, exactly one of them correct.") % {"n": question.position}
            )
    if problems:
        raise ValidationError({"status": problems})


@transaction.atomic
def tutorial_set_status(*, tutorial: Tutorial, status: str) -> Tutorial:
    """Publish, unpublish (draft) or archive. Publishing needs steps and a complete quiz."""
    if status not in Tutorial.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    locked = Tutorial.objects.select_for_update().get(pk=tutorial.pk)
    if status == Tutorial.Status.PUBLISHED:
        _check_publishable(locked)
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    tutorial.status = status
    return locked


@transaction.atomic
def tutorial_mark_outdated(*, tutorial: Tutorial, note: str, actor=None) -> Tutorial:
    """HR marks a tutorial as no longer matching the application; ASN see the notice."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say briefly what no longer matches the application.")})
    locked = Tutorial.objects.select_for_update().get(pk=tutorial.pk)
    locked.is_outdated = True
    locked.outdated_note = note[:255]
    locked.outdated_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["is_outdated", "outdated_note", "outdated_at", "updated_at"])
    _log_change(tutorial=locked, actor=actor, message=_("Marked outdated: %(note)s") % {"note": locked.outdated_note})
    return locked


@transaction.atomic
def tutorial_mark_current(*, tutorial: Tutorial, actor=None) -> Tutorial:
    """The tutorial was updated for the application's current version: clear the
    outdated notice and raise the revision (completions keep the revision they were made on)."""
    locked = Tutorial.objects.select_for_update().select_related("application").get(pk=tutorial.pk)
    locked.is_outdated = False
    locked.outdated_note = ""
    locked.outdated_at = None
    locked.app_version = locked.application.current_version
    locked.revision = F("revision") + 1
    locked.save(update_fields=["is_outdated", "outdated_note", "outdated_at", "app_version", "revision", "updated_at"])
    locked.refresh_from_db()
    _log_change(
        tutorial=locked,
        actor=actor,
        message=_("Marked up to date with version %(version)s (revision %(revision)s)")
        % {"version": locked.app_version, "revision": locked.revision},
    )
    return locked


def _log_change(*, tutorial: Tutorial, actor, message: str) -> None:
    """Who changed the tutorial's review state, in its admin history (django.contrib.admin's LogEntry).

    Only a person is recorded: without an authenticated actor (demo data, scripts) nothing is logged."""
    if getattr(actor, "is_authenticated", False):
        LogEntry.objects.log_actions(actor.pk, [tutorial], CHANGE, message, single_object=True)


# --- Steps ---------------------------------------------------------------------------


def _lock_tutorial(tutorial_id: int) -> Tutorial:
    return Tutorial.objects.select_for_update().get(pk=tutorial_id)


@transaction.atomic
def step_save(*, step: TutorialStep) -> TutorialStep:
    """Create or update a step; a new step goes to the end. The screenshot is
    checked (real image content, size) by the field's validator in full_clean()."""
    _lock_tutorial(step.tutorial_id)
    if step.pk is None:
        last = TutorialStep.objects.filter(tutorial_id=step.tutorial_id).aggregate(m=Max("position"))["m"]
        step.position = (last or 0) + 1
    step.full_clean()
    step.save()
    return step


@transaction.atomic
def step_delete(*, step: TutorialStep) -> None:
    tutorial = _lock_tutorial(step.tutorial_id)
    step.delete()
    remaining = list(TutorialStep.objects.filter(tutorial=tutorial).order_by("position").values_list("pk", flat=True))
    _renumber(tutorial, remaining)


def _renumber(tutorial: Tutorial, ordered_ids: list[int]) -> None:
    """Precondition: the caller holds the tutorial's row lock."""
    TutorialStep.objects.filter(tutorial=tutorial).update(position=F("position") + _REORDER_OFFSET)
    steps = {s.pk: s for s in TutorialStep.objects.filter(tutorial=tutorial)}
    for index, pk in enumerate(ordered_ids, start=1):
        steps[pk].position = index
    TutorialStep.objects.bulk_update([steps[pk] for pk in ordered_ids], ["position"])


@transaction.atomic
def steps_reorder(*, tutorial: Tutorial, step_ids: list[int]) -> list[TutorialStep]:
    """Put the tutorial's steps in the given order (every step exactly once)."""
    locked = _lock_tutorial(tutorial.pk)
    current = set(TutorialStep.objects.filter(tutorial=locked).values_list("pk", flat=True))
    try:
        wanted = [int(pk) for pk in step_ids]
    except (TypeError, ValueError) as exc:
        raise ValidationError({"steps": _("The new order is not valid.")}) from exc
    if len(wanted) != len(set(wanted)) or set(wanted) != current:
        raise ValidationError({"steps": _("The new order must list every step of this tutorial exactly once.")})
    _renumber(locked, wanted)
    return list(TutorialStep.objects.filter(tutorial=locked).order_by("position"))


@transaction.atomic
def step_move(*, step: TutorialStep, direction: str) -> list[TutorialStep]:
    """Move a step one place up or down."""
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Move a step up or down.")})
    locked = _lock_tutorial(step.tutorial_id)
    ids = list(TutorialStep.objects.filter(tutorial=locked).order_by("position").values_list("pk", flat=True))
    index = ids.index(step.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ids):
        ids[index], ids[other] = ids[other], ids[index]
        _renumber(locked, ids)
    return list(TutorialStep.objects.filter(tutorial=locked).order_by("position"))


# --- Quiz ----------------------------------------------------------------------------


@transaction.atomic
def question_save(*, question: QuizQuestion, choices: list[tuple[str, bool]]) -> QuizQuestion:
    """Create or update a question with its answers (2 or more, exactly one correct)."""
    choices = [(text.strip(), bool(ok)) for text, ok in choices if text and text.strip()]
    errors = {}
    if len(choices) < 2:
        errors["choices"] = _("Give at least two answers.")
    elif sum(ok for _text, ok in choices) != 1:
        errors["choices"] = _("Mark exactly one answer as correct.")
    if errors:
        raise ValidationError(errors)
    _lock_tutorial(question.tutorial_id)
    if question.pk is None:
        last = QuizQuestion.objects.filter(tutorial_id=question.tutorial_id).aggregate(m=Max("position"))["m"]
        question.position = (last or 0) + 1
    question.full_clean()
    question.save()
    question.choices.all().delete()
    QuizChoice.objects.bulk_create([QuizChoice(question=question, text=t, is_correct=ok) for t, ok in choices])
    return question


@transaction.atomic
def question_delete(*, question: QuizQuestion) -> None:
    tutorial = _lock_tutorial(question.tutorial_id)
    if tutorial.status == Tutorial.Status.PUBLISHED and tutorial.questions.count() <= 1:
        raise ApplicationError(_("A published tutorial keeps at least one quiz question."), code="last_question")
    question.delete()


# --- ASN progress ---------------------------------------------------------------------


def _require_published(tutorial: Tutorial) -> None:
    if tutorial.status != Tutorial.Status.PUBLISHED:
        raise ApplicationError(_("This tutorial is not published."), code="not_published", status=404)


def _progress_get_or_create(*, employee: Employee, tutorial: Tutorial) -> TutorialProgress:
    progress = TutorialProgress.objects.filter(employee=employee, tutorial=tutorial).first()
    if progress is not None:
        return progress
    try:
        with transaction.atomic():
            return TutorialProgress.objects.create(employee=employee, tutorial=tutorial)
    except IntegrityError:  # created at the same moment by another request
        return TutorialProgress.objects.get(employee=employee, tutorial=tutorial)


@transaction.atomic
def step_complete(*, employee: Employee, step: TutorialStep) -> TutorialProgress:
    """Save that the ASN finished this step (idempotent) and remember it as the place to resume."""
    tutorial = step.tutorial
    _require_published(tutorial)
    progress = _progress_get_or_create(employee=employee, tutorial=tutorial)
    try:
        with transaction.atomic():
            StepCompletion.objects.create(progress=progress, step=step)
    except IntegrityError:
        pass  # already done: finishing a step twice changes nothing
    progress.last_step = step
    progress.save(update_fields=["last_step", "updated_at"])
    return progress


def score_answers(*, tutorial: Tutorial, answers: dict) -> tuple[int, dict]:
    """Score answers {question_id: choice_id} as a whole percentage (rounded down).

    Returns (score, normalised answers). Every question must be answered with
    one of its own choices."""
    questions = list(tutorial.questions.prefetch_related("choices"))
    if not questions:
        raise ApplicationError(_("This tutorial has no quiz yet."), code="no_quiz")
    normalised, missing, correct = {}, [], 0
    for question in questions:
        raw = answers.get(question.pk, answers.get(str(question.pk)))
        choices = {c.pk: c for c in question.choices.all()}
        try:
            choice = choices.get(int(raw)) if raw not in (None, "") else None
        except (TypeError, ValueError):
            choice = None
        if choice is None:
            missing.append(question.position)
            continue
        normalised[str(question.pk)] = choice.pk
        correct += choice.is_correct
    if missing:
        raise ValidationError(
            {"answers": _("Answer every question (missing: %(numbers)s).") % {"numbers": ", ".join(map(str, missing))}}
        )
    return correct * 100 // len(questions), normalised


@transaction.atomic
def quiz_submit(*, employee: Employee, tutorial: Tutorial, answers: dict, actor=None) -> QuizAttempt:
    """Score a quiz attempt. Passing it completes the tutorial and credits its JP
    once: the progress row is locked and completion is a conditional UPDATE, and
    the JP ledger is unique per (employee, source key)."""
    _require_published(tutorial)
    progress = _progress_get_or_create(employee=employee, tutorial=tutorial)
    progress = TutorialProgress.objects.select_for_update().get(pk=progress.pk)
    remaining = tutorial.steps.exclude(completions__progress=progress).count()
    if remaining:
        raise ApplicationError(
            _("Finish the remaining %(n)s step(s) before the quiz.") % {"n": remaining}, code="steps_remaining"
        )
    score, normalised = score_answers(tutorial=tutorial, answers=answers)
    passed = score >= tutorial.pass_mark
    attempt = QuizAttempt(progress=progress, score=score, passed=passed, answers=normalised)
    attempt.full_clean()
    attempt.save()
    if progress.best_score is None or score > progress.best_score:
        progress.best_score = score
        progress.save(update_fields=["best_score", "updated_at"])
    if passed:
        _complete(progress=progress, tutorial=tutorial, actor=actor)
    return attempt


def _complete(*, progress: TutorialProgress, tutorial: Tutorial, actor=None) -> bool:
    """Mark completed and credit the JP; True only for the call that completed it."""
    now = timezone.now()
    won = TutorialProgress.objects.filter(pk=progress.pk, completed_at__isnull=True).update(
        completed_at=now, completed_revision=tutorial.revision, updated_at=now
    )
    if not won:
        return False
    progress.completed_at, progress.completed_revision = now, tutorial.revision
    jp_ledger_credit(
        employee=progress.employee,
        year=timezone.localtime(now).year,
        jp=Decimal(tutorial.jp),
        source=JpLedgerEntry.Source.TUTORIAL,
        source_key=progress.jp_source_key,
        description=_("Tutorial: %(title)s (%(application)s)")
        % {"title": tutorial.title, "application": tutorial.application.name},
        actor=actor,
    )
    return True


# --- "I am stuck" reports ----------------------------------------------------------------


def stuck_report_create(
    *,
    employee: Employee,
    application: EgovApplication,
    step: TutorialStep | None = None,
    what_tried: str = "",
    what_happened: str,
    screenshot=None,
):
    """An ASN reports a difficulty on an application page or a tutorial step.

    The report is an ASN report of the feedback app (kind app_difficulty) whose
    subject is the step (or the application), tagged with the application code,
    so HR and the evaluation reports can group it by application and step. The
    screenshot is checked here like tutorial screenshots (real image content)."""
    from feedback.models import AsnReport
    from feedback.services import asn_report_create

    if step is not None and step.tutorial.application_id != application.pk:
        raise ValidationError({"step": _("This step does not belong to the application.")})
    if screenshot:
        try:
            validate_screenshot(screenshot)
        except ValidationError as exc:
            raise ValidationError({"screenshot": exc.messages}) from exc
    return asn_report_create(
        reporter=employee,
        kind=AsnReport.Kind.APP_DIFFICULTY,
        subject=step or application,
        egov_app_code=application.code,
        what_tried=what_tried,
        what_happened=what_happened,
        screenshot=screenshot or None,
    )


def stuck_report_set_status(*, report, status: str, hr_note: str = ""):
    """HR acknowledges or resolves a difficulty report (through the feedback app's service)."""
    from feedback.models import AsnReport
    from feedback.services import asn_report_set_status

    if status not in AsnReport.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    return asn_report_set_status(report=report, status=status, hr_note=hr_note)
