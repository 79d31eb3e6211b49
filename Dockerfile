# Production image: gunicorn web, Celery worker and beat all run from it (docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=shaoxing_supervision.settings_production

# WeasyPrint needs Pango; libharfbuzz-subset0 makes CJK font subsetting fast (seconds → ~0.1 s a page);
# fonts-noto-cjk (宋, 黑) and fonts-lxgw-wenkai (楷) are the stand-ins for the official faces; poppler-utils
# renders page previews.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
      fonts-noto-cjk fonts-lxgw-wenkai fontconfig poppler-utils gettext \
 && fc-cache -f \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY requirements/constraints.txt requirements/constraints.txt
RUN pip install -c requirements/constraints.txt -e . 2>/dev/null || pip install -c requirements/constraints.txt .
COPY . .
RUN SECRET_KEY=build-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyzABCD \
    ALLOWED_HOSTS=build DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost \
      python manage.py collectstatic --noinput \
 && python manage.py compilemessages --ignore=.venv -v0

RUN useradd --system --home /app supervision && mkdir -p /data/media /data/backups && chown supervision /data/media /data/backups
USER supervision
EXPOSE 8000
CMD ["gunicorn", "shaoxing_supervision.wsgi:application", "--config", "deploy/gunicorn.conf.py"]
