from django.contrib import admin

from .models import AsnReport, Feedback, FeedbackEvent, KioskDevice, Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "unit", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code", "unit__name")
    autocomplete_fields = ("unit",)


class FeedbackEventInline(admin.TabularInline):
    model = FeedbackEvent
    extra = 0
    can_delete = False
    readonly_fields = ("action", "actor", "from_status", "to_status", "to_unit", "public_text", "note", "created_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Read-mostly: changes go through the staff desk so they reach the audit history."""

    list_display = ("tracking_code", "unit", "kind", "status", "created_at", "verify_due", "answer_due")
    list_filter = ("status", "kind", "channel", "anonymous")
    search_fields = ("tracking_code", "message", "unit__name")
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Feedback._meta.fields]
    inlines = [FeedbackEventInline]

    def has_add_permission(self, request):
        return False


@admin.register(KioskDevice)
class KioskDeviceAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "service", "is_active", "last_used_at")
    list_filter = ("is_active",)
    readonly_fields = ("token_hash", "issued_by", "last_used_at")


@admin.register(AsnReport)
class AsnReportAdmin(admin.ModelAdmin):
    list_display = ("kind", "subject_label", "egov_app_code", "reporter", "status", "created_at")
    list_filter = ("kind", "status")
    search_fields = ("subject_label", "egov_app_code", "what_happened", "reporter__full_name")
    raw_id_fields = ("reporter", "program", "session")
