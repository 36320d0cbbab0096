from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics
from rest_framework.permissions import AllowAny
from rest_framework.throttling import SimpleRateThrottle

from accounts.permissions import HasRulePermission
from accounts.rules import employee_of
from asn_competency.common.http import client_ip

from ..selectors import certificate_find_for_verification, certificate_list_for_employee
from .serializers import CertificateVerifySerializer, MyCertificateSerializer


class VerifyThrottle(SimpleRateThrottle):
    """Look-ups per client address (the trusted-proxy aware one), from settings."""

    scope = "certificates_verify"

    def get_rate(self):
        return settings.CERTIFICATES_VERIFY_RATE_LIMIT or None

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}


class CertificateVerifyApi(generics.RetrieveAPIView):
    """Public: verify a certificate by the code in its QR link or its printed number."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [VerifyThrottle]
    serializer_class = CertificateVerifySerializer

    def get_object(self):
        certificate = certificate_find_for_verification(query=self.kwargs["code"])
        if certificate is None:
            raise exceptions.NotFound(_("No certificate has this verification code or number."))
        return certificate


@extend_schema(summary="My certificates")
class MyCertificatesApi(generics.ListAPIView):
    permission_classes = [HasRulePermission]
    permission_required = "certificates.view_own_certificates"
    error_statuses = {403}  # an account without an ASN profile
    serializer_class = MyCertificateSerializer
    pagination_class = None

    def get_queryset(self):
        return certificate_list_for_employee(employee=employee_of(self.request.user))
