# Production image: gunicorn serves the web app; the same image runs the Celery worker and beat.
FROM python:3.12-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 kcc

WORKDIR /app
# the commit /version reports: docker build --build-arg KCC_COMMIT=$(git rev-parse HEAD)
ARG KCC_COMMIT=""
ENV KCC_COMMIT=${KCC_COMMIT}
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

COPY --chown=kcc:kcc . .
# Static files are collected at build time and served by WhiteNoise (no CDN, no extra server).
RUN DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=build python manage.py collectstatic --noinput \
    && DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=build python manage.py compilemessages --ignore='*/site-packages/*'
# the reference catalogue is loaded by `manage.py catalogus_laden` (a setup job), see README

RUN mkdir -p /beat /bestanden /anker && chown kcc:kcc /beat /bestanden /anker

USER kcc
EXPOSE 8000
CMD ["gunicorn", "nijmegen_kcc.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
