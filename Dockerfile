FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
# collectstatic needs the production settings but no secret: a throwaway random key for
# this one command (not kept in the image; containers get SECRET_KEY from .env). The
# https SITE_URL selects the compressed manifest storage, which STATIC_MANIFEST keeps at
# run time whatever SITE_URL the container gets.
ENV STATIC_MANIFEST=1
RUN DEBUG=0 SITE_URL=https://build.invalid ALLOWED_HOSTS=build.invalid \
    SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    python manage.py collectstatic --noinput
# Run as an unprivileged user; uploaded files go to the media volume.
RUN useradd --system --home /app alliance && mkdir -p var/media && chown alliance var/media
USER alliance
EXPOSE 8000
CMD ["gunicorn", "alliance.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
