"""The program-revision report on a known, hand-computed data set; rules,
idempotency, atomicity and HR decisions."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone

from accounts.models import OrgUnit
from asn_competency.common.errors import ApplicationError, ConflictError, ValidationError
from asn_competency.common.models import OutboxMessage
from evaluation import services
from evaluation.models import Finding, ProgramEvaluation, ReportRow, ReportRun, RevisionReport
from evaluation.selectors import period_bounds
from evaluation.services import reports as report_services
from tests.accounts.factories import EmployeeFactory
from tests.training.factories import ProgramFactory, SessionFactory
from training.models import ProgramRevision

from .factories import attempt, completed_enrollment, follow_up, invitation_for, response_with, standard_questionnaire

DIMS = ["content", "trainer", "organisation", "facilities", "relevance"]
# Session 1: five responses (one more participant did not answer).
S1 = [
    {"content": 5, "trainer": 4, "organisation": 3, "facilities": 2, "relevance": 5},
    {"content": 4, "trainer": 4, "organisation": 3, "facilities": 3, "relevance": 5},
    {"content": 3, "trainer": 4, "organisation": 4, "facilities": 3, "relevance": 5},
    {"content": 2, "trainer": 4, "organisation": 4, "facilities": 3, "relevance": 4},
    {"content": 1, "trainer": 5, "organisation": 4, "facilities": 4, "relevance": 4},
]
# Session 2: two responses of three participants (below the anonymity threshold).
S2 = [
    {"content": 1, "trainer": 5, "organisation": 5, "facilities": 5, "relevance": 5},
    {"content": 1, "trainer": 5, "organisation": 5, "facilities": 5, "relevance": 5},
]


def _at(day: datetime.date, hour=16):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _period():
    today = timezone.localdate()
    return period_bounds(kind="month", day=today.replace(day=1) - datetime.timedelta(days=1))


def _session(program, day):
    end = _at(day)
    return SessionFactory(program=program, start=end - datetime.timedelta(days=1), end=end)


@pytest.fixture
def dataset(db):
    """The hand-computed data set (see the expected figures in the tests)."""
    questionnaire = standard_questionnaire()
    start, _end = _period()
    program = ProgramFactory(code="sipd-dasar", title="SIPD Dasar")
    s1 = _session(program, start + datetime.timedelta(days=4))
    s2 = _session(program, start + datetime.timedelta(days=9))
    outside = _session(program, start - datetime.timedelta(days=3))  # ended the month before
    supervisor = EmployeeFactory()
    e1 = [completed_enrollment(session=s1) for _ in range(6)]
    e2 = [completed_enrollment(session=s2) for _ in range(3)]
    for enrollment, values in zip(e1, S1, strict=False):
        response_with(invitation_for(enrollment, questionnaire=questionnaire), values)
    invitation_for(e1[5], questionnaire=questionnaire)  # invited, never answered
    for enrollment, values in zip(e2, S2, strict=False):
        response_with(invitation_for(enrollment, questionnaire=questionnaire), values)
    invitation_for(e2[2], questionnaire=questionnaire)
    # The session outside the period: very low scores that must not count.
    for _ in range(5):
        enrollment = completed_enrollment(session=outside)
        response_with(invitation_for(enrollment, questionnaire=questionnaire), dict.fromkeys(DIMS, 1))
    # Tests: only participants with both a pre- and a post-test count.
    for enrollment, (pre, post) in zip(e1, [(40, 70), (60, 80), (50, 50)], strict=False):
        attempt(enrollment, "pre", pre)
        attempt(enrollment, "post", post)
    attempt(e1[3], "pre", 30)
    attempt(e1[4], "post", 90)
    for enrollment, (pre, post) in zip(e2, [(80, 90), (20, 30)], strict=False):
        attempt(enrollment, "pre", pre)
        attempt(enrollment, "post", post)
    # Supervisor follow-ups: 2, 3, 2 (action plans 4, -, 2); one still pending.
    follow_up(e1[0], score=2, plan=4, supervisor=supervisor)
    follow_up(e1[1], score=3, supervisor=supervisor)
    follow_up(e1[2], score=2, plan=2, supervisor=supervisor)
    follow_up(e1[3], supervisor=supervisor)
    return {"program": program, "s1": s1, "s2": s2, "start": start, "questionnaire": questionnaire}


def _run(start):
    run = services.report_request(period_kind="month", day=start, enqueue=False)
    return services.report_run_execute(run_id=run.pk)


def test_session_figures_match_the_hand_computed_values(dataset):
    from evaluation.selectors import aggregation

    s1 = dataset["s1"].pk
    sessions = [s1, dataset["s2"].pk]
    survey = aggregation.survey_figures(sessions=sessions)[("session", s1)]
    assert (survey["participants"], survey["invited"], survey["responses"]) == (6, 6, 5)
    assert survey["dimension_means"] == pytest.approx(
        {"content": 3.0, "trainer": 4.2, "organisation": 3.6, "facilities": 3.0, "relevance": 4.6}
    )
    assert survey["distributions"]["content"] == {"1": 1, "2": 1, "3": 1, "4": 1, "5": 1}
    assert survey["distributions"]["trainer"] == {"4": 4, "5": 1}
    assert survey["satisfaction"] == pytest.approx(92 / 25)
    # Pairs (40,70) (60,80) (50,50): means 50 and 66.67, gain 16.67 / 50.
    learning = aggregation.learning_figures(sessions=sessions)[("session", s1)]
    assert learning["pre_mean"] == pytest.approx(50)
    assert learning["post_mean"] == pytest.approx(200 / 3)
    assert learning["gain"] == pytest.approx((200 / 3 - 50) / 50, abs=1e-4)
    assert learning["gain_n"] == 3
    follow = aggregation.follow_up_figures(sessions=sessions)[("session", s1)]
    assert follow["follow_up_mean"] == pytest.approx(7 / 3)
    assert follow["action_plan_mean"] == pytest.approx(3.0)
    assert follow["follow_up_n"] == 3
    # The stored row of session 1 carries the learning and follow-up figures.
    row = ReportRow.objects.get(run=_run(dataset["start"]), session=dataset["s1"])
    assert (row.participants, row.invited, row.responses, row.gain_n, row.follow_up_n) == (6, 6, 5, 3, 3)


def test_small_groups_show_counts_only(dataset):
    run = _run(dataset["start"])
    row = ReportRow.objects.get(run=run, session=dataset["s2"])
    assert row.suppressed is True
    assert (row.invited, row.responses) == (3, 2)
    assert row.dimension_means == {} and row.distributions == {} and row.satisfaction is None


def test_a_visible_session_is_hidden_when_it_would_reveal_a_small_one(dataset):
    """Program total (7 responses) minus session 1 (5) would give session 2's two
    answers away, so session 1's survey figures are hidden too."""
    run = _run(dataset["start"])
    s1 = ReportRow.objects.get(run=run, session=dataset["s1"])
    assert s1.suppressed is True and s1.dimension_means == {}
    program = ReportRow.objects.get(run=run, program=dataset["program"], session=None)
    assert program.suppressed is False and program.dimension_means
    from evaluation.selectors import answer_distribution_for_session

    assert answer_distribution_for_session(session=dataset["s1"])["suppressed"] is True


