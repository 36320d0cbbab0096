from django.utils.translation import gettext_lazy as _

from asn_competency.common.navigation import NavItem

ITEMS = [
    NavItem(
        label=_("Announcements"),
        url_name="announcements:list",
        perm="announcements.manage_announcements",
        login=True,
        icon="megaphone",
        order=20,
        group="training",
    ),
]
