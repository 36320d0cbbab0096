"""Reads of the tutorials app. Counts and readiness figures are computed in SQL."""

from collections.abc import Mapping

from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from accounts.models import Employee
from asn_competency.common.filters import filter_data, filter_queryset

from .filters import ApplicationFilter, TutorialFilter
from .models import (
    ApplicationAudience,
    ApplicationVersion,
    EgovApplication,
    QuizQuestion,
    StepCompletion,
    Tutorial,
    TutorialProgress,
    TutorialStep,
)

PUBLISHED = Tutorial.Status.PUBLISHED
_AppUnits = EgovApplication.units.through


def _count(qs) -> Coalesce:
    """COUNT(*) of a correlated queryset as a scalar subquery (0 when empty)."""
    return Coalesce(
        Subquery(
            qs.order_by().annotate(c=Func(F("pk"), function="COUNT")).values("c")[:1], output_field=IntegerField()
        ),
        Value(0),
    )


def _completed_published(application_ref) -> QuerySet[TutorialProgress]:
    return TutorialProgress.objects.filter(
        tutorial__application=application_ref, tutorial__status=PUBLISHED, completed_at__isnull=False
    )


def _audience_condition(application_ref):
    """For an Employee queryset: the ASN who must use the application.

    `application_ref` is a pk or an OuterRef to it; the employee is OuterRef here."""
    kind_match = Exists(
        ApplicationAudience.objects.filter(application=application_ref, position_kind=OuterRef("position__kind"))
    )
    restricted = Exists(_AppUnits.objects.filter(egovapplication=application_ref))
    in_units = Exists(_AppUnits.objects.filter(egovapplication=application_ref, orgunit=OuterRef("org_unit")))
    return kind_match & (~restricted | in_units)


def _ready_condition(application_ref, *, current_only: bool = False):
    """For an Employee queryset: has completed a published tutorial of the application."""
    done = _completed_published(application_ref).filter(employee=OuterRef("pk"))
    if current_only:
        done = done.filter(tutorial__is_outdated=False)
    return Exists(done)


# --- Catalogue -----------------------------------------------------------------------


def application_list(
    *, active_only: bool = True, search: str | None = None, code: str | None = None, filters: Mapping | None = None
) -> QuerySet[EgovApplication]:
    """Applications with `tutorial_count` (published), `outdated_count` and
    `ready_users` (distinct ASN who completed one of its published tutorials).
    `filters`: query parameters of `ApplicationFilter` (`search` is its `q`);
    invalid ones raise ApplicationError."""
    qs = EgovApplication.objects.select_related("owner_unit").prefetch_related("audience")
    if code is not None:
        qs = qs.filter(code=code)
    if active_only:
        qs = qs.filter(is_active=True)
    qs = filter_queryset(ApplicationFilter, data=filter_data(filters, q=search), queryset=qs)
    ready = (
        _completed_published(OuterRef("pk"))
        .order_by()
        .values("tutorial__application")
        .annotate(c=Count("employee", distinct=True))
        .values("c")
    )
    published = Tutorial.objects.filter(application=OuterRef("pk"), status=PUBLISHED)
    return qs.annotate(
        tutorial_count=_count(published),
        outdated_count=_count(published.filter(is_outdated=True)),
        ready_users=Coalesce(Subquery(ready[:1], output_field=IntegerField()), Value(0)),
    ).order_by("name")


def application_get(*, code: str, active_only: bool = True) -> EgovApplication:
    qs = EgovApplication.objects.select_related("owner_unit").prefetch_related(
        "audience",
        "units",
        Prefetch("versions", queryset=ApplicationVersion.objects.order_by("-released_on", "-id")),
    )
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.get(code=code)


def tutorial_list_for_application(*, application: EgovApplication, employee: Employee | None = None):
    """Published tutorials of an application with `step_count`, and for an ASN
    `steps_done` and `completed_at` of their own progress."""
    qs = (
        Tutorial.objects.filter(application=application, status=PUBLISHED)
        .select_related("application")
        .annotate(step_count=_count(TutorialStep.objects.filter(tutorial=OuterRef("pk"))))
    )
    if employee is not None:
        mine = TutorialProgress.objects.filter(tutorial=OuterRef("pk"), employee=employee)
        qs = qs.annotate(
            steps_done=_count(
                StepCompletion.objects.filter(progress__tutorial=OuterRef("pk"), progress__employee=employee)
            ),
            completed_at=Subquery(mine.values("completed_at")[:1]),
            started=Exists(mine),
        )
    return qs.order_by("title")


