"""Pages of the planning app (HR): bulk enrolment, the 20-JP report, training
needs from competency gaps; and the ASN's own competency gaps."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import gaps as gap_rules
from accounts.models import Employee
from accounts.permissions import permission_required
from accounts.rules import employee_of
from asn_competency.common.downloads import xlsx_attachment
from asn_competency.common.errors import ApplicationError
from asn_competency.common.forms import apply_errors
from asn_competency.common.http import safe_next
from asn_competency.common.replica import replica_view
from asn_competency.common.shortcuts import or_404, paginate
from paths import selectors as path_selectors
from training.selectors.jp import jp_summary_exists
from training.services.jp_summary import jp_summary_refresh

from . import exports, selectors, services
from .forms import (
    AssessmentForm,
    AssessmentImportForm,
    BulkByFileForm,
    BulkByGapForm,
    BulkByUnitForm,
    JpReportFilterForm,
    NeedsFilterForm,
)
from .models import BulkEnrollmentJob, BulkEnrollmentRow

HR_STAFF = "planning.manage_planning"  # planning/rules.py


# --- Bulk enrolment ---------------------------------------------------------------


@permission_required(HR_STAFF)
def bulk_enrollment(request):
    unit_form = BulkByUnitForm(prefix="unit")
    file_form = BulkByFileForm(prefix="file")
    status = 200
    if request.method == "POST":
        source = request.POST.get("source")
        try:
            if source == "unit":
                unit_form = BulkByUnitForm(request.POST, prefix="unit")
                if unit_form.is_valid():
                    data = unit_form.cleaned_data
                    job = services.bulk_enrollment_from_unit(
                        session=data["session"],
                        org_unit=data["org_unit"],
                        include_subunits=data["include_subunits"],
                        employment_type=data["employment_type"],
                        actor=request.user,
                    )
                    return redirect(job.get_absolute_url())
            elif source == "gap":
                gap_form = BulkByGapForm(request.POST, prefix="gap")
                if gap_form.is_valid():
                    data = gap_form.cleaned_data
                    job = services.bulk_enrollment_from_gap(
                        session=data["session"],
                        competency=data["competency"],
                        org_unit=data["org_unit"],
                        include_subunits=data["include_subunits"],
                        employment_type=data["employment_type"],
                        actor=request.user,
                    )
                    return redirect(job.get_absolute_url())
                messages.error(request, " ".join(str(e) for errors in gap_form.errors.values() for e in errors))
                return redirect(safe_next(request, "planning:bulk"))
            elif source == "file":
                file_form = BulkByFileForm(request.POST, request.FILES, prefix="file")
                if file_form.is_valid():
                    job = services.bulk_enrollment_from_file(
                        session=file_form.cleaned_data["session"],
                        uploaded=file_form.cleaned_data["file"],
                        actor=request.user,
                    )
                    return redirect(job.get_absolute_url())
        except ValidationError as exc:
            if source == "gap":
                messages.error(request, " ".join(exc.messages))
                return redirect(safe_next(request, "planning:bulk"))
            apply_errors(unit_form if source == "unit" else file_form, exc)
        status = 400
    return render(
        request,
        "planning/bulk.html",
        {
            "unit_form": unit_form,
            "file_form": file_form,
            "active": request.POST.get("source", "unit"),
            "jobs": selectors.bulk_job_list(),
        },
        status=status,
    )


def _job_or_404(pk: int) -> BulkEnrollmentJob:
    return or_404(selectors.bulk_job_get, pk=pk)


@permission_required(HR_STAFF)
def bulk_enrollment_detail(request, pk: int):
    job = _job_or_404(pk)
    outcome = request.GET.get("outcome") or None
    if outcome not in BulkEnrollmentRow.Outcome.values:
        outcome = None
    page = paginate(request, selectors.bulk_job_rows(job=job, outcome=outcome), per_page=100)
    counts = selectors.bulk_job_counts(job=job)
    return render(
        request,
        "planning/bulk_detail.html",
        {
            "job": job,
            "page": page,
            "counts": counts,
            "outcomes": [(value, label, counts[value]) for value, label in BulkEnrollmentRow.Outcome.choices],
            "outcome": outcome,
            "query": f"outcome={outcome}" if outcome else "",
        },
    )


@permission_required(HR_STAFF)
@require_POST
def bulk_enrollment_resume(request, pk: int):
    job = _job_or_404(pk)
    try:
        services.bulk_enrollment_resume(job=job)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The job continues with the rows not processed yet."))
    return redirect(job.get_absolute_url())


@permission_required(HR_STAFF)
@require_GET
def bulk_enrollment_progress(request, pk: int):
    job = _job_or_404(pk)
    return JsonResponse(
        {
            "percent": job.percent,
            "done": job.is_finished,
            "message": _("%(processed)d of %(total)d rows processed")
            % {"processed": job.processed, "total": job.total},
        }
    )


@permission_required(HR_STAFF)
def bulk_enrollment_report(request, pk: int):
    job = _job_or_404(pk)
    return xlsx_attachment(
        exports.bulk_report_xlsx(selectors.bulk_job_rows(job=job)), filename=f"pendaftaran-massal-{job.pk}.xlsx"
    )


@permission_required(HR_STAFF)
def example_nip_list(request, fmt: str):
    if fmt == "csv":
        response = HttpResponse(exports.nip_list_example_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="contoh-daftar-nip.csv"'
        return response
    return xlsx_attachment(exports.nip_list_example_xlsx(), filename="contoh-daftar-nip.xlsx")


# --- The 20-JP report --------------------------------------------------------------


def _jp_query(filters: dict) -> dict:
    unit = filters["unit"]
    return {
        "year": filters["year"],
        "unit_ids": selectors.unit_ids_with_descendants([unit.pk]) if unit else None,
        "employment_type": filters["employment_type"],
        "search": filters["search"],
    }


@permission_required(HR_STAFF)
def jp_report(request):
    form = JpReportFilterForm(request.GET or None)
    filters = form.filters()
    query = _jp_query(filters)
    # The whole city's figures come from the summaries Celery keeps
    # (training.services.jp_summary); the page says how fresh they are.
    units = selectors.jp_summary_by_unit(**query)
    if not units and not jp_summary_exists(year=query["year"]):
        jp_summary_refresh(year=query["year"])  # a year never summarised (e.g. an old one): once
        units = selectors.jp_summary_by_unit(**query)
    totals = {"asn": sum(u["asn"] for u in units), "below": sum(u["below"] for u in units)}
    rows = selectors.jp_summary_rows(**query, below_only=filters["below_only"])
    # The per-unit figures already count the rows: the paginator does not count again.
    page = paginate(request, rows, per_page=50, count=totals["below"] if filters["below_only"] else totals["asn"])
    refreshed_at = min((u["refreshed_at"] for u in units), default=None)
    units = units[:300]
    chart_units = units[:15]
    chart = {
        "labels": [u["org_unit__name"] for u in chart_units],
        "datasets": [
            {
                "label": str(_("Below the target")),
                "data": [u["below"] for u in chart_units],
                "backgroundColor": "#dc3545",
            },
            {
                "label": str(_("Reached the target")),
                "data": [u["asn"] - u["below"] for u in chart_units],
                "backgroundColor": "#198754",
            },
        ],
    }
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "planning/jp_report.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "units": units,
            "totals": totals,
            "refreshed_at": refreshed_at,
            "chart": chart,
            "chart_options": {"indexAxis": "y", "scales": {"x": {"stacked": True}, "y": {"stacked": True}}},
            "query": params.urlencode(),
        },
    )


@permission_required(HR_STAFF)
@replica_view
def jp_report_export(request):
    filters = JpReportFilterForm(request.GET or None).filters()
    # The download is live (the ledger itself); it streams every row anyway.
    rows = selectors.jp_report_rows(**_jp_query(filters), below_only=filters["below_only"])
    return xlsx_attachment(
        exports.jp_report_xlsx(rows, year=filters["year"], filters=exports.jp_filter_rows(filters)),
        filename=f"laporan-jp-{filters['year']}.xlsx",
    )


# --- Competency gaps and training needs -----------------------------------------------


def _needs_units(form):
    data = form.cleaned_data if form.is_valid() else {}
    unit = data.get("unit")
    if unit is None:
        return None, data
    ids = selectors.unit_ids_with_descendants([unit.pk]) if data.get("include_subunits") else [unit.pk]
    return ids, data


@permission_required(HR_STAFF)
def training_needs(request):
    form = NeedsFilterForm(request.GET or None)
    unit_ids, data = _needs_units(form)
    query = {"unit_ids": unit_ids, "employment_type": data.get("employment_type") or None}
    # The figures Celery keeps (planning.NeedsFigure); never built yet: built once, here (cheap).
    needs = selectors.training_needs_summary(**query)
    if not needs and not selectors.needs_summary_exists():
        services.needs_summary_refresh()
        needs = selectors.training_needs_summary(**query)
    refreshed_at = min((n["refreshed_at"] for n in needs), default=None)
    top = [n for n in needs if n["with_gap"] or n["not_assessed"]][:20]
    chart = {
        "labels": [n["competency__code"] for n in top],
        "datasets": [
            {"label": str(_("ASN with a gap")), "data": [n["with_gap"] for n in top], "backgroundColor": "#dc3545"},
            {"label": str(_("Not assessed")), "data": [n["not_assessed"] for n in top], "backgroundColor": "#adb5bd"},
        ],
    }
    params = request.GET.copy()
    return render(
        request,
        "planning/needs.html",
        {
            "form": form,
            "needs": needs,
            "refreshed_at": refreshed_at,
            "chart": chart,
            "chart_options": {"scales": {"x": {"stacked": True}, "y": {"stacked": True, "beginAtZero": True}}},
            "query": params.urlencode(),
        },
    )


@permission_required(HR_STAFF)
def training_needs_competency(request, pk: int):
    competency = or_404(selectors.competency_get, pk=pk)
    form = NeedsFilterForm(request.GET or None)
    unit_ids, data = _needs_units(form)
    rows = selectors.employees_with_gap(
        competency=competency, unit_ids=unit_ids, employment_type=data.get("employment_type") or None
    )
    page = paginate(request, rows, per_page=50)
    params = request.GET.copy()
    params.pop("page", None)
    enrol_form = BulkByGapForm(
        prefix="gap",
        competency=competency,
        initial={
            "competency": competency.pk,
            "org_unit": data.get("unit").pk if data.get("unit") else None,
            "include_subunits": bool(data.get("include_subunits")),
            "employment_type": data.get("employment_type") or "",
        },
    )
    return render(
        request,
        "planning/needs_competency.html",
        {
            "competency": competency,
            "form": form,
            "page": page,
            "query": params.urlencode(),
            "enrol_form": enrol_form,
        },
    )


def _gap_context(employee: Employee) -> dict:
    profile = list(selectors.competency_profile_for(employee=employee))
    gaps = [row for row in profile if gap_rules.needs_development(row.gap)]
    path_selectors.attach_learning_paths(rows=gaps)
    return {
        "employee": employee,
        "profile": profile,
        "gaps": gaps,
        "programs": selectors.programs_for_gaps(gaps=gaps, employee=employee),
        "with_gap": sum(1 for row in gaps if row.gap is not None),
        "not_assessed": sum(1 for row in gaps if row.gap is None),
    }


@permission_required("planning.view_own_gaps")
def my_gaps(request):
    context = _gap_context(employee_of(request.user))
    return render(request, "planning/my_gaps.html", context)


@permission_required(HR_STAFF)
def employee_gaps(request, pk: int):
    employee = or_404(selectors.employee_get, pk=pk)
    context = _gap_context(employee)
    status = 200
    form = AssessmentForm(requirements=context["profile"], initial={"assessed_on": timezone.localdate()})
    if request.method == "POST":
        form = AssessmentForm(request.POST, requirements=context["profile"])
        if form.is_valid():
            try:
                count = services.assessments_set_many(
                    employee=employee, levels=form.levels(), assessed_on=form.cleaned_data["assessed_on"]
                )
            except (ValidationError, ApplicationError) as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("%(count)d assessed level(s) saved.") % {"count": count})
                return redirect("planning:employee-gaps", pk=employee.pk)
        status = 400
    context["form"] = form
    return render(request, "planning/employee_gaps.html", context, status=status)


@permission_required(HR_STAFF)
def assessment_import(request):
    form = AssessmentImportForm()
    result = None
    status = 200
    if request.method == "POST":
        form = AssessmentImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = services.assessments_import(uploaded=form.cleaned_data["file"])
            except ValidationError as exc:
                apply_errors(form, exc, field="file")
                status = 400
        else:
            status = 400
    return render(request, "planning/assessment_import.html", {"form": form, "result": result}, status=status)


@permission_required(HR_STAFF)
def assessment_example(request):
    return xlsx_attachment(exports.assessment_example_xlsx(), filename="contoh-level-kompetensi.xlsx")
