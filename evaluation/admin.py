from django.contrib import admin

from .models import FollowUp, ProgramEvaluation, Question, Questionnaire, RevisionReport, TestQuestion


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["title", "is_default", "is_active", "created_at"]
    inlines = [QuestionInline]


@admin.register(ProgramEvaluation)
class ProgramEvaluationAdmin(admin.ModelAdmin):
    list_display = ["program", "questionnaire", "anonymous", "follow_up_days", "post_test_pass_score"]
    list_select_related = ["program", "questionnaire"]


@admin.register(TestQuestion)
class TestQuestionAdmin(admin.ModelAdmin):
    list_display = ["program", "position", "text", "is_active"]
    list_filter = ["is_active"]
    list_select_related = ["program"]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "supervisor", "due_on", "status", "application_score"]
    list_filter = ["status"]
    raw_id_fields = ["enrollment", "session", "supervisor"]


@admin.register(RevisionReport)
class RevisionReportAdmin(admin.ModelAdmin):
    # Survey responses are deliberately not in the admin: anonymous answers are
    # only ever shown as aggregates of groups of at least five.
    list_display = ["__str__", "period_start", "period_end", "generated_at"]
    readonly_fields = ["current_run", "generated_at"]
