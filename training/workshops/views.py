"""Pages of the workshops app: catalogue by topic, workshop detail, action plans."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.selectors import employee_for_user
from asn_competency.common.errors import ApplicationError

from . import selectors, services
from .forms import ActionPlanForm
from .models import Topic


@require_GET
def catalog(request):
    topic = request.GET.get("topic") or None
    if topic not in Topic.values:
        topic = None
    sessions = selectors.workshop_sessions_upcoming(topic=topic)
    return render(
        request,
        "training/workshops/catalog.html",
        {"sessions": sessions, "topics": Topic.choices, "topic": topic, "topic_labels": dict(Topic.choices)},
    )


@require_GET
def detail(request, code):
    try:
        program = selectors.workshop_get(code=code)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    workshop = getattr(program, "workshop", None)
    return render(request, "training/workshops/detail.html", {"program": program, "workshop": workshop})


@login_required
@require_GET
def my_plans(request):
    employee = employee_for_user(user=request.user)
    enrollments = selectors.workshop_enrollments_for(employee=employee) if employee else []
    rows = [(e, services.action_plan_problem(e)) for e in enrollments]
    return render(request, "training/workshops/my_plans.html", {"rows": rows, "employee": employee})


@login_required
def action_plan(request, enrollment_id):
    employee = employee_for_user(user=request.user)
    if employee is None:
        raise Http404
    try:
        enrollment = selectors.enrollment_for_plan(pk=enrollment_id, employee=employee)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc  # someone else's enrolment: not found, not forbidden
    plan = selectors.action_plan_for(enrollment=enrollment)
    problem = services.action_plan_problem(enrollment)
    form = ActionPlanForm(request.POST or None, initial=ActionPlanForm.initial_for(plan))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.action_plan_submit(enrollment=enrollment, actions=form.actions(), actor=request.user)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Your action plan was saved. Your supervisor will ask about it later."))
                return redirect("workshops:action-plan", enrollment_id=enrollment.pk)
        status = 400
    return render(
        request,
        "training/workshops/action_plan.html",
        {"enrollment": enrollment, "plan": plan, "form": form, "problem": problem},
        status=status,
    )
