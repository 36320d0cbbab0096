"""Pages of the feedback app: the public form, kiosk, tracking and IKM pages,
the staff desk and ASN reports. Thin: validate, call a service or selector, render."""

import datetime
from io import BytesIO

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import role_required
from accounts.roles import Role, has_role
from accounts.selectors import employee_for_user
from asn_competency.common.errors import ApplicationError

from . import selectors, services
from .codes import is_well_formed, normalize_tracking_code
from .exports import ikm_workbook
from .forms import (
    ActionForm,
    AsnReportForm,
    AsnReportStatusForm,
    FeedbackForm,
    KioskForm,
    StaffFilterForm,
    TagForm,
    TrackLookupForm,
)
from .models import AsnReport, Feedback, FeedbackEvent, KioskDevice
from .ratelimit import submission_limited, tracking_limited

STAFF_ROLES = (Role.UNIT_OFFICER, Role.HR, Role.ADMIN)
A = FeedbackEvent.Action
KIOSK_DONE_KEY = "feedback_kiosk_done"


def _add_service_errors(form, exc: ValidationError):
    """Show a service's ValidationError next to the form's fields."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            if field == "scores":
                target = None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _submit(request, form, *, channel, kiosk=None):
    """Validate and store; returns (feedback or None, HTTP status)."""
    if kiosk is None and submission_limited(request):
        form.is_valid()  # keep bound data and show field errors too
        form.add_error(None, _("Too many submissions from your network. Please wait a minute and try again."))
        return None, 429
    if not form.is_valid():
        return None, 400
    try:
        feedback = services.feedback_submit(**form.service_kwargs(), channel=channel, kiosk=kiosk)
    except ValidationError as exc:
        _add_service_errors(form, exc)
        return None, 400
    return feedback, 201


@require_http_methods(["GET", "POST"])
def feedback_form(request):
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        feedback, status = _submit(request, form, channel=Feedback.Channel.WEB)
        if feedback is not None:
            return redirect(f"{feedback.get_absolute_url()}?new=1")
    else:
        initial = {}
        if request.GET.get("unit"):
            initial["unit"] = request.GET["unit"]
        if request.GET.get("service"):
            initial["service"] = request.GET["service"]
        form, status = FeedbackForm(initial=initial), 200
    unit_code = form["unit"].value() or ""
    context = {"form": form, "services": selectors.service_list(unit_code=unit_code) if unit_code else []}
    return render(request, "feedback/form.html", context, status=status)


@require_GET
def service_options(request):
    """The <option>s of a unit's services (htmx swaps them into the form)."""
    code = request.GET.get("unit", "")
    services_ = selectors.service_list(unit_code=code) if code else []
    return render(request, "feedback/partials/service_options.html", {"services": services_})


@require_http_methods(["GET", "POST"])
def kiosk_form(request, token):
    kiosk = selectors.kiosk_get_by_token(token=token)
    if kiosk is None:
        raise Http404(_("This kiosk link is not valid or has been revoked."))
    form_kwargs = {"unit_locked": kiosk.unit, "service_locked": kiosk.service}
    done = None
    if request.method == "POST":
        form = FeedbackForm(request.POST, **form_kwargs)
        feedback, status = _submit(request, form, channel=Feedback.Channel.KIOSK, kiosk=kiosk)
        if feedback is not None:
            # Post/redirect/get: the next visitor starts from an empty form. The code is
            # shown once (kept in the session, not the URL, so the browser history of a
            # shared tablet does not lead to someone else's feedback).
            request.session[KIOSK_DONE_KEY] = feedback.tracking_code
            return redirect("feedback:kiosk", token=token)
    else:
        form, status = FeedbackForm(**form_kwargs), 200
        done = request.session.pop(KIOSK_DONE_KEY, None)
    context = {"form": form, "kiosk": kiosk, "done": done, "services": selectors.service_list(unit=kiosk.unit)}
    return render(request, "feedback/kiosk.html", context, status=status)


def _public_form_url(request, unit) -> str:
    return request.build_absolute_uri(f"{reverse('feedback:form')}?unit={unit.code}")


@require_GET
def unit_qr(request, code):
    """A QR code (SVG) that opens the feedback form with this unit chosen."""
    unit = selectors.public_unit_get(code=code)
    if unit is None:
        raise Http404(_("No public service unit has this code."))
    buffer = BytesIO()
    segno.make(_public_form_url(request, unit), error="m").save(
        buffer, kind="svg", scale=10, border=2, xmldecl=False, title=str(unit)
    )
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def unit_poster(request, code):
    """A printable poster for the service counter: scan to give feedback."""
    unit = selectors.public_unit_get(code=code)
    if unit is None:
        raise Http404(_("No public service unit has this code."))
    context = {"unit": unit, "form_url": _public_form_url(request, unit)}
    return render(request, "feedback/poster.html", context)


@require_GET
def track_lookup(request):
    form = TrackLookupForm(request.GET or None)
    status = 200
    if form.is_bound and form.is_valid():
        code = normalize_tracking_code(form.cleaned_data["code"])
        if is_well_formed(code):
            return redirect("feedback:track", code=code)
        form.add_error("code", _("A tracking code has 12 letters and digits, for example 7KQ2-M9XD-4TPA."))
        status = 400
    elif form.is_bound:
        status = 400
    return render(request, "feedback/track_lookup.html", {"form": form}, status=status)


