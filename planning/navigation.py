from django.utils.translation import gettext_lazy as _

from asn_competency.common.navigation import NavItem

ITEMS = [
    NavItem(
        label=_("My competency gaps"),
        url_name="planning:my-gaps",
        perm="accounts.see_asn_menu",
        login=True,
        icon="bullseye",
        order=17,
    ),
    NavItem(
        label=_("JP report"),
        url_name="planning:jp-report",
        perm="planning.manage_planning",
        login=True,
        icon="bar-chart",
        order=21,
    ),
    NavItem(
        label=_("Training needs"),
        url_name="planning:needs",
        perm="planning.manage_planning",
        login=True,
        icon="clipboard-data",
        order=22,
    ),
    NavItem(
        label=_("Bulk enrolment"),
        url_name="planning:bulk",
        perm="planning.manage_planning",
        login=True,
        icon="people",
        order=23,
    ),
]
