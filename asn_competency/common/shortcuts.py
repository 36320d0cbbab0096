"""Shortcuts shared by the apps' views and API views."""

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404


def or_404(selector, **kwargs):
    """Call a selector that `.get()`s one object; a missing object is a 404."""
    try:
        return selector(**kwargs)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def paginate(request, items, *, per_page: int):
    """The page of ``items`` named by ``?page=`` (the first or last page when it
    is missing, not a number or out of range)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))
