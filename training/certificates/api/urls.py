from django.urls import path

from . import apis

urlpatterns = [
    path("certificates/verify/<str:code>/", apis.CertificateVerifyApi.as_view(), name="certificate-verify"),
    path("me/certificates/", apis.MyCertificatesApi.as_view(), name="my-certificates"),
]
