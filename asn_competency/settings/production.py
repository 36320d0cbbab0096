"""Production: gunicorn behind a TLS-terminating proxy, PostgreSQL, Redis.
Every value comes from the environment; see .env.example and docker-compose.yml."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# No default: certificates and e-mails would point at localhost. The system check
# common.E001 refuses to start (manage.py commands, gunicorn) while it is unset.
SITE_URL = env("SITE_URL", default="")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Health probes of the load balancer come over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# "__Host-" cookies: the browser accepts them only over HTTPS, for this exact
# host (no Domain) and path /, so neither a subdomain nor plain HTTP can plant
# or overwrite them. No JavaScript reads the CSRF cookie: htmx sends the token
# from the page (hx-headers on <body>), forms from their hidden field.
SESSION_COOKIE_NAME = "__Host-sessionid"
FEEDBACK_KIOSK_COOKIE_NAME = "__Host-km_kiosk"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_PATH = CSRF_COOKIE_PATH = "/"
SESSION_COOKIE_DOMAIN = CSRF_COOKIE_DOMAIN = None
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
