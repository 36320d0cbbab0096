"""The main navigation, assembled from each app's `navigation.py`.

An app lists `ITEMS = [NavItem(...)]`; an item is shown when the visitor has its
permission `perm` (a rule of accounts/rules.py or the app's rules.py, the same the
page checks), or to everyone when `perm` is None and `login` is False.
"""

from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The menu groups, by top-level app; an item's own `group` overrides it.
GROUPS = {
    "training": (10, _("Training")),
    "evaluation": (20, _("Evaluation")),
    "feedback": (30, _("Feedback")),
    "community": (40, _("Community")),
    "accounts": (90, _("Administration")),
}


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    perm: str | None = None  # a rule name; None: everyone who passes `login`
    login: bool = False  # True: only signed-in users
    icon: str = ""
    order: int = 100
    group: str = field(default="")

    def visible_to(self, user) -> bool:
        if self.login and not user.is_authenticated:
            return False
        if self.perm is None:
            return True
        from accounts.permissions import user_can

        return user_can(user, self.perm)


def _all_items():
    """(group key, item) for every app's items, in menu order."""
    items = []
    for app in settings.LOCAL_APPS:
        try:
            module = import_module(f"{app}.navigation")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.navigation":
                raise
            continue
        top = app.split(".")[0]
        items.extend((item.group or top, item) for item in getattr(module, "ITEMS", ()))
    return sorted(items, key=lambda pair: (GROUPS.get(pair[0], (50, ""))[0], pair[1].order))


def nav_items_for(user):
    """The items this user may see, with their resolved URLs and menu group."""
    visible = []
    for group, item in _all_items():
        if not item.visible_to(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        visible.append({"label": item.label, "url": url, "icon": item.icon, "url_name": item.url_name, "group": group})
    return visible


def nav_groups_for(user):
    """The visible items grouped for the menu: [{"key", "label", "items": [...]}, ...]."""
    groups = {}
    for entry in nav_items_for(user):
        key = entry["group"]
        if key not in groups:
            label = GROUPS[key][1] if key in GROUPS else key
            groups[key] = {"key": key, "label": label, "items": []}
        groups[key]["items"].append(entry)
    return list(groups.values())
