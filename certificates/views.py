"""Pages of the certificates app: HR list and actions, the ASN's own
certificates and downloads, and the public verification page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import check_perm, permission_required, user_can
from accounts.rules import employee_of
from asn_competency.common.errors import ApplicationError
from asn_competency.common.ratelimit import limited
from asn_competency.common.shortcuts import or_404, paginate

from . import selectors, services
from .forms import CertificateFilterForm, RevokeForm, VerifyForm
from .models import Certificate

MANAGE = "certificates.manage_certificates"  # certificates/rules.py


def _get_or_404(pk: int) -> Certificate:
    return or_404(selectors.certificate_get, pk=pk)


@permission_required(MANAGE)
def certificate_list(request):
    form = CertificateFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.certificate_list(
        search=filters.get("q") or None, state=filters.get("state") or None, year=filters.get("year")
    )
    page = paginate(request, qs, per_page=50)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "certificates/list.html",
        {"form": form, "page": page, "query": query.urlencode(), "years": selectors.certificate_years()},
    )


@permission_required("certificates.view_own_certificates")
def certificate_mine(request):
    employee = employee_of(request.user)
    certificates = selectors.certificate_list_for_employee(employee=employee)
    return render(request, "certificates/mine.html", {"employee": employee, "certificates": certificates})


@login_required
def certificate_detail(request, pk: int):
    certificate = _get_or_404(pk)
    check_perm(request.user, "certificates.view_certificate", certificate)
    return render(
        request,
        "certificates/detail.html",
        {
            "certificate": certificate,
            "is_hr": user_can(request.user, MANAGE),
            "revoke_form": RevokeForm(),
        },
    )


@login_required
@require_GET
def certificate_status(request, pk: int):
    """Progress of the PDF generation, polled by the detail page (app.js)."""
    certificate = _get_or_404(pk)
    check_perm(request.user, "certificates.view_certificate", certificate)
    done = certificate.status != Certificate.Status.PENDING
    messages_by_status = {
        Certificate.Status.PENDING: _("The PDF is being generated..."),
        Certificate.Status.READY: _("The PDF is ready."),
        Certificate.Status.FAILED: _("Generating the PDF failed; HR can try again."),
    }
    return JsonResponse(
        {"percent": 100 if done else 30, "done": done, "message": str(messages_by_status[certificate.status])}
    )


@login_required
def certificate_download(request, pk: int):
    certificate = _get_or_404(pk)
    check_perm(request.user, "certificates.view_certificate", certificate)
    if certificate.status == Certificate.Status.PENDING or (
        certificate.status == Certificate.Status.READY and not certificate.pdf
    ):
        # Not drawn yet (issued in bulk, or its job is still queued): drawn now.
        certificate = services.certificate_pdf_ensure(certificate_id=certificate.pk)
    if certificate.status != Certificate.Status.READY or not certificate.pdf:
        messages.warning(request, _("The PDF of this certificate is not ready yet. Try again in a moment."))
        return redirect(certificate.get_absolute_url())
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=services.certificate_pdf_name(certificate),
        content_type="application/pdf",
    )


@permission_required(MANAGE)
@require_POST
def certificate_revoke(request, pk: int):
    certificate = _get_or_404(pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.certificate_revoke(certificate=certificate, actor=request.user, reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Certificate %(number)s was revoked.") % {"number": certificate.number})
            return redirect(certificate.get_absolute_url())
    # Keep what HR typed and show why it was refused.
    return render(
        request,
        "certificates/detail.html",
        {"certificate": certificate, "is_hr": True, "revoke_form": form},
        status=400,
    )


@permission_required(MANAGE)
@require_POST
def certificate_regenerate(request, pk: int):
    certificate = _get_or_404(pk)
    try:
        result = services.certificate_regenerate(certificate=certificate, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(certificate.get_absolute_url())
    if result.pk != certificate.pk:
        messages.success(
            request,
            _("Certificate %(new)s was issued to replace the revoked %(old)s.")
            % {"new": result.number, "old": certificate.number},
        )
    else:
        messages.success(request, _("The PDF is being generated again with the current data."))
    return redirect(result.get_absolute_url())


@permission_required(MANAGE)
@require_POST
def certificate_issue_missing(request):
    count = services.certificate_issue_missing(actor=request.user)
    if count:
        messages.success(request, _("%(count)d certificate(s) are being issued.") % {"count": count})
    else:
        messages.info(request, _("Every completed training already has its certificate."))
    return redirect("certificates:list")


def _verify_limited(request) -> bool:
    return limited(request, group="certificates.verify", rate=settings.CERTIFICATES_VERIFY_RATE_LIMIT)


def _too_many(request):
    return render(
        request,
        "certificates/verify.html",
        {"form": VerifyForm(), "limited": True},
        status=429,
    )


def _verify_page(request, *, query: str):
    """The verification page for what was typed or scanned: the result, or a
    "not found" answer with the input kept (404, so a wrong code is never
    mistaken for a valid page by link checkers or crawlers)."""
    certificate = selectors.certificate_find_for_verification(query=query)
    context = {"form": VerifyForm(initial={"code": query}), "certificate": certificate, "code": query}
    if certificate is not None and certificate.is_revoked and hasattr(certificate, "replaced_by"):
        context["replacement_url"] = reverse("certificates:verify", args=[certificate.replaced_by.code])
    response = render(request, "certificates/verify.html", context, status=200 if certificate else 404)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def certificate_verify_form(request):
    """Public: type the code printed under the QR code, or the certificate's
    number. A known one goes to its canonical page (the code in the path);
    anything else is answered "not found" here, never by a broken redirect."""
    if "code" not in request.GET:
        return render(request, "certificates/verify.html", {"form": VerifyForm()})
    form = VerifyForm(request.GET)
    if not form.is_valid():
        return render(request, "certificates/verify.html", {"form": form}, status=400)
    if _verify_limited(request):
        return _too_many(request)
    query = form.cleaned_data["code"]
    certificate = selectors.certificate_find_for_verification(query=query)
    if certificate is not None:
        return redirect("certificates:verify", code=certificate.code)
    return _verify_page(request, query=query)


@require_GET
def certificate_verify(request, code: str):
    """Public, no login: is this certificate genuine and still valid? `code` is
    the verification code of the QR link; a printed number typed into the
    address (slashes included) is accepted too."""
    if _verify_limited(request):
        return _too_many(request)
    return _verify_page(request, query=code)
