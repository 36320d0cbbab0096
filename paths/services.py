"""Writes of learning paths: HR's editor (the steps are saved whole, in order),
publishing and archiving, and the ASN following a path. Every service is
atomic; the database holds the invariants (one published path per competency
and level, a step is a program or a tutorial, each at most once per path, one
follow per ASN and path) and the services turn a violation into a message."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Competency, Employee
from asn_competency.common.errors import ApplicationError, ConflictError
from asn_competency.common.outbox import enqueue
from training.models import Program
from tutorials.models import Tutorial

from .models import LearningPath, PathEnrolment, PathStep


@dataclass(frozen=True)
class StepInput:
    """One step as the editor sends it, in path order."""

    program: Program | None = None
    tutorial: Tutorial | None = None
    required: bool = True


def _check_steps(steps: list[StepInput]) -> None:
    errors, programs, tutorials = [], set(), set()
    for number, step in enumerate(steps, start=1):
        if (step.program is None) == (step.tutorial is None):
            errors.append(
                _("Step %(n)d: choose either a training program or a tutorial, not both and not neither.")
                % {"n": number}
            )
        elif step.program is not None:
            if step.program.pk in programs:
                errors.append(
                    _("Step %(n)d: the program %(item)s is already a step of this path.")
                    % {"n": number, "item": step.program.title}
                )
            programs.add(step.program.pk)
        else:
            if step.tutorial.pk in tutorials:
                errors.append(
                    _("Step %(n)d: the tutorial %(item)s is already a step of this path.")
                    % {"n": number, "item": step.tutorial.title}
                )
            tutorials.add(step.tutorial.pk)
    if errors:
        raise ValidationError({"steps": errors})


def _check_publishable(path: LearningPath, steps: list[PathStep]) -> None:
    if not steps:
        raise ApplicationError(_("A path needs at least one step before it is published."), code="no_steps")
    if not any(step.required for step in steps):
        raise ApplicationError(
            _("A path needs at least one required step before it is published."), code="no_required_step"
        )
    unpublished = [
        str(step.item)
        for step in steps
        if (step.program_id and step.program.status != Program.Status.PUBLISHED)
        or (step.tutorial_id and step.tutorial.status != Tutorial.Status.PUBLISHED)
    ]
    if unpublished:
        raise ApplicationError(
            _("These steps are not published, so ASN cannot take them: %(items)s.") % {"items": ", ".join(unpublished)},
            code="unpublished_step",
        )
    if path.is_published:
        return
    clash = (
        LearningPath.objects.filter(
            competency_id=path.competency_id, from_level=path.from_level, status=LearningPath.Status.PUBLISHED
        )
        .exclude(pk=path.pk)
        .first()
    )
    if clash is not None:
        raise ConflictError(_duplicate_message(path), code="already_published")


def _duplicate_message(path: LearningPath) -> str:
    return _(
        "Another path from level %(from)d to %(to)d of this competency is already published; archive it first."
    ) % {"from": path.from_level, "to": path.from_level + 1}


def _save_steps(path: LearningPath, steps: list[StepInput]) -> None:
    """Replace the steps (progress is not stored on steps, so nothing is lost)."""
    path.steps.all().delete()
    PathStep.objects.bulk_create(
        [
            PathStep(path=path, position=number, program=s.program, tutorial=s.tutorial, required=s.required)
            for number, s in enumerate(steps, start=1)
        ]
    )


@transaction.atomic
def path_create(
    *,
    competency: Competency,
    from_level: int,
    title: str,
    description: str = "",
    steps: list[StepInput],
    actor=None,
) -> LearningPath:
    _check_steps(steps)
    path = LearningPath(
        competency=competency, from_level=from_level, title=title, description=description, created_by=actor
    )
    path.to_level = from_level + 1 if from_level else None
    path.full_clean(exclude=["to_level"])
    path.save()
    _save_steps(path, steps)
    return path


@transaction.atomic
def path_update(
    *,
    path: LearningPath,
    competency: Competency,
    from_level: int,
    title: str,
    description: str = "",
    steps: list[StepInput],
    expected_revision: int | None = None,
) -> LearningPath:
    """Save the editor. `expected_revision`: the revision the form was opened
    at; when someone saved in between, the save is refused (409) rather than
    overwriting their steps."""
    locked = LearningPath.objects.select_for_update().get(pk=path.pk)
    if expected_revision is not None and locked.revision != expected_revision:
        raise ConflictError(
            _("Someone else saved this path while you were editing it. Reload the page to see their changes."),
            code="stale_revision",
        )
    _check_steps(steps)
    level_changed = (locked.competency_id, locked.from_level) != (competency.pk, from_level)
    locked.competency, locked.from_level, locked.title, locked.description = competency, from_level, title, description
    locked.revision += 1
    locked.full_clean(exclude=["to_level"])
    try:
        with transaction.atomic():
            locked.save()
            _save_steps(locked, steps)
            if locked.is_published:
                saved = list(locked.steps.select_related("program", "tutorial"))
                _check_publishable(locked, saved)
    except IntegrityError as exc:
        if level_changed and locked.is_published:
            raise ConflictError(_duplicate_message(locked), code="already_published") from exc
        raise
    return locked


@transaction.atomic
def path_publish(*, path: LearningPath, actor=None) -> LearningPath:  # noqa: ARG001  (actor: kept for the audit trail of later versions)
    """Publish a draft or archived path; the ASN for whom it is the next step
    are told in the background (once per path)."""
    locked = LearningPath.objects.select_for_update().get(pk=path.pk)
    if locked.is_published:
        return locked
    steps = list(locked.steps.select_related("program", "tutorial"))
    _check_publishable(locked, steps)
    locked.status = LearningPath.Status.PUBLISHED
    locked.published_at = timezone.now()
    try:
        # A savepoint: a path published by someone else at the same moment (the
        # check above ran before their commit) trips the partial unique index.
        with transaction.atomic():
            locked.save(update_fields=["status", "published_at", "updated_at"])
    except IntegrityError as exc:
        raise ConflictError(_duplicate_message(locked), code="already_published") from exc
    if locked.notified_at is None:
        from .tasks import notify_path_published

        enqueue(notify_path_published, locked.pk)
    return locked


@transaction.atomic
def path_archive(*, path: LearningPath, actor=None) -> LearningPath:  # noqa: ARG001  (see path_publish)
    """Withdraw a path: no longer offered; its followers keep seeing it."""
    locked = LearningPath.objects.select_for_update().get(pk=path.pk)
    if locked.status != LearningPath.Status.ARCHIVED:
        locked.status = LearningPath.Status.ARCHIVED
        locked.save(update_fields=["status", "updated_at"])
    return locked


def path_follow(*, path: LearningPath, employee: Employee | None) -> PathEnrolment:
    """The ASN starts following a published path (409 when already following)."""
    if employee is None or not employee.is_active:
        raise ApplicationError(
            _("Only ASN with an active employee profile can follow a learning path."), code="no_profile"
        )
    if not path.is_published:
        raise ApplicationError(_("This learning path is not published."), code="not_published")
    try:
        with transaction.atomic():
            return PathEnrolment.objects.create(path=path, employee=employee)
    except IntegrityError as exc:
        raise ConflictError(_("You already follow this learning path."), code="already_following") from exc


def path_unfollow(*, path: LearningPath, employee: Employee | None) -> None:
    deleted = 0
    if employee is not None:
        deleted, _rows = PathEnrolment.objects.filter(path=path, employee=employee).delete()
    if not deleted:
        raise ApplicationError(_("You do not follow this learning path."), code="not_following", status=404)


def path_notify_published(*, path_id: int) -> int:
    """Tell the ASN for whom the path is the next step (in-app and as each chose
    by e-mail). Idempotent: the path is claimed (`notified_at`) by a conditional
    UPDATE first, so a second delivery sends nothing. Returns how many were told."""
    from django.urls import reverse

    from notifications.models import Kind
    from notifications.services import notify

    with transaction.atomic():
        claimed = LearningPath.objects.filter(
            pk=path_id, notified_at__isnull=True, status=LearningPath.Status.PUBLISHED
        ).update(notified_at=timezone.now())
        if not claimed:
            return 0
        path = LearningPath.objects.select_related("competency").get(pk=path_id)
        from .selectors import path_notify_recipients

        user_ids = list(path_notify_recipients(path=path))
        title = _("New learning path: %(title)s") % {"title": path.title}
        body = _("A route from level %(from)d to %(to)d of %(competency)s, the next step for your competency gap.") % {
            "from": path.from_level,
            "to": path.to_level,
            "competency": path.competency.name,
        }
        notify(
            users=user_ids,
            kind=Kind.LEARNING_PATH,
            title=title,
            body=body,
            link=reverse("paths:detail", args=[path.pk]),
            email_subject=title,
            email_body=None,
        )
    return len(user_ids)
