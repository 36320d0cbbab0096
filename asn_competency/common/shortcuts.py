"""Shortcuts shared by the apps' views and API views."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404


def or_404(selector, **kwargs):
    """Call a selector that `.get()`s one object; a missing object is a 404."""
    try:
        return selector(**kwargs)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
