"""Supervisors approve or reject their staff's enrolment requests."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import permission_required, user_can
from asn_competency.common.errors import ApplicationError
from asn_competency.common.forms import flash_errors

from ..forms import RejectForm
from ..selectors import enrollment_get, enrollment_list_pending_for_supervisor
from ..services import enrollment_approve, enrollment_reject
from .common import or_404


@permission_required("training.view_approvals")
@require_GET
def approvals(request):
    is_hr = user_can(request.user, "training.manage_sessions")
    pending = enrollment_list_pending_for_supervisor(user=request.user, all_for_hr=is_hr)
    return render(request, "training/approvals.html", {"pending": pending, "is_hr": is_hr, "reject_form": RejectForm()})


@permission_required("training.view_approvals")
@require_POST
def decide(request, pk, decision):
    enrollment = or_404(enrollment_get, pk=pk)
    try:
        if decision == "approve":
            enrollment_approve(enrollment=enrollment, actor=request.user)
            messages.success(request, _("Approved: %(name)s.") % {"name": enrollment.employee.full_name})
        else:
            form = RejectForm(request.POST)
            note = form.cleaned_data["note"] if form.is_valid() else ""
            enrollment_reject(enrollment=enrollment, actor=request.user, note=note)
            messages.success(request, _("Rejected: %(name)s.") % {"name": enrollment.employee.full_name})
    except ApplicationError as exc:
        flash_errors(request, exc)
    return redirect("training:approvals")
