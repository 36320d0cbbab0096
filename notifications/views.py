from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from asn_competency.common.errors import ApplicationError
from asn_competency.common.http import safe_next
from asn_competency.common.shortcuts import or_404, paginate

from . import services
from .forms import NotificationFilterForm, NotificationPreferencesForm
from .selectors import notification_list, notification_preferences_for, notification_unread_count

PER_PAGE = 20


@login_required
def inbox(request):
    """The user's notifications with filters (kind, unread only) and pages."""
    form = NotificationFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        filters = {"kind": form.cleaned_data["kind"], "unread": "true" if form.cleaned_data["unread"] else ""}
    try:
        notifications = notification_list(user=request.user, filters=filters)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        notifications = notification_list(user=request.user)
    page = paginate(request, notifications, per_page=PER_PAGE)
    return render(request, "notifications/inbox.html", {"form": form, "page": page})


@require_GET
def bell(request):
    """The navbar's bell (htmx partial, polled every minute). Empty for a visitor
    whose session ended, so the poll never swaps a log-in page into the navbar."""
    if not request.user.is_authenticated:
        return HttpResponse("")
    count = notification_unread_count(user=request.user)
    # Rendered without the request: the site's context processors (menu, roles)
    # would cost queries on every poll of every open page.
    return HttpResponse(render_to_string("notifications/partials/bell.html", {"unread": count}))


@login_required
@require_POST
def mark_read(request, pk):
    """Mark one own notification read; with `open`, go on to its link."""
    notification = or_404(services.notification_mark_read, user=request.user, notification_id=pk)
    if (
        request.POST.get("open")
        and notification.link
        and url_has_allowed_host_and_scheme(
            notification.link, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return redirect(notification.link)
    return redirect(safe_next(request, "notifications:inbox"))


@login_required
@require_POST
def mark_all_read(request):
    count = services.notification_mark_all_read(user=request.user)
    messages.success(request, _("%(count)d notification(s) marked as read.") % {"count": count})
    return redirect(safe_next(request, "notifications:inbox"))


@login_required
def preferences(request):
    """Which kinds of notice come by e-mail (each, none or a daily digest)."""
    form = NotificationPreferencesForm(
        request.POST or None, initial_choices=notification_preferences_for(user=request.user)
    )
    if request.method == "POST":
        if form.is_valid():
            services.notification_preferences_set(user=request.user, choices=form.choices())
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:preferences")
        return render(request, "notifications/preferences.html", {"form": form}, status=400)
    return render(request, "notifications/preferences.html", {"form": form})
