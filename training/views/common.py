from accounts.selectors import employee_for_user
from asn_competency.common.shortcuts import or_404  # noqa: F401  (used by the training views)


def employee_or_none(request):
    if not hasattr(request, "_training_employee"):
        request._training_employee = employee_for_user(user=request.user)
    return request._training_employee
