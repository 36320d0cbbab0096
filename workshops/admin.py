from django.contrib import admin

from .models import ActionPlan, ActionPlanItem, AgendaItem, Workshop


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 1


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["program", "topic", "facilitator"]
    list_filter = ["topic"]
    search_fields = ["program__title", "program__code"]
    autocomplete_fields = ["program"]
    raw_id_fields = ["facilitator"]
    inlines = [AgendaItemInline]

    def save_model(self, request, obj, form, change):
        from .services import workshop_save

        workshop_save(workshop=obj)


class ActionPlanItemInline(admin.TabularInline):
    model = ActionPlanItem
    extra = 0
    max_num = 3


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "created_at", "updated_at"]
    search_fields = ["enrollment__employee__full_name", "enrollment__employee__nip", "enrollment__session__code"]
    raw_id_fields = ["enrollment"]
    inlines = [ActionPlanItemInline]
