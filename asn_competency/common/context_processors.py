from .navigation import nav_items_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"nav_items": nav_items_for(user)}