def test_sessions_stay_visible_when_nothing_small_is_hidden(db):
    questionnaire = standard_questionnaire()
    start, _end = _period()
    program = ProgramFactory()
    for day in (3, 8):
        session = _session(program, start + datetime.timedelta(days=day))
        for values in S1:
            response_with(invitation_for(completed_enrollment(session=session), questionnaire=questionnaire), values)
    run = _run(start)
    rows = ReportRow.objects.filter(run=run, session__isnull=False)
    assert [r.suppressed for r in rows] == [False, False]
    assert rows[0].dimension_means["trainer"] == pytest.approx(4.2)


def test_program_figures_combine_the_sessions_of_the_period(dataset):
    run = _run(dataset["start"])
    row = ReportRow.objects.get(run=run, program=dataset["program"], session=None)
    assert (row.sessions, row.participants, row.invited, row.responses) == (2, 9, 9, 7)
    assert row.dimension_means == pytest.approx(
        {"content": 17 / 7, "trainer": 31 / 7, "organisation": 4.0, "facilities": 25 / 7, "relevance": 33 / 7}
    )
    assert row.distributions["content"] == {"1": 3, "2": 1, "3": 1, "4": 1, "5": 1}
    assert row.satisfaction == pytest.approx(134 / 35)
    # Five pairs: pre mean 50, post mean 64, gain 0.28.
    assert (row.pre_mean, row.post_mean, row.gain_n) == (pytest.approx(50), pytest.approx(64), 5)
    assert row.gain == pytest.approx(0.28)


