"""API authentication: DRF's token authentication, with the account's ASN profile
read in the same query.

DRF's TokenAuthentication reads the token with its user (one join); nearly every
authenticated API request then asks `employee_of(user)` (the self-service
permission, the services acting for the ASN), a second query. Here the token,
the user and the profile (with the unit, position and supervisor that
`accounts.selectors.employee_for_user` loads) come in one query, and the profile
is cached where `accounts.rules.employee_of` looks for it.
"""

from django.core.exceptions import ObjectDoesNotExist
from rest_framework.authentication import TokenAuthentication


class TokenWithEmployeeAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, as DRF's; an unknown token or an inactive
    account gets DRF's own answer (its check runs again for those only)."""

    def authenticate_credentials(self, key):
        model = self.get_model()
        token = (
            model.objects.select_related(
                "user__employee__org_unit", "user__employee__position", "user__employee__supervisor"
            )
            .filter(key=key)
            .first()
        )
        if token is None or not token.user.is_active:
            return super().authenticate_credentials(key)  # raises AuthenticationFailed
        user = token.user
        try:
            user._asn_employee = user.employee  # cached by the join: no query, also when there is none
        except ObjectDoesNotExist:
            user._asn_employee = None
        return user, token
