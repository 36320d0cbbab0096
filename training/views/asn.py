"""The ASN's own pages: enrol, cancel, my trainings, my JP, my calendar feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import permission_required
from accounts.selectors import employee_get
from asn_competency.common.errors import ApplicationError
from asn_competency.common.forms import flash_errors
from asn_competency.common.http import safe_next

from ..forms import CancelForm
from ..ical import employee_feed_token, employee_from_feed_token, sessions_to_ical
from ..selectors import (
    enrollment_get,
    enrollment_list_for_employee,
    jp_entries_for,
    jp_summary_for,
    session_get,
    session_list_for_employee,
)
from ..services import enrollment_cancel, enrollment_create
from .common import employee_or_none, or_404

ENROLL_MESSAGES = {
    "enrolled": gettext_lazy("You are enrolled. A confirmation is on its way by email."),
    "waitlisted": gettext_lazy(
        "The session is full: you are on the waiting list and will be enrolled automatically when a seat frees up."
    ),
    "pending_approval": gettext_lazy("Your request was sent to your supervisor for approval."),
}


SELF_SERVICE = "training.use_self_service"  # training/rules.py: needs an ASN profile


@permission_required(SELF_SERVICE)
@require_POST
def enroll(request, pk):
    session = or_404(session_get, pk=pk)
    employee = employee_or_none(request)
    try:
        enrollment = enrollment_create(session=session, employee=employee, actor=request.user)
    except ApplicationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, str(ENROLL_MESSAGES[enrollment.status]))
    return redirect(session.get_absolute_url())


@login_required
@require_POST
def cancel(request, pk):
    enrollment = or_404(enrollment_get, pk=pk)
    form = CancelForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        enrollment_cancel(enrollment=enrollment, actor=request.user, note=note)
    except ApplicationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Your enrolment was cancelled."))
    return redirect(safe_next(request, "training:my-enrollments"))


@permission_required(SELF_SERVICE)
@require_GET
def my_enrollments(request):
    employee = employee_or_none(request)
    enrollments = enrollment_list_for_employee(employee=employee)
    now = timezone.now()
    upcoming = [e for e in enrollments if e.session.end >= now]
    past = [e for e in enrollments if e.session.end < now]
    feed_url = request.build_absolute_uri(reverse("training:my-ical", args=[employee_feed_token(employee.pk)]))
    return render(
        request, "training/my_enrollments.html", {"upcoming": upcoming, "past": past, "feed_url": feed_url, "now": now}
    )


@permission_required(SELF_SERVICE)
@require_GET
def my_jp(request):
    employee = employee_or_none(request)
    try:
        year = int(request.GET.get("year", timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    summary = jp_summary_for(employee=employee, year=year)
    entries = jp_entries_for(employee=employee, year=year)
    chart = {
        "labels": [str(_("Earned")), str(_("Still needed"))],
        "datasets": [
            {"data": [float(summary["total"]), float(summary["remaining"])], "backgroundColor": ["#198754", "#dee2e6"]}
        ],
    }
    return render(
        request,
        "training/my_jp.html",
        {
            "employee": employee,
            "summary": summary,
            "entries": entries,
            "year": year,
            "chart_data": chart,
            "this_year": timezone.localdate().year,
        },
    )


@require_GET
def my_ical(request, token):
    employee_id = employee_from_feed_token(token)
    if employee_id is None:
        raise Http404
    employee = or_404(employee_get, pk=employee_id)
    body = sessions_to_ical(
        session_list_for_employee(employee=employee),
        name=str(_("My trainings")) + f" - {employee.full_name}",
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
