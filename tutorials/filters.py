"""FilterSets of the tutorials app's lists (applied in its selectors)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .models import EgovApplication, Tutorial


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", max_length=100, help_text=_("Search in name, code and purpose."))

    class Meta:
        model = EgovApplication
        fields = []

    def filter_q(self, queryset, name, value: str):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value) | Q(purpose__icontains=value))


class TutorialFilter(django_filters.FilterSet):
    app = extend_schema_field(OpenApiTypes.STR)(
        django_filters.ModelChoiceFilter(
            field_name="application",
            queryset=EgovApplication.objects.filter(is_active=True),
            to_field_name="code",
            help_text=_("Application code."),
        )
    )

    class Meta:
        model = Tutorial
        fields = []
