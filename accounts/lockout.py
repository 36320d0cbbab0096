"""The answer to a locked-out log-in (AXES_LOCKOUT_CALLABLE): 429 with
Retry-After, the page for people and JSON for the API."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_retry_after(request, credentials=None) -> int:  # noqa: ARG001  (axes calls it with credentials)
    """Seconds until the lock ends (the whole cool-off: axes counts it from the last failure)."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    return max(1, int(cool_off.total_seconds())) if cool_off else 3600


def lockout_response(request, credentials=None, *, api: bool | None = None):
    retry_after = lockout_retry_after(request, credentials)
    if api is None:
        api = request.path.startswith("/api/") or request.headers.get("x-requested-with") == "XMLHttpRequest"
    if api:
        response = JsonResponse(
            {
                "detail": _(
                    "Too many failed log-in attempts. For your security this log-in is locked for a while; "
                    "try again later."
                ),
                "code": "locked_out",
            },
            status=429,
        )
    else:
        response = render(request, "accounts/locked_out.html", status=429)
    response["Retry-After"] = str(retry_after)
    return response
