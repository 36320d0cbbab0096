"""Role checks for views (mixin, decorator) and the API (DRF permission)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from .roles import has_role


def role_required(*roles):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def HasRole(*roles):  # noqa: N802  (reads like a class in permission_classes)
    """DRF permission class factory: `permission_classes = [HasRole(Role.HR)]`."""

    class _HasRole(BasePermission):
        message = _("You do not have the role needed for this action.")

        def has_permission(self, request, view):  # noqa: ARG002  (DRF's signature)
            return has_role(request.user, *roles)

    return _HasRole
