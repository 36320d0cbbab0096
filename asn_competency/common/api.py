"""API helpers shared by every app: one error shape, services' errors as 4xx."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ApplicationError

# accounts.permissions.NoEmployeeProfile: the one answer to an account without an ASN profile.
NO_EMPLOYEE_PROFILE = "no_employee_profile"


def _django_validation_detail(exc):
    if hasattr(exc, "message_dict"):
        return exc.message_dict
    return {"non_field_errors": exc.messages}


def exception_handler(exc, context):
    """Answer every error as JSON with a human message (in the request's language).

    Shape: {"detail": str, "code": str, "errors": {field: [messages]}?}.
    """
    if isinstance(exc, ApplicationError):
        data = {"detail": str(exc.message), "code": exc.code, **exc.extra}
        return Response(data, status=exc.status)
    if getattr(exc, "code", None) == NO_EMPLOYEE_PROFILE:
        return Response({"detail": str(exc), "code": NO_EMPLOYEE_PROFILE}, status=403)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_validation_detail(exc))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        from django.utils.translation import gettext as _

        errors = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        response.data = {
            "detail": _("The data sent is not valid. Check the fields marked."),
            "code": "invalid",
            "errors": errors,
        }
    elif isinstance(response.data, dict) and "detail" in response.data:
        detail = response.data["detail"]
        response.data = {"detail": str(detail), "code": getattr(detail, "code", "error")}
    return response


class ErrorSerializer(serializers.Serializer):
    """The one shape of every error answer (see `exception_handler`)."""

    detail = serializers.CharField(help_text="A message for a person, in the request's language.")
    code = serializers.CharField(help_text="A stable machine name of the error, e.g. `invalid`, `not_authenticated`.")
    errors = serializers.DictField(
        required=False,
        help_text="400 only: the messages per field (nested like the request body for nested fields).",
    )

    class Meta:
        ref_name = "Error"


def inline_serializer(*, fields, data=None, **kwargs):
    """A throw-away serializer class for an API's input or output."""
    serializer_class = type("InlineSerializer", (serializers.Serializer,), fields)
    if data is not None:
        return serializer_class(data=data, **kwargs)
    return serializer_class(**kwargs)


def validated_query(serializer_class, request) -> dict:
    """The request's query parameters validated by ``serializer_class``; invalid
    ones answer 400 with the serializer's errors."""
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data
