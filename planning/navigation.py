from django.utils.translation import gettext_lazy as _

from asn_competency.common.navigation import NavItem

HR = frozenset({"hr", "admin"})

ITEMS = [
    NavItem(
        label=_("My competency gaps"),
        url_name="planning:my-gaps",
        roles=frozenset({"asn"}),
        login=True,
        icon="bullseye",
        order=17,
    ),
    NavItem(label=_("JP report"), url_name="planning:jp-report", roles=HR, login=True, icon="bar-chart", order=21),
    NavItem(
        label=_("Training needs"),
        url_name="planning:needs",
        roles=HR,
        login=True,
        icon="clipboard-data",
        order=22,
    ),
    NavItem(label=_("Bulk enrolment"), url_name="planning:bulk", roles=HR, login=True, icon="people", order=23),
]
