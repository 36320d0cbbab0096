from django.contrib import admin

from .models import BulkEnrollmentJob, BulkEnrollmentRow


class BulkEnrollmentRowInline(admin.TabularInline):
    model = BulkEnrollmentRow
    extra = 0
    fields = ("line", "nip", "employee", "outcome", "message")
    readonly_fields = fields
    can_delete = False


@admin.register(BulkEnrollmentJob)
class BulkEnrollmentJobAdmin(admin.ModelAdmin):
    list_display = ("session", "source", "org_unit", "filename", "status", "processed", "total", "created_at")
    list_filter = ("status", "source")
    raw_id_fields = ("session", "org_unit", "created_by")
    inlines = [BulkEnrollmentRowInline]
