"""Absolute links: from the request when there is one, else from SITE_URL."""

from django.conf import settings


def site_url() -> str:
    """The public address without a trailing slash (links made outside a request:
    Celery-built PDFs and e-mails)."""
    return settings.SITE_URL.rstrip("/")


def absolute_url(path: str, *, request=None) -> str:
    """`path` as an absolute link: the address the request came in on when one is
    at hand (validated by ALLOWED_HOSTS), SITE_URL otherwise."""
    if request is not None:
        return request.build_absolute_uri(path)
    return site_url() + path
