"""The production configuration on a free loopback port, for the browser benchmarks.

`with production_server() as base_url:` does what `make serve-production` does, away from the
developer's data: a fresh SQLite database and static root in a temporary folder, `migrate`,
`load_content`, `collectstatic`, then gunicorn (explorer/gunicorn_conf.py) with DEBUG=false
and a generated SECRET_KEY. It yields the server's address once the home page answers, and
stops gunicorn and removes the folder on the way out, whatever happened. Used by
bench/browser.py and bench/lighthouse.py.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 30.0
GUNICORN_ARGS = ["explorer.wsgi:application", "--log-level", "warning"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def production_env(folder: Path, bind: str) -> dict[str, str]:
    """The environment of `make serve-production`, with nothing from the developer's database."""
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="explorer.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SQLITE_PATH=str(folder / "bench.sqlite3"),
        STATIC_ROOT=str(folder / "staticfiles"),
        GUNICORN_BIND=bind,
        GUNICORN_ACCESS_LOG="",
    )
    return env


def wait_until_up(base_url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(base_url + "/", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer on {base_url} within {STARTUP_SECONDS:.0f} s")


@contextmanager
def production_server(*, workers: int | None = None) -> Iterator[str]:
    """gunicorn under the production settings on 127.0.0.1:<free port>; yields its base URL."""
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="bench-production.") as name:
        folder = Path(name)
        bind = f"127.0.0.1:{free_port()}"
        env = production_env(folder, bind)
        if workers:
            env["GUNICORN_WORKERS"] = str(workers)
        for command in (
            ["migrate", "--noinput", "-v", "0"],
            ["load_content"],
            ["collectstatic", "--noinput", "-v", "0"],
        ):
            subprocess.run(
                [python, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
            )
        log = folder / "gunicorn.log"
        with log.open("wb") as log_file:
            server = subprocess.Popen(
                [python, "-m", "gunicorn", "--config", "python:explorer.gunicorn_conf", *GUNICORN_ARGS],
                cwd=ROOT,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
            try:
                base_url = f"http://{bind}"
                wait_until_up(base_url, server, log)
                yield base_url
            finally:
                if server.poll() is None:
                    server.send_signal(signal.SIGTERM)
                    try:
                        server.wait(timeout=35)
                    except subprocess.TimeoutExpired:
                        server.kill()
                        server.wait()
