"""FilterSets of the training catalogue (applied in its selectors)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from asn_competency.common.filters import BooleanFilter

from .models import Program, Session


class ProgramFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=Program.Category.choices)
    kind = django_filters.ChoiceFilter(choices=Program.Kind.choices)
    competency = django_filters.CharFilter(
        field_name="program_competencies__competency__code",
        lookup_expr="iexact",
        distinct=True,
        max_length=20,
        help_text=_("Competency code, e.g. M.05."),
    )
    search = django_filters.CharFilter(
        method="filter_search", max_length=100, help_text=_("Title, code or description.")
    )

    class Meta:
        model = Program
        fields = []

    def filter_search(self, queryset, name, value: str):
        return queryset.filter(Q(title__icontains=value) | Q(code__icontains=value) | Q(description__icontains=value))


class SessionFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date must not be before the start date."))
        return cleaned


class SessionFilter(django_filters.FilterSet):
    """Filters of sessions already annotated with `seats_left`."""

    program = django_filters.CharFilter(field_name="program__code", max_length=40, help_text=_("Program code."))
    category = django_filters.ChoiceFilter(field_name="program__category", choices=Program.Category.choices)
    start = django_filters.DateFilter(
        field_name="end", lookup_expr="date__gte", help_text=_("Sessions running on or after this day (YYYY-MM-DD).")
    )
    end = django_filters.DateFilter(
        field_name="start", lookup_expr="date__lte", help_text=_("Sessions running on or before this day (YYYY-MM-DD).")
    )
    has_seats = BooleanFilter(
        method="filter_has_seats", help_text=_("Only sessions with (true) or without (false) seats left.")
    )

    class Meta:
        model = Session
        fields = []
        form = SessionFilterForm

    def filter_has_seats(self, queryset, name, value: bool):
        return queryset.filter(seats_left__gt=0) if value else queryset.filter(seats_left=0)
