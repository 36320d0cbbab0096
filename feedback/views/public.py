"""Public pages: the form, the kiosk, tracking, the IKM transparency page, QR posters."""

import datetime
from io import BytesIO

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import permission_required
from asn_competency.common.downloads import xlsx_attachment
from asn_competency.common.errors import ApplicationError
from asn_competency.common.forms import apply_errors
from asn_competency.common.http import safe_next
from asn_competency.common.outbox import enqueue

from .. import selectors, services
from ..codes import is_well_formed, normalize_tracking_code
from ..exports import ikm_workbook
from ..forms import (
    CitizenRatingForm,
    CitizenReopenForm,
    CitizenReplyForm,
    FeedbackForm,
    KioskPairForm,
    TrackLookupForm,
)
from ..models import Feedback
from ..ratelimit import follow_up_limited, kiosk_limited, kiosk_pair_limited, submission_limited, tracking_limited
from .common import KIOSK_DONE_KEY, OFFLINE_CACHE_HEADER, period_from_request

KIOSK_COOKIE_SALT = "feedback.kiosk"


def _submit(request, form, *, channel, kiosk=None):
    """Validate and store; returns (feedback or None, HTTP status)."""
    if kiosk is None and submission_limited(request):
        form.is_valid()  # keep bound data and show field errors too
        form.add_error(None, _("Too many submissions from your network. Please wait a minute and try again."))
        return None, 429
    if kiosk is not None and kiosk_limited(request, kiosk):
        form.is_valid()
        form.add_error(None, _("This kiosk has received many submissions in a short time. Please wait a while."))
        return None, 429
    if not form.is_valid():
        return None, 400
    try:
        feedback = services.feedback_submit(**form.service_kwargs(), channel=channel, kiosk=kiosk)
    except (ValidationError, ApplicationError) as exc:
        apply_errors(form, exc)
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


def kiosk_from_cookie(request):
    """The kiosk device this browser was paired as (signed cookie), or None."""
    token = request.get_signed_cookie(
        settings.FEEDBACK_KIOSK_COOKIE_NAME,
        default=None,
        salt=KIOSK_COOKIE_SALT,
        max_age=datetime.timedelta(days=settings.FEEDBACK_KIOSK_COOKIE_DAYS),
    )
    return selectors.kiosk_get_by_token(token=token) if token else None


@never_cache
@require_http_methods(["GET", "POST"])
def kiosk_pair(request):
    """The tablet types the one-time pairing code once; it keeps a signed cookie."""
    form = KioskPairForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if kiosk_pair_limited(request):
            form.is_valid()
            form.add_error(None, _("Too many pairing attempts from your network. Please wait and try again."))
            status = 429
        elif form.is_valid():
            try:
                kiosk, token = services.kiosk_pair(code=form.cleaned_data["code"])
            except ApplicationError as exc:
                form.add_error("code", str(exc.message))
                status = 400
            else:
                response = redirect("feedback:kiosk")
                response.set_signed_cookie(
                    settings.FEEDBACK_KIOSK_COOKIE_NAME,
                    token,
                    salt=KIOSK_COOKIE_SALT,
                    max_age=settings.FEEDBACK_KIOSK_COOKIE_DAYS * 24 * 3600,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                    path="/",
                )
                messages.success(request, _("This tablet is now the kiosk “%(name)s”.") % {"name": kiosk.name})
                return response
        else:
            status = 400
    return render(request, "feedback/kiosk_pair.html", {"form": form}, status=status)


@require_GET
def kiosk_legacy_link(request, token):
    """Old kiosk links carried the token in the address; they pair instead now."""
    messages.info(request, _("Kiosk links are no longer used. Pair this tablet once with a code from BKPSDM."))
    return redirect("feedback:kiosk-pair")


@never_cache
@require_http_methods(["GET", "POST"])
def kiosk_form(request):
    kiosk = kiosk_from_cookie(request)
    if kiosk is None:
        response = redirect("feedback:kiosk-pair")
        response.delete_cookie(settings.FEEDBACK_KIOSK_COOKIE_NAME, path="/")
        return response
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
            return redirect("feedback:kiosk")
    else:
        form, status = FeedbackForm(**form_kwargs), 200
        done = request.session.pop(KIOSK_DONE_KEY, None)
    context = {
        "form": form,
        "kiosk": kiosk,
        "done": done,
        "services": selectors.service_list(unit=kiosk.unit),
        "idle_seconds": settings.FEEDBACK_KIOSK_IDLE_SECONDS,
    }
    response = render(request, "feedback/kiosk.html", context, status=status)
    if done:
        # It shows one citizen's tracking code: the service worker must not keep it for the
        # next one (the page is no-store anyway; the worker's copy is what works offline).
        response[OFFLINE_CACHE_HEADER] = "no"
    return response


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
    return render(request, "feedback/track.html", _track_context(request, feedback))