@require_GET
def track_detail(request, code):
    if tracking_limited(request):
        form = TrackLookupForm(initial={"code": code})
        messages.error(request, _("Too many look-ups from your network. Please wait a minute and try again."))
        return render(request, "feedback/track_lookup.html", {"form": form}, status=429)
    feedback = selectors.feedback_get_by_code(code=code)
    if feedback is None:
        form = TrackLookupForm(initial={"code": code})
        form.is_bound = False
        context = {"form": form, "not_found": True}
        return render(request, "feedback/track_lookup.html", context, status=404)
    context = {"feedback": feedback, "new": request.GET.get("new") == "1"}
    return render(request, "feedback/track.html", context)


def _period(request):
    default_start, default_end = selectors.default_period()
    try:
        start = datetime.date.fromisoformat(request.GET["start"]) if request.GET.get("start") else default_start
        end = datetime.date.fromisoformat(request.GET["end"]) if request.GET.get("end") else default_end
    except ValueError:
        return default_start, default_end, _("Dates must look like 2026-01-31; showing the last twelve months.")
    if start > end:
        return default_start, default_end, _("The start date is after the end date; showing the last twelve months.")
    return start, end, None


@require_GET
def ikm_public(request):
    start, end, period_error = _period(request)
    unit_code = request.GET.get("unit", "")
    unit = selectors.public_unit_get(code=unit_code) if unit_code else None
    if unit_code and unit is None:
        raise Http404(_("No public service unit has this code."))
    if unit is not None:
        data = selectors.ikm_unit_detail(unit=unit, start=start, end=end)
    else:
        data = selectors.ikm_public_overview(start=start, end=end)
    context = {
        "data": data,
        "unit": unit,
        "start": start,
        "end": end,
        "period_error": period_error,
        "trend_chart": selectors.ikm_trend_chart(data["trend"], label=str(unit) if unit else _("All units")),
        "element_chart": {
            "labels": [e["code"] for e in data["overall"]["elements"]],
            "datasets": [
                {
                    "label": _("NRR per element"),
                    "data": [e["nrr"] for e in data["overall"]["elements"]],
                    "backgroundColor": "#198754",
                }
            ],
        },  # fmt: skip
        "computed_at": datetime.datetime.fromisoformat(data["computed_at"]),
        "units": selectors.public_unit_list(),
        "can_refresh": has_role(request.user, Role.HR, Role.ADMIN),
    }
    return render(request, "feedback/ikm.html", context)


@require_GET
def ikm_export(request):
    """The published figures of all units for the period, as an .xlsx file."""
    start, end, _error = _period(request)
    content = ikm_workbook(selectors.ikm_public_overview(start=start, end=end))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="ikm-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
    return response


@require_POST
@role_required(Role.HR, Role.ADMIN)
def ikm_refresh(request):
    from .tasks import ikm_refresh as refresh_task

    transaction.on_commit(refresh_task.delay)
    messages.success(request, _("The IKM figures are being recomputed; reload the page in a moment."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("feedback:ikm")
    return redirect(target)


# --- Staff desk ---------------------------------------------------------------


@role_required(*STAFF_ROLES)
@require_GET
def staff_list(request):
    is_central = has_role(request.user, Role.HR, Role.ADMIN)
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
    page = Paginator(selectors.feedback_list(user=request.user, **filters), 25).get_page(request.GET.get("page"))
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


@role_required(*STAFF_ROLES)
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
    is_hr = has_role(request.user, Role.HR, Role.ADMIN)
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


@role_required(Role.HR, Role.ADMIN)
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


@role_required(Role.HR, Role.ADMIN)
@require_GET
def staff_tag_report(request):
    """What citizens' feedback says about competencies and training programs (for program revision)."""
    start, end, period_error = _period(request)
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


@role_required(Role.HR, Role.ADMIN)
@require_http_methods(["GET", "POST"])
def kiosk_manage(request):
    form = KioskForm(request.POST or None)
    issued = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                device, token = services.kiosk_create(
                    name=form.cleaned_data["name"],
                    unit=form.cleaned_data["unit"],
                    service=form.cleaned_data.get("service"),
                    issued_by=request.user,
                )
            except ValidationError as exc:
                _add_service_errors(form, exc)
                status = 400
            else:
                issued = {"device": device, "url": request.build_absolute_uri(reverse("feedback:kiosk", args=[token]))}
                form = KioskForm()
        else:
            status = 400
    context = {"form": form, "devices": selectors.kiosk_list(), "issued": issued}
    return render(request, "feedback/staff/kiosks.html", context, status=status)


@role_required(Role.HR, Role.ADMIN)
@require_POST
def kiosk_revoke(request, pk):
    try:
        device = selectors.kiosk_get(pk=pk)
    except KioskDevice.DoesNotExist:
        raise Http404 from None
    services.kiosk_revoke(device=device)
    messages.success(request, _("Kiosk “%(name)s” revoked; its link no longer works.") % {"name": device.name})
    return redirect("feedback:kiosks")


# --- ASN reports --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def asn_report_create(request):
    employee = employee_for_user(user=request.user)
    if employee is None:
        raise PermissionDenied
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
                _add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("Thank you. BKPSDM has received your report."))
                return redirect("feedback:asn-mine")
        else:
            status = 400
    context = {"form": form, "subject": subject, "apps": selectors.egov_app_choices()}
    return render(request, "feedback/asn/report_form.html", context, status=status)


@login_required
@require_GET
def asn_report_mine(request):
    employee = employee_for_user(user=request.user)
    if employee is None:
        raise PermissionDenied
    reports = selectors.asn_report_list(reporter=employee)[:100]
    return render(request, "feedback/asn/mine.html", {"reports": reports})


@role_required(Role.HR, Role.ADMIN)
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