def tutorial_list_published(*, filters: Mapping | None = None) -> QuerySet[Tutorial]:
    """Published tutorials of active applications with `step_count`; `filters`:
    query parameters of `TutorialFilter` (invalid ones raise ApplicationError)."""
    qs = (
        Tutorial.objects.filter(status=PUBLISHED, application__is_active=True)
        .select_related("application")
        .annotate(step_count=_count(TutorialStep.objects.filter(tutorial=OuterRef("pk"))))
        .order_by("application__name", "title")
    )
    if filters is not None:
        qs = filter_queryset(TutorialFilter, data=filters, queryset=qs)
    return qs


def tutorial_get(*, pk: int, published_only: bool = True) -> Tutorial:
    qs = Tutorial.objects.select_related("application", "application__owner_unit").prefetch_related(
        Prefetch("steps", queryset=TutorialStep.objects.order_by("position"))
    )
    if published_only:
        qs = qs.filter(status=PUBLISHED)
    return qs.get(pk=pk)


def tutorial_get_for_quiz(*, pk: int) -> Tutorial:
    return (
        Tutorial.objects.select_related("application")
        .prefetch_related(Prefetch("questions", queryset=QuizQuestion.objects.prefetch_related("choices")))
        .get(pk=pk, status=PUBLISHED)
    )


def step_get_by_id(*, pk: int) -> TutorialStep:
    return TutorialStep.objects.select_related("tutorial", "tutorial__application").get(pk=pk)


def progress_for(*, employee: Employee | None, tutorial: Tutorial) -> TutorialProgress | None:
    """The ASN's progress with `done_step_ids` (a set), or None before they start."""
    if employee is None:
        return None
    progress = (
        TutorialProgress.objects.filter(employee=employee, tutorial=tutorial)
        .prefetch_related(Prefetch("step_completions", queryset=StepCompletion.objects.only("pk", "progress", "step")))
        .first()
    )
    if progress is not None:
        progress.done_step_ids = {c.step_id for c in progress.step_completions.all()}
    return progress


def resume_position(*, tutorial: Tutorial, progress: TutorialProgress | None) -> int | None:
    """Where an ASN continues: the first step not done (by position), or None when
    every step is done (then the quiz). Uses the steps prefetched on the tutorial."""
    done = progress.done_step_ids if progress is not None else set()
    for step in tutorial.steps.all():
        if step.pk not in done:
            return step.position
    return None


def steps_remaining(*, tutorial: Tutorial, progress: TutorialProgress | None) -> int:
    """How many steps the ASN has not done yet (progress from `progress_for`)."""
    done = progress.done_step_ids if progress is not None else set()
    return TutorialStep.objects.filter(tutorial=tutorial).exclude(pk__in=done).count()


def my_progress(*, employee: Employee) -> QuerySet[TutorialProgress]:
    """The ASN's tutorials, latest activity first, with `step_count` and `steps_done`."""
    return (
        TutorialProgress.objects.filter(employee=employee)
        .select_related("tutorial", "tutorial__application", "last_step")
        .annotate(
            step_count=_count(TutorialStep.objects.filter(tutorial=OuterRef("tutorial"))),
            steps_done=_count(StepCompletion.objects.filter(progress=OuterRef("pk"))),
        )
        .order_by("-updated_at", "-id")
    )


# --- HR ------------------------------------------------------------------------------------


def tutorial_list_manage(*, application: EgovApplication | None = None, status: str | None = None):
    """Every tutorial for HR with `step_count`, `question_count`, `completions`
    and `needs_review` (written for another version than the application's current one)."""
    qs = Tutorial.objects.select_related("application")
    if application is not None:
        qs = qs.filter(application=application)
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(
        step_count=_count(TutorialStep.objects.filter(tutorial=OuterRef("pk"))),
        question_count=_count(QuizQuestion.objects.filter(tutorial=OuterRef("pk"))),
        completions=_count(TutorialProgress.objects.filter(tutorial=OuterRef("pk"), completed_at__isnull=False)),
    ).order_by("application__name", "title")


def tutorial_get_manage(*, pk: int) -> Tutorial:
    return (
        Tutorial.objects.select_related("application")
        .prefetch_related(
            Prefetch("steps", queryset=TutorialStep.objects.order_by("position")),
            Prefetch("questions", queryset=QuizQuestion.objects.prefetch_related("choices")),
        )
        .get(pk=pk)
    )


def tutorials_to_review(*, application: EgovApplication) -> QuerySet[Tutorial]:
    """Tutorials written for another version than the current one and not yet marked outdated."""
    return (
        Tutorial.objects.filter(application=application, is_outdated=False)
        .exclude(status=Tutorial.Status.ARCHIVED)
        .exclude(app_version=application.current_version)
        .order_by("title")
    )


