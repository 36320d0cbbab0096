from django.utils.translation import gettext_lazy as _

from asn_competency.common.navigation import NavItem

ITEMS = [
    NavItem(
        label=_("My certificates"),
        url_name="certificates:mine",
        roles=frozenset({"asn"}),
        login=True,
        icon="award",
        order=40,
    ),
    NavItem(
        label=_("Certificates"),
        url_name="certificates:list",
        roles=frozenset({"hr", "admin"}),
        login=True,
        icon="patch-check",
        order=45,
    ),
]
