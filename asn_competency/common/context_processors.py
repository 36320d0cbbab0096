from .navigation import nav_groups_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    groups = nav_groups_for(user)
    return {"nav_groups": groups, "nav_items": [item for group in groups for item in group["items"]]}