def _track_context(request, feedback, **forms) -> dict:
    """The tracking page: status, history, and what the citizen may do now (services' predicates)."""
    return {
        "feedback": feedback,
        "new": request.GET.get("new") == "1",
        "can_reply": services.feedback_citizen_can_reply(feedback=feedback),
        "can_rate": services.feedback_citizen_can_rate(feedback=feedback),
        "can_reopen": services.feedback_citizen_can_reopen(feedback=feedback),
        "reopen_until": services.feedback_reopen_deadline(feedback=feedback),
        "verify_days": settings.FEEDBACK_VERIFY_WORKING_DAYS,
        "reply_form": forms.get("reply_form") or CitizenReplyForm(),
        "rating_form": forms.get("rating_form") or CitizenRatingForm(),
        "reopen_form": forms.get("reopen_form") or CitizenReopenForm(),
    }


# action -> (form class, its name in the context, service, the cleaned fields passed to it)
FOLLOW_UPS = {
    "reply": (CitizenReplyForm, "reply_form", services.feedback_citizen_reply, ("text",)),
    "rate": (CitizenRatingForm, "rating_form", services.feedback_citizen_rate, ("rating", "comment")),
    "reopen": (CitizenReopenForm, "reopen_form", services.feedback_citizen_reopen, ("reason",)),
}
FOLLOW_UP_DONE = {
    "reply": _lazy("Your reply has been sent to the unit."),
    "rate": _lazy("Thank you for rating the handling of your feedback."),
    "reopen": _lazy("Your feedback has been reopened; the unit will answer again."),
}


@require_POST
def track_follow_up(request, code, action):
    """The citizen replies, rates or reopens from the tracking page (POST/redirect/GET)."""
    if action not in FOLLOW_UPS:
        raise Http404
    # Counted before the look-up, so that these posts cannot be used to guess codes.
    limited = follow_up_limited(request)
    feedback = selectors.feedback_get_by_code(code=code)
    if feedback is None:
        if limited:
            return HttpResponse(
                _("Too many attempts from your network. Please wait a while and try again."),
                status=429,
                content_type="text/plain; charset=utf-8",
            )
        raise Http404(_("No feedback has this tracking code."))
    form_class, name, service, fields = FOLLOW_UPS[action]
    form = form_class(request.POST)
    status = 400
    if limited:
        form.is_valid()  # keep the input and show field errors too
        form.add_error(None, _("Too many attempts from your network. Please wait a while and try again."))
        status = 429
    elif form.is_valid():
        try:
            service(feedback=feedback, **{f: form.cleaned_data[f] for f in fields})
        except ValidationError as exc:
            apply_errors(form, exc)
        except ApplicationError as exc:  # the feedback's state does not allow it (409)
            apply_errors(form, exc)
            status = exc.status
        else:
            messages.success(request, FOLLOW_UP_DONE[action])
            return redirect(feedback.get_absolute_url())
    context = _track_context(request, feedback, **{name: form})
    context["open_action"] = action
    return render(request, "feedback/track.html", context, status=status)


@require_GET
def ikm_public(request):
    start, end, period_error = period_from_request(request)
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
        # When the oldest summary figures used were computed (None: all counted live).
        "summary_at": datetime.datetime.fromisoformat(data["summary_at"]) if data.get("summary_at") else None,
        "units": selectors.public_unit_list(),
    }
    return render(request, "feedback/ikm.html", context)


@require_GET
def ikm_export(request):
    """The published figures of all units for the period, as an .xlsx file."""
    start, end, _error = period_from_request(request)
    content = ikm_workbook(selectors.ikm_public_overview(start=start, end=end))
    return xlsx_attachment(content, filename=f"ikm-{start:%Y%m%d}-{end:%Y%m%d}.xlsx")


@require_POST
@permission_required("feedback.manage_feedback")
def ikm_refresh(request):
    from ..tasks import ikm_refresh as refresh_task

    enqueue(refresh_task)
    messages.success(request, _("The IKM figures are being recomputed; reload the page in a moment."))
    return redirect(safe_next(request, "feedback:ikm"))
