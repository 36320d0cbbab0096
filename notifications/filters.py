"""FilterSets of the notifications app's lists (applied in its selectors)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from asn_competency.common.filters import BooleanFilter

from .models import Kind, Notification


class NotificationFilter(django_filters.FilterSet):
    unread = BooleanFilter(
        method="filter_unread", help_text=_("Only unread notifications (true) or only read (false).")
    )
    kind = django_filters.ChoiceFilter(choices=Kind.choices, help_text=_("Only notifications of this kind."))

    class Meta:
        model = Notification
        fields = []

    def filter_unread(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value)
