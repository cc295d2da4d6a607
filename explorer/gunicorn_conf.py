"""gunicorn's settings for the explorer, shared by `make serve-production`, bench/load.sh and
the Docker image: `gunicorn --config python:explorer.gunicorn_conf explorer.wsgi`.

Sync workers, one per CPU: the work is Python on the CPU (templates, estimates, highlighting)
with short waits on `dot`, the database and Redis, so more processes than CPUs, or threads
sharing one interpreter lock, only reorder the queue (bench/load.sh measured both: pages and
htmx updates waited longer, cheap requests jumped ahead). GUNICORN_WORKERS, GUNICORN_BIND
and GUNICORN_ACCESS_LOG change them.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS") or os.cpu_count() or 2)
worker_class = "sync"
# A stuck request (a client that never finishes sending, a render past its own 10 s limit)
# loses its worker after this many seconds; gunicorn starts a fresh one.
timeout = 30
graceful_timeout = 30
# Access log lines on stdout; GUNICORN_ACCESS_LOG="" turns them off (the load test does).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
