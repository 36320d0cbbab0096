from rest_framework import serializers

from asn_competency.common.site import absolute_url

from ..models import Certificate


class CertificateVerifySerializer(serializers.ModelSerializer):
    valid = serializers.BooleanField(source="is_valid")
    nip = serializers.CharField(source="masked_nip")

    class Meta:
        model = Certificate
        fields = [
            "number",
            "valid",
            "holder_name",
            "nip",
            "program_title",
            "jp",
            "session_start",
            "session_end",
            "completed_on",
            "issued_on",
            "revoked_at",
            "revoked_reason",
        ]


class MyCertificateSerializer(serializers.ModelSerializer):
    valid = serializers.BooleanField(source="is_valid")
    verify_url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "id",
            "number",
            "status",
            "valid",
            "program_code",
            "program_title",
            "jp",
            "completed_on",
            "issued_on",
            "verify_url",
            "download_url",
        ]

    def get_verify_url(self, obj) -> str:
        # The address this request came in on; the PDF's QR code uses SITE_URL.
        return absolute_url(obj.verify_path, request=self.context.get("request"))

    def get_download_url(self, obj) -> str | None:
        if obj.status == Certificate.Status.FAILED:
            return None  # HR draws it again; a pending PDF is drawn by the download itself
        from django.urls import reverse

        request = self.context.get("request")
        url = reverse("certificates:download", args=[obj.pk])
        return request.build_absolute_uri(url) if request else url
