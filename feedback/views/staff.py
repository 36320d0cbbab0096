"""The staff desk: unit officers and BKPSDM handle citizen feedback; kiosks; tag reports."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import permission_required, user_can
from asn_competency.common.errors import ApplicationError
from asn_competency.common.forms import apply_errors
from asn_competency.common.shortcuts import paginate_segments

from .. import selectors, services
from ..forms import (
    ActionForm,
    KioskForm,
    StaffFilterForm,
    TagForm,
)
from ..models import Feedback, KioskDevice
from .common import A, period_from_request


@permission_required("feedback.view_inbox")
@require_GET
def staff_list(request):
    is_central = user_can(request.user, "feedback.manage_feedback")
    form = StaffFilterForm(request.GET or None, show_unit=is_central)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "status": data.get("status", ""),
            "kind": data.get("kind", ""),
            "unit": data.get("unit"),
            "overdue": data.get("overdue", False),
            "query": data.get("q", ""),
        }
    page = paginate_segments(request, selectors.feedback_list_segments(user=request.user, **filters), per_page=25)
    own_unit = selectors.officer_unit(user=request.user) if not is_central else None
    start, end = selectors.default_period()
    context = {
        "form": form,
        "page": page,
        "counts": selectors.feedback_status_counts(user=request.user),
        "is_central": is_central,
        "own_unit": own_unit,
        # The unit's (or, for BKPSDM, the city's) IKM of the last twelve months, from the cache.
        "ikm": selectors.ikm_cached(unit=own_unit, start=start, end=end),
        "querystring": request.GET.urlencode().replace("page=", "_p="),
    }
    context["ikm_computed_at"] = datetime.datetime.fromisoformat(context["ikm"]["computed_at"])  # how fresh
    summary_at = context["ikm"].get("summary_at")
    context["ikm_summary_at"] = datetime.datetime.fromisoformat(summary_at) if summary_at else None
    return render(request, "feedback/staff/list.html", context)


def _staff_feedback(request, pk):
    try:
        return selectors.feedback_get_for_staff(user=request.user, pk=pk)
    except Feedback.DoesNotExist:
        raise Http404(_("No feedback with this number in your unit.")) from None


def _run_action(request, feedback, form):
    data = form.cleaned_data
    action, text = data["action"], data.get("text", "")
    if action == A.VERIFIED:
        services.feedback_verify(feedback=feedback, user=request.user, note=text)
        return _("Feedback verified.")
    if action == A.REJECTED:
        services.feedback_reject(feedback=feedback, user=request.user, reason=text)
        return _("Feedback rejected; the reason is shown to the citizen.")
    if action == A.FORWARDED:
        services.feedback_forward(feedback=feedback, user=request.user, unit=data["unit"], note=text)
        return _("Feedback forwarded.")
    if action == A.RESPONDED:
        services.feedback_respond(feedback=feedback, user=request.user, text=text)
        return _("Reply published on the tracking page.")
    if action == A.CLOSED:
        services.feedback_close(feedback=feedback, user=request.user, note=text)
        return _("Feedback closed.")
    if action == A.NOTE:
        services.feedback_add_note(feedback=feedback, user=request.user, note=text)
        return _("Note added.")
    raise ValidationError(_("Unknown action."))


@permission_required("feedback.view_inbox")
@require_http_methods(["GET", "POST"])
def staff_detail(request, pk):
    feedback = _staff_feedback(request, pk)
    status = 200
    action_form = ActionForm()
    if request.method == "POST":
        action_form = ActionForm(request.POST)
        if action_form.is_valid():
            try:
                message = _run_action(request, feedback, action_form)
            except ValidationError as exc:
                for field, errors in getattr(exc, "message_dict", {None: exc.messages}).items():
                    for error in errors:
                        action_form.add_error("text" if field in ("reason", "text", "note") else None, error)
                status = 400
            except ApplicationError as exc:
                action_form.add_error(None, exc.message)
                status = exc.status
            except PermissionDenied:
                raise
            else:
                messages.success(request, message)
                return redirect("feedback:staff-detail", pk=feedback.pk)
        else:
            status = 400
    is_hr = user_can(request.user, "feedback.manage_feedback")
    context = {
        "feedback": feedback,
        "action_form": action_form,
        "allowed": services.feedback_allowed_actions(user=request.user, feedback=feedback),
        "tag_form": TagForm(
            initial={"competencies": list(feedback.competencies.all()), "programs": list(feedback.programs.all())}
        )
        if is_hr
        else None,
        "today": timezone.localdate(),
    }
    return render(request, "feedback/staff/detail.html", context, status=status)


@permission_required("feedback.manage_feedback")
@require_POST
def staff_tag(request, pk):
    feedback = _staff_feedback(request, pk)
    form = TagForm(request.POST)
    if form.is_valid():
        services.feedback_tag(
            feedback=feedback,
            user=request.user,
            competencies=form.cleaned_data["competencies"],
            programs=form.cleaned_data["programs"],
        )
        messages.success(request, _("Tags saved."))
    else:
        messages.error(request, _("The tags could not be saved: choose from the lists."))
    return redirect("feedback:staff-detail", pk=feedback.pk)


@permission_required("feedback.manage_feedback")
@require_GET
def staff_tag_report(request):
    """What citizens' feedback says about competencies and training programs (for program revision)."""
    start, end, period_error = period_from_request(request)
    by_competency = selectors.feedback_counts(by="competency", start=start, end=end)
    by_program = selectors.feedback_counts(by="program", start=start, end=end)
    top = by_competency[:10]
    chart = {
        "labels": [row["code"] for row in top],
        "datasets": [
            {"label": _("Complaints"), "data": [row["complaints"] for row in top], "backgroundColor": "#dc3545"},
            {"label": _("Suggestions"), "data": [row["suggestions"] for row in top], "backgroundColor": "#0d6efd"},
            {"label": _("Compliments"), "data": [row["compliments"] for row in top], "backgroundColor": "#198754"},
        ],
    }
    context = {
        "start": start,
        "end": end,
        "period_error": period_error,
        "by_competency": by_competency,
        "by_program": by_program,
        "chart": chart,
        "chart_options": {"scales": {"x": {"stacked": True}, "y": {"stacked": True, "beginAtZero": True}}},
    }
    return render(request, "feedback/staff/tags.html", context)


