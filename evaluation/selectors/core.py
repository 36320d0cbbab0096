"""Lists and details for the pages and the API."""

from collections.abc import Mapping

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    FilteredRelation,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone

from asn_competency.common.filters import filter_queryset
from training.models import Enrollment, Program, Session
from workshops.selectors import action_plan_for

from .. import rules
from ..filters import ReportFilter
from ..models import (
    Answer,
    Finding,
    FollowUp,
    ProgramEvaluation,
    Question,
    Questionnaire,
    ReportRow,
    ReportRun,
    Response,
    RevisionReport,
    SurveyInvitation,
    TestAttempt,
    TestQuestion,
)

__all__ = [
    "action_plan_for_enrollment",
    "answer_distribution_for_session",
    "finding_get",
    "follow_up_get",
    "follow_ups_for_supervisor",
    "invitation_get",
    "invitations_for_employee",
    "participant_gains",
    "program_config_get",
    "program_list_for_evaluation",
    "questionnaire_get",
    "questionnaire_list",
    "report_findings",
    "report_get",
    "report_list",
    "report_rows",
    "run_get",
    "run_progress",
    "session_responses",
    "test_todos_for_employee",
    "test_questions_list",
]


def questionnaire_list(*, active_only: bool = False) -> QuerySet[Questionnaire]:
    qs = Questionnaire.objects.annotate(question_count=Count("questions", distinct=True))
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("-is_default", "title")


def questionnaire_get(*, pk: int) -> Questionnaire:
    return Questionnaire.objects.prefetch_related(
        Prefetch("questions", queryset=Question.objects.order_by("position", "id"))
    ).get(pk=pk)


def program_list_for_evaluation() -> QuerySet[Program]:
    """Programs with their evaluation settings and the size of their test bank."""
    return (
        Program.objects.exclude(status=Program.Status.ARCHIVED)
        .select_related("evaluation_config__questionnaire")
        .annotate(test_count=Count("test_questions", filter=Q(test_questions__is_active=True)))
        .order_by("title")
    )


def program_config_get(*, program) -> ProgramEvaluation | None:
    return ProgramEvaluation.objects.select_related("questionnaire").filter(program=program).first()


def test_questions_list(*, program) -> QuerySet[TestQuestion]:
    return TestQuestion.objects.filter(program=program).order_by("position", "id")


def invitations_for_employee(*, employee, with_questions: bool = False) -> QuerySet[SurveyInvitation]:
    """The ASN's survey to-dos: open first, then recently answered or closed."""
    qs = (
        SurveyInvitation.objects.filter(enrollment__employee=employee)
        .select_related("session__program", "questionnaire")
        .order_by(F("responded_at").desc(nulls_first=True), "closes_at")
    )
    if with_questions:
        qs = qs.prefetch_related(
            Prefetch("questionnaire__questions", queryset=Question.objects.order_by("position", "id"))
        )
    return qs


def invitation_get(*, pk: int) -> SurveyInvitation:
    return (
        SurveyInvitation.objects.select_related("session__program", "enrollment__employee", "questionnaire")
        .prefetch_related(Prefetch("questionnaire__questions", queryset=Question.objects.order_by("position", "id")))
        .get(pk=pk)
    )


def test_todos_for_employee(*, employee) -> QuerySet[Enrollment]:
    """Enrolments of programs with a test bank, annotated with the tests taken."""
    now = timezone.now()
    has_bank = Exists(TestQuestion.objects.filter(program=OuterRef("session__program"), is_active=True))
    pre = TestAttempt.objects.filter(enrollment=OuterRef("pk"), kind=TestAttempt.Kind.PRE)
    post = TestAttempt.objects.filter(enrollment=OuterRef("pk"), kind=TestAttempt.Kind.POST)
    return (
        Enrollment.objects.filter(
            employee=employee,
            status__in=[Enrollment.Status.ENROLLED, Enrollment.Status.COMPLETED, Enrollment.Status.NOT_COMPLETED],
            session__end__gte=now - timezone.timedelta(days=60),
        )
        .annotate(has_bank=has_bank, pre_done=Exists(pre), post_done=Exists(post))
        .filter(has_bank=True)
        .select_related("session__program")
        .order_by("session__start")
    )


def participant_gains(*, session: Session) -> QuerySet[Enrollment]:
    """Per participant: pre and post scores and the normalised gain, in SQL."""
    qs = Enrollment.objects.filter(session=session).annotate(
        pre=FilteredRelation("test_attempts", condition=Q(test_attempts__kind=TestAttempt.Kind.PRE)),
        post=FilteredRelation("test_attempts", condition=Q(test_attempts__kind=TestAttempt.Kind.POST)),
    )
    pre = Cast(F("pre__score"), FloatField())
    post = Cast(F("post__score"), FloatField())
    return (
        qs.filter(Q(pre__isnull=False) | Q(post__isnull=False))
        .annotate(
            pre_score=F("pre__score"),
            post_score=F("post__score"),
            gain=Case(When(pre__score__lt=100, post__isnull=False, then=(post - pre) / (100.0 - pre)), default=None),
        )
        .select_related("employee")
        .order_by("employee__full_name")
    )