def test_findings_follow_the_rules_with_their_evidence(dataset):
    run = _run(dataset["start"])
    findings = {(f.rule, f.subject): f for f in Finding.objects.filter(run=run)}
    assert set(findings) == {
        (Finding.Rule.LOW_DIMENSION, "content"),
        (Finding.Rule.LOW_GAIN, ""),
        (Finding.Rule.LOW_FOLLOW_UP, ""),
    }
    content = findings[(Finding.Rule.LOW_DIMENSION, "content")].evidence
    assert content == {"dimension": "content", "mean": 2.43, "threshold": 3.5, "answers": 7, "responses": 7}
    assert findings[(Finding.Rule.LOW_GAIN, "")].evidence["gain"] == 0.28
    assert findings[(Finding.Rule.LOW_FOLLOW_UP, "")].evidence == {"mean": 2.33, "follow_ups": 3, "threshold": 3.0}


def test_thresholds_are_settings(dataset, settings):
    settings.EVALUATION_RULES = {**settings.EVALUATION_RULES, "dimension_min_mean": 2.0, "gain_min": 0.25}
    run = _run(dataset["start"])
    rules = set(Finding.objects.filter(run=run).values_list("rule", flat=True))
    assert rules == {Finding.Rule.LOW_FOLLOW_UP}


def test_rerun_replaces_the_report_of_the_period_and_keeps_decisions(dataset, hr_user):
    first = _run(dataset["start"])
    finding = Finding.objects.get(run=first, rule=Finding.Rule.LOW_GAIN)
    services.finding_decide(finding=finding, actor=hr_user, accept=False, note="Metode sudah diganti.")
    second = _run(dataset["start"])

    assert RevisionReport.objects.count() == 1
    report = RevisionReport.objects.get()
    assert report.current_run_id == second.pk
    assert list(ReportRun.objects.values_list("pk", flat=True)) == [second.pk]  # the old run is gone
    assert ReportRow.objects.count() == 3  # one program row, two session rows
    assert Finding.objects.count() == 3
    kept = Finding.objects.get(run=second, rule=Finding.Rule.LOW_GAIN)
    assert (kept.decision, kept.decision_note) == ("rejected", "Metode sudah diganti.")


def test_a_run_that_dies_midway_leaves_the_previous_report_intact(dataset, monkeypatch):
    first = _run(dataset["start"])

    def boom(**kwargs):
        raise RuntimeError("worker lost")

    monkeypatch.setattr(report_services.aggregation, "forum_figures", boom)
    run = services.report_request(period_kind="month", day=dataset["start"], enqueue=False)
    with pytest.raises(RuntimeError):
        services.report_run_execute(run_id=run.pk)

    report = RevisionReport.objects.get()
    assert report.current_run_id == first.pk
    assert ReportRow.objects.filter(run=run).count() == 0
    assert Finding.objects.filter(run=run).count() == 0
    assert ReportRow.objects.filter(run=first).count() == 3
    run.refresh_from_db()
    assert run.status == ReportRun.Status.FAILED


def test_a_failure_while_saving_rolls_back_every_row(dataset, monkeypatch):
    first = _run(dataset["start"])

    def fail(findings, *, previous_run_id):
        raise RuntimeError("died while writing")

    monkeypatch.setattr(report_services, "_carry_decisions", fail)
    run = services.report_request(period_kind="month", day=dataset["start"], enqueue=False)
    with pytest.raises(RuntimeError):
        services.report_run_execute(run_id=run.pk)
    # The rows were written in the same transaction as the swap: none remain.
    assert ReportRow.objects.filter(run=run).count() == 0
    assert RevisionReport.objects.get().current_run_id == first.pk


