from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from asn_competency.common.forms import apply_errors
from asn_competency.common.shortcuts import paginate as common_paginate

TOO_MANY = _("You are posting too fast. Please wait a while and try again.")


def paginate(request, qs, *, per_page=None):
    return common_paginate(request, qs, per_page=per_page or settings.COMMUNITY_PAGE_SIZE)


__all__ = ["NON_FIELD_ERRORS", "TOO_MANY", "apply_errors", "paginate"]
