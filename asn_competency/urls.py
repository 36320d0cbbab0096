from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from asn_competency.common import views as common_views

admin.site.site_header = "Kompeten Medan"
admin.site.site_title = "Kompeten Medan"

# Each app's urls.py carries its own path prefixes (training/, feedback/,
# certificates/verify/...), so apps are mounted at the root.
handler403 = "asn_competency.common.views.permission_denied"

urlpatterns = [
    path("", common_views.home, name="home"),
    path("healthz", common_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("asn_competency.api_urls")),
    path("", include("accounts.urls")),
    path("", include("training.urls")),
    path("", include("certificates.urls")),
    path("", include("planning.urls")),
    path("", include("tutorials.urls")),
    path("", include("workshops.urls")),
    path("", include("feedback.urls")),
    path("", include("community.urls")),
    path("", include("evaluation.urls")),
    path("", include("notifications.urls")),
    path("", include("announcements.urls")),
    path("", include("paths.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
