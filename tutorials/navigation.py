from django.utils.translation import gettext_lazy as _

from asn_competency.common.navigation import NavItem

ITEMS = [
    NavItem(label=_("E-gov apps"), url_name="tutorials:app-list", login=True, icon="phone", order=30),
    NavItem(
        label=_("App readiness"),
        url_name="tutorials:readiness",
        perm="tutorials.manage_tutorials",
        login=True,
        icon="bar-chart",
        order=75,
    ),
]
