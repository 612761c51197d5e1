"""The comparison on text stored through the real ingestion and extraction (invented same-event coverage)."""

from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse

from newsdesk.ingestion.pipeline import article_ingest
from newsdesk.ingestion.readers import ArticleDraft
from tests.factories import StoryFactory, reader

NORTHWIND = (
    "Rep. Owen Hallett said on Tuesday that the dam agreement was reckless.\n"
    "“We will not sign a deal that leaves the valley without water, and we will not be rushed into it by anyone,” "
    "Hallett said.\n"
    "“The valley has waited eleven years for this dam, and the families here deserve better than a rushed vote. "
    "Our office will publish every page of the agreement before the vote on Friday,” Hallett said."
)
EASTERN = (
    "“We will not sign a deal that leaves the valley without water,” Mr. Hallett said, “and we will not be rushed "
    "into it by anyone.”\n"
    "“Our office will publish every page of the agreement before the vote on Friday, so that anyone can read it,” "
    "Mr. Hallett said."
)
BALTIC = (
    "The congressman said he would “not be rushed into it by anyone” and called the deal “a gamble with the valley.”"
)


class RealCoverageIngestTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.user = reader()
        story = StoryFactory(slug="dam")
        cls.articles = [
            article_ingest(
                draft=ArticleDraft(
                    title=f"Dam deal {n}",
                    body=body,
                    source=f"test:{n}",
                    source_format="txt",
                    outlets=((outlet, "primary"),),
                ),
                story=story,
            ).article
            for n, (body, outlet) in enumerate(
                ((NORTHWIND, "Northwind Wire"), (EASTERN, "Eastern Courier"), (BALTIC, "Baltic Ledger"))
            )
        ]

    def setUp(self) -> None:
        cache.clear()
        self.client.force_login(self.user)

    def test_one_statement_cut_three_ways_is_one_aligned_quote(self) -> None:
        """Whole in one outlet, split by "Mr. Hallett said" in another, a fragment in a third; and two
        excerpts of one statement that overlap (the end of one is the start of the other)."""
        data = self.client.get(reverse("story_compare_json", args=["dam"])).json()
        shared = [
            sorted((m["outlet"], m["text"][:20]) for m in g["members"]) for g in data["quote_groups"] if g["shared"]
        ]
        assert shared == [
            [
                ("Baltic Ledger", "not be rushed into i"),
                ("Eastern Courier", "We will not sign a d"),
                ("Eastern Courier", "and we will not be r"),
                ("Northwind Wire", "We will not sign a d"),
            ],
            [("Eastern Courier", "Our office will publ"), ("Northwind Wire", "The valley has waite")],
        ]

    def test_one_speaker_in_the_balance_of_every_outlet(self) -> None:
        data = self.client.get(reverse("story_compare_json", args=["dam"])).json()
        assert [s["speaker"] for s in data["speakers"]] == ["Owen Hallett"]
        for article in self.articles:
            assert list(data["speaker_balance"][str(article.pk)]) == ["Owen Hallett"]
