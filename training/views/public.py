"""Catalogue, program and session pages, calendar and program feed: open to everyone."""

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.permissions import user_can
from asn_competency.common.shortcuts import paginate

from .. import calendar_grid
from ..forms import CatalogFilterForm
from ..ical import sessions_to_ical
from ..models import Program
from ..selectors import (
    enrollment_of,
    program_get,
    program_list_published,
    session_get,
    session_list_between,
    session_list_for_program,
    waitlist_position,
)
from ..services import can_self_cancel, cancellation_deadline_of, session_is_open
from .common import employee_or_none, or_404

CATALOG_PAGE_SIZE = 24


@require_GET
def catalog(request):
    form = CatalogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    competency = filters.get("competency")
    programs = program_list_published(
        category=filters.get("category") or None,
        kind=filters.get("kind") or None,
        search=filters.get("q") or None,
        competencies=[competency] if competency else None,
    )
    page = paginate(request, programs, per_page=CATALOG_PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "training/catalog.html",
        {
            "form": form,
            "page": page,
            "programs": page.object_list,
            "query": query.urlencode(),
            "categories": Program.Category,
        },
    )


@require_GET
def program_detail(request, code):
    is_hr = user_can(request.user, "training.manage_sessions")
    program = or_404(program_get, code=code, published_only=not is_hr)
    sessions = session_list_for_program(program=program)
    return render(request, "training/program_detail.html", {"program": program, "sessions": sessions, "is_hr": is_hr})


@require_GET
def session_detail(request, pk):
    session = or_404(session_get, pk=pk)
    is_hr = user_can(request.user, "training.manage_sessions")
    if session.program.status != Program.Status.PUBLISHED and not is_hr:
        raise Http404
    employee = employee_or_none(request) if request.user.is_authenticated else None
    enrollment = enrollment_of(session=session, employee=employee)
    is_open, closed_reason = session_is_open(session)
    deadline = cancellation_deadline_of(session)
    # The QR check-in of today's day, for HR and the session's trainers (asked only
    # on a day of the session, so other days' pages keep their query count).
    today = timezone.localdate()
    today_day = next((d for d in session.days.all() if d.date == today), None)
    if today_day is not None and not user_can(request.user, "training.open_check_in", session):
        today_day = None
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "program": session.program,
            "employee": employee,
            "enrollment": enrollment,
            "is_open": is_open,
            "closed_reason": closed_reason,
            "can_cancel": enrollment is not None and can_self_cancel(enrollment=enrollment, session=session),
            "cancel_deadline": deadline,
            "waitlist_position": waitlist_position(enrollment=enrollment) if enrollment else None,
            "is_hr": is_hr,
            "can_decide": enrollment is not None and user_can(request.user, "training.decide_enrollment", enrollment),
            "check_in_day": today_day,
        },
    )


@require_GET
def calendar_view(request):
    view = "week" if request.GET.get("view") == "week" else "month"
    anchor = calendar_grid.parse_anchor(request.GET.get("date"))
    if view == "week":
        start, end = calendar_grid.week_range(anchor)
        prev_date, next_date = anchor - datetime.timedelta(days=7), anchor + datetime.timedelta(days=7)
        month = None
    else:
        start, end = calendar_grid.month_range(anchor)
        prev_date, next_date = calendar_grid.shift_month(anchor, -1), calendar_grid.shift_month(anchor, 1)
        month = anchor.month
    sessions = list(session_list_between(start=start, end=end, hr=user_can(request.user, "training.manage_sessions")))
    weeks = calendar_grid.build_grid(start=start, end=end, month=month, sessions=sessions)
    return render(
        request,
        "training/calendar.html",
        {
            "view": view,
            "anchor": anchor,
            "weeks": weeks,
            "start": start,
            "end": end,
            "prev_date": prev_date,
            "next_date": next_date,
            "today": timezone.localdate(),
            "session_count": len(sessions),
        },
    )


@require_GET
def program_ical(request, code):
    program = or_404(program_get, code=code)
    sessions = session_list_for_program(program=program, upcoming_only=False)
    body = sessions_to_ical(sessions, name=program.title, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{program.code}.ics"'
    return response
