from django.contrib import admin

from .models import (
    Attendance,
    Enrollment,
    EnrollmentEvent,
    ExternalTraining,
    JpLedgerEntry,
    Program,
    ProgramCompetency,
    ProgramRevision,
    Session,
    SessionDay,
    Trainer,
    Venue,
)


class ProgramCompetencyInline(admin.TabularInline):
    model = ProgramCompetency
    autocomplete_fields = ("competency",)
    extra = 0


class ProgramRevisionInline(admin.TabularInline):
    model = ProgramRevision
    extra = 0
    readonly_fields = ("number", "summary", "details", "created_by", "created_at")
    can_delete = False


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "kind", "category", "jp", "status", "revision")
    list_filter = ("status", "kind", "category")
    search_fields = ("code", "title")
    # The revision number only moves through program_revise (which logs why).
    readonly_fields = ("revision",)
    inlines = [ProgramCompetencyInline, ProgramRevisionInline]


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ("name", "address", "capacity", "is_active")
    search_fields = ("name", "address")


@admin.register(Trainer)
class TrainerAdmin(admin.ModelAdmin):
    list_display = ("name", "institution", "expertise", "is_active")
    search_fields = ("name", "institution", "expertise")
    autocomplete_fields = ("employee",)


class SessionDayInline(admin.TabularInline):
    model = SessionDay
    extra = 0


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("code", "program", "start", "end", "venue", "capacity", "status")
    list_filter = ("status", "mode", "program__category")
    search_fields = ("code", "program__title")
    date_hierarchy = "start"
    autocomplete_fields = ("program", "venue")
    filter_horizontal = ("trainers",)
    inlines = [SessionDayInline]
    # Status changes go through the session's actions on HR's pages (cancel, reopen, close).
    readonly_fields = ("status",)


class EnrollmentEventInline(admin.TabularInline):
    model = EnrollmentEvent
    extra = 0
    readonly_fields = ("from_status", "to_status", "actor", "note", "created_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    """Read-mostly: status changes go through the services so they are audited."""

    list_display = ("session", "employee", "status", "waitlisted_at", "created_at")
    list_filter = ("status",)
    search_fields = ("employee__nip", "employee__full_name", "session__code")
    readonly_fields = ("session", "employee", "status", "waitlisted_at", "approved_by", "decided_at", "completed_at")
    inlines = [EnrollmentEventInline]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("enrollment", "day", "present", "marked_by")
    list_filter = ("present",)


@admin.register(JpLedgerEntry)
class JpLedgerEntryAdmin(admin.ModelAdmin):
    list_display = ("employee", "year", "jp", "source", "source_key", "created_at")
    list_filter = ("year", "source")
    search_fields = ("employee__nip", "employee__full_name", "source_key")
    readonly_fields = ("employee", "year", "jp", "source", "source_key", "created_by")


@admin.register(ExternalTraining)
class ExternalTrainingAdmin(admin.ModelAdmin):
    list_display = ("employee", "title", "organiser", "date", "jp")
    search_fields = ("employee__nip", "employee__full_name", "title")
    autocomplete_fields = ("employee",)
