"""Helpers shared by the feedback pages."""

import datetime

from django.utils.translation import gettext as _

from .. import selectors
from ..models import FeedbackEvent

A = FeedbackEvent.Action
# A public page answered with this header set to "no" is not kept by the service worker.
OFFLINE_CACHE_HEADER = "X-Offline-Cache"
KIOSK_DONE_KEY = "feedback_kiosk_done"


def period_from_request(request):
    default_start, default_end = selectors.default_period()
    try:
        start = datetime.date.fromisoformat(request.GET["start"]) if request.GET.get("start") else default_start
        end = datetime.date.fromisoformat(request.GET["end"]) if request.GET.get("end") else default_end
    except ValueError:
        return default_start, default_end, _("Dates must look like 2026-01-31; showing the last twelve months.")
    if start > end:
        return default_start, default_end, _("The start date is after the end date; showing the last twelve months.")
    return start, end, None
