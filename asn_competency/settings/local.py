"""Development on a laptop: `make run`. Embedded default unless DATABASE_URL /
REDIS_URL are set."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])


def served_url(*, host: str, port: str) -> str:
    """The address `make run` serves, as a browser on this machine reaches it.
    A wildcard bind (0.0.0.0, ::) is not an address to link to: use loopback."""
    host = (host or "").strip().strip("[]")
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 (a bind address being translated, not bound)
        host = "127.0.0.1"
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    return f"http://{host}:{port or 8000}"


# Links made outside a request (certificate QR codes, e-mails from the Celery
# worker) point at the address actually served. `make run` passes HOST and
# WEB_PORT to every process; PORT alone is not enough, because honcho gives each
# process its own PORT (the worker gets 8100 when the web runs on 8000).
SITE_URL = env(
    "SITE_URL",
    default=served_url(
        host=env("HOST", default="127.0.0.1"), port=env("WEB_PORT", default=env("PORT", default="8000"))
    ),
)
