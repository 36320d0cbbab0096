from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

TOO_MANY = _("You are posting too fast. Please wait a while and try again.")


def paginate(request, qs, *, per_page=None):
    paginator = Paginator(qs, per_page or settings.COMMUNITY_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def apply_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form so the user sees it next to what they typed."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


__all__ = ["NON_FIELD_ERRORS", "TOO_MANY", "apply_errors", "paginate"]
