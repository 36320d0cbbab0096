from django.utils.translation import gettext_lazy as _

from asn_competency.common.navigation import NavItem

ITEMS = [
    NavItem(label=_("Training catalogue"), url_name="training:catalog", icon="journal-bookmark", order=10),
    NavItem(label=_("Training calendar"), url_name="training:calendar", icon="calendar3", order=11),
    NavItem(
        label=_("My trainings"),
        url_name="training:my-enrollments",
        perm="accounts.see_asn_menu",
        login=True,
        icon="person-workspace",
        order=12,
    ),
    NavItem(
        label=_("My JP"),
        url_name="training:my-jp",
        perm="accounts.see_asn_menu",
        login=True,
        icon="hourglass-split",
        order=13,
    ),
    NavItem(
        label=_("Approvals"),
        url_name="training:approvals",
        perm="training.view_approvals",
        login=True,
        icon="check2-square",
        order=14,
    ),
    NavItem(
        label=_("External training claims"),
        url_name="training:claims-pending",
        perm="training.view_approvals",
        login=True,
        icon="patch-check",
        order=14,
    ),
    NavItem(
        label=_("Manage trainings"),
        url_name="training:hr-sessions",
        perm="training.manage_sessions",
        login=True,
        icon="clipboard-data",
        order=15,
    ),
]
