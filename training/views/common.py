from django.contrib import messages
from django.core.exceptions import ValidationError

from accounts.selectors import employee_for_user
from asn_competency.common.errors import ApplicationError
from asn_competency.common.shortcuts import or_404  # noqa: F401  (used by the training views)


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
