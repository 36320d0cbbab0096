from django.utils.translation import gettext_lazy as _

from asn_competency.common.navigation import NavItem

ITEMS = [
    NavItem(label=_("Forums"), url_name="community:index", icon="chat-square-text", order=60),
    NavItem(label=_("Topics I follow"), url_name="community:my-topics", login=True, icon="bell", order=60),
    NavItem(label=_("Consultation meetings"), url_name="community:meetings", icon="people", order=61),
    NavItem(
        label=_("Moderation"),
        url_name="community:moderation",
        perm="community.moderate",
        login=True,
        icon="shield-check",
        order=62,
    ),
    NavItem(
        label=_("Forum statistics"),
        url_name="community:stats",
        perm="community.view_stats",
        login=True,
        icon="bar-chart",
        order=63,
    ),
]
