from io import StringIO

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import TestCase

from newsdesk.demo import demo_seed_article
from newsdesk.models import Article, ArticleCredit, Outlet, Story


class LoadDemoTests(TestCase):
    def load(self) -> str:
        out = StringIO()
        call_command("load_demo", stdout=out)
        return out.getvalue()

    def test_loads_the_seed_with_both_credits_invented_coverage_and_users(self) -> None:
        out = self.load()
        seed = demo_seed_article()
        assert seed is not None
        credits = {(c.outlet.name, c.role) for c in seed.credits.select_related("outlet")}
        assert credits >= {
            ("RT", ArticleCredit.Role.PRIMARY),
            ("Global Village Space", ArticleCredit.Role.ADDITIONAL_INPUT),
        }
        assert seed.story is not None
        assert seed.story.articles.count() >= 3
        assert Story.objects.count() >= 2
        # Invented text is credited only to invented sample outlets.
        for article in Article.objects.exclude(pk=seed.pk):
            for credit in article.credits.exclude(role=ArticleCredit.Role.MENTIONED).select_related("outlet"):
                assert "invented" in credit.outlet.notes.lower(), credit.outlet.name
        for username in ("annotator", "reviewer", "admin"):
            assert f"user {username}" in out
            assert authenticate(username=username, password=f"{username}-demo") is not None

    def test_running_it_twice_is_harmless(self) -> None:
        self.load()
        counts = (Article.objects.count(), Outlet.objects.count(), Story.objects.count(), ArticleCredit.objects.count())
        out = self.load()
        assert "exists" in out
        assert (
            Article.objects.count(),
            Outlet.objects.count(),
            Story.objects.count(),
            ArticleCredit.objects.count(),
        ) == counts
