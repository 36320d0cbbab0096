"""Public consultation meetings: list, detail with registration, the
confirmation page, and the organisers' pages (edit, attendance, minutes, outcomes)."""

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import permission_required
from asn_competency.common.errors import ApplicationError

from .. import selectors, services
from ..forms import CheckInForm, MeetingForm, MinutesForm, OutcomeForm, RegistrationForm
from ..ical import meeting_to_ical
from ..ratelimits import limited
from ._helpers import TOO_MANY, apply_errors


def meeting_list(request):
    return render(
        request,
        "community/meetings/list.html",
        {
            "upcoming": selectors.meeting_list(upcoming=True),
            "past": selectors.meeting_list(upcoming=False)[:20],
        },
    )


def _registration_initial(user):
    if not user.is_authenticated:
        return {}
    return {"name": user.display_name, "email": user.email, "phone": getattr(user, "phone", "")}


def meeting_detail(request, pk, form=None, status=200):
    meeting = selectors.meeting_get(pk=pk)
    return render(
        request,
        "community/meetings/detail.html",
        {
            "meeting": meeting,
            "form": form or RegistrationForm(initial=_registration_initial(request.user)),
            "my_registration": selectors.registration_for_user(meeting=meeting, user=request.user),
        },
        status=status,
    )


@require_POST
def meeting_register(request, pk):
    meeting = selectors.meeting_get(pk=pk)
    form = RegistrationForm(request.POST)
    status = 400
    if form.is_valid():
        if limited(request, setting="COMMUNITY_REGISTRATION_RATE_LIMIT", group="register"):
            form.add_error(None, TOO_MANY)
            status = 429
        else:
            try:
                registration = services.meeting_register(
                    meeting=meeting, user=request.user if request.user.is_authenticated else None, **form.cleaned_data
                )
            except (ValidationError, ApplicationError) as exc:
                apply_errors(form, exc)
                status = exc.status
            else:
                messages.success(request, _("You are registered. We have sent the confirmation code by email."))
                return redirect(registration.get_absolute_url())
    return meeting_detail(request, pk, form=form, status=status)


def meeting_ical(request, pk):
    meeting = selectors.meeting_get(pk=pk)
    body = meeting_to_ical(meeting, url=request.build_absolute_uri(meeting.get_absolute_url()))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="forum-konsultasi-{meeting.pk}.ics"'
    return response


def registration_detail(request, code):
    registration = selectors.registration_get(code=code)
    qr = segno.make(registration.code, error="m").svg_data_uri(scale=6, border=2)
    return render(request, "community/meetings/registration.html", {"registration": registration, "qr": qr})


@require_POST
def registration_cancel(request, code):
    registration = selectors.registration_get(code=code)
    try:
        services.registration_cancel(registration=registration)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your registration has been cancelled."))
    return redirect(registration.meeting.get_absolute_url())


def _meeting_form_view(request, meeting=None):
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_save(meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect("community:meeting-manage", pk=meeting.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "community/meetings/form.html", {"form": form, "meeting": meeting}, status=status)


@permission_required("community.organise_meetings")
def meeting_create(request):
    return _meeting_form_view(request)


@permission_required("community.organise_meetings")
def meeting_edit(request, pk):
    return _meeting_form_view(request, selectors.meeting_get(pk=pk))


@permission_required("community.organise_meetings")
def meeting_manage(request, pk):
    """Attendance by code, minutes and outcomes, on one page; each form posts its `form` name."""
    meeting = selectors.meeting_get(pk=pk)
    which = request.POST.get("form") if request.method == "POST" else None
    checkin = CheckInForm(request.POST if which == "checkin" else None)
    minutes = MinutesForm(request.POST if which == "minutes" else None, initial={"minutes": meeting.minutes})
    outcome = OutcomeForm(request.POST if which == "outcome" else None)
    status = 200
    if which:
        bound = {"checkin": checkin, "minutes": minutes, "outcome": outcome}.get(which)
        status = 400
        if bound is not None and bound.is_valid():
            try:
                if which == "checkin":
                    registration = services.meeting_check_in(meeting=meeting, code=bound.cleaned_data["code"])
                    messages.success(request, _("Attendance recorded: %(name)s") % {"name": registration.name})
                elif which == "minutes":
                    services.meeting_record_minutes(meeting=meeting, minutes=bound.cleaned_data["minutes"])
                    messages.success(request, _("The minutes have been saved."))
                else:
                    services.meeting_outcome_add(
                        meeting=meeting,
                        title=bound.cleaned_data["title"],
                        description=bound.cleaned_data["description"],
                        **bound.link_kwargs(),
                    )
                    messages.success(request, _("The outcome has been added."))
            except (ValidationError, ApplicationError) as exc:
                apply_errors(bound, exc)
            else:
                return redirect("community:meeting-manage", pk=meeting.pk)
    return render(
        request,
        "community/meetings/manage.html",
        {
            "meeting": meeting,
            "registrations": selectors.meeting_registrations(meeting=meeting),
            "checkin_form": checkin,
            "minutes_form": minutes,
            "outcome_form": outcome,
        },
        status=status,
    )


@permission_required("community.organise_meetings")
@require_POST
def outcome_delete(request, pk):
    outcome = selectors.outcome_get(pk=pk)
    services.meeting_outcome_delete(outcome=outcome)
    messages.success(request, _("The outcome has been removed."))
    return redirect("community:meeting-manage", pk=outcome.meeting_id)
