from django.contrib import admin

from .models import Announcement


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["subject", "audience", "status", "delivered", "total", "created_by", "created_at"]
    list_filter = ["status", "audience"]
    search_fields = ["subject"]
    raw_id_fields = ["session", "program", "unit", "created_by", "sent_by"]
    readonly_fields = ["status", "total", "delivered", "error", "queued_at", "snapshot_at", "finished_at"]
