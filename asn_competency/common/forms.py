"""Form helpers shared by the apps' views."""

from django.core.exceptions import ValidationError

from .errors import ApplicationError


def apply_errors(form, exc: ValidationError | ApplicationError) -> None:
    """Show a service's error on the form, next to what the user typed.

    A ValidationError's field errors go on their fields (unknown fields and
    NON_FIELD_ERRORS become form errors; error codes are kept); an ApplicationError's
    message becomes a form error.
    """
    if isinstance(exc, ApplicationError):
        form.add_error(None, str(exc.message))
        return
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


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
