"""FilterSets of the evaluation app's lists (applied in its selectors)."""

import django_filters

from .models import RevisionReport


class ReportFilter(django_filters.FilterSet):
    period = django_filters.ChoiceFilter(field_name="period_kind", choices=RevisionReport.Period.choices)

    class Meta:
        model = RevisionReport
        fields = []
