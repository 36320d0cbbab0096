"""The OpenAPI schema of the API: every operation declares the errors it can answer.

`AutoSchema` (settings: REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]) adds, to each
operation's documented responses, the error answers that follow from how the view
is built, all with the shape of `asn_competency.common.api.ErrorSerializer`:

- 400 when the operation takes a request body or query parameters (validation),
  415 when it takes a body (a media type it does not parse);
- 401 when the view authenticates (no credentials, or an invalid token), with the
  `WWW-Authenticate` header;
- 403 when a permission class checks more than "signed in" (roles), and on unsafe
  methods of views with session authentication (CSRF);
- 404 when the path names an object, or the list is paginated (a page past the end);
- 429 when the view is throttled, with the `Retry-After` header.

Errors that only the view's logic knows of (409 on a duplicate, 403 for an account
without an ASN profile, 429 of a rate limit checked in the view) are declared
with `error_responses(...)` in the view's `extend_schema(responses=...)`, or for
every method of a view as its `error_statuses` attribute (e.g. `{403}`).

Views whose filtering runs through a django-filter FilterSet inside a selector
name it as `filterset_class`; its query parameters are documented from it here.
"""

from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny, IsAuthenticated

from .api import ErrorSerializer

ERROR_DESCRIPTIONS = {
    400: "The request is not valid: `detail` says why, `errors` names the fields.",
    401: "No credentials, or invalid ones (`Authorization: Token <key>` or a session).",
    403: "Signed in, but not allowed to do this (role, own objects only, or a missing CSRF token).",
    404: "No such object (or not visible to this account), or a page past the end.",
    409: "Conflicts with the current state (for example already done).",
    413: "The request body is too large.",
    415: "The body is not in a media type this operation accepts (see its request body).",
    429: "Too many requests; `Retry-After` says how many seconds to wait.",
}

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
_PLAIN_PERMISSIONS = (AllowAny, IsAuthenticated)


def error_responses(*statuses: int) -> dict:
    """Responses to merge into `extend_schema(responses={...})` for errors that
    only the view's logic can answer, e.g. `{201: X, **error_responses(409)}`."""
    return {status: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[status]) for status in statuses}


class AutoSchema(SpectacularAutoSchema):
    def error_statuses(self) -> set[int]:
        """The error statuses the view's construction makes possible (see module doc)."""
        view = self.view
        statuses = set(getattr(view, "error_statuses", ()))
        has_body = self.method in {"POST", "PUT", "PATCH"} and self.get_request_serializer() is not None
        query = [p for p in self._get_parameters() if p.get("in") == "query" and p.get("name") != "page"]
        if has_body or query:
            statuses.add(400)
        if has_body:
            statuses.add(415)
        authenticators = view.get_authenticators()
        if authenticators:
            statuses.add(401)
        permissions = view.get_permissions()
        if any(not isinstance(p, _PLAIN_PERMISSIONS) for p in permissions):
            statuses.add(403)
        if self.method not in SAFE_METHODS and any(isinstance(a, SessionAuthentication) for a in authenticators):
            statuses.add(403)
        if "{" in self.path or (self._is_list_view() and self._get_paginator() is not None):
            statuses.add(404)
        if view.get_throttles():
            statuses.add(429)
        return statuses

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for status, response in error_responses(*sorted(self.error_statuses())).items():
            if str(status) not in responses:
                responses[str(status)] = self._get_response_for_code(response, str(status), direction=direction)
        headers = {
            "401": ("WWW-Authenticate", "The authentication scheme to use: `Token`."),
            "429": ("Retry-After", "Seconds to wait before trying again."),
        }
        for code, (name, description) in headers.items():
            if code in responses:
                schema = {"type": "integer"} if name == "Retry-After" else {"type": "string"}
                responses[code].setdefault("headers", {})[name] = {"schema": schema, "description": description}
        return responses

    def _get_filter_parameters(self):
        filterset_class = getattr(self.view, "filterset_class", None)
        if filterset_class is None or self.method != "GET":
            return super()._get_filter_parameters()
        # The FilterSet runs inside the selector, not as a filter backend: document
        # its fields the way drf-spectacular documents DjangoFilterBackend's.
        extension = DjangoFilterExtension(target=None)
        model = filterset_class._meta.model
        parameters = []
        for name, field in filterset_class.base_filters.items():
            parameters += extension.resolve_filter_field(self, model, filterset_class, name, field)
        return parameters


__all__ = ["AutoSchema", "ErrorSerializer", "error_responses"]
