import rules
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .usernames import username_normalise


class CaseInsensitiveModelBackend(ModelBackend):
    """Username match that ignores case: citizens sign in with their email
    address, and phones capitalise its first letter. An exact match wins when
    two accounts differ only in case. The lockout counts failures under the
    same normalised name (accounts.usernames)."""

    def authenticate(self, request, username=None, password=None, **kwargs):  # noqa: ARG002  (Django's signature)
        user_model = get_user_model()
        if username is None:
            username = kwargs.get(user_model.USERNAME_FIELD)
        if username is None or password is None:
            return None
        typed = str(username).strip()
        candidates = list(user_model._default_manager.filter(username__iexact=username_normalise(typed))[:2])
        exact = [u for u in candidates if u.username == typed]
        if exact:
            user = exact[0]
        elif len(candidates) == 1:
            user = candidates[0]
        else:
            user_model().set_password(password)  # same work as a real check: no timing hint
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def has_perm(self, user_obj, perm, obj=None):
        # The rules of <app>/rules.py answer alone (rules.permissions.ObjectPermissionBackend):
        # no query for model permissions a rule name never has.
        if rules.perm_exists(perm):
            return False
        return super().has_perm(user_obj, perm, obj)
