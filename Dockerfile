# Production image: gunicorn web, Celery worker and beat all run from it.
FROM node:20-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# The feedback form's service worker (Workbox), built from the form's shell (issue 14).
COPY scripts/build-sw.mjs scripts/
COPY feedback/pwa feedback/pwa
COPY static static
RUN npm run build:sw

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=asn_competency.settings.production \
    STATIC_ROOT=/srv/static MEDIA_ROOT=/srv/media
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --uid 1000 kompeten
WORKDIR /app
# Runtime dependencies only, every version and hash from the lock (`make lock` regenerates it).
COPY requirements-runtime.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements-runtime.lock
COPY . .
COPY --from=assets /src/node_modules ./node_modules
COPY --from=assets /src/static/feedback/pwa/build ./static/feedback/pwa/build
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
    && mkdir -p /srv/media && chown -R kompeten /srv/media
USER kompeten
EXPOSE 8000
CMD ["gunicorn", "asn_competency.wsgi:application", "--config", "deploy/gunicorn.conf.py"]
