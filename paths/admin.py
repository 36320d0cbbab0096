from django.contrib import admin

from .models import LearningPath, PathEnrolment, PathStep


class PathStepInline(admin.TabularInline):
    model = PathStep
    extra = 0
    autocomplete_fields = ["program", "tutorial"]


@admin.register(LearningPath)
class LearningPathAdmin(admin.ModelAdmin):
    list_display = ["title", "competency", "from_level", "to_level", "status", "published_at"]
    list_filter = ["status", "from_level"]
    search_fields = ["title", "competency__code", "competency__name"]
    autocomplete_fields = ["competency"]
    readonly_fields = ["to_level", "revision", "notified_at", "created_by"]
    inlines = [PathStepInline]


@admin.register(PathEnrolment)
class PathEnrolmentAdmin(admin.ModelAdmin):
    list_display = ["path", "employee", "created_at"]
    list_select_related = ["path", "employee"]
    raw_id_fields = ["employee"]
    list_filter = ["path"]
