"""External training claims: the ASN submits and follows theirs, the supervisor
decides, HR audits and revokes. Who may do what: training/rules.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import check_perm, permission_required
from asn_competency.common.errors import ApplicationError
from asn_competency.common.forms import apply_errors, flash_errors
from asn_competency.common.shortcuts import paginate

from ..forms import ClaimAuditFilterForm, ClaimDecisionForm, ClaimRevokeForm, ExternalClaimForm
from ..selectors import external_claim_list_pending_for_supervisor, external_training_get, external_training_list
from ..services import external_claim_decide, external_claim_revoke, external_claim_submit
from .common import employee_or_none, or_404

PAGE_SIZE = 25


@permission_required("training.use_self_service")
@require_http_methods(["GET", "POST"])
def my_claims(request):
    employee = employee_or_none(request)
    form = ExternalClaimForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            external_claim_submit(
                employee=employee,
                title=data["title"],
                organiser=data["organiser"],
                start_date=data.get("start_date"),
                end_date=data["date"],
                jp=data["jp"],
                competency=data.get("competency"),
                proof=data["proof"],
                actor=request.user,
            )
        except (ApplicationError, ValidationError) as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your claim was sent to your supervisor."))
            return redirect("training:my-claims")
    page = paginate(request, external_training_list(employee=employee), per_page=PAGE_SIZE)
    return render(
        request,
        "training/claims/mine.html",
        {"form": form, "page": page, "claims": page.object_list, "employee": employee},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def pending_claims(request):
    claims = list(external_claim_list_pending_for_supervisor(user=request.user))
    return render(request, "training/claims/pending.html", {"claims": claims, "form": ClaimDecisionForm()})


@login_required
@require_POST
def decide_claim(request, pk):
    claim = or_404(external_training_get, pk=pk)
    form = ClaimDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or reject."))
        return redirect("training:claims-pending")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        external_claim_decide(claim=claim, actor=request.user, approve=approve, note=form.cleaned_data["note"])
    except (ApplicationError, ValidationError) as exc:
        if getattr(exc, "status", None) == 403:
            raise PermissionDenied(exc.message) from exc
        flash_errors(request, exc)
    else:
        if approve:
            messages.success(
                request,
                _("Approved: %(jp)s JP credited to %(name)s.") % {"jp": claim.jp, "name": claim.employee.full_name},
            )
        else:
            messages.success(request, _("Rejected: %(name)s was told why.") % {"name": claim.employee.full_name})
    return redirect("training:claims-pending")


@login_required
@require_GET
def claim_proof(request, pk):
    """Certificates hold personal data: served to the ASN, their supervisor and
    HR only, never from a public media URL."""
    record = or_404(external_training_get, pk=pk)
    check_perm(request.user, "training.view_claim_proof", record)
    return FileResponse(record.proof.open("rb"), as_attachment=False, filename=record.proof.name.rsplit("/", 1)[-1])


@permission_required("training.audit_claims")
@require_GET
def audit(request):
    filters = ClaimAuditFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    records = external_training_list(
        status=data.get("status") or None,
        unit_id=data["unit"].pk if data.get("unit") else None,
        year=data.get("year"),
        search=data.get("q") or None,
    )
    page = paginate(request, records, per_page=PAGE_SIZE)
    return render(
        request,
        "training/claims/audit.html",
        {"filters": filters, "page": page, "records": page.object_list, "revoke_form": ClaimRevokeForm()},
    )


@permission_required("training.revoke_claim")
@require_POST
def revoke_claim(request, pk):
    claim = or_404(external_training_get, pk=pk)
    form = ClaimRevokeForm(request.POST)
    try:
        external_claim_revoke(
            claim=claim, actor=request.user, reason=form.cleaned_data["reason"] if form.is_valid() else ""
        )
    except (ApplicationError, ValidationError) as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Revoked: the JP of %(name)s was taken back.") % {"name": claim.employee.full_name})
    return redirect("training:claims-audit")
