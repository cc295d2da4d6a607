#!/usr/bin/env bash
# Load test: the production configuration under concurrent users, on loopback only.
#
# Starts gunicorn (one worker per CPU, DEBUG=false, a generated SECRET_KEY) on a free port of
# 127.0.0.1 against a fresh SQLite database in a temporary folder (migrated, content
# loaded; static files collected into the repository's git-ignored staticfiles/), then
# drives it with wrk for LOAD_SECONDS (default 60) over a mix of endpoints at once:
# the home page, pattern pages, htmx parameter updates (HX-Request), the estimate API
# and a hashed static file served by whitenoise in the same server. Each endpoint group
# is one wrk process with its own connections, all running side by side, so every group
# gets its own requests per second and p50/p95/p99 latency.
#
# Prints one row per endpoint and the count of errors (responses that are not 2xx/3xx,
# and socket errors: connect, read, write, timeout); exits non-zero if there is any.
# gunicorn is stopped and the temporary folder removed on exit, whatever happens.
#
# Environment: LOAD_SECONDS (default 60), LOAD_CONNECTIONS per endpoint group (default 4),
# LOAD_WORKERS gunicorn workers (default: the number of CPUs), PYTHON (default
# .venv/bin/python), REDIS_URL (default: each worker's local-memory cache).
# wrk is installed from Debian's packages when it is missing.
set -euo pipefail

cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
SECONDS_TOTAL=${LOAD_SECONDS:-60}
CONNECTIONS=${LOAD_CONNECTIONS:-4}
WORKERS=${LOAD_WORKERS:-$(nproc)}
GROUPS_=(home pattern htmx estimate static)

if ! command -v wrk >/dev/null 2>&1; then
  echo "Installing wrk from Debian's packages"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-load.XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The production settings, nothing from the developer's environment or database. REDIS_URL
# is kept: `scripts/with-redis bench/load.sh` runs the same load on the shared Redis cache.
unset DATABASE_URL
export DJANGO_SETTINGS_MODULE=explorer.settings
export DEBUG=false
export SECRET_KEY
SECRET_KEY=$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))')
export ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=false
export SQLITE_PATH="$work/load.sqlite3"

"$PYTHON" manage.py migrate --noinput -v 0
"$PYTHON" manage.py load_content >/dev/null
"$PYTHON" manage.py collectstatic --noinput -v 0

# The requests of each endpoint group, one file each (see bench/load_scenarios.lua).
"$PYTHON" - "$work" <<'PY'
"""Writes WORK/<group>.paths: the requests each endpoint group cycles through."""
import json
import sys
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from explorer.domain.rules import check
from explorer.domain.content.parse import load_library
from explorer.domain.params import ParamsError, format_value, resolve_params
from explorer.domain.pricing.patterns import has_cost_model

work = Path(sys.argv[1])
library = load_library(Path(settings.PATTERNS_CONTENT_DIR))
patterns = sorted(library.patterns.values(), key=lambda spec: spec.order)


def variations(spec):
    """Query strings that change the first numeric parameter and that the page accepts."""
    found = []
    for parameter in spec.parameters:
        if parameter.type not in ("int", "decimal"):
            continue
        for factor in (1, 2, 3, 5, 10):
            value = format_value(parameter.default * (Decimal(factor) if parameter.type == "decimal" else factor))
            try:
                params = resolve_params(spec, {parameter.name: [value]})
            except ParamsError:
                continue
            if not check(spec, params).errors:
                found.append(f"{parameter.name}={value}")
        return found
    return []


manifest = json.loads((Path(settings.STATIC_ROOT) / "staticfiles.json").read_text())
groups = {
    "home": ["/", "/?q=queue"],
    "pattern": [f"/patterns/{spec.slug}/" for spec in patterns],
    "htmx": [
        f"/patterns/{spec.slug}/?{query}\tHX-Request: true" for spec in patterns for query in variations(spec)
    ],
    "estimate": [
        f"/api/patterns/{spec.slug}/estimate?{query}"
        for spec in patterns
        if has_cost_model(spec)
        for query in variations(spec)
    ],
    "static": [f"/{settings.STATIC_URL.strip('/')}/{manifest['paths']['css/site.css']}"],
}
for name, lines in groups.items():
    (work / f"{name}.paths").write_text("\n".join(lines) + "\n")
PY

port=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
GUNICORN_BIND="127.0.0.1:$port" GUNICORN_WORKERS="$WORKERS" GUNICORN_ACCESS_LOG="" \
  "$PYTHON" -m gunicorn --config python:explorer.gunicorn_conf explorer.wsgi:application \
  --log-level warning >"$work/gunicorn.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "$base/" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/gunicorn.log" >&2; exit 1; }
  sleep 0.1
done
curl -fsS -o /dev/null "$base/" || { echo "gunicorn did not answer on $base" >&2; exit 1; }

echo "wrk: ${SECONDS_TOTAL}s, ${#GROUPS_[@]} endpoint groups x $CONNECTIONS connections at once;" \
  "gunicorn $WORKERS sync workers on $base; cache: ${REDIS_URL:-local memory per worker}"
wrk_pids=()
for group in "${GROUPS_[@]}"; do
  timeout $((SECONDS_TOTAL + 30)) wrk --threads 1 --connections "$CONNECTIONS" --duration "${SECONDS_TOTAL}s" \
    --timeout 10s --script bench/load_scenarios.lua "$base" -- "$work/$group.paths" \
    >"$work/$group.out" 2>&1 &
  wrk_pids+=($!)
done
failed=0
for pid in "${wrk_pids[@]}"; do
  wait "$pid" || failed=1
done

errors=0
total_requests=0
total_rps=0
printf '%-10s %6s %9s %9s %9s %9s %9s %6s %9s\n' endpoint paths requests req/s p50_ms p95_ms p99_ms errors redirects
for group in "${GROUPS_[@]}"; do
  result=$(grep '^RESULT ' "$work/$group.out" || true)
  if [ -z "$result" ]; then
    echo "$group: wrk gave no result" >&2
    cat "$work/$group.out" >&2
    failed=1
    continue
  fi
  read -r _ requests duration p50 p95 p99 status_errors socket_errors redirects <<<"$result"
  group_errors=$((status_errors + socket_errors))
  errors=$((errors + group_errors))
  rps=$(awk -v r="$requests" -v d="$duration" 'BEGIN { printf "%.1f", r / d }')
  printf '%-10s %6s %9s %9s %9s %9s %9s %6s %9s\n' "$group" "$(wc -l <"$work/$group.paths")" "$requests" "$rps" \
    "$p50" "$p95" "$p99" "$group_errors" "$redirects"
  total_requests=$((total_requests + requests))
  total_rps=$(awk -v t="$total_rps" -v r="$rps" 'BEGIN { printf "%.1f", t + r }')
done
printf '%-10s %6s %9s %9s\n' "all" "" "$total_requests" "$total_rps"
echo "errors: $errors (non-2xx/3xx responses and socket errors)"
if [ -s "$work/gunicorn.log" ]; then
  echo "gunicorn log:" && tail -n 20 "$work/gunicorn.log"
fi
[ "$errors" -eq 0 ] && [ "$failed" -eq 0 ]
