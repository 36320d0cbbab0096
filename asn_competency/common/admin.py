from django.contrib import admin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only view of the outbox for operators: what waits for the broker, what failed."""

    list_display = ["id", "task", "created_at", "sent_at", "done_at", "attempts", "last_error"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter), ("done_at", admin.EmptyFieldListFilter), "task"]
    search_fields = ["task"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
