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
