"""Pages of the tutorials app: catalogue, tutorials for ASN, HR authoring, readiness."""

from contextlib import suppress
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import permission_required, user_can
from accounts.rules import employee_of
from asn_competency.common.downloads import workbook_bytes, xlsx_attachment
from asn_competency.common.errors import ApplicationError
from asn_competency.common.forms import apply_errors, error_messages, flash_errors
from asn_competency.common.http import safe_next
from asn_competency.common.ratelimit import limited
from asn_competency.common.shortcuts import or_404

from . import selectors, services
from .forms import (
    ApplicationForm,
    OutdatedForm,
    QuestionForm,
    QuizForm,
    StepForm,
    StuckForm,
    TutorialForm,
    VersionForm,
)
from .markdown import render_markdown
from .models import EgovApplication, QuizQuestion, Tutorial, TutorialStep

MANAGE_TUTORIALS = "tutorials.manage_tutorials"  # tutorials/rules.py


def employee_required(view):
    """ASN pages (`tutorials.learn`: progress belongs to the ASN profile); the view
    finds the profile as `request.employee`."""

    @wraps(view)
    @permission_required("tutorials.learn")
    def wrapped(request, *args, **kwargs):
        request.employee = employee_of(request.user)
        return view(request, *args, **kwargs)

    return wrapped


# --- Catalogue and ASN pages -----------------------------------------------------------


@login_required
@require_GET
def app_list(request):
    search = request.GET.get("q", "").strip()
    apps = selectors.application_list(search=search or None)
    return render(request, "tutorials/app_list.html", {"applications": apps, "q": search})


@login_required
@require_GET
def app_detail(request, code):
    application = or_404(selectors.application_get, code=code)
    employee = employee_of(request.user)
    tutorials = selectors.tutorial_list_for_application(application=application, employee=employee)
    return render(
        request,
        "tutorials/app_detail.html",
        {
            "application": application,
            "tutorials": tutorials,
            "employee": employee,
            "is_hr": user_can(request.user, "tutorials.manage_tutorials"),
        },
    )


@login_required
@require_GET
def tutorial_detail(request, pk):
    tutorial = or_404(selectors.tutorial_get, pk=pk)
    employee = employee_of(request.user)
    progress = selectors.progress_for(employee=employee, tutorial=tutorial)
    resume = selectors.resume_position(tutorial=tutorial, progress=progress)
    steps = list(tutorial.steps.all())
    done = progress.done_step_ids if progress else set()
    return render(
        request,
        "tutorials/tutorial_detail.html",
        {
            "tutorial": tutorial,
            "steps": steps,
            "progress": progress,
            "done_ids": done,
            "done_count": len(done),
            "percent": round(100 * len(done) / len(steps)) if steps else 0,
            "resume": resume,
            "employee": employee,
        },
    )


@employee_required
@require_GET
def tutorial_resume(request, pk):
    tutorial = or_404(selectors.tutorial_get, pk=pk)
    progress = selectors.progress_for(employee=request.employee, tutorial=tutorial)
    position = selectors.resume_position(tutorial=tutorial, progress=progress)
    if position is None:
        return redirect("tutorials:quiz", pk=tutorial.pk)
    return redirect("tutorials:step", pk=tutorial.pk, position=position)


@employee_required
def step_view(request, pk, position):
    tutorial = or_404(selectors.tutorial_get, pk=pk)
    steps = list(tutorial.steps.all())
    step = next((s for s in steps if s.position == position), None)
    if step is None:
        raise Http404
    if request.method == "POST":
        services.step_complete(employee=request.employee, step=step)
        following = next((s for s in steps if s.position > position), None)
        if following is not None:
            return redirect("tutorials:step", pk=tutorial.pk, position=following.position)
        return redirect("tutorials:resume", pk=tutorial.pk)
    progress = selectors.progress_for(employee=request.employee, tutorial=tutorial)
    done = progress.done_step_ids if progress else set()
    index = steps.index(step)
    return render(
        request,
        "tutorials/step.html",
        {
            "tutorial": tutorial,
            "step": step,
            "steps": steps,
            "done_ids": done,
            "is_done": step.pk in done,
            "previous": steps[index - 1] if index > 0 else None,
            "next_step": steps[index + 1] if index + 1 < len(steps) else None,
            "number": index + 1,
            "percent": round(100 * len(done) / len(steps)),
        },
    )


