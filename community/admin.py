from django.contrib import admin

from .markup import render_markdown
from .models import (
    Category,
    CitizenProfile,
    Meeting,
    MeetingOutcome,
    MeetingRegistration,
    ModerationAction,
    Post,
    Report,
    Topic,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "org_unit", "position", "is_active"]
    list_filter = ["kind", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["org_unit", "answerers"]  # thousands of accounts: search, not a list


class PostInline(admin.TabularInline):
    model = Post
    fields = ["author", "guest_name", "visibility", "official_unit", "report_count", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """Read-mostly: writes go through the moderation pages so they are logged."""

    list_display = ["title", "category", "status", "visibility", "is_pinned", "is_locked", "last_activity_at"]
    list_filter = ["status", "visibility", "category"]
    search_fields = ["title"]
    readonly_fields = ["author", "adopted_by", "adopted_at", "last_activity_at"]
    exclude = ["search_vector"]
    inlines = [PostInline]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["pk", "topic", "author", "guest_name", "visibility", "official_unit", "report_count"]
    list_filter = ["visibility", "hidden_automatically"]
    readonly_fields = ["topic", "author", "body_html", "official_unit", "report_count"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["post", "reason", "reporter", "created_at", "resolved_at"]
    list_filter = ["reason"]


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "actor", "topic", "post", "note"]
    list_filter = ["action"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OutcomeInline(admin.StackedInline):
    model = MeetingOutcome
    extra = 0
    autocomplete_fields = ["competencies"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "org_unit", "starts_at", "capacity", "status"]
    list_filter = ["status"]
    search_fields = ["title"]
    inlines = [OutcomeInline]

    def save_model(self, request, obj, form, change):
        # Same rendering as meeting_save: the pages show only sanitised HTML.
        obj.agenda_html = render_markdown(obj.agenda)
        obj.minutes_html = render_markdown(obj.minutes)
        super().save_model(request, obj, form, change)


@admin.register(MeetingRegistration)
class MeetingRegistrationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "meeting", "status", "attended_at"]
    search_fields = ["code", "name", "email"]
    list_filter = ["status"]


@admin.register(CitizenProfile)
class CitizenProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "email_confirmed_at", "created_at"]
