"""System checks of settings that every deployment must give."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}  # noqa: S104 (names compared, nothing bound)


@checks.register()
def check_site_url(app_configs, **kwargs):  # noqa: ARG001  (system check signature)
    """SITE_URL is the public address printed in certificate QR codes and e-mail
    links: without it they would point nowhere (or at localhost), so a server
    must not start without a valid one."""
    value = getattr(settings, "SITE_URL", "") or ""
    if not value.strip():
        return [
            checks.Error(
                "SITE_URL is not set.",
                hint="Set SITE_URL to the public address, e.g. https://kompeten.pemkomedan.go.id "
                "(used in certificate QR codes and e-mail links).",
                id="common.E001",
            )
        ]
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path.strip("/") or parts.query:
        return [
            checks.Error(
                f"SITE_URL {value!r} is not an address like https://kompeten.pemkomedan.go.id.",
                hint="Give scheme and host (and a port if needed), without a path.",
                id="common.E002",
            )
        ]
    return []


@checks.register(deploy=True)
def check_site_url_public(app_configs, **kwargs):  # noqa: ARG001  (system check signature)
    """On a server, a loopback or plain-HTTP SITE_URL prints links nobody else can open."""
    parts = urlsplit((getattr(settings, "SITE_URL", "") or "").strip())
    if not parts.hostname:
        return []  # common.E001/E002 already say so
    warnings = []
    if parts.hostname in LOCAL_HOSTS:
        warnings.append(
            checks.Warning(
                f"SITE_URL points at this machine ({parts.hostname}): certificates and e-mails will link there.",
                id="common.W001",
            )
        )
    elif parts.scheme != "https":
        warnings.append(checks.Warning("SITE_URL does not use https.", id="common.W002"))
    return warnings
