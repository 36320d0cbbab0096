from django.utils.translation import gettext_lazy as _

from asn_competency.common.navigation import NavItem

ITEMS = [
    NavItem(
        label=_("Competency dictionary"),
        url_name="accounts:competency-list",
        roles=frozenset({"hr", "admin"}),
        login=True,
        icon="book",
        order=890,
    ),
    NavItem(label=_("Administration"), url_name="admin:index", roles=frozenset({"admin"}), icon="gear", order=900),
]
