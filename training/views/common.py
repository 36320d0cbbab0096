from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404

from accounts.selectors import employee_for_user
from asn_competency.common.errors import ApplicationError


def or_404(selector, **kwargs):
    """Call a selector that `.get()`s one object; a missing object is a 404."""
    try:
        return selector(**kwargs)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def employee_or_none(request):
    if not hasattr(request, "_training_employee"):
        request._training_employee = employee_for_user(user=request.user)
    return request._training_employee


def error_messages(exc) -> list[str]:
    if isinstance(exc, ApplicationError):
        return [str(exc.message)]
    if isinstance(exc, ValidationError):
        return [str(m) for m in exc.messages]
    return [str(exc)]


def flash_error(request, exc) -> None:
    for message in error_messages(exc):
        messages.error(request, message)