def test_a_request_while_a_run_is_active_returns_that_run(db):
    start, _ = _period()
    first = services.report_request(period_kind="month", day=start, enqueue=False)
    again = services.report_request(period_kind="month", day=start + datetime.timedelta(days=3), enqueue=False)
    assert again.pk == first.pk


def _expire(run, *, status="running", attempts=1):
    ReportRun.objects.filter(pk=run.pk).update(
        status=status, attempt=attempts, heartbeat_at=timezone.now() - datetime.timedelta(minutes=10)
    )


def test_a_run_whose_worker_died_is_queued_again_by_the_next_request(dataset):
    dead = services.report_request(period_kind="month", day=dataset["start"], enqueue=False)
    _expire(dead)
    again = services.report_request(period_kind="month", day=dataset["start"], enqueue=False)
    assert again.pk == dead.pk and again.status == ReportRun.Status.QUEUED
    assert list(OutboxMessage.objects.filter(task="evaluation.generate_report").values_list("args", flat=True)) == [
        [dead.pk]
    ]
    done = services.report_run_execute(run_id=dead.pk)
    assert (done.status, done.attempt) == (ReportRun.Status.DONE, 2)
    assert ReportRun.objects.count() == 1 and ReportRow.objects.filter(run=done).count() == 3


def test_a_run_queued_before_leases_existed_does_not_block_reruns(db):
    start, _ = _period()
    legacy = services.report_request(period_kind="month", day=start, enqueue=False)
    ReportRun.objects.filter(pk=legacy.pk).update(heartbeat_at=None)  # as migrated from before
    assert services.report_runs_recover() == [legacy.pk]
    legacy.refresh_from_db()
    assert legacy.status == ReportRun.Status.QUEUED and legacy.heartbeat_at is not None


def test_a_run_alive_in_another_worker_is_left_alone(dataset):
    run = services.report_request(period_kind="month", day=dataset["start"], enqueue=False)
    ReportRun.objects.filter(pk=run.pk).update(status="running", attempt=1, heartbeat_at=timezone.now())
    assert services.report_run_execute(run_id=run.pk).status == ReportRun.Status.RUNNING  # a duplicate delivery
    assert services.report_runs_recover() == []
    assert ReportRow.objects.count() == 0


def test_the_beat_job_requeues_expired_runs_and_gives_up_after_the_last_attempt(db, settings):
    settings.EVALUATION_REPORT_MAX_ATTEMPTS = 3
    start, _ = _period()
    month = services.report_request(period_kind="month", day=start, enqueue=False)
    quarter = services.report_request(period_kind="quarter", day=start, enqueue=False)
    _expire(month, attempts=1)
    _expire(quarter, attempts=3)
    assert services.report_runs_recover() == [month.pk]
    month.refresh_from_db(), quarter.refresh_from_db()
    assert month.status == ReportRun.Status.QUEUED
    assert quarter.status == ReportRun.Status.FAILED
    assert services.report_runs_recover() == []  # the requeued run has a fresh lease


def test_an_attempt_that_lost_its_lease_writes_nothing(dataset, monkeypatch):
    first = _run(dataset["start"])
    run = services.report_request(period_kind="month", day=dataset["start"], enqueue=False)
    real = report_services.aggregation.forum_figures

    def taken_over(**kwargs):
        # Meanwhile this worker was presumed dead and another attempt claimed the run.
        ReportRun.objects.filter(pk=run.pk).update(attempt=F("attempt") + 1)
        return real(**kwargs)

    monkeypatch.setattr(report_services.aggregation, "forum_figures", taken_over)
    result = services.report_run_execute(run_id=run.pk)
    assert result.status == ReportRun.Status.RUNNING  # left to the attempt that holds the lease
    assert ReportRow.objects.filter(run=run).count() == 0
    assert RevisionReport.objects.get().current_run_id == first.pk


