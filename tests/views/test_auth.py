from typing import Any

from django.core.cache import cache
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
        cache.clear()

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
