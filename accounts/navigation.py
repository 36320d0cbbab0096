from django.utils.translation import gettext_lazy as _

from asn_competency.common.navigation import NavItem

ITEMS = [
    NavItem(
        label=_("Competency dictionary"),
        url_name="accounts:competency-list",
        perm="accounts.manage_competencies",
        login=True,
        icon="book",
        order=890,
    ),
    NavItem(label=_("Administration"), url_name="admin:index", perm="accounts.use_admin_site", icon="gear", order=900),
]
