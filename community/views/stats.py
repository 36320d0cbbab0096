"""Forum statistics for staff: how many topics, how many answered, how fast."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.permissions import permission_required

from .. import selectors
from ..models import Topic

STATUS_COLOURS = {"open": "#6c757d", "answered": "#198754", "closed": "#adb5bd", "adopted": "#0d6efd"}


@permission_required("community.view_stats")
def forum_stats(request):
    rows = selectors.forum_stats()
    labels = [r["forum"] for r in rows]
    status_chart = {
        "labels": labels,
        "datasets": [
            {
                "label": str(label),
                "data": [r["by_status"][value] for r in rows],
                "backgroundColor": STATUS_COLOURS[value],
            }
            for value, label in Topic.Status.choices
        ],
    }
    response_chart = {
        "labels": labels,
        "datasets": [
            {
                "label": _("Average hours until the first official answer"),
                "data": [r["response_hours"] for r in rows],
                "backgroundColor": "#0dcaf0",
            }
        ],
    }
    stacked = {
        "scales": {"x": {"stacked": True}, "y": {"stacked": True, "beginAtZero": True, "ticks": {"precision": 0}}}
    }
    return render(
        request,
        "community/stats.html",
        {
            "rows": rows,
            "status_chart": status_chart,
            "response_chart": response_chart,
            "stacked_options": stacked,
            "totals": {
                "topics": sum(r["total"] for r in rows),
                "answered": sum(r["answered"] for r in rows),
            },
        },
    )
