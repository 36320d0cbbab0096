"""Errors raised by services. Views and the API turn them into 4xx answers."""

from django.core.exceptions import ValidationError  # noqa: F401  (re-exported)


class ApplicationError(Exception):
    """A business rule refused the request; `message` is shown to the person.

    `status` is the HTTP status the API answers with (400 by default, 409 for
    conflicts such as a duplicate enrolment), `code` a stable machine name.
    """

    def __init__(self, message, *, code="invalid", status=400, extra=None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.extra = extra or {}

    def __str__(self):
        return str(self.message)


class ConflictError(ApplicationError):
    def __init__(self, message, *, code="conflict", extra=None):
        super().__init__(message, code=code, status=409, extra=extra)
