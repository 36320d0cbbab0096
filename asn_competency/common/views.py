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


def home(request):
    return render(request, "home.html")
