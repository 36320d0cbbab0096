from django.utils.translation import gettext_lazy as _

from asn_competency.common.navigation import NavItem

ITEMS = [
    NavItem(
        label=_("My learning paths"),
        url_name="paths:mine",
        perm="accounts.see_asn_menu",
        login=True,
        icon="signpost-split",
        order=18,
        group="training",
    ),
    NavItem(
        label=_("Learning paths"),
        url_name="paths:manage",
        perm="paths.manage_paths",
        login=True,
        icon="signpost",
        order=24,
        group="training",
    ),
    NavItem(
        label=_("Learning path report"),
        url_name="paths:report",
        perm="paths.view_path_report",
        login=True,
        icon="diagram-3",
        order=25,
        group="training",
    ),
]
