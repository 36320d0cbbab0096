"""Request helpers shared by the apps."""

from django.conf import settings


def client_ip(request) -> str:
    """The client's address, trusting exactly TRUSTED_PROXY_COUNT proxies.

    Each trusted proxy appends the address it saw to X-Forwarded-For, so the
    client is the entry that many hops from the right; whatever a client wrote
    further left is ignored, and with no trusted proxy the header is ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
    if len(forwarded) >= hops:
        return forwarded[-hops]
    return forwarded[0] if forwarded else remote


def safe_next(request, fallback, *args) -> str:
    """Where to go after a POST: the request's ``next`` (form field, else query
    string) when it stays on this site, else ``fallback`` (a URL, or a URL name
    with ``args``). The one check of redirect targets: an address elsewhere
    (``https://evil.example/x``, ``//evil.example``) is never followed.
    """
    from django.shortcuts import resolve_url
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(fallback, *args)


def moved_prefix(old: str, new: str):
    """A URL pattern for a prefix that moved: ``/<old><rest>?<query>`` answers a permanent
    redirect to ``/<new><rest>?<query>``, so bookmarks and links in e-mails already sent
    keep working. 301 for GET and HEAD; 308 for other methods, so a form posted from a
    page loaded before the move keeps its method and body. ``new`` is a fixed prefix on
    this site, so the target never leaves it.
    """
    import re

    from django.http import HttpResponsePermanentRedirect
    from django.urls import re_path
    from django.utils.encoding import escape_uri_path

    def moved(request, rest):
        script = request.path[: len(request.path) - len(request.path_info)].rstrip("/")
        url = f"{script}/{new}{escape_uri_path(rest)}"
        if query := request.META.get("QUERY_STRING", ""):
            url = f"{url}?{query}"
        return HttpResponsePermanentRedirect(url, preserve_request=request.method not in ("GET", "HEAD"))

    return re_path(rf"^{re.escape(old)}(?P<rest>.*)$", moved)
