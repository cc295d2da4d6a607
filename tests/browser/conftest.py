"""Browser tests: Playwright drives Debian's headless Chromium against a live server.

Playwright never downloads a browser here: it launches /usr/bin/chromium (installed by
scripts/install-system-packages). Screenshots of the key pages are saved under
test-artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from explorer.sync import content_sync

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# fixtures here are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}; run scripts/install-system-packages")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def site(live_server, transactional_db) -> str:
    """The live server's address, with the content loaded (transactional tests start empty)."""
    content_sync(root=settings.PATTERNS_CONTENT_DIR)
    return live_server.url


@pytest.fixture
def screenshot(page):
    """Saves a screenshot under test-artifacts/screenshots/<name>.png: the whole page, or
    one part of it (`selector`) for pages too long to look at in one picture."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name: str, selector: str = "") -> Path:
        path = ARTIFACTS / f"{name}.png"
        if selector:
            page.locator(selector).screenshot(path=str(path))
        else:
            page.screenshot(path=str(path), full_page=True)
        return path

    return take
