from django.utils.translation import gettext_lazy as _

from asn_competency.common.navigation import NavItem

ITEMS = [
    NavItem(
        label=_("My certificates"),
        url_name="certificates:mine",
        perm="accounts.see_asn_menu",
        login=True,
        icon="award",
        order=40,
    ),
    NavItem(
        label=_("Certificates"),
        url_name="certificates:list",
        perm="certificates.manage_certificates",
        login=True,
        icon="patch-check",
        order=45,
    ),
]
