from django.contrib import admin

from .models import (
    ApplicationAudience,
    ApplicationVersion,
    EgovApplication,
    QuizChoice,
    QuizQuestion,
    Tutorial,
    TutorialProgress,
    TutorialStep,
)


class AudienceInline(admin.TabularInline):
    model = ApplicationAudience
    extra = 0


class VersionInline(admin.TabularInline):
    model = ApplicationVersion
    extra = 0
    readonly_fields = ["created_by", "created_at"]


@admin.register(EgovApplication)
class EgovApplicationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "owner_unit", "current_version", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]
    filter_horizontal = ["units"]
    inlines = [AudienceInline, VersionInline]


class StepInline(admin.StackedInline):
    model = TutorialStep
    extra = 0


@admin.register(Tutorial)
class TutorialAdmin(admin.ModelAdmin):
    list_display = ["title", "application", "status", "app_version", "revision", "is_outdated"]
    list_filter = ["status", "is_outdated", "application"]
    search_fields = ["title"]
    inlines = [StepInline]


class ChoiceInline(admin.TabularInline):
    model = QuizChoice
    extra = 0


@admin.register(QuizQuestion)
class QuizQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "tutorial", "position"]
    list_filter = ["tutorial__application"]
    inlines = [ChoiceInline]


@admin.register(TutorialProgress)
class TutorialProgressAdmin(admin.ModelAdmin):
    list_display = ["employee", "tutorial", "best_score", "completed_at"]
    list_filter = ["tutorial__application"]
    search_fields = ["employee__nip", "employee__full_name"]
    raw_id_fields = ["employee", "last_step"]
    readonly_fields = ["completed_at", "completed_revision", "best_score"]