def outdated_tutorial_counts() -> dict:
    """For the evaluation reports: published tutorials, and how many are marked outdated."""
    return Tutorial.objects.filter(status=PUBLISHED).aggregate(
        published=Count("pk"), outdated=Count("pk", filter=Q(is_outdated=True))
    )


# --- Readiness -----------------------------------------------------------------------------


def readiness_overview() -> QuerySet[EgovApplication]:
    """Active applications with `audience` (ASN who must use it), `ready` (of those,
    who completed one of its published tutorials) and `ready_current` (on a tutorial
    not marked outdated): one query whatever the number of applications and ASN."""
    app = OuterRef(OuterRef("pk"))
    audience = Employee.objects.filter(is_active=True).filter(_audience_condition(app))
    return (
        EgovApplication.objects.filter(is_active=True)
        .select_related("owner_unit")
        .annotate(
            audience_count=_count(audience),
            ready_count=_count(audience.filter(_ready_condition(app))),
            ready_current_count=_count(audience.filter(_ready_condition(app, current_only=True))),
        )
        .order_by("name")
    )


def readiness_by_unit(*, application: EgovApplication) -> list[dict]:
    """Per OrgUnit: `audience`, `ready`, `ready_current` and `percent` for one application."""
    rows = (
        Employee.objects.filter(is_active=True)
        .filter(_audience_condition(application.pk))
        .annotate(
            is_ready=_ready_condition(application.pk),
            is_ready_current=_ready_condition(application.pk, current_only=True),
        )
        .values("org_unit_id", "org_unit__code", "org_unit__name", "org_unit__short_name")
        .annotate(
            audience=Count("pk"),
            ready=Count("pk", filter=Q(is_ready=True)),
            ready_current=Count("pk", filter=Q(is_ready_current=True)),
        )
        .order_by("org_unit__name")
    )
    result = []
    for row in rows:  # one row per unit, already aggregated: only the percentage is derived
        row["percent"] = round(100 * row["ready"] / row["audience"]) if row["audience"] else 0
        result.append(row)
    return result


# --- "I am stuck" reports ----------------------------------------------------------------


def stuck_reports_grouped(*, application_code: str | None = None) -> list[dict]:
    """Difficulty reports grouped by application and subject (step or application page),
    with `total`, `open` and `last_at`; the application's name is joined in."""
    from django.contrib.contenttypes.models import ContentType

    from feedback.models import AsnReport

    qs = AsnReport.objects.filter(kind=AsnReport.Kind.APP_DIFFICULTY)
    if application_code:
        qs = qs.filter(egov_app_code=application_code)
    step_type = ContentType.objects.get_for_model(TutorialStep)
    step_position = Subquery(TutorialStep.objects.filter(pk=OuterRef("subject_id")).values("position")[:1])
    step_tutorial = Subquery(TutorialStep.objects.filter(pk=OuterRef("subject_id")).values("tutorial__title")[:1])
    app_name = Subquery(EgovApplication.objects.filter(code=OuterRef("egov_app_code")).values("name")[:1])
    rows = (
        qs.values("egov_app_code", "subject_type_id", "subject_id")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(status=AsnReport.Status.OPEN)),
            last_at=Max("created_at"),
            label=Max("subject_label"),
        )
        .annotate(app_name=app_name, tutorial_title=step_tutorial, step_position=step_position)
        .order_by("egov_app_code", "tutorial_title", "step_position")
    )
    return [{**row, "is_step": row["subject_type_id"] == step_type.pk} for row in rows]


def stuck_reports_for(*, application_code: str, step: TutorialStep | None = None):
    """The individual reports of one group, newest first."""
    from django.contrib.contenttypes.models import ContentType

    from feedback.models import AsnReport

    qs = AsnReport.objects.filter(kind=AsnReport.Kind.APP_DIFFICULTY, egov_app_code=application_code).select_related(
        "reporter", "reporter__org_unit"
    )
    if step is not None:
        qs = qs.filter(subject_type=ContentType.objects.get_for_model(TutorialStep), subject_id=step.pk)
    return qs.order_by("-created_at")


def question_get(*, pk: int) -> QuizQuestion:
    return QuizQuestion.objects.select_related("tutorial").prefetch_related("choices").get(pk=pk)


def stuck_report_get(*, pk: int):
    """One difficulty report (DoesNotExist when it is not an app-difficulty report)."""
    from feedback.models import AsnReport

    return AsnReport.objects.get(pk=pk, kind=AsnReport.Kind.APP_DIFFICULTY)
