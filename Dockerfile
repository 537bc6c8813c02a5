FROM python:3.11-slim

# WeasyPrint needs Pango; fonts for the PDF reports are bundled in static/.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
COPY cancerplan cancerplan
COPY operations operations
COPY documents documents
COPY registry registry
COPY plans plans
COPY followup followup
COPY demo demo
RUN pip install --no-cache-dir .
COPY . .
# collectstatic needs settings that load, not the production secret.
RUN DEBUG=false SECRET_KEY="collectstatic-only-$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    python manage.py collectstatic --noinput

EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && gunicorn cancerplan.wsgi --bind 0.0.0.0:8000 --workers 3 --access-logfile -"]