def test_an_attempt_that_lost_its_lease_while_waiting_to_save_writes_nothing(dataset, monkeypatch):
    """The takeover comes after 'Saving the report' was shown (the worker waited for
    the report's lock): the write that marks the run done finds the lease gone and
    everything of the save transaction is rolled back, the previous report kept."""
    first = _run(dataset["start"])
    run = services.report_request(period_kind="month", day=dataset["start"], enqueue=False)
    real = report_services._Progress.__call__

    def then_taken_over(self, percent, message, *, always=False):
        real(self, percent, message, always=always)
        if percent == 90:
            ReportRun.objects.filter(pk=run.pk).update(attempt=F("attempt") + 1)

    monkeypatch.setattr(report_services._Progress, "__call__", then_taken_over)
    result = services.report_run_execute(run_id=run.pk)
    assert (result.status, result.message) == (ReportRun.Status.RUNNING, "Menyimpan laporan…")
    assert ReportRow.objects.filter(run=run).count() == 0
    assert RevisionReport.objects.get().current_run_id == first.pk
    assert ReportRow.objects.filter(run=first).count() == 3  # the previous run was not deleted


def test_finished_run_is_not_computed_twice(dataset):
    run = _run(dataset["start"])
    again = services.report_run_execute(run_id=run.pk)
    assert again.pk == run.pk and ReportRow.objects.count() == 3


def test_future_period_is_refused(db):
    with pytest.raises(ValidationError):
        services.report_request(period_kind="month", day=timezone.localdate() + datetime.timedelta(days=40))


def test_accepting_a_finding_opens_a_program_revision(dataset, hr_user):
    run = _run(dataset["start"])
    program = dataset["program"]
    finding = Finding.objects.get(run=run, rule=Finding.Rule.LOW_DIMENSION)
    services.finding_decide(finding=finding, actor=hr_user, accept=True, note="Materi diperbarui.")
    program.refresh_from_db()
    assert program.revision == 2
    revision = ProgramRevision.objects.get(program=program, number=2)
    assert revision.created_by == hr_user
    assert "2.43" in revision.details
    finding.refresh_from_db()
    assert finding.decision == "accepted" and finding.revision_id == revision.pk
    with pytest.raises(ConflictError):
        services.finding_decide(finding=finding, actor=hr_user, accept=True)


def test_rejecting_needs_a_reason_and_does_not_revise(dataset, hr_user):
    run = _run(dataset["start"])
    finding = Finding.objects.get(run=run, rule=Finding.Rule.LOW_GAIN)
    with pytest.raises(ValidationError):
        services.finding_decide(finding=finding, actor=hr_user, accept=False, note="")
    services.finding_decide(finding=finding, actor=hr_user, accept=False, note="Sudah ditangani.")
    dataset["program"].refresh_from_db()
    assert dataset["program"].revision == 1


def test_findings_of_a_run_that_is_not_current_cannot_be_decided(dataset, hr_user):
    first = _run(dataset["start"])
    other = ReportRun.objects.create(report=first.report, status="done")
    stray = Finding.objects.create(run=other, program=dataset["program"], rule="low_gain", evidence={})
    with pytest.raises(ApplicationError) as exc:
        services.finding_decide(finding=stray, actor=hr_user, accept=True)
    assert exc.value.code == "stale_report"
    dataset["program"].refresh_from_db()
    assert dataset["program"].revision == 1


def _in_period(model, start):
    model.objects.update(created_at=_at(start + datetime.timedelta(days=2), 10))


