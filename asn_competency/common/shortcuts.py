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


def paginate(request, items, *, per_page: int, count: int | None = None):
    """The page of ``items`` named by ``?page=`` (the first or last page when it
    is missing, not a number or out of range). ``count``: the number of items
    when the caller already knows it (e.g. from a summary), so that the
    paginator does not run a COUNT over the whole list."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached_property
    return paginator.get_page(request.GET.get("page"))


class SegmentPage:
    """A page of items read from ordered segments (querysets) one after the other,
    without counting the last segment: the page knows whether there is a next
    one by reading one item more. The interface of Django's Page that list
    templates use (number, has_next, has_previous, has_other_pages, ...)."""

    def __init__(self, items, *, number: int, has_next: bool):
        self.object_list, self.number, self._has_next = items, number, has_next

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self):
        return self._has_next

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_next() or self.has_previous()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


def paginate_segments(request, segments, *, per_page: int) -> SegmentPage:
    """Plain LIMIT/OFFSET pagination over ordered segments, each read as a LIMIT on
    an index. No segment is counted while the page's own read shows where it ends
    (a read shorter than asked for reached its end); only a page that lies wholly
    past a segment counts that segment (to know how far into the next to skip)."""
    try:
        number = max(1, int(request.GET.get("page", 1)))
    except (TypeError, ValueError):
        number = 1
    skip, need, items = (number - 1) * per_page, per_page + 1, []
    for index, segment in enumerate(segments):
        if not need:
            break
        chunk = list(segment[skip : skip + need])
        if not chunk and skip and index < len(segments) - 1:
            skip = max(0, skip - segment.count())  # the page starts in a later segment
            continue
        items.extend(chunk)
        need -= len(chunk)
        skip = 0
    return SegmentPage(items[:per_page], number=number, has_next=len(items) > per_page)
