"""The installable, offline-first feedback form (issue 14): web app manifests, the
service worker and the data bundle it keeps for offline use."""

import json
import logging

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .. import selectors

logger = logging.getLogger(__name__)

# Written by `npm run build:sw` (scripts/build-sw.mjs, run by `make install`).
SW_BUILD = "feedback/pwa/build/"
THEME_COLOR = "#0d6efd"


def _static_text(name: str) -> str | None:
    path = finders.find(name)
    if path:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name) as handle:
            return handle.read().decode()
    return None


@require_GET
def web_manifest(request, kiosk: bool = False):
    """The web app manifest: the public form, or the kiosk with its own start URL."""
    start = reverse("feedback:kiosk") if kiosk else reverse("feedback:form")
    name = _("Kompeten Medan kiosk: satisfaction survey") if kiosk else _("Kompeten Medan: feedback on our service")
    manifest = {
        "id": start,
        "name": name,
        "short_name": _("Kiosk IKM") if kiosk else pgettext("short app name", "Feedback"),
        "description": _("Complaints, suggestions and compliments on the public services of Pemkot Medan."),
        "lang": request.LANGUAGE_CODE,
        "start_url": start,
        "scope": reverse("feedback:form"),
        "display": "standalone",
        "orientation": "any",
        "theme_color": THEME_COLOR,
        "background_color": "#ffffff",
        "icons": [
            {"src": static(f"feedback/pwa/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
            for size in (192, 512)
        ]
        + [
            {
                "src": static("feedback/pwa/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": static("feedback/pwa/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(manifest, content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
@never_cache
def service_worker(request):
    """The Workbox service worker, served under /feedback/ so that its scope is the
    form and the kiosk; the static addresses it precaches are resolved here (hashed
    names in production)."""
    built = _static_text(SW_BUILD + "sw.js")
    shell = _static_text(SW_BUILD + "shell.json")
    if built is None or shell is None:
        logger.warning("The service worker is not built: run `npm run build:sw` (make install).")
        raise Http404("service worker not built")
    shell = json.loads(shell)
    config = {
        "workbox": f"{settings.STATIC_URL}{SW_BUILD}{shell['workbox']}/",
        "scripts": [static("vendor/idb/umd.js"), static("feedback/offline-queue.js")],
        "static": {name: static(name) for name in shell["files"]},
        "pages": [reverse("feedback:form"), reverse("feedback:kiosk")],
        "bundle": reverse("feedback:offline-bundle"),
        "submit": reverse("feedback-submit"),
    }
    body = f"self.KM_CONFIG = {json.dumps(config)};\n{built}"
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("feedback:form")
    return response


@require_GET
def offline_bundle(request):
    """Units, services, questions and their wording for the offline form, versioned by
    a hash of the data (ETag): a device revalidates and gets 304 until something changes."""
    bundle = selectors.feedback_offline_bundle()
    etag = f'"{bundle["version"]}"'
    fresh = request.headers.get("If-None-Match") == etag
    response = HttpResponse(status=304) if fresh else JsonResponse(bundle)
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response