def test_stuck_reports_citizen_complaints_and_forum_topics_count_for_the_program(dataset):
    from feedback.models import AsnReport
    from tests.community.factories import TopicFactory
    from tests.feedback.factories import FeedbackFactory

    program, start = dataset["program"], dataset["start"]
    ProgramEvaluation.objects.create(program=program, egov_apps="sipd, e-kinerja")
    unit = OrgUnit.objects.first() or EmployeeFactory().org_unit
    step_type = ContentType.objects.get_for_model(OrgUnit)
    reporter = EmployeeFactory()
    for i in range(11):
        AsnReport.objects.create(
            kind="app_difficulty", reporter=reporter, egov_app_code="sipd", subject_type=step_type,
            subject_id=unit.pk, subject_label="SIPD, langkah 3: Input RKA", what_happened=f"Tombol simpan gagal {i}",
        )  # fmt: skip
    AsnReport.objects.create(kind="app_difficulty", reporter=reporter, egov_app_code="lain", what_happened="x")
    for i in range(6):
        fb = FeedbackFactory(kind="complaint" if i < 5 else "suggestion")
        fb.programs.add(program)
    for _ in range(3):
        TopicFactory(program=program)
    for model in (AsnReport,):
        _in_period(model, start)
    from community.models import Topic
    from feedback.models import Feedback

    _in_period(Feedback, start)
    _in_period(Topic, start)

    run = _run(start)
    row = ReportRow.objects.get(run=run, program=program, session=None)
    assert (row.stuck_reports, row.citizen_feedback, row.citizen_complaints, row.forum_topics) == (11, 6, 5, 3)
    rules = {(f.rule, f.evidence.get("reports")) for f in Finding.objects.filter(run=run)}
    assert (Finding.Rule.STUCK_TUTORIAL, 11) in rules
    assert {f.rule for f in Finding.objects.filter(run=run)} >= {
        Finding.Rule.CITIZEN_COMPLAINTS,
        Finding.Rule.FORUM_INPUT,
        Finding.Rule.STUCK_TUTORIAL,
    }


def test_forum_topics_linked_directly_or_through_a_competency_count_once(dataset):
    """Published topics of the period: direct, through a competency of the program,
    both (once); a hidden one, one on another competency and one before the period
    do not count."""
    from community.models import Topic
    from tests.accounts.factories import CompetencyFactory
    from tests.community.factories import TopicFactory
    from training.models import ProgramCompetency

    program, start = dataset["program"], dataset["start"]
    competency, other = CompetencyFactory(), CompetencyFactory()
    ProgramCompetency.objects.create(program=program, competency=competency, target_level=3)
    TopicFactory(program=program)
    TopicFactory().competencies.add(competency)
    both = TopicFactory(program=program)
    both.competencies.add(competency)
    TopicFactory().competencies.add(other)
    hidden = TopicFactory(program=program)
    _in_period(Topic, start)
    Topic.objects.filter(pk=hidden.pk).update(visibility="hidden")
    early = TopicFactory(program=program)
    Topic.objects.filter(pk=early.pk).update(created_at=_at(start - datetime.timedelta(days=3), 10))

    row = ReportRow.objects.get(run=_run(start), program=program, session=None)
    assert row.forum_topics == 3


def test_previous_periods_are_requested_on_the_first_of_the_month(db):
    runs = services.reports_request_previous_periods(today=datetime.date(2026, 10, 1))
    kinds = sorted(ReportRun.objects.filter(pk__in=runs).values_list("report__period_kind", "report__period_start"))
    assert kinds == [("month", datetime.date(2026, 9, 1)), ("quarter", datetime.date(2026, 7, 1))]


def test_period_bounds():
    assert period_bounds(kind="quarter", day=datetime.date(2026, 11, 28)) == (
        datetime.date(2026, 10, 1),
        datetime.date(2027, 1, 1),
    )
    assert period_bounds(kind="year", day=datetime.date(2026, 2, 3)) == (
        datetime.date(2026, 1, 1),
        datetime.date(2027, 1, 1),
    )
    assert period_bounds(kind="month", day=datetime.date(2026, 12, 31)) == (
        datetime.date(2026, 12, 1),
        datetime.date(2027, 1, 1),
    )


