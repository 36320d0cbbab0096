"""Pages of the evaluation app: thin, validate then call one service or selector."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import check_perm, permission_required
from accounts.rules import employee_of
from asn_competency.common.errors import ApplicationError
from asn_competency.common.forms import apply_errors
from asn_competency.common.replica import replica_view
from asn_competency.common.shortcuts import or_404
from training.selectors.jp import jp_summary_exists
from training.services.jp_summary import jp_summary_refresh

from . import exports, presenters, rules, selectors, services
from .forms import (
    DashboardFilterForm,
    FindingDecisionForm,
    FollowUpForm,
    ProgramEvaluationForm,
    QuestionFormSet,
    QuestionnaireForm,
    ReportRequestForm,
    TestQuestionForm,
    answers_from,
    question_initial,
    questions_from_formset,
    survey_form_class,
    test_form_class,
)
from .models import Questionnaire, TestAttempt, TestQuestion
from .selectors import dashboard as dashboard_selectors
from .services.summary import evaluation_summary_queue

HR_STAFF = "evaluation.manage_evaluations"  # evaluation/rules.py


# --- Questionnaires (HR) ---------------------------------------------------------


@permission_required(HR_STAFF)
def questionnaire_list(request):
    return render(request, "evaluation/questionnaire_list.html", {"questionnaires": selectors.questionnaire_list()})


@permission_required(HR_STAFF)
def questionnaire_edit(request, pk=None):
    questionnaire = selectors.questionnaire_get(pk=pk) if pk else Questionnaire()
    if request.method == "POST":
        form = QuestionnaireForm(request.POST, instance=questionnaire)
        formset = QuestionFormSet(request.POST, prefix="q")
        if form.is_valid() and formset.is_valid():
            try:
                services.questionnaire_save(
                    questionnaire=form.instance, questions=questions_from_formset(formset), actor=request.user
                )
            except (DjangoValidationError, ApplicationError) as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Questionnaire saved."))
                return redirect("evaluation:questionnaire-list")
        status = 400
    else:
        form = QuestionnaireForm(instance=questionnaire)
        formset = QuestionFormSet(prefix="q", initial=question_initial(questionnaire) if pk else None)
        status = 200
    return render(
        request,
        "evaluation/questionnaire_form.html",
        {"form": form, "formset": formset, "questionnaire": questionnaire},
        status=status,
    )


# --- Program settings and test bank (HR) -------------------------------------------


@permission_required(HR_STAFF)
def program_list(request):
    return render(request, "evaluation/program_list.html", {"programs": selectors.program_list_for_evaluation()})


def _program(code):
    from training.selectors import program_get

    return or_404(program_get, code=code, published_only=False)


@permission_required(HR_STAFF)
def program_settings(request, code):
    program = _program(code)
    config = selectors.program_config_get(program=program)
    questionnaires = selectors.questionnaire_list(active_only=True)
    initial = {}
    if config is not None:
        initial = {
            "questionnaire": config.questionnaire_id,
            "anonymous": config.anonymous,
            "survey_open_days": config.survey_open_days,
            "follow_up_days": config.follow_up_days,
            "post_test_pass_score": config.post_test_pass_score,
            "egov_apps": config.egov_apps,
        }
    else:
        initial = {"anonymous": True}
    status = 200
    form = ProgramEvaluationForm(initial=initial, questionnaires=questionnaires)
    test_form = TestQuestionForm()
    if request.method == "POST" and request.POST.get("action") == "settings":
        form = ProgramEvaluationForm(request.POST, questionnaires=questionnaires)
        if form.is_valid():
            try:
                services.program_evaluation_set(program=program, **form.cleaned_data)
            except DjangoValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Evaluation settings saved."))
                return redirect("evaluation:program-settings", code=program.code)
        status = 400
    elif request.method == "POST" and request.POST.get("action") == "test_question":
        test_form = TestQuestionForm(request.POST)
        if test_form.is_valid():
            data = test_form.cleaned_data
            question = TestQuestion(
                program=program,
                text=data["text"],
                correct_option=data["correct_option"],
                position=selectors.test_questions_list(program=program).count() + 1,
            )
            try:
                services.test_question_save(question=question, options=data["options"])
            except DjangoValidationError as exc:
                apply_errors(test_form, exc)
            else:
                messages.success(request, _("Test question added."))
                return redirect("evaluation:program-settings", code=program.code)
        status = 400
    return render(
        request,
        "evaluation/program_settings.html",
        {
            "program": program,
            "form": form,
            "test_form": test_form,
            "test_questions": selectors.test_questions_list(program=program),
        },
        status=status,
    )


# --- ASN: surveys and tests ----------------------------------------------------------


@permission_required("evaluation.view_own_evaluations")
def my_evaluations(request):
    employee = employee_of(request.user)
    return render(
        request,
        "evaluation/my_evaluations.html",
        {
            "employee": employee,
            "invitations": selectors.invitations_for_employee(employee=employee) if employee else [],
            "tests": selectors.test_todos_for_employee(employee=employee) if employee else [],
            "now": timezone.now(),
        },
    )


@login_required
def survey(request, pk):
    invitation = _invitation(pk)
    check_perm(request.user, "evaluation.answer_survey", invitation)
    now = timezone.now()
    if invitation.responded_at is not None or now >= invitation.closes_at or now < invitation.opens_at:
        # Answered (one response per person), closed or not open yet: say so rather
        # than show a form whose sending could only fail. 409 for a repeated send.
        return render(
            request,
            "evaluation/survey.html",
            {"invitation": invitation, "form": None, "now": now},
            status=409 if request.method == "POST" and invitation.responded_at is not None else 200,
        )
    questions = list(invitation.questionnaire.questions.all())
    form_class = survey_form_class(questions)
    status = 200
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                services.survey_submit(invitation=invitation, user=request.user, answers=answers_from(form))
            except DjangoValidationError as exc:
                apply_errors(form, exc)
            except ApplicationError as exc:
                messages.error(request, exc.message)
                return redirect("evaluation:my")
            else:
                messages.success(request, _("Thank you! Your answers have been saved."))
                return redirect("evaluation:my")
        status = 400
    else:
        form = form_class()
    return render(request, "evaluation/survey.html", {"invitation": invitation, "form": form}, status=status)


def _invitation(pk):
    return or_404(selectors.invitation_get, pk=pk)


@login_required
def take_test(request, enrollment_pk, kind):
    from training.selectors import enrollment_get

    if kind not in TestAttempt.Kind.values:
        raise Http404
    enrollment = or_404(enrollment_get, pk=enrollment_pk)
    check_perm(request.user, "evaluation.take_test", enrollment)
    questions = services.prepost.test_questions_for(program=enrollment.session.program)
    form_class = test_form_class(questions)
    status = 200
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                attempt = services.test_submit(
                    enrollment=enrollment, kind=kind, user=request.user, answers=answers_from(form)
                )
            except DjangoValidationError as exc:
                apply_errors(form, exc)
            except ApplicationError as exc:
                messages.error(request, exc.message)
                return redirect("evaluation:my")
            else:
                messages.success(
                    request,
                    _("Your score: %(score)s (%(correct)d of %(total)d correct).")
                    % {"score": f"{attempt.score:.0f}", "correct": attempt.correct, "total": attempt.total},
                )
                return redirect("evaluation:my")
        status = 400
    else:
        reason = services.prepost.test_available(enrollment=enrollment, kind=kind)
        if reason:
            messages.error(request, reason)
            return redirect("evaluation:my")
        form = form_class()
    return render(
        request,
        "evaluation/test.html",
        {"enrollment": enrollment, "kind": kind, "kind_label": TestAttempt.Kind(kind).label, "form": form},
        status=status,
    )


# --- Supervisor follow-ups ----------------------------------------------------------


@permission_required("evaluation.view_follow_ups")
def follow_up_list(request):
    return render(
        request,
        "evaluation/follow_up_list.html",
        {"follow_ups": selectors.follow_ups_for_supervisor(user=request.user)},
    )


@login_required
def follow_up(request, pk):
    item = or_404(selectors.follow_up_get, pk=pk)
    check_perm(request.user, "evaluation.submit_follow_up", item)
    status = 200
    if request.method == "POST":
        form = FollowUpForm(request.POST)
        if form.is_valid():
            try:
                services.follow_up_submit(follow_up=item, user=request.user, **form.cleaned_data)
            except DjangoValidationError as exc:
                apply_errors(form, exc)
            except ApplicationError as exc:
                messages.error(request, exc.message)
                return redirect("evaluation:follow-ups")
            else:
                messages.success(request, _("Thank you, the follow-up has been saved."))
                return redirect("evaluation:follow-ups")
        status = 400
    else:
        form = FollowUpForm()
    action_plan = selectors.action_plan_for_enrollment(item.enrollment)
    return render(
        request,
        "evaluation/follow_up_form.html",
        {"item": item, "form": form, "action_plan": action_plan},
        status=status,
    )


# --- Session results (HR) -------------------------------------------------------------


@permission_required(HR_STAFF)
def session_results(request, pk):
    from training.selectors import session_get

    session = or_404(session_get, pk=pk)
    distribution = selectors.answer_distribution_for_session(session=session)
    return render(
        request,
        "evaluation/session_results.html",
        {
            "session": session,
            "distribution": presenters.question_rows(distribution),
            "suppressed": distribution["suppressed"],
            "responses_count": distribution["responses"],
            "min_group": rules.min_group_size(),
            "gains": selectors.participant_gains(session=session),
            "responses": selectors.session_responses(session=session),
        },
    )


# --- Reports (HR) ------------------------------------------------------------------------


@permission_required(HR_STAFF)
def report_list(request):
    form = ReportRequestForm()
    status = 200
    if request.method == "POST":
        form = ReportRequestForm(request.POST)
        if form.is_valid():
            try:
                run = services.report_request(
                    period_kind=form.cleaned_data["period_kind"], day=form.cleaned_data["day"], actor=request.user
                )
            except DjangoValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect("evaluation:run-detail", pk=run.pk)
        status = 400
    return render(
        request,
        "evaluation/report_list.html",
        {"reports": selectors.report_list(period_kind=request.GET.get("period") or None), "form": form},
        status=status,
    )


@permission_required(HR_STAFF)
def run_detail(request, pk):
    run = or_404(selectors.run_get, pk=pk)
    return render(request, "evaluation/run_detail.html", {"run": run, "report": run.report})


@require_GET
@never_cache
@permission_required(HR_STAFF)
def run_progress(request, pk):
    run = or_404(selectors.run_get, pk=pk)
    return JsonResponse(selectors.run_progress(run=run))


def _report_context(report, program_id=None):
    rows = list(selectors.report_rows(report=report, program_id=program_id))
    session_rows = list(selectors.report_rows(report=report, program_id=program_id, sessions=True))
    findings = list(selectors.report_findings(report=report, program_id=program_id))
    for finding in findings:
        finding.text = rules.describe(finding)
        finding.advice = rules.recommendation(finding)
    return {"rows": rows, "session_rows": session_rows, "findings": findings}


@permission_required(HR_STAFF)
def report_detail(request, pk):
    report = or_404(selectors.report_get, pk=pk)
    program_id = request.GET.get("program")
    program_id = int(program_id) if program_id and program_id.isdigit() else None
    context = _report_context(report, program_id)
    context.update(
        {
            "report": report,
            "program_id": program_id,
            "chart_dimensions": presenters.dimension_chart(context["rows"]),
            "decision_form": FindingDecisionForm(),
            "active_run": report.runs.filter(status__in=["queued", "running"]).first(),
        }
    )
    return render(request, "evaluation/report_detail.html", context)


@permission_required(HR_STAFF)
def report_export(request, pk, fmt):
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    report = or_404(selectors.report_get, pk=pk)
    program_id = request.GET.get("program")
    program_id = int(program_id) if program_id and program_id.isdigit() else None
    context = _report_context(report, program_id)
    sheets = presenters.report_tables(context)
    name = f"laporan-evaluasi-{report.period_kind}-{report.period_start:%Y-%m-%d}"
    if fmt == "xlsx":
        program = context["rows"][0].program if program_id and context["rows"] else None
        filters = presenters.report_filter_rows(report, program=program)
        return exports.xlsx_response(filename=name, sheets=sheets, filters=filters)
    return exports.pdf_response(
        filename=name, title=_("Program-revision report"), subtitle=str(report), sections=sheets
    )


@require_POST
@permission_required(HR_STAFF)
def finding_decide(request, pk):
    finding = or_404(selectors.finding_get, pk=pk)
    form = FindingDecisionForm(request.POST)
    target = reverse("evaluation:report-detail", args=[finding.run.report_id]) + f"#finding-{finding.pk}"
    if not form.is_valid():
        messages.error(request, _("Choose accept or reject."))
        return redirect(target)
    try:
        finding = services.finding_decide(
            finding=finding,
            actor=request.user,
            accept=form.cleaned_data["decision"] == "accept",
            note=form.cleaned_data["note"],
        )
    except DjangoValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if finding.revision_id:
            messages.success(
                request,
                _("Accepted: %(program)s is now at revision %(n)d.")
                % {"program": finding.program.title, "n": finding.revision.number},
            )
        else:
            messages.success(request, _("Recommendation rejected."))
    return redirect(target)


# --- Dashboard (administrators, HR) -------------------------------------------------------


def _dashboard(request):
    choices = {
        "org_units": dashboard_selectors.orgunit_choices(),
        "programs": dashboard_selectors.program_choices(),
        "categories": dashboard_selectors.category_choices(),
    }
    if request.GET:
        form = DashboardFilterForm(request.GET, **choices)
        if not form.is_valid():
            return form, None
        data = form.cleaned_data
    else:  # defaults: this year so far
        today = timezone.localdate()
        data = {"start": today.replace(month=1, day=1), "end": today}
        form = DashboardFilterForm(initial=data, **choices)
    filters = dashboard_selectors.DashboardFilters(
        start=data["start"],
        end=data["end"] + datetime.timedelta(days=1),
        org_unit=data.get("org_unit"),
        program=data.get("program"),
        category=data.get("category") or "",
    )
    data = selectors.dashboard_data(filters=filters)
    jp = data["kpis"]["jp"]
    if jp["refreshed_at"] is None and not jp_summary_exists(year=jp["year"]):
        # A year the JP summary never covered (e.g. an old one): built once, here (a second or two).
        jp_summary_refresh(year=jp["year"])
        data["kpis"]["jp"] = dashboard_selectors.jp_share(filters)
    if data["refreshed_at"] is None:
        # The dashboard's summary was never built (a new system): a worker builds
        # it; until then the figures are computed live (slower, never stale).
        evaluation_summary_queue()
        data = selectors.dashboard_data(filters=filters, live=True)
    return form, (filters, data)


@permission_required(HR_STAFF)
@replica_view
def dashboard(request):
    form, result = _dashboard(request)
    if result is None:
        return render(request, "evaluation/dashboard.html", {"form": form}, status=400)
    filters, data = result
    return render(
        request,
        "evaluation/dashboard.html",
        {
            "form": form,
            "data": data,
            "filters": filters,
            "charts": presenters.dashboard_charts(data),
            "query": request.GET.urlencode(),
        },
    )


@permission_required(HR_STAFF)
@replica_view
def dashboard_export(request, fmt):
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    form, result = _dashboard(request)
    if result is None:
        messages.error(request, _("Check the filters."))
        return redirect("evaluation:dashboard")
    filters, data = result
    sheets = presenters.dashboard_tables(data)
    name = f"dasbor-evaluasi-{filters.start:%Y%m%d}"
    if fmt == "xlsx":
        return exports.xlsx_response(filename=name, sheets=sheets, filters=presenters.dashboard_filter_rows(filters))
    return exports.pdf_response(
        filename=name,
        title=_("Training evaluation dashboard"),
        subtitle=f"{filters.start:%d-%m-%Y} – {filters.end - datetime.timedelta(days=1):%d-%m-%Y}",
        sections=sheets,
    )
