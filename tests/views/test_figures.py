"""Contested numbers on the comparison page and in compare.json."""

from django.test import TestCase
from django.urls import reverse

from newsdesk.extraction import extract
from tests.factories import ArticleCreditFactory, ArticleFactory, OutletFactory, StoryFactory, reader

NORTH = "At least 40 people were killed when the shell hit the market on Sunday, the regional governor said."
EAST = "Four people died in Sunday's shelling, according to the defence ministry.\nThe strike injured 12."


class FigureCompareTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.user = reader()
        story = StoryFactory(slug="market", title="Market shelling")
        for body, name in ((NORTH, "Northwind Wire"), (EAST, "Eastern Courier")):
            article = ArticleFactory(body=body, story=story, title=f"{name} on the market")
            article.extraction = extract(body).to_storage()
            article.save()
            ArticleCreditFactory(article=article, outlet=OutletFactory(name=name))
        # An article stored before figures existed: they are found when the page needs them.
        old = ArticleFactory(body="Nearly 40 people were killed, officials said.", story=story, title="Older")
        old.extraction = {"sentences": []}
        old.save()
        ArticleCreditFactory(article=old, outlet=OutletFactory(name="Baltic Ledger"))

    def setUp(self) -> None:
        self.client.force_login(self.user)

    def test_page_shows_each_outlets_figure_with_its_source_and_flags_the_conflict(self) -> None:
        response = self.client.get(reverse("story_compare", args=["market"]))
        self.assertContains(response, "Figures disagree")
        self.assertContains(response, "At least 40")
        self.assertContains(response, "Four")
        self.assertContains(response, "the regional governor")
        self.assertContains(response, "the defence ministry")
        self.assertContains(response, "Eastern Courier and Baltic Ledger")

    def test_json_carries_the_figures_and_who_disagrees(self) -> None:
        data = self.client.get(reverse("story_compare_json", args=["market"])).json()
        killed = next(r for r in data["figures"] if r["category"] == "killed")
        assert killed["disagree"] is True
        assert ["Eastern Courier", "Baltic Ledger"] in killed["disagreeing_outlets"]
        by_outlet = {v["outlet"]: v["figures"] for v in killed["by_article"].values()}
        assert by_outlet["Northwind Wire"][0]["qualifier"] == "at least"
        assert by_outlet["Eastern Courier"][0]["value"] == 4
        assert by_outlet["Eastern Courier"][0]["source"] == "the defence ministry"
        injured = next(r for r in data["figures"] if r["category"] == "injured")
        assert injured["disagree"] is False

    def test_figures_can_be_toggled_off(self) -> None:
        response = self.client.get(
            reverse("story_compare", args=["market"]) + "?toggles=1&show=quotes", headers={"hx-request": "true"}
        )
        self.assertNotContains(response, "Figures disagree")
