from django.utils.translation import gettext_lazy as _

from asn_competency.common.navigation import NavItem

# The bell in the navbar (templates/base.html) shows the unread count; this
# item is the inbox in the menu (and on small screens).
ITEMS = [
    NavItem(label=_("Notifications"), url_name="notifications:inbox", login=True, icon="bell", order=10),
]
