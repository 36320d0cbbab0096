"""HR (BKPSDM) pages: programs, sessions, rosters, attendance, completion, external JP."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import permission_required
from asn_competency.common.errors import ApplicationError
from asn_competency.common.forms import apply_errors, flash_errors
from asn_competency.common.shortcuts import paginate

from ..forms import (
    CancelForm,
    ExternalTrainingForm,
    ProgramCompetencyFormSet,
    ProgramForm,
    ProgramReviseForm,
    SessionForm,
    TrainerForm,
    VenueForm,
)
from ..models import Enrollment, Program, Session
from ..selectors import (
    attendance_for_day,
    attendance_late_ids,
    enrollment_get,
    enrollment_history,
    enrollment_list_for_session,
    external_training_list,
    program_get,
    program_list,
    session_days_with_counts,
    session_get,
    session_list,
    session_seats_attach,
    trainer_get,
    trainer_list,
    venue_get,
    venue_list,
)
from ..services import (
    attendance_mark,
    attendance_mark_all_present,
    enrollment_cancel,
    enrollment_complete,
    external_training_record,
    program_revise,
    program_save,
    session_cancel,
    session_finalize,
    session_reopen,
    session_save,
    session_schedule_warnings,
    trainer_save,
    venue_save,
)
from .common import or_404

MANAGE_SESSIONS = "training.manage_sessions"  # training/rules.py
SEATED = Enrollment.SEAT_STATUSES
PAGE_SIZE = 25


@permission_required(MANAGE_SESSIONS)
def session_list_view(request):
    status = request.GET.get("status") or ""
    statuses = (status,) if status in Session.Status.values else tuple(Session.Status.values)
    sessions = session_list(
        statuses=statuses, published_only=False, search=request.GET.get("q") or None, newest_first=True,
        with_seats=False,
    )  # fmt: skip
    page = paginate(request, sessions, per_page=PAGE_SIZE)
    page.object_list = session_seats_attach(sessions=page.object_list)  # counted after the LIMIT
    return render(
        request,
        "training/hr/session_list.html",
        {
            "page": page,
            "sessions": page.object_list,
            "status": status,
            "statuses": Session.Status.choices,
            "q": request.GET.get("q", ""),
        },
    )


@permission_required(MANAGE_SESSIONS)
@require_http_methods(["GET", "POST"])
def session_edit(request, pk=None):
    session = or_404(session_get, pk=pk) if pk else Session()
    if pk and session.status in (Session.Status.CANCELLED, Session.Status.FINISHED):
        messages.error(request, _("A cancelled or closed session cannot be edited."))
        return redirect("training:hr-session-roster", pk=pk)
    initial = {}
    if pk is None and request.GET.get("program"):
        initial["program"] = request.GET.get("program")
    form = SessionForm(request.POST or None, instance=session, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = session_save(session=form.instance, trainers=form.cleaned_data["trainers"], actor=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        except ApplicationError as exc:
            flash_errors(request, exc)
            return redirect("training:hr-session-roster", pk=pk)
        else:
            messages.success(request, _("Session %(code)s saved.") % {"code": saved.code})
            return redirect("training:hr-session-roster", pk=saved.pk)
    return render(request, "training/hr/session_form.html", {"form": form, "session": session if pk else None})


@permission_required(MANAGE_SESSIONS)
@require_POST
def session_cancel_view(request, pk):
    session = or_404(session_get, pk=pk)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        session_cancel(session=session, actor=request.user, reason=reason)
    except ApplicationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The session was cancelled and its participants informed."))
    return redirect("training:hr-session-roster", pk=pk)


@permission_required(MANAGE_SESSIONS)
@require_POST
def session_reopen_view(request, pk):
    session = or_404(session_get, pk=pk)
    try:
        counts = session_reopen(session=session, actor=request.user)
    except ApplicationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request,
            _("The session is scheduled again: %(restored)s participant(s) got their place back.") % counts,
        )
        if counts["skipped"]:
            messages.warning(
                request,
                _(
                    "%(skipped)s participant(s) were not restored: they enrolled again or joined another session at the same time."
                )
                % counts,
            )
    return redirect("training:hr-session-roster", pk=pk)


@permission_required(MANAGE_SESSIONS)
def session_roster(request, pk):
    session = or_404(session_get, pk=pk)
    status = request.GET.get("status") or None
    enrollments = enrollment_list_for_session(
        session=session, status=status if status in Enrollment.Status.values else None
    )
    days = list(session_days_with_counts(session=session))
    return render(
        request,
        "training/hr/session_roster.html",
        {
            "session": session,
            "enrollments": enrollments,
            "days": days,
            "status": status or "",
            "statuses": Enrollment.Status.choices,
            "day_count": len(days),
            "now": timezone.now(),
            "today": timezone.localdate(),
            "warnings": session_schedule_warnings(session=session)
            if session.status == Session.Status.SCHEDULED
            else [],
        },
    )


@permission_required(MANAGE_SESSIONS)
@require_http_methods(["GET", "POST"])
def attendance_day(request, pk, day_id):
    session = or_404(session_get, pk=pk)
    day = next((d for d in session.days.all() if d.pk == day_id), None)
    if day is None:
        raise Http404
    if request.method == "POST":
        try:
            if "all_present" in request.POST:
                count = attendance_mark_all_present(day=day, actor=request.user)
            else:
                count = attendance_mark(day=day, present_ids=request.POST.getlist("present"), actor=request.user)
        except (ApplicationError, ValueError) as exc:
            flash_errors(request, exc)
        else:
            messages.success(
                request, _("Attendance of %(date)s saved: %(n)s present.") % {"date": day.date, "n": count}
            )
            return redirect("training:hr-session-roster", pk=pk)
    enrollments = enrollment_list_for_session(session=session, statuses=SEATED)
    marked = attendance_for_day(day=day)
    return render(
        request,
        "training/hr/attendance.html",
        {
            "session": session,
            "day": day,
            "enrollments": enrollments,
            "marked": marked,
            "late_ids": attendance_late_ids(day=day),
            "today": timezone.localdate(),
            "future": day.date > timezone.localdate(),
        },
        status=400 if request.method == "POST" else 200,
    )


@permission_required(MANAGE_SESSIONS)
@require_POST
def enrollment_action(request, pk, action):
    enrollment = or_404(enrollment_get, pk=pk)
    try:
        if action == "complete":
            enrollment_complete(enrollment=enrollment, actor=request.user)
            messages.success(
                request, _("%(name)s completed the training; JP credited.") % {"name": enrollment.employee.full_name}
            )
        elif action == "cancel":
            form = CancelForm(request.POST)
            enrollment_cancel(
                enrollment=enrollment, actor=request.user, note=form.cleaned_data["note"] if form.is_valid() else ""
            )
            messages.success(request, _("Enrolment of %(name)s cancelled.") % {"name": enrollment.employee.full_name})
    except ApplicationError as exc:
        flash_errors(request, exc)
    return redirect("training:hr-session-roster", pk=enrollment.session_id)


@permission_required(MANAGE_SESSIONS)
def enrollment_history_view(request, pk):
    enrollment = or_404(enrollment_get, pk=pk)
    return render(
        request,
        "training/hr/enrollment_history.html",
        {"enrollment": enrollment, "events": enrollment_history(enrollment=enrollment)},
    )


@permission_required(MANAGE_SESSIONS)
@require_POST
def session_finalize_view(request, pk):
    session = or_404(session_get, pk=pk)
    try:
        counts = session_finalize(session=session, actor=request.user)
    except ApplicationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request, _("Session closed: %(completed)s completed, %(not_completed)s not completed.") % counts
        )
    return redirect("training:hr-session-roster", pk=pk)


@permission_required(MANAGE_SESSIONS)
def program_list_view(request):
    status = request.GET.get("status") or None
    programs = program_list(
        status=status if status in Program.Status.values else None, search=request.GET.get("q") or None
    )
    page = paginate(request, programs, per_page=PAGE_SIZE)
    return render(
        request,
        "training/hr/program_list.html",
        {
            "page": page,
            "programs": page.object_list,
            "status": status or "",
            "statuses": Program.Status.choices,
            "q": request.GET.get("q", ""),
        },
    )


@permission_required(MANAGE_SESSIONS)
@require_http_methods(["GET", "POST"])
def program_edit(request, code=None):
    program = or_404(program_get, code=code, published_only=False) if code else Program()
    form = ProgramForm(request.POST or None, instance=program)
    formset = ProgramCompetencyFormSet(request.POST or None, instance=program, prefix="competencies")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        competencies = [
            (f.cleaned_data["competency"], f.cleaned_data["target_level"])
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("competency")
        ]
        try:
            with transaction.atomic():
                saved = program_save(program=form.instance, competencies=competencies)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Program %(code)s saved.") % {"code": saved.code})
            return redirect("training:hr-programs")
    return render(
        request,
        "training/hr/program_form.html",
        {"form": form, "formset": formset, "program": program if code else None},
        status=400 if request.method == "POST" else 200,
    )


@permission_required(MANAGE_SESSIONS)
@require_http_methods(["GET", "POST"])
def program_revise_view(request, code):
    program = or_404(program_get, code=code, published_only=False)
    form = ProgramReviseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        revision = program_revise(program=program, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Program revised to revision %(n)s.") % {"n": revision.number})
        return redirect("training:hr-programs")
    return render(request, "training/hr/program_revise.html", {"form": form, "program": program})


@permission_required(MANAGE_SESSIONS)
@require_http_methods(["GET", "POST"])
def external_training(request):
    form = ExternalTrainingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = external_training_record(
                employee=data["employee"],
                title=data["title"],
                organiser=data["organiser"],
                date=data["date"],
                jp=data["jp"],
                proof=data["proof"],
                actor=request.user,
            )
        except (ApplicationError, ValidationError) as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("%(jp)s JP recorded for %(name)s.") % {"jp": record.jp, "name": record.employee.full_name}
            )
            return redirect("training:hr-external")
    page = paginate(request, external_training_list(), per_page=PAGE_SIZE)
    return render(request, "training/hr/external.html", {"form": form, "page": page, "records": page.object_list})


def _resource_page(request, *, pk, getter, form_class, saver, lister, template, kind, url_name):
    """List of venues or trainers with a create/edit form beside it."""
    instance = or_404(getter, pk=pk) if pk else None
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            saved = saver(**{kind: form.instance})
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s saved.") % {"name": saved.name})
            return redirect(url_name)
    return render(
        request, template, {"form": form, "items": lister(active_only=False), "editing": instance, "tab": kind + "s"}
    )


@permission_required(MANAGE_SESSIONS)
@require_http_methods(["GET", "POST"])
def venues(request, pk=None):
    return _resource_page(
        request,
        pk=pk,
        getter=venue_get,
        form_class=VenueForm,
        saver=venue_save,
        lister=venue_list,
        template="training/hr/venues.html",
        kind="venue",
        url_name="training:hr-venues",
    )


@permission_required(MANAGE_SESSIONS)
@require_http_methods(["GET", "POST"])
def trainers(request, pk=None):
    return _resource_page(
        request,
        pk=pk,
        getter=trainer_get,
        form_class=TrainerForm,
        saver=trainer_save,
        lister=trainer_list,
        template="training/hr/trainers.html",
        kind="trainer",
        url_name="training:hr-trainers",
    )
