from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("feedback/", views.feedback_form, name="form"),
    path("feedback/services/", views.service_options, name="service-options"),
    # The installable offline form (issue 14): the worker's scope is /feedback/.
    path("feedback/sw.js", views.service_worker, name="service-worker"),
    path("feedback/manifest.webmanifest", views.web_manifest, name="manifest"),
    path("feedback/kiosk/manifest.webmanifest", views.web_manifest, {"kiosk": True}, name="kiosk-manifest"),
    path("feedback/offline/bundle.json", views.offline_bundle, name="offline-bundle"),
    path("feedback/kiosk/", views.kiosk_form, name="kiosk"),
    path("feedback/kiosk/pair/", views.kiosk_pair, name="kiosk-pair"),
    path("feedback/kiosk/<str:token>/", views.kiosk_legacy_link, name="kiosk-legacy"),
    path("feedback/qr/<slug:code>.svg", views.unit_qr, name="unit-qr"),
    path("feedback/poster/<slug:code>/", views.unit_poster, name="unit-poster"),
    path("feedback/track/", views.track_lookup, name="track-lookup"),
    path("feedback/track/<str:code>/", views.track_detail, name="track"),
    path(
        "feedback/track/<str:code>/<str:action>/",
        views.track_follow_up,
        name="track-follow-up",
    ),
    path("feedback/ikm/", views.ikm_public, name="ikm"),
    path("feedback/ikm/export.xlsx", views.ikm_export, name="ikm-export"),
    path("feedback/ikm/refresh/", views.ikm_refresh, name="ikm-refresh"),
    path("feedback/staff/", views.staff_list, name="staff-list"),
    path("feedback/staff/<int:pk>/", views.staff_detail, name="staff-detail"),
    path("feedback/staff/<int:pk>/tags/", views.staff_tag, name="staff-tag"),
    path("feedback/staff/tags/", views.staff_tag_report, name="staff-tags"),
    path("feedback/staff/kiosks/", views.kiosk_manage, name="kiosks"),
    path("feedback/staff/kiosks/<int:pk>/revoke/", views.kiosk_revoke, name="kiosk-revoke"),
    path("feedback/staff/kiosks/<int:pk>/pairing/", views.kiosk_pairing_new, name="kiosk-pairing"),
    path("feedback/asn/report/", views.asn_report_create, name="asn-report"),
    path("feedback/asn/mine/", views.asn_report_mine, name="asn-mine"),
    path("feedback/asn/reports/", views.asn_report_summary, name="asn-summary"),
]
