from django.utils.translation import gettext_lazy as _

from asn_competency.common.navigation import NavItem

ITEMS = [
    NavItem(label=_("My evaluations"), url_name="evaluation:my", perm="accounts.see_asn_menu", login=True,
            icon="clipboard-check", order=40),
    NavItem(label=_("Follow-ups"), url_name="evaluation:follow-ups", perm="evaluation.view_follow_ups", login=True,
            icon="person-check", order=45),
    NavItem(label=_("Evaluation dashboard"), url_name="evaluation:dashboard", perm="evaluation.manage_evaluations", login=True,
            icon="bar-chart-line", order=60),
]  # fmt: skip
