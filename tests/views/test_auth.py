from django.test import TestCase
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
