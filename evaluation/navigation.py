from django.utils.translation import gettext_lazy as _

from asn_competency.common.navigation import NavItem

ITEMS = [
    NavItem(label=_("My evaluations"), url_name="evaluation:my", roles=frozenset({"asn"}), login=True,
            icon="clipboard-check", order=40),
    NavItem(label=_("Follow-ups"), url_name="evaluation:follow-ups", roles=frozenset({"supervisor"}), login=True,
            icon="person-check", order=45),
    NavItem(label=_("Evaluation dashboard"), url_name="evaluation:dashboard", roles=frozenset({"hr", "admin"}), login=True,
            icon="bar-chart-line", order=60),
]  # fmt: skip
