from django.utils.translation import gettext_lazy as _

from asn_competency.common.navigation import NavItem

ITEMS = [
    NavItem(label=_("Give feedback"), url_name="feedback:form", icon="chat-heart", order=40),
    NavItem(label=_("IKM"), url_name="feedback:ikm", icon="bar-chart-line", order=41),
    NavItem(
        label=_("Citizen feedback"),
        url_name="feedback:staff-list",
        perm="feedback.view_inbox",
        login=True,
        icon="inbox",
        order=42,
    ),
    NavItem(
        label=_("ASN reports"),
        url_name="feedback:asn-summary",
        perm="feedback.manage_feedback",
        login=True,
        icon="exclamation-triangle",
        order=43,
    ),
    NavItem(
        label=_("Report a difficulty"),
        url_name="feedback:asn-report",
        perm="accounts.see_asn_menu",
        login=True,
        icon="life-preserver",
        order=44,
    ),
]