@employee_required
def quiz(request, pk):
    tutorial = or_404(selectors.tutorial_get_for_quiz, pk=pk)
    form = QuizForm(request.POST or None, tutorial=tutorial)
    attempt = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                attempt = services.quiz_submit(
                    employee=request.employee, tutorial=tutorial, answers=form.answers(), actor=request.user
                )
            except (ValidationError, ApplicationError) as exc:
                apply_errors(form, exc)
        if attempt is None:
            status = 400
    progress = selectors.progress_for(employee=request.employee, tutorial=tutorial)
    remaining = selectors.steps_remaining(tutorial=tutorial, progress=progress)
    return render(
        request,
        "tutorials/quiz.html",
        {"tutorial": tutorial, "form": form, "attempt": attempt, "progress": progress, "remaining": remaining},
        status=status,
    )


@employee_required
@require_GET
def my_progress(request):
    rows = selectors.my_progress(employee=request.employee)
    return render(request, "tutorials/my_progress.html", {"rows": rows})


def _stuck_limited(request) -> bool:
    """Counts this report against the account's limit (TUTORIALS_STUCK_RATE_LIMIT)."""
    return limited(
        request, group="tutorials.stuck", rate=settings.TUTORIALS_STUCK_RATE_LIMIT, key="account", method="POST"
    )


