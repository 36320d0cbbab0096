from django.utils.translation import gettext_lazy as _

from asn_competency.common.navigation import NavItem

HR = frozenset({"hr", "admin"})

ITEMS = [
    NavItem(
        label=_("My learning paths"),
        url_name="paths:mine",
        roles=frozenset({"asn"}),
        login=True,
        icon="signpost-split",
        order=18,
        group="training",
    ),
    NavItem(
        label=_("Learning paths"),
        url_name="paths:manage",
        roles=HR,
        login=True,
        icon="signpost",
        order=24,
        group="training",
    ),  # fmt: skip
    NavItem(
        label=_("Learning path report"),
        url_name="paths:report",
        roles=HR,
        login=True,
        icon="diagram-3",
        order=25,
        group="training",
    ),
]
