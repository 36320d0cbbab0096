from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import run_checks


@require_GET
@never_cache
def healthz(request):
    ok, checks = run_checks()
    return JsonResponse({"status": "ok" if ok else "error", "checks": checks}, status=200 if ok else 503)


def permission_denied(request, exception):
    """403 pages: an account without an ASN profile is told what to do (one template,
    accounts.permissions.NoEmployeeProfile); any other refusal gets the plain page."""
    if getattr(exception, "code", None) == "no_employee_profile":
        return render(request, "accounts/no_employee_profile.html", status=403)
    return render(request, "403.html", status=403)


def home(request):
    return render(request, "home.html")