@pytest.fixture
def consultations(dataset):
    """Consultation meetings around the report's period, with outcomes linked to
    the program directly, through one of its competencies, both, or not at all.
    Expected count for the program: 3 (in-direct, in-competency, in-both)."""
    from community.models import Meeting, MeetingOutcome
    from tests.accounts.factories import CompetencyFactory
    from tests.community.factories import MeetingFactory
    from training.models import ProgramCompetency

    program, start = dataset["program"], dataset["start"]
    _start, end = _period()
    competency = CompetencyFactory()
    ProgramCompetency.objects.create(program=program, competency=competency, target_level=3)
    other_program = ProgramFactory(code="lain", title="Program lain")

    def meeting(day, status=Meeting.Status.HELD):
        begins = _at(day, 9)
        return MeetingFactory(starts_at=begins, ends_at=begins + datetime.timedelta(hours=2), status=status)

    def outcome(on, title, *, program=None, competencies=()):
        made = MeetingOutcome.objects.create(meeting=on, title=title, program=program)
        made.competencies.add(*competencies)
        return made

    held = meeting(start + datetime.timedelta(days=3))
    # Not marked "held" by its organiser, yet it took place (not cancelled): counts.
    later = meeting(start + datetime.timedelta(days=12), status=Meeting.Status.SCHEDULED)
    cancelled = meeting(start + datetime.timedelta(days=5), status=Meeting.Status.CANCELLED)
    before = meeting(start - datetime.timedelta(days=2))
    after = meeting(end)  # the first day of the next period
    outcome(held, "Antrean KTP-el perlu sistem nomor daring", program=program)
    outcome(later, "Petugas perlu memahami SIPD untuk layanan warga", competencies=[competency])
    outcome(held, "Perlu kelas lanjutan SIPD", program=program, competencies=[competency])  # counted once
    outcome(held, "Masukan untuk program lain", program=other_program)
    outcome(cancelled, "Dari rapat yang batal", program=program, competencies=[competency])
    outcome(before, "Dari bulan sebelumnya", program=program)
    outcome(after, "Dari bulan berikutnya", competencies=[competency])
    return dataset


def test_consultation_outcomes_linked_directly_or_through_a_competency_count(consultations):
    from evaluation.selectors import aggregation

    program, start = consultations["program"], consultations["start"]
    _start, end = _period()
    figures = aggregation.meeting_figures(program_ids=[program.pk], start=start, end=end)
    assert figures[program.pk]["meeting_outcomes"] == 3
    # Latest meeting first; an outcome linked both ways is listed once.
    assert figures[program.pk]["meeting_outcome_titles"] == [
        "Petugas perlu memahami SIPD untuk layanan warga",
        "Perlu kelas lanjutan SIPD",
        "Antrean KTP-el perlu sistem nomor daring",
    ]

    run = _run(start)
    row = ReportRow.objects.get(run=run, program=program, session=None)
    assert row.meeting_outcomes == 3
    assert len(row.extra["meeting_outcome_titles"]) == 3
    assert set(ReportRow.objects.filter(run=run, session__isnull=False).values_list("meeting_outcomes", flat=True)) == {
        0
    }
    finding = Finding.objects.get(run=run, program=program, rule=Finding.Rule.MEETING_OUTCOMES)
    assert finding.evidence["outcomes"] == 3
    assert finding.evidence["threshold"] == 1
    assert "Perlu kelas lanjutan SIPD" in finding.evidence["titles"]


def test_consultation_rule_fires_at_the_threshold_and_not_below(consultations, settings):
    start = consultations["start"]
    settings.EVALUATION_RULES = {**settings.EVALUATION_RULES, "meeting_outcomes": 4}
    run = _run(start)
    assert not Finding.objects.filter(run=run, rule=Finding.Rule.MEETING_OUTCOMES).exists()
    settings.EVALUATION_RULES = {**settings.EVALUATION_RULES, "meeting_outcomes": 3}
    run = _run(start)
    assert Finding.objects.get(run=run, rule=Finding.Rule.MEETING_OUTCOMES).evidence["outcomes"] == 3


def test_accepting_the_consultation_finding_revises_the_program_with_its_evidence(consultations, hr_user):
    from django.utils import translation

    program = consultations["program"]
    run = _run(consultations["start"])
    finding = Finding.objects.get(run=run, rule=Finding.Rule.MEETING_OUTCOMES)
    with translation.override("id"):
        services.finding_decide(finding=finding, actor=hr_user, accept=True, note="Dibahas di rapat kurikulum.")
    revision = ProgramRevision.objects.get(program=program, number=2)
    assert revision.summary == "Tinjau hasil forum konsultasi publik dan tuangkan ke dalam revisi program."
    assert "3 hasil forum konsultasi publik" in revision.details
    assert "“Perlu kelas lanjutan SIPD”" in revision.details
    # A rerun keeps HR's decision on the same finding.
    rerun = _run(consultations["start"])
    kept = Finding.objects.get(run=rerun, rule=Finding.Rule.MEETING_OUTCOMES)
    assert (kept.decision, kept.revision_id) == ("accepted", revision.pk)


