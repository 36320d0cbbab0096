"""FilterSets of the workshops app's lists (applied in its selectors)."""

import django_filters

from training.models import Session

from .models import Topic


class WorkshopSessionFilter(django_filters.FilterSet):
    topic = django_filters.ChoiceFilter(field_name="program__workshop__topic", choices=Topic.choices)

    class Meta:
        model = Session
        fields = []
