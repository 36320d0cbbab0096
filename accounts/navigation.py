from django.utils.translation import gettext_lazy as _

from asn_competency.common.navigation import NavItem

ITEMS = [
    NavItem(label=_("Administration"), url_name="admin:index", roles=frozenset({"admin"}), icon="gear", order=900),
]
