from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("certificates/", views.certificate_list, name="list"),
    path("certificates/mine/", views.certificate_mine, name="mine"),
    path("certificates/issue-missing/", views.certificate_issue_missing, name="issue-missing"),
    path("certificates/<int:pk>/", views.certificate_detail, name="detail"),
    path("certificates/<int:pk>/status/", views.certificate_status, name="status"),
    path("certificates/<int:pk>/pdf/", views.certificate_download, name="download"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke, name="revoke"),
    path("certificates/<int:pk>/regenerate/", views.certificate_regenerate, name="regenerate"),
    path("certificates/verify/", views.certificate_verify_form, name="verify-form"),
    # `path`: a printed number (KM/2026/000289) typed into the address still reaches the page.
    path("certificates/verify/<path:code>/", views.certificate_verify, name="verify"),
]