def follow_ups_for_supervisor(*, user) -> QuerySet[FollowUp]:
    today = timezone.localdate()
    return (
        FollowUp.objects.filter(supervisor__user=user)
        .filter(Q(status=FollowUp.Status.PENDING, due_on__lte=today) | Q(status=FollowUp.Status.SUBMITTED))
        .select_related("enrollment__employee", "session__program")
        .order_by("-status", "due_on")
    )


def follow_up_get(*, pk: int) -> FollowUp:
    return FollowUp.objects.select_related("enrollment__employee", "session__program", "supervisor").get(pk=pk)


def report_list(*, period_kind: str | None = None, filters: Mapping | None = None) -> QuerySet[RevisionReport]:
    """Reports with their finding counts; `filters`: query parameters of
    `ReportFilter` (invalid ones raise ApplicationError)."""
    qs = RevisionReport.objects.select_related("current_run").annotate(
        finding_count=Count("current_run__findings", distinct=True),
        open_count=Count("current_run__findings", filter=Q(current_run__findings__decision="open"), distinct=True),
    )
    if period_kind:
        qs = qs.filter(period_kind=period_kind)
    if filters is not None:
        qs = filter_queryset(ReportFilter, data=filters, queryset=qs)
    return qs.order_by("-period_start", "period_kind")


def report_get(*, pk: int) -> RevisionReport:
    return RevisionReport.objects.select_related("current_run").get(pk=pk)


def run_get(*, pk: int) -> ReportRun:
    return ReportRun.objects.select_related("report").get(pk=pk)


def run_progress(*, run: ReportRun) -> dict:
    return {
        "percent": run.percent,
        "done": run.status in (ReportRun.Status.DONE, ReportRun.Status.FAILED),
        "status": run.status,
        "message": run.message,
    }


def report_rows(*, report: RevisionReport, program_id: int | None = None, sessions: bool = False):
    """Program rows (or, with sessions=True, session rows) of the current run."""
    qs = ReportRow.objects.filter(run_id=report.current_run_id, session__isnull=not sessions)
    if program_id:
        qs = qs.filter(program_id=program_id)
    return qs.select_related("program", "session__program").order_by("program__title", "session__start")


def report_findings(*, report: RevisionReport, program_id: int | None = None) -> QuerySet[Finding]:
    qs = Finding.objects.filter(run_id=report.current_run_id)
    if program_id:
        qs = qs.filter(program_id=program_id)
    return qs.select_related("program", "decided_by", "revision").order_by("program__title", "rule", "subject")


def finding_get(*, pk: int) -> Finding:
    return Finding.objects.select_related("program", "run__report").get(pk=pk)


def answer_distribution_for_session(*, session: Session) -> dict:
    """Per scored question: count, mean and counts per value; empty for a group
    of fewer than EVALUATION_MIN_GROUP_SIZE respondents (anonymity, rules.group_is_shown)."""
    counts = Response.objects.filter(session=session).aggregate(
        responses=Count("id"), respondents=Count("enrollment__employee", distinct=True)
    )
    responses = counts["responses"]
    # A report may have hidden this session to protect a smaller one (complementary
    # suppression); the session page then hides it too.
    hidden_in_report = ReportRow.objects.filter(
        session=session, suppressed=True, run__report__current_run=F("run")
    ).exists()
    if not rules.group_is_shown(respondents=counts["respondents"]) or hidden_in_report:
        return {"responses": responses, "suppressed": True, "questions": []}
    rows = (
        Answer.objects.filter(response__session=session, value__isnull=False)
        .values("question_id", "question__text", "question__kind", "question__dimension", "question__choices")
        .order_by("question__position", "question_id")
        .annotate(
            n=Count("id"),
            mean=Avg("value"),
            **{f"v{v}": Count("id", filter=Q(value=v)) for v in range(1, 11)},
        )
    )
    return {"responses": responses, "suppressed": False, "questions": list(rows)}


def session_responses(*, session: Session) -> QuerySet[Response]:
    """Individual responses: only non-anonymous ones, never for anonymous surveys."""
    return (
        Response.objects.filter(session=session, anonymous=False)
        .select_related("enrollment__employee")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("question").order_by("question__position"))
        )
    )


def action_plan_for_enrollment(enrollment):
    """The workshop action plan of the enrolment (None when it has none)."""
    return action_plan_for(enrollment=enrollment)
