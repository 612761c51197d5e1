import os
import subprocess
import sys
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import TestCase, override_settings
from django.urls import reverse

from tests.factories import PASSWORD, annotator


class LoginTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.user = annotator()

    def test_anonymous_is_sent_to_login(self) -> None:
        response = self.client.get(reverse("dashboard"))
        self.assertRedirects(response, f"{reverse('login')}?next=/")

    def test_login_page_renders_without_inline_script(self) -> None:
        response = self.client.get(reverse("login"))
        assert response.status_code == 200
        assert "<script>" not in response.content.decode()
        assert "script-src 'self' 'nonce-" in response["Content-Security-Policy"]

    def test_login_then_dashboard(self) -> None:
        response = self.client.post(reverse("login"), {"username": "annie", "password": PASSWORD}, follow=True)
        self.assertContains(response, "Log out")
        assert response.wsgi_request.user == self.user

    def test_logout_needs_post(self) -> None:
        self.client.force_login(self.user)
        response = self.client.post(reverse("logout"))
        self.assertRedirects(response, reverse("login"))


class LoginThrottleTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.user = annotator()

    def setUp(self) -> None:
        caches["shared"].clear()

    def fail_login(self) -> Any:
        return self.client.post(reverse("login"), {"username": "annie", "password": "wrong"})

    @override_settings(LOGIN_FAILURE_LIMIT=3)
    def test_repeated_failures_lock_the_username_out_with_429(self) -> None:
        for _ in range(3):
            assert self.fail_login().status_code == 200
        response = self.fail_login()
        assert response.status_code == 429
        self.assertContains(response, "Too many failed logins", status_code=429)
        # Even the right password is refused while locked out.
        response = self.client.post(reverse("login"), {"username": "annie", "password": PASSWORD})
        assert response.status_code == 429
        assert "_auth_user_id" not in self.client.session

    @override_settings(LOGIN_FAILURE_LIMIT=3)
    def test_a_successful_login_resets_the_count(self) -> None:
        self.fail_login()
        self.fail_login()
        response = self.client.post(reverse("login"), {"username": "annie", "password": PASSWORD})
        assert response.status_code == 302
        self.client.logout()
        for _ in range(2):
            assert self.fail_login().status_code == 200

    @override_settings(LOGIN_FAILURE_LIMIT=2)
    def test_lockout_is_per_username(self) -> None:
        self.fail_login()
        self.fail_login()
        assert self.fail_login().status_code == 429
        other = self.client.post(reverse("login"), {"username": "somebody-else", "password": "x"})
        assert other.status_code == 200


WORKER = """
import sys
import django

django.setup()
from newsdesk.views.auth import login_failure_record, login_is_locked_out

key, failures = sys.argv[1], int(sys.argv[2])
for _ in range(failures):
    login_failure_record(key)
print("locked" if login_is_locked_out(key) else "open")
"""


def worker_env(tmp_path: Any) -> dict[str, str]:
    """Each worker a process of its own on the test's database (a file for SQLite, so both can open it)."""
    from django.db import connection

    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "newsdesk.settings"
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'workers.sqlite3'}"
        subprocess.run([sys.executable, "manage.py", "createcachetable"], env=env, check=True, cwd=settings.BASE_DIR)
    return env


@pytest.mark.django_db(transaction=True)
def test_failures_in_two_worker_processes_add_up_to_one_lockout(tmp_path: Any) -> None:
    """Five tries mean five whatever the worker count: two processes share the count (no Redis)."""
    env = worker_env(tmp_path)
    key = f"login-failures:two-workers-{os.getpid()}"

    def worker(failures: int) -> str:
        done = subprocess.run(
            [sys.executable, "-c", WORKER, key, str(failures)],
            env=env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    try:
        assert settings.LOGIN_FAILURE_LIMIT == 5
        assert worker(3) == "open"
        assert worker(1) == "open"
        assert worker(1) == "locked"  # the fifth failure, counted by a third process
    finally:
        caches["shared"].delete(key)
