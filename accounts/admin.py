from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import (
    Competency,
    CompetencyLevel,
    Employee,
    EmployeeCompetency,
    OrgUnit,
    Position,
    PositionCompetency,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + ((_("Contact"), {"fields": ("phone",)}),)
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_active")
    list_filter = ("groups", "is_staff", "is_superuser", "is_active")


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "serves_public", "is_active")
    list_filter = ("kind", "serves_public", "is_active")
    search_fields = ("code", "name", "short_name")
    autocomplete_fields = ("parent",)


class PositionCompetencyInline(admin.TabularInline):
    model = PositionCompetency
    extra = 1
    autocomplete_fields = ("competency",)


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name",)
    inlines = [PositionCompetencyInline]


class EmployeeCompetencyInline(admin.TabularInline):
    model = EmployeeCompetency
    extra = 0
    autocomplete_fields = ("competency",)


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ("nip", "full_name", "employment_type", "grade", "position", "org_unit", "is_active")
    list_filter = ("employment_type", "grade", "position__kind", "org_unit__kind", "is_active", "org_unit")
    search_fields = ("nip", "full_name", "user__username", "email")
    autocomplete_fields = ("user", "org_unit", "position", "supervisor")
    list_select_related = ("position", "org_unit")
    inlines = [EmployeeCompetencyInline]


class CompetencyLevelInline(admin.TabularInline):
    model = CompetencyLevel
    extra = 0


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "type")
    list_filter = ("type",)
    search_fields = ("code", "name")
    inlines = [CompetencyLevelInline]
