from django.urls import include, path, re_path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse


@extend_schema(exclude=True)
@api_view(["GET"])
@permission_classes([AllowAny])
def api_root(request, format=None):
    """Kompeten Medan API v1: the entry points."""
    return Response(
        {
            "auth-token": reverse("auth-token", request=request, format=format),
            "units": reverse("unit-list", request=request, format=format),
            "schema": reverse("schema", request=request, format=format),
            "docs": reverse("swagger-ui", request=request, format=format),
        }
    )


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@authentication_classes([])
@permission_classes([AllowAny])
def api_not_found(request, *args, **kwargs):  # noqa: ARG001  (a view signature)
    """Paths under /api/ that match no operation (an id that is not a number, a
    code with characters no code has) answer 404 in the API's JSON error shape,
    never the HTML page."""
    raise NotFound()


v1 = [
    path("", api_root, name="api-root"),
    # First: the public form's POST is the busiest path, and Django tries the patterns
    # in order (behind the other apps' ~150 it took 0.2 ms to resolve). The apps'
    # paths do not overlap, so the order decides nothing else.
    path("", include("feedback.api.urls")),
    path("", include("accounts.api.urls")),
    path("", include("training.api.urls")),
    path("", include("certificates.api.urls")),
    path("", include("planning.api.urls")),
    path("", include("tutorials.api.urls")),
    path("", include("workshops.api.urls")),
    path("", include("community.api.urls")),
    path("", include("evaluation.api.urls")),
    path("", include("notifications.api.urls")),
    path("", include("announcements.api.urls")),
    path("", include("paths.api.urls")),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    # Last: ends with a slash so that APPEND_SLASH still redirects `/api/v1/units`.
    re_path(r"^.*/$", api_not_found),
]
