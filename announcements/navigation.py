from django.utils.translation import gettext_lazy as _

from accounts.roles import STAFF_ROLES
from asn_competency.common.navigation import NavItem

# The same people as rules.can_manage_announcements (NavItem filters by role).
ITEMS = [
    NavItem(
        label=_("Announcements"),
        url_name="announcements:list",
        roles=frozenset(STAFF_ROLES),
        login=True,
        icon="megaphone",
        order=20,
        group="training",
    ),
]
