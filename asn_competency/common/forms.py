"""How views show a service's errors: on the form, next to what the user typed, or as messages.

The one place for it: a view catches `ValidationError`/`ApplicationError` from a service and calls
`apply_errors(form, exc)` when it re-renders a form, or `flash_errors(request, exc)` when the action was
a button without a form of its own (it redirects back).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .errors import ApplicationError


def apply_errors(form, exc: ValidationError | ApplicationError, *, field: str | None = None) -> None:
    """Show a service's error on the form, next to what the user typed.

    A ValidationError's field errors go on the form's field of that name (error codes
    are kept); errors of no field, or of a field the form does not have, go on `field`
    (by default the form's non-field errors). An ApplicationError's message goes on
    `field` too.
    """
    if isinstance(exc, ApplicationError):
        form.add_error(field, ValidationError(str(exc.message), code=exc.code))
        return
    if not hasattr(exc, "error_dict"):
        form.add_error(field, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else field, errors)


def error_messages(exc: ValidationError | ApplicationError) -> list[str]:
    """The person-readable messages of a service's error."""
    if isinstance(exc, ApplicationError):
        return [str(exc.message)]
    if isinstance(exc, ValidationError):
        return [str(m) for m in exc.messages]
    return [str(exc)]


def flash_errors(request, exc: ValidationError | ApplicationError) -> None:
    """Show a service's error as messages on the next page (for actions without a form to re-render)."""
    for message in error_messages(exc):
        messages.error(request, message)


def limit_text_field(field, limit: int | None = None) -> None:
    """Give a text form field without one a maximum length (TEXT_MAX_LENGTH).

    Database columns of long texts stay unlimited (TextField); the limit is
    enforced where people type: forms here, serializers in the API.
    """
    from django import forms
    from django.conf import settings
    from django.core.validators import MaxLengthValidator

    if not isinstance(field, forms.CharField) or field.max_length is not None:
        return
    field.max_length = limit or settings.TEXT_MAX_LENGTH
    field.validators.append(MaxLengthValidator(field.max_length))
    if not field.widget.is_hidden:
        field.widget.attrs.setdefault("maxlength", str(field.max_length))


class LimitedTextMixin:
    """First base of a form: every text field without its own maximum length
    gets TEXT_MAX_LENGTH, so 1 MB pasted into a description is refused with the
    field's message and the input kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            limit_text_field(field)


class PlainSelect(forms.Select):
    """A <select> of flat choices rendered in Python: the HTML of Django's Select
    without a template per option (a filter of the city's ~90 units and its
    programs cost a page more than its figures). Grouped choices fall back to
    Select's own rendering."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = self.choices
        if isinstance(choices, ModelChoiceIterator):
            # One plain SELECT: iterating the field's choices would read them through
            # a server-side cursor (DECLARE, FETCH, CLOSE), and list() would ask a COUNT.
            empty = [("", choices.field.empty_label)] if choices.field.empty_label is not None else []
            choices = empty + [choices.choice(obj) for obj in choices.queryset]
        else:
            choices = list(choices)
        if any(isinstance(label, list | tuple) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        if self.allow_multiple_selected:
            final["multiple"] = True
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((str(v), mark_safe(" selected") if str(v) in chosen else "", label) for v, label in choices),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)
