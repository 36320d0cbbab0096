"""Pages of the workshops app: catalogue by topic, workshop detail, action plans."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.permissions import permission_required
from accounts.rules import employee_of
from asn_competency.common.errors import ApplicationError
from asn_competency.common.forms import apply_errors
from asn_competency.common.shortcuts import or_404
from training.selectors import trainer_list

from . import selectors, services
from .forms import ActionPlanForm, AgendaFormSet, WorkshopDetailsForm
from .models import Topic


@require_GET
def catalog(request):
    topic = request.GET.get("topic") or None
    if topic not in Topic.values:
        topic = None
    sessions = selectors.workshop_sessions_upcoming(topic=topic)
    return render(
        request,
        "workshops/catalog.html",
        {"sessions": sessions, "topics": Topic.choices, "topic": topic, "topic_labels": dict(Topic.choices)},
    )


@require_GET
def detail(request, code):
    program = or_404(selectors.workshop_get, code=code)
    workshop = getattr(program, "workshop", None)
    return render(request, "workshops/detail.html", {"program": program, "workshop": workshop})


@permission_required("workshops.plan_actions")
@require_GET
def my_plans(request):
    employee = employee_of(request.user)
    enrollments = selectors.workshop_enrollments_for(employee=employee)
    rows = [(e, services.action_plan_problem(e)) for e in enrollments]
    return render(request, "workshops/my_plans.html", {"rows": rows, "employee": employee})


@permission_required("workshops.plan_actions")
def action_plan(request, enrollment_id):
    employee = employee_of(request.user)
    # Someone else's enrolment: not found, not forbidden.
    enrollment = or_404(selectors.enrollment_for_plan, pk=enrollment_id, employee=employee)
    plan = selectors.action_plan_for(enrollment=enrollment)
    problem = services.action_plan_problem(enrollment)
    form = ActionPlanForm(request.POST or None, initial=ActionPlanForm.initial_for(plan))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.action_plan_submit(enrollment=enrollment, actions=form.actions())
            except (ValidationError, ApplicationError) as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Your action plan was saved. Your supervisor will ask about it later."))
                return redirect("workshops:action-plan", enrollment_id=enrollment.pk)
        status = 400
    return render(
        request,
        "workshops/action_plan.html",
        {"enrollment": enrollment, "plan": plan, "form": form, "problem": problem},
        status=status,
    )


# --- HR -------------------------------------------------------------------------------------

MANAGE_WORKSHOPS = "workshops.manage_workshops"  # workshops/rules.py


@permission_required(MANAGE_WORKSHOPS)
@require_GET
def hr_list(request):
    return render(request, "workshops/hr_list.html", {"programs": selectors.workshop_programs_for_hr()})


@permission_required(MANAGE_WORKSHOPS)
def hr_edit(request, code):
    program = or_404(selectors.workshop_program_get, code=code)
    workshop = getattr(program, "workshop", None)
    initial, agenda_initial = {}, []
    if workshop is not None:
        initial = {
            "topic": workshop.topic,
            "facilitator": workshop.facilitator_id,
            "action_plan_prompt": workshop.action_plan_prompt,
        }
        agenda_initial = [
            {f: getattr(item, f) for f in ("day", "start_time", "end_time", "title", "description")}
            for item in workshop.agenda.all()
        ]
    form = WorkshopDetailsForm(request.POST or None, initial=initial, trainers=trainer_list())
    formset = AgendaFormSet(request.POST or None, initial=agenda_initial, prefix="agenda")
    status = 200
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            rows = [
                {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                services.workshop_details_save(program=program, agenda=rows, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The workshop details were saved."))
                return redirect("workshops:hr-edit", code=program.code)
        status = 400
    return render(
        request,
        "workshops/hr_edit.html",
        {
            "program": program,
            "form": form,
            "formset": formset,
            "sessions": selectors.workshop_sessions_for_hr(program=program),
        },
        status=status,
    )


@permission_required(MANAGE_WORKSHOPS)
@require_GET
def hr_session_plans(request, pk):
    session, enrollments = or_404(selectors.session_action_plans, session_id=pk)
    return render(request, "workshops/hr_session_plans.html", {"session": session, "enrollments": enrollments})
