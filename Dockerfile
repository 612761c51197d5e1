# newsdesk web and worker image: Python 3.12, dependencies from uv.lock, gunicorn.
FROM python:3.12-slim-bookworm

COPY --from=ghcr.io/astral-sh/uv:0.9 /uv /uvx /bin/
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH="/opt/venv/bin:$PATH" PYTHONUNBUFFERED=1

WORKDIR /app
COPY pyproject.toml uv.lock .python-version ./
RUN uv sync --locked --no-dev --no-install-project
COPY . .
# collectstatic needs no database; a throwaway key is enough at build time.
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput

RUN useradd --create-home newsdesk && mkdir -p /app/var/media && chown -R newsdesk /app/var
USER newsdesk
EXPOSE 8000
CMD ["gunicorn", "newsdesk.wsgi", "--bind", "0.0.0.0:8000", "--workers", "4", "--timeout", "60", "--access-logfile", "-"]
