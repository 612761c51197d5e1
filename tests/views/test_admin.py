"""The Django admin cannot break data: once tags point into an article, its body and its quotes' offsets are read-only."""

from django.contrib.auth import get_user_model
from django.test import TestCase

from newsdesk.models import Article, Quote
from tests.factories import ArticleFactory, annotation_on, annotator, quote_in

BODY = "Officials said the bridge was hit twice overnight.\nThe minister called it “a provocation”."


class TaggedArticleAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.root = get_user_model().objects.create_superuser("root", "root@example.org", "pw-irrelevant")
        cls.tagged = ArticleFactory(title="Tagged", body=BODY)
        cls.quote = quote_in(cls.tagged, "a provocation")
        annotation_on(cls.tagged, "the bridge", annotator=annotator())
        cls.untagged = ArticleFactory(title="Untagged", body=BODY + "\nA third line.")
        cls.free_quote = quote_in(cls.untagged, "a provocation")

    def setUp(self) -> None:
        self.client.force_login(self.root)

    def form(self, article: Article, **changes: str) -> dict[str, str]:
        quote = article.quotes.get()
        data = {
            "title": article.title,
            "body": article.body,
            "url": "",
            "published_at_0": "",
            "published_at_1": "",
            "language": "en",
            "story": "",
            "source_format": "manual",
            "credits-TOTAL_FORMS": "0",
            "credits-INITIAL_FORMS": "0",
            "quotes-TOTAL_FORMS": "1",
            "quotes-INITIAL_FORMS": "1",
            "quotes-0-id": str(quote.pk),
            "quotes-0-article": str(article.pk),
            "quotes-0-start": str(quote.start),
            "quotes-0-end": str(quote.end),
            "quotes-0-text": quote.text,
            "quotes-0-kind": quote.kind,
            "quotes-0-speaker": "",
            "quotes-0-speaker_text": "",
            "quotes-0-cue_verb": "",
            "quotes-0-stance": "",
            "quotes-0-origin": "extracted",
        }
        return data | changes

    def test_a_tagged_articles_body_and_quote_offsets_are_shown_read_only(self) -> None:
        page = self.client.get(f"/admin/newsdesk/article/{self.tagged.pk}/change/")
        self.assertContains(page, "Tags point into this text")
        self.assertNotContains(page, 'name="body"')
        self.assertNotContains(page, 'name="quotes-0-start"')
        self.assertContains(page, 'name="quotes-MAX_NUM_FORMS" value="0"')  # no new quote without offsets
        self.assertContains(page, "The minister called it")  # shown, as text
        page = self.client.get(f"/admin/newsdesk/quote/{self.quote.pk}/change/")
        self.assertNotContains(page, 'name="start"')
        self.assertNotContains(page, 'name="end"')
        self.assertContains(page, 'name="kind"')  # what does not move a span stays editable

    def test_posting_a_new_body_or_offsets_anyway_changes_nothing(self) -> None:
        data = self.form(self.tagged, body="Something else entirely.", **{"quotes-0-start": "0", "quotes-0-end": "5"})
        response = self.client.post(f"/admin/newsdesk/article/{self.tagged.pk}/change/", data)
        assert response.status_code == 302
        assert Article.objects.get(pk=self.tagged.pk).body == BODY
        quote = Quote.objects.get(pk=self.quote.pk)
        assert (quote.start, quote.end, quote.text) == (self.quote.start, self.quote.end, "a provocation")

    def test_an_untagged_article_stays_editable(self) -> None:
        page = self.client.get(f"/admin/newsdesk/article/{self.untagged.pk}/change/")
        self.assertContains(page, 'name="body"')
        self.assertContains(page, 'name="quotes-0-start"')
        data = self.form(self.untagged, body="A corrected text.\nThe minister called it “a provocation”.")
        data["quotes-0-start"] = str(data["body"].index("a provocation"))
        data["quotes-0-end"] = str(data["body"].index("a provocation") + len("a provocation"))
        response = self.client.post(f"/admin/newsdesk/article/{self.untagged.pk}/change/", data)
        assert response.status_code == 302, response.content.decode()[:3000]
        assert Article.objects.get(pk=self.untagged.pk).body.startswith("A corrected text.")
