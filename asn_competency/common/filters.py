"""Filtering lists by query parameters: django-filter FilterSets, applied inside selectors.

A selector that lists takes `filters` (the request's query parameters, or any
mapping) and runs its app's FilterSet over its own queryset with
`filter_queryset`. Invalid input raises `ApplicationError` (400 in the API) whose
message names the fields, with Django's own (translated) message per field under
`errors`, with the code `invalid`: the shape of every validation error of the API.
"""

from collections.abc import Mapping

import django_filters
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .errors import ApplicationError


class StrictBooleanField(forms.NullBooleanField):
    """`true`/`false` (also 1/0, yes/no); anything else is an error, not "no filter"."""

    widget = forms.TextInput
    default_error_messages = {"invalid": _("Choose true or false.")}
    TRUE, FALSE = {"true", "1", "yes"}, {"false", "0", "no"}

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")

    def validate(self, value):
        pass


class BooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


def filter_data(filters: Mapping | None, **keywords) -> dict:
    """One dict of filter values: the query parameters (a QueryDict gives its last
    value per key) overridden by the selector's keyword filters that are set."""
    data = filters.dict() if hasattr(filters, "dict") else dict(filters or {})
    data.update({name: value for name, value in keywords.items() if value not in (None, "")})
    return data


def filter_queryset(filterset_class, *, data: Mapping | None, queryset):
    """`queryset` filtered by `filterset_class` with `data`; a 400 naming the
    fields when the data is not valid."""
    filterset = filterset_class(data=data or {}, queryset=queryset)
    if not filterset.is_valid():
        errors = {name: [str(message) for message in messages] for name, messages in filterset.errors.items()}
        raise ApplicationError(
            gettext("These filters are not valid: %(fields)s.") % {"fields": ", ".join(errors)},
            code="invalid",
            extra={"errors": errors},
        )
    return filterset.qs