def _issued(request, device, code) -> dict:
    return {"device": device, "code": code, "pair_url": request.build_absolute_uri(reverse("feedback:kiosk-pair"))}


@permission_required("feedback.manage_feedback")
@require_http_methods(["GET", "POST"])
def kiosk_manage(request):
    form = KioskForm(request.POST or None)
    issued = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                device, code = services.kiosk_create(
                    name=form.cleaned_data["name"],
                    unit=form.cleaned_data["unit"],
                    service=form.cleaned_data.get("service"),
                    issued_by=request.user,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
                status = 400
            else:
                issued = _issued(request, device, code)
                form = KioskForm()
        else:
            status = 400
    context = {"form": form, "devices": selectors.kiosk_list(), "issued": issued}
    return render(request, "feedback/staff/kiosks.html", context, status=status)


@permission_required("feedback.manage_feedback")
@require_POST
def kiosk_revoke(request, pk):
    try:
        device = selectors.kiosk_get(pk=pk)
    except KioskDevice.DoesNotExist:
        raise Http404 from None
    services.kiosk_revoke(device=device)
    messages.success(
        request, _("Kiosk “%(name)s” revoked; the tablet no longer sends feedback.") % {"name": device.name}
    )
    return redirect("feedback:kiosks")


@permission_required("feedback.manage_feedback")
@require_POST
def kiosk_pairing_new(request, pk):
    """A new one-time pairing code for a kiosk (a replaced or reset tablet)."""
    try:
        device = selectors.kiosk_get(pk=pk)
    except KioskDevice.DoesNotExist:
        raise Http404 from None
    try:
        code = services.kiosk_pairing_issue(device=device)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("feedback:kiosks")
    context = {"form": KioskForm(), "devices": selectors.kiosk_list(), "issued": _issued(request, device, code)}
    return render(request, "feedback/staff/kiosks.html", context)
