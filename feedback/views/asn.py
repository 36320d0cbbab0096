"""ASN reports: training feedback and difficulties with e-government applications."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.permissions import permission_required
from accounts.rules import employee_of
from asn_competency.common.forms import apply_errors

from .. import selectors, services
from ..forms import (
    AsnReportForm,
    AsnReportStatusForm,
)
from ..models import AsnReport


@permission_required("feedback.report_difficulty")
@require_http_methods(["GET", "POST"])
def asn_report_create(request):
    employee = employee_of(request.user)
    initial = {
        "kind": request.GET.get("kind") or AsnReport.Kind.APP_DIFFICULTY,
        "egov_app_code": request.GET.get("app", ""),
        "subject": request.GET.get("subject", ""),
    }
    form = AsnReportForm(request.POST or None, request.FILES or None, initial=initial)
    subject_ref = (request.POST or request.GET).get("subject", "")
    subject = services.asn_subject_resolve(ref=subject_ref) if subject_ref else None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.asn_report_create(
                    reporter=employee,
                    kind=data["kind"],
                    subject=subject or data.get("program"),
                    egov_app_code=data.get("egov_app_code", ""),
                    rating=data.get("rating"),
                    what_tried=data.get("what_tried", ""),
                    what_happened=data["what_happened"],
                    screenshot=data.get("screenshot"),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("Thank you. BKPSDM has received your report."))
                return redirect("feedback:asn-mine")
        else:
            status = 400
    context = {"form": form, "subject": subject, "apps": selectors.egov_app_choices()}
    return render(request, "feedback/asn/report_form.html", context, status=status)


@permission_required("feedback.report_difficulty")
@require_GET
def asn_report_mine(request):
    employee = employee_of(request.user)
    reports = selectors.asn_report_list(reporter=employee)[:100]
    return render(request, "feedback/asn/mine.html", {"reports": reports})


@permission_required("feedback.manage_feedback")
@require_http_methods(["GET", "POST"])
def asn_report_summary(request):
    if request.method == "POST":
        form = AsnReportStatusForm(request.POST)
        try:
            report = selectors.asn_report_get(pk=int(request.POST.get("report", "0")))
        except (AsnReport.DoesNotExist, ValueError):
            raise Http404 from None
        if form.is_valid():
            services.asn_report_set_status(
                report=report, status=form.cleaned_data["status"], hr_note=form.cleaned_data["hr_note"]
            )
            messages.success(request, _("Report updated."))
        else:
            messages.error(request, _("Choose a valid status."))
        return redirect("feedback:asn-summary")
    kind = request.GET.get("kind", "")
    if kind not in AsnReport.Kind.values:
        kind = ""
    summary = selectors.asn_report_summary(kind=kind)
    top = summary[:10]
    chart = {
        "labels": [row["label"][:40] for row in top],
        "datasets": [{"label": _("Reports"), "data": [row["total"] for row in top], "backgroundColor": "#dc3545"}],
    }
    context = {
        "summary": summary,
        "kind": kind,
        "kinds": AsnReport.Kind.choices,
        "chart": chart,
        "counts": selectors.asn_report_kind_counts(),
        "recent": selectors.asn_report_list(kind=kind)[:30],
        "status_choices": AsnReport.Status.choices,
    }
    return render(request, "feedback/asn/summary.html", context)
