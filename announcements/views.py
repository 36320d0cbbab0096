"""Announcement pages: HR's list, the form with its live audience count, an
announcement with its delivery progress (htmx polling), and the message as its
recipients open it from their inbox. Who may do what: announcements/rules.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import check_perm, permission_required, user_can
from asn_competency.common.errors import ApplicationError
from asn_competency.common.forms import apply_errors, flash_errors
from asn_competency.common.markup import render_markdown
from asn_competency.common.shortcuts import or_404, paginate

from . import services
from .forms import AnnouncementForm, AudienceForm
from .selectors import announcement_audience_args, announcement_audience_count, announcement_get, announcement_list

PER_PAGE = 25


MANAGE = "announcements.manage_announcements"  # announcements/rules.py


@permission_required(MANAGE)
@require_GET
def announcement_index(request):
    page = paginate(request, announcement_list(), per_page=PER_PAGE)
    return render(request, "announcements/list.html", {"page": page})


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def announcement_new(request):
    initial = {key: request.GET[key] for key in ("audience", "session", "program", "unit") if request.GET.get(key)}
    form = AnnouncementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            announcement = services.announcement_create(
                actor=request.user,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                **form.target(),
            )
        except (ApplicationError, ValidationError) as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The announcement is saved as a draft. Check it, then send it."))
            return redirect(announcement)
    count = None
    if request.method == "GET" and initial:
        preview = AudienceForm(initial | {"include_subunits": "on"})
        count = announcement_audience_count(**preview.target()) if preview.is_valid() else None
    return render(
        request,
        "announcements/new.html",
        {"form": form, "count": count},
        status=400 if request.method == "POST" else 200,
    )


@permission_required(MANAGE)
@require_GET
def announcement_preview(request):
    """htmx: how many people the audience chosen so far reaches (one COUNT)."""
    form = AudienceForm(request.GET)
    count = announcement_audience_count(**form.target()) if form.is_valid() else None
    return render(request, "announcements/partials/preview.html", {"count": count})


@login_required
@require_GET
def announcement_detail(request, pk):
    announcement = or_404(announcement_get, pk=pk)
    check_perm(request.user, "announcements.view_announcement", announcement)
    can_manage = user_can(request.user, MANAGE)
    count = None
    if can_manage and announcement.status == announcement.Status.DRAFT:
        count = announcement_audience_count(**announcement_audience_args(announcement=announcement))
    return render(
        request,
        "announcements/detail.html",
        {
            "announcement": announcement,
            "body_html": render_markdown(announcement.body),
            "can_manage": can_manage,
            "count": count,
        },
    )


@permission_required(MANAGE)
@require_GET
def announcement_progress(request, pk):
    """htmx: the progress bar, polled while the delivery runs (it stops polling
    itself once finished). One query (the announcement) after the session's."""
    announcement = or_404(announcement_get, pk=pk)
    return render(request, "announcements/partials/progress.html", {"announcement": announcement})


@permission_required(MANAGE)
@require_POST
def announcement_send(request, pk):
    try:
        services.announcement_send(announcement_id=pk, actor=request.user)
    except (ApplicationError, ValidationError) as exc:
        flash_errors(request, exc)
    except services.Announcement.DoesNotExist as exc:
        raise Http404 from exc
    else:
        messages.success(request, _("The announcement is being delivered."))
    return redirect("announcements:detail", pk=pk)


@permission_required(MANAGE)
@require_POST
def announcement_resume(request, pk):
    try:
        services.announcement_resume(announcement_id=pk, actor=request.user)
    except ApplicationError as exc:
        flash_errors(request, exc)
    return redirect("announcements:detail", pk=pk)