def test_a_program_without_consultation_outcomes_counts_zero(dataset):
    run = _run(dataset["start"])
    row = ReportRow.objects.get(run=run, program=dataset["program"], session=None)
    assert row.meeting_outcomes == 0
    assert not Finding.objects.filter(run=run, rule=Finding.Rule.MEETING_OUTCOMES).exists()


def test_consultation_outcomes_show_in_the_report_page_exports_and_api(consultations, hr_user, client):
    import io

    from django.urls import reverse
    from openpyxl import load_workbook
    from rest_framework.test import APIClient

    report = _run(consultations["start"]).report
    client.force_login(hr_user)
    page = client.get(report.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Konsultasi" in page
    # The count in the table, the latest outcomes' titles on hover.
    assert (
        'title="Petugas perlu memahami SIPD untuk layanan warga; Perlu kelas lanjutan SIPD; '
        'Antrean KTP-el perlu sistem nomor daring">3</span>'
    ) in page
    assert "Tinjau hasil forum konsultasi publik dan tuangkan ke dalam revisi program." in page
    assert "“Petugas perlu memahami SIPD untuk layanan warga”" in page

    xlsx = client.get(reverse("evaluation:report-export", args=[report.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[1]  # after the filters
    header = [c.value for c in sheet[1]]
    column = header.index("Hasil konsultasi publik")
    assert [c.value for c in sheet[2]][column] == 3
    pdf = client.get(reverse("evaluation:report-export", args=[report.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")

    api = APIClient()
    api.force_authenticate(hr_user)
    detail = api.get(reverse("evaluation-report-detail", args=[report.pk])).json()
    assert detail["programs"][0]["meeting_outcomes"] == 3
    [finding] = [f for f in detail["findings"] if f["rule"] == "meeting_outcomes"]
    assert finding["evidence"]["outcomes"] == 3 and finding["message"]


def test_learning_and_follow_up_figures_equal_a_group_by_per_level(dataset):
    """Both levels come from one pass (GROUPING SETS on PostgreSQL): the same
    figures, exactly, as one ORM GROUP BY per level."""
    from django.db.models import Avg, Count, FilteredRelation, Q

    from evaluation.models import FollowUp
    from evaluation.selectors import aggregation
    from training.models import Enrollment

    sessions = [dataset["s1"].pk, dataset["s2"].pk]
    tested = (
        Enrollment.objects.filter(session__in=sessions)
        .annotate(
            pre=FilteredRelation("test_attempts", condition=Q(test_attempts__kind="pre")),
            post=FilteredRelation("test_attempts", condition=Q(test_attempts__kind="post")),
        )
        .filter(pre__isnull=False, post__isnull=False)
    )
    submitted = FollowUp.objects.filter(session__in=sessions, status=FollowUp.Status.SUBMITTED)
    learning = aggregation.learning_figures(sessions=sessions)
    follow = aggregation.follow_up_figures(sessions=sessions)
    expected_learning, expected_follow = {}, {}
    for level, key in aggregation.KEYS.items():
        for row in (
            tested.values(key).order_by().annotate(pre=Avg("pre__score"), post=Avg("post__score"), n=Count("id"))
        ):
            expected_learning[(level, row[key])] = (float(row["pre"]), float(row["post"]), row["n"])
        for row in (
            submitted.values(key)
            .order_by()
            .annotate(a=Avg("application_score"), p=Avg("action_plan_score"), n=Count("id"))
        ):
            expected_follow[(level, row[key])] = (row["a"], row["p"], row["n"])
    assert len(expected_learning) == 3 and len(expected_follow) == 2  # two sessions and the program; one session
    assert {k: (v["pre_mean"], v["post_mean"], v["gain_n"]) for k, v in learning.items()} == expected_learning
    assert {
        k: (v["follow_up_mean"], v["action_plan_mean"], v["follow_up_n"]) for k, v in follow.items()
    } == expected_follow
