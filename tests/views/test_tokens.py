"""API tokens (newsdesk/views/tokens.py): made once, listed, revoked by their owner only."""

from django.test import TestCase
from django.urls import reverse

from newsdesk.models import ApiToken
from tests.factories import annotator, reviewer


class TokenPageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.annie, cls.rita = annotator(), reviewer()

    def test_making_a_token_shows_it_once_and_stores_only_its_hash(self) -> None:
        self.client.force_login(self.annie)
        response = self.client.post(reverse("token_list"), {"name": "my notebook"})
        token = ApiToken.objects.get()
        key = response.context["new_key"]
        assert key.startswith("nd_")
        assert token.key_hash == ApiToken.hash(key)
        assert key not in token.key_hash
        self.assertContains(response, key)
        self.assertNotContains(self.client.get(reverse("token_list")), key)

    def test_a_name_is_required(self) -> None:
        self.client.force_login(self.annie)
        response = self.client.post(reverse("token_list"), {"name": "  "})
        assert response.status_code == 422
        assert not ApiToken.objects.exists()

    def test_only_the_owner_revokes(self) -> None:
        token, _key = ApiToken.issue(user=self.annie, name="x")
        self.client.force_login(self.rita)
        assert self.client.post(reverse("token_revoke", args=[token.pk])).status_code == 404
        self.client.force_login(self.annie)
        self.assertRedirects(self.client.post(reverse("token_revoke", args=[token.pk])), reverse("token_list"))
        assert not ApiToken.objects.exists()
