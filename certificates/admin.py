from django.contrib import admin

from .models import Certificate, CertificateCounter


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("number", "holder_name", "program_title", "jp", "issued_on", "status", "revoked_at")
    list_filter = ("status", "year")
    search_fields = ("number", "holder_name", "holder_nip", "program_title", "code")
    raw_id_fields = ("enrollment", "replaces", "revoked_by")
    readonly_fields = ("number", "year", "serial", "code", "version", "generated_at")


@admin.register(CertificateCounter)
class CertificateCounterAdmin(admin.ModelAdmin):
    list_display = ("year", "last")
