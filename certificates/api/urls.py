from django.urls import path

from . import apis

urlpatterns = [
    # `path`: the printed number (KM/2026/000289) is accepted as well as the code.
    path("certificates/verify/<path:code>/", apis.CertificateVerifyApi.as_view(), name="certificate-verify"),
    path("me/certificates/", apis.MyCertificatesApi.as_view(), name="my-certificates"),
]
