"""QR self check-in: the screen HR or the trainer shows (QR and arrivals, both
refreshed by htmx polling) and the page the ASN's phone opens from the code."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.permissions import check_perm, permission_required
from asn_competency.common.errors import ApplicationError
from asn_competency.common.site import absolute_url

from ..selectors import check_in_list_for_day, session_get
from ..services import attendance_check_in, check_in_token, check_in_token_read
from .common import or_404


def _screen_day(request, pk, day_id):
    session = or_404(session_get, pk=pk)
    check_perm(request.user, "training.open_check_in", session)
    day = next((d for d in session.days.all() if d.pk == day_id), None)
    if day is None:
        raise Http404
    return session, day


@login_required
@require_GET
def screen(request, pk, day_id):
    session, day = _screen_day(request, pk, day_id)
    is_today = day.date == timezone.localdate()
    return render(
        request,
        "training/check_in/screen.html",
        {
            "session": session,
            "day": day,
            "is_today": is_today,
            "slot_seconds": settings.TRAINING_CHECK_IN_SLOT_SECONDS,
            **(_qr_context(request, day) if is_today else {}),
            **check_in_list_for_day(day=day),
        },
    )


def _qr_context(request, day) -> dict:
    token = check_in_token(day=day)
    url = absolute_url(reverse("training:check-in", args=[token]), request=request)
    # segno's own SVG of our URL: nothing in it comes from a user.
    svg = mark_safe(segno.make(url, error="m").svg_inline(scale=8, border=2, title=_("Check-in code")))
    return {"svg": svg, "url": url, "slot_seconds": settings.TRAINING_CHECK_IN_SLOT_SECONDS}


@login_required
@require_GET
def screen_qr(request, pk, day_id):
    """The QR fragment; the screen asks for it again every slot."""
    session, day = _screen_day(request, pk, day_id)
    return render(
        request, "training/check_in/partials/qr.html", {"session": session, "day": day, **_qr_context(request, day)}
    )


@login_required
@require_GET
def screen_list(request, pk, day_id):
    """The arrivals fragment, polled by the screen."""
    session, day = _screen_day(request, pk, day_id)
    return render(
        request,
        "training/check_in/partials/arrivals.html",
        {"session": session, "day": day, **check_in_list_for_day(day=day)},
    )


@permission_required("training.use_self_service")
@require_http_methods(["GET", "POST"])
def check_in(request, token):
    """The phone opens the code's URL (GET: what and a button); the button records
    the check-in (POST), so a link alone never writes."""
    if request.method == "POST":
        try:
            attendance, recorded = attendance_check_in(token=token, user=request.user)
        except ApplicationError as exc:
            return render(request, "training/check_in/result.html", {"error": exc.message}, status=exc.status)
        if recorded:
            messages.success(request, _("Checked in: you are marked present. Welcome!"))
        else:
            messages.info(request, _("You were already marked present for this day."))
        return render(request, "training/check_in/result.html", {"attendance": attendance})
    try:
        session_id, _day_id = check_in_token_read(token=token)
    except ApplicationError as exc:
        return render(request, "training/check_in/result.html", {"error": exc.message}, status=exc.status)
    session = or_404(session_get, pk=session_id)
    return render(request, "training/check_in/confirm.html", {"session": session, "token": token})