@employee_required
def stuck_report(request, code):
    application = or_404(selectors.application_get, code=code)
    step = None
    step_id = request.GET.get("step") or request.POST.get("step")
    if step_id:
        try:
            step = selectors.step_get_by_id(pk=int(step_id))
        except (ValueError, ObjectDoesNotExist) as exc:
            raise Http404 from exc
    form = StuckForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and _stuck_limited(request):
        form.is_valid()  # keep what was typed on the page
        form.add_error(None, _("You have sent many reports in a short time. Please try again later."))
        status = 429
    elif request.method == "POST":
        if form.is_valid():
            try:
                services.stuck_report_create(
                    employee=request.employee,
                    application=application,
                    step=step,
                    what_tried=form.cleaned_data["what_tried"],
                    what_happened=form.cleaned_data["what_happened"],
                    screenshot=form.cleaned_data.get("screenshot"),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Thank you. HR has received your report and will look into it."))
                if step is not None:
                    return redirect(step.get_absolute_url())
                return redirect(application.get_absolute_url())
        status = 400
    return render(
        request,
        "tutorials/stuck_form.html",
        {"application": application, "step": step, "form": form},
        status=status,
    )


# --- Readiness -------------------------------------------------------------------------


@permission_required(MANAGE_TUTORIALS)
@require_GET
def readiness(request):
    rows = list(selectors.readiness_overview())
    for app in rows:  # one row per application, figures already aggregated in SQL
        app.percent = round(100 * app.ready_count / app.audience_count) if app.audience_count else 0
    chart = {
        "labels": [a.name for a in rows],
        "datasets": [{"label": _("Ready (%)"), "data": [a.percent for a in rows], "backgroundColor": "#198754"}],
    }
    return render(request, "tutorials/readiness.html", {"applications": rows, "chart_data": chart})


@permission_required(MANAGE_TUTORIALS)
@require_GET
def readiness_app(request, code):
    application = or_404(selectors.application_get, code=code)
    units = selectors.readiness_by_unit(application=application)
    totals = {
        "audience": sum(u["audience"] for u in units),
        "ready": sum(u["ready"] for u in units),
        "ready_current": sum(u["ready_current"] for u in units),
    }
    totals["percent"] = round(100 * totals["ready"] / totals["audience"]) if totals["audience"] else 0
    chart = {
        "labels": [u["org_unit__short_name"] or u["org_unit__name"] for u in units],
        "datasets": [
            {"label": _("Ready"), "data": [u["ready"] for u in units], "backgroundColor": "#198754"},
            {
                "label": _("Not ready yet"),
                "data": [u["audience"] - u["ready"] for u in units],
                "backgroundColor": "#dee2e6",
            },
        ],
    }
    options = {"indexAxis": "y", "scales": {"x": {"stacked": True}, "y": {"stacked": True}}}
    return render(
        request,
        "tutorials/readiness_app.html",
        {
            "application": application,
            "units": units,
            "totals": totals,
            "chart_data": chart,
            "chart_options": options,
            "chart_height": max(240, 28 * len(units)),
        },
    )


# --- HR authoring --------------------------------------------------------------------------


@permission_required(MANAGE_TUTORIALS)
@require_GET
def manage(request):
    return render(
        request,
        "tutorials/manage.html",
        {
            "tutorials": selectors.tutorial_list_manage(),
            "applications": selectors.application_list(active_only=False),
        },
    )


@permission_required(MANAGE_TUTORIALS)
def app_edit(request, code=None):
    application = or_404(selectors.application_get, code=code, active_only=False) if code else EgovApplication()
    form = ApplicationForm(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_save(
                application=form.instance,
                position_kinds=form.cleaned_data["position_kinds"],
                units=form.cleaned_data["units"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The application was saved."))
            return redirect("tutorials:manage")
    return render(
        request,
        "tutorials/manage_app_form.html",
        {"form": form, "application": application},
        status=400 if form.errors else 200,
    )


@permission_required(MANAGE_TUTORIALS)
def app_version(request, code):
    application = or_404(selectors.application_get, code=code, active_only=False)
    form = VersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_version_set(application=application, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(app)s is now at version %(version)s. Check which tutorials are outdated.")
                % {"app": application.name, "version": application.current_version},
            )
            return redirect("tutorials:app-version", code=application.code)
    return render(
        request,
        "tutorials/manage_version.html",
        {
            "application": application,
            "form": form,
            "to_review": selectors.tutorials_to_review(application=application),
            "outdated_form": OutdatedForm(),
        },
        status=400 if form.errors else 200,
    )


@permission_required(MANAGE_TUTORIALS)
def tutorial_edit(request, pk=None):
    if pk:
        tutorial = or_404(selectors.tutorial_get_manage, pk=pk)
    else:
        tutorial = Tutorial()
        code = request.GET.get("app")
        if code:
            with suppress(ObjectDoesNotExist):
                tutorial.application = selectors.application_get(code=code, active_only=False)
    form = TutorialForm(request.POST or None, instance=tutorial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.tutorial_save(tutorial=form.instance, actor=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The tutorial was saved."))
            return redirect("tutorials:manage-tutorial", pk=saved.pk)
    context = {"form": form, "tutorial": tutorial if tutorial.pk else None, "outdated_form": OutdatedForm()}
    return render(request, "tutorials/manage_tutorial.html", context, status=400 if form.errors else 200)


@permission_required(MANAGE_TUTORIALS)
@require_POST
def tutorial_status(request, pk):
    tutorial = or_404(selectors.tutorial_get_manage, pk=pk)
    try:
        services.tutorial_set_status(tutorial=tutorial, status=request.POST.get("status", ""))
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Status changed to %(status)s.") % {"status": tutorial.get_status_display()})
    return redirect("tutorials:manage-tutorial", pk=tutorial.pk)


@permission_required(MANAGE_TUTORIALS)
@require_POST
def tutorial_outdated(request, pk):
    tutorial = or_404(selectors.tutorial_get_manage, pk=pk)
    if request.POST.get("action") == "current":
        services.tutorial_mark_current(tutorial=tutorial, actor=request.user)
        messages.success(request, _("The tutorial is marked as up to date with the current version."))
    else:
        form = OutdatedForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(form.errors.get("note") or _("Say what is outdated."))
            services.tutorial_mark_outdated(tutorial=tutorial, note=form.cleaned_data["note"], actor=request.user)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.warning(request, _("The tutorial is marked outdated; ASN now see the notice."))
    return redirect(safe_next(request, "tutorials:manage-tutorial", tutorial.pk))


def _steps_partial(request, tutorial_id):
    tutorial = selectors.tutorial_get_manage(pk=tutorial_id)
    return render(request, "tutorials/partials/manage_steps.html", {"tutorial": tutorial})


@permission_required(MANAGE_TUTORIALS)
def step_edit(request, pk=None, tutorial_pk=None):
    if pk:
        step = or_404(selectors.step_get_by_id, pk=pk)
        tutorial = step.tutorial
    else:
        tutorial = or_404(selectors.tutorial_get_manage, pk=tutorial_pk)
        step = TutorialStep(tutorial=tutorial)
    form = StepForm(
        request.POST or None, request.FILES or None, instance=step, preview_url=reverse("tutorials:preview")
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.step_save(step=form.instance)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The step was saved."))
            return redirect("tutorials:manage-tutorial", pk=tutorial.pk)
    return render(
        request,
        "tutorials/manage_step.html",
        {"form": form, "step": step, "tutorial": tutorial},
        status=400 if form.errors else 200,
    )


@permission_required(MANAGE_TUTORIALS)
@require_POST
def step_move(request, pk):
    step = or_404(selectors.step_get_by_id, pk=pk)
    try:
        services.step_move(step=step, direction=request.POST.get("direction", ""))
    except ValidationError as exc:
        return HttpResponse(" ".join(error_messages(exc)), status=400)
    if request.htmx:
        return _steps_partial(request, step.tutorial_id)
    return redirect("tutorials:manage-tutorial", pk=step.tutorial_id)


@permission_required(MANAGE_TUTORIALS)
@require_POST
def step_delete(request, pk):
    step = or_404(selectors.step_get_by_id, pk=pk)
    services.step_delete(step=step)
    messages.success(request, _("The step was deleted."))
    return redirect("tutorials:manage-tutorial", pk=step.tutorial_id)


@permission_required(MANAGE_TUTORIALS)
@require_POST
def preview(request):
    """Live preview while HR types: the same sanitised rendering ASN will see."""
    return render(request, "tutorials/partials/preview.html", {"html": render_markdown(request.POST.get("body", ""))})


@permission_required(MANAGE_TUTORIALS)
def question_edit(request, pk=None, tutorial_pk=None):
    if pk:
        question = or_404(selectors.question_get, pk=pk)
        tutorial = question.tutorial
        initial = QuestionForm.initial_for(question)
    else:
        tutorial = or_404(selectors.tutorial_get_manage, pk=tutorial_pk)
        question = QuizQuestion(tutorial=tutorial)
        initial = None
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        question.text = form.cleaned_data["text"]
        try:
            services.question_save(question=question, choices=form.choices())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The question was saved."))
            return redirect("tutorials:manage-tutorial", pk=tutorial.pk)
    return render(
        request,
        "tutorials/manage_question.html",
        {"form": form, "question": question, "tutorial": tutorial},
        status=400 if form.errors else 200,
    )


@permission_required(MANAGE_TUTORIALS)
@require_POST
def question_delete(request, pk):
    question = or_404(selectors.question_get, pk=pk)
    try:
        services.question_delete(question=question)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The question was deleted."))
    return redirect("tutorials:manage-tutorial", pk=question.tutorial_id)


@permission_required(MANAGE_TUTORIALS)
@require_GET
def stuck_reports(request):
    code = request.GET.get("app") or None
    step = None
    reports = None
    if code and request.GET.get("step"):
        try:
            step = selectors.step_get_by_id(pk=int(request.GET["step"]))
        except (ValueError, ObjectDoesNotExist) as exc:
            raise Http404 from exc
    if code and (step or request.GET.get("detail")):
        reports = selectors.stuck_reports_for(application_code=code, step=step)[:200]
    groups = selectors.stuck_reports_grouped(application_code=code)
    return render(
        request,
        "tutorials/stuck_reports.html",
        {"groups": groups, "reports": reports, "step": step, "app_code": code},
    )


@permission_required(MANAGE_TUTORIALS)
@require_POST
def stuck_report_status(request, pk):
    report = or_404(selectors.stuck_report_get, pk=pk)
    try:
        services.stuck_report_set_status(
            report=report, status=request.POST.get("status", ""), hr_note=request.POST.get("hr_note", "")
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The report status was updated."))
    return redirect(safe_next(request, "tutorials:stuck-reports"))


@permission_required(MANAGE_TUTORIALS)
@require_GET
def readiness_app_export(request, code):
    """The per-unit readiness of one application as an Excel workbook."""
    from openpyxl import Workbook

    application = or_404(selectors.application_get, code=code)
    units = selectors.readiness_by_unit(application=application)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Readiness")[:31]
    sheet.append([application.name, _("version %(version)s") % {"version": application.current_version}])
    sheet.append([_("Unit"), _("Must use it"), _("Ready"), _("On a current tutorial"), _("Ready (%)")])
    for u in units:
        sheet.append([u["org_unit__name"], u["audience"], u["ready"], u["ready_current"], u["percent"]])
    sheet.column_dimensions["A"].width = 60
    return xlsx_attachment(workbook_bytes(book), filename=f"kesiapan-{application.code}.xlsx")
