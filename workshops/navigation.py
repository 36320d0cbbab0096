from django.utils.translation import gettext_lazy as _

from asn_competency.common.navigation import NavItem

ITEMS = [
    NavItem(label=_("Workshops"), url_name="workshops:catalog", icon="people", order=16),
    NavItem(
        label=_("My action plans"),
        url_name="workshops:my-plans",
        perm="accounts.see_asn_menu",
        login=True,
        icon="flag",
        order=17,
    ),
    NavItem(
        label=_("Manage workshops"),
        url_name="workshops:hr-list",
        perm="workshops.manage_workshops",
        login=True,
        icon="easel",
        order=18,
    ),
]
