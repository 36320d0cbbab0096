from accounts.rules import employee_of
from asn_competency.common.shortcuts import or_404  # noqa: F401  (used by the training views)


def employee_or_none(request):
    """The signed-in user's ASN profile or None (loaded once per request: accounts.rules.employee_of)."""
    return employee_of(request.user)
