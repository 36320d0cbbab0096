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
