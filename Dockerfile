# The explorer's production image: gunicorn serving the app, whitenoise its static files.
# Settings come from the environment at run time (see README "Running in production").
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Graphviz's `dot` draws the architecture diagrams.
RUN apt-get update \
    && apt-get install -y --no-install-recommends graphviz \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Hashed, compressed static files baked into the image. Settings refuse DEBUG=false without
# a SECRET_KEY; this throwaway one exists only for this build step and signs nothing.
RUN DEBUG=false SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput -v 0

RUN useradd --system --no-create-home --uid 10001 explorer
USER explorer

ENV DEBUG=false
EXPOSE 8000
ENV GUNICORN_BIND=0.0.0.0:8000
CMD ["gunicorn", "--config", "python:explorer.gunicorn_conf", "explorer.wsgi:application"]
