"""The schemathesis checks every API answer must pass."""

from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def call_and_check(operation, *, headers=None, path_parameters=None, query=None):
    """Call one operation of the schema and validate the answer; returns it."""
    case = operation.Case(path_parameters=path_parameters or {}, query=query or {})
    response = case.call(headers=headers)
    case.validate_response(response, checks=CHECKS, headers=headers)
    return response
