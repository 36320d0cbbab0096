"""FilterSets of the accounts app's lists (applied in its selectors)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from asn_competency.common.filters import BooleanFilter

from .models import OrgUnit


class OrgUnitFilter(django_filters.FilterSet):
    serves_public = BooleanFilter(help_text=_("Only units that serve the public (true/false)."))

    class Meta:
        model = OrgUnit
        fields = []
