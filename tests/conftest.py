"""Shared test setup: static files without a manifest, tasks run inline, Playwright on Debian's chromium."""

import os
import shutil
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

# CI runs the property tests on a fixed set of examples (derandomized), so a run on a fresh
# clone passes or fails the same way every time; locally they keep exploring new inputs.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

# pytest-django's live_server with Playwright's sync API (which runs an event loop)
# would otherwise raise SynchronousOnlyOperation on every ORM call.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config: Any) -> None:
    from django.conf import settings

    # Set once for the whole run (not in a fixture) so setUpTestData sees them too.
    # The manifest storage needs collectstatic; tests read static files from the source tree.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WHITENOISE_AUTOREFRESH = True
    # Job uploads and exports go to a throwaway folder, never the developer's var/.
    import tempfile
    from pathlib import Path

    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="newsdesk-test-media-"))

    # On SQLite the live server shares the test's one in-memory connection with every request
    # thread; two requests at once (the workspace loads its tag and suggestion pages side by
    # side) then fail with "bad parameter or other API misuse". Serve one request at a time
    # there; PostgreSQL keeps the threaded server, one connection per request thread.
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        from django.core.servers.basehttp import WSGIServer
        from django.test.testcases import LiveServerThread

        class OneRequestAtATime(WSGIServer):
            def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)

        LiveServerThread.server_class = OneRequestAtATime  # type: ignore[assignment]  # serves the same handler
        # The test database is one shared in-memory connection: nothing to keep between requests
        # (with CONN_MAX_AGE the serial live server stalled on a browser's write).
        settings.DATABASES["default"]["CONN_MAX_AGE"] = 0


# Browser tests


def chromium_path() -> str | None:
    """Debian's chromium (CI installs it); None lets Playwright use a browser it installed itself."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    args = {
        **browser_type_launch_args,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }
    path = chromium_path()
    if path:
        args["executable_path"] = path
    return args


@pytest.fixture
def login(live_server: Any, page: Any, client: Any) -> Callable[[Any], Any]:
    """Log `user` into the Playwright page by handing it a real session cookie."""

    def do_login(user: Any) -> Any:
        client.force_login(user)
        cookie = client.cookies["sessionid"]
        page.context.add_cookies(
            [{"name": "sessionid", "value": cookie.value, "url": live_server.url, "httpOnly": True}]
        )
        return page

    return do_login


@pytest.fixture
def js_errors(page: Any) -> list[str]:
    """Console errors and uncaught exceptions of the page; a browser test asserts it stays empty."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors


# Transactional tests (browser tests use live_server) flush the database afterwards,
# which also removes what data migrations seeded. Seed it again before each of them.


@pytest.fixture(autouse=True)
def reseed_migration_data(request: Any) -> None:
    marker = request.node.get_closest_marker("django_db")
    transactional = "live_server" in request.fixturenames or (
        marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    )
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    import importlib

    from django.apps import apps

    importlib.import_module("newsdesk.migrations.0002_roles").roles_create(apps, None)
    importlib.import_module("annotations.migrations.0002_taxonomy").taxonomy_create(apps, None)


def pytest_collection_modifyitems(items: list[Any]) -> None:
    """Browser tests get two reruns: on a loaded 2-core machine a real browser's timing races
    (focus given back after an htmx answer, a selection redrawn) fail a run now and then. A test
    that fails three times still fails."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.flaky(reruns=2))
