FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=firesvc.settings.production
# postgresql-client: pg_dump/pg_restore for scripts/backup.sh and scripts/restore.sh.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk gettext postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY firesvc ./firesvc
COPY approvals ./approvals
COPY enterprises ./enterprises
COPY feedback ./feedback
RUN pip install --no-cache-dir .
COPY . .
RUN SECRET_KEY=build-only-build-only-build-only-build-only-build-only ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput
RUN useradd --system --home /app firesvc && mkdir -p /app/var/media && chown -R firesvc /app/var
USER firesvc
EXPOSE 8000
CMD ["gunicorn", "firesvc.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4"]
