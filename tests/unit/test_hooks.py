"""The corpus's hooks: what it does alone (everyone sees everything, no tags), and what annotations installs."""

from django.contrib.auth.models import AnonymousUser
from django.test import TestCase

from annotations import tag_counts, visibility
from annotations.revisions import CarryReport
from newsdesk.hooks import EveryoneSeesAll, Hooks, NoTags, WholeArticle, hooks
from newsdesk.models import Article
from tests.factories import ArticleFactory, SpeakerFactory, annotator


class DefaultHooksTests(TestCase):
    def test_alone_the_corpus_shows_every_article_whole(self) -> None:
        alone = Hooks()
        article = ArticleFactory(title="Dam strike", body="Officials said the dam was hit.")
        user = annotator()
        view = alone.visibility.article_view_for(user, article)
        assert isinstance(view, WholeArticle)
        assert (view.pk, view.title, view.body, view.is_blind) == (article.pk, "Dam strike", article.body, False)
        assert view.mask("Northwind Wire") == "Northwind Wire"
        assert view.credits(["a credit"]) == ["a credit"]
        speaker = SpeakerFactory()
        assert view.speaker(speaker) is speaker
        assert list(alone.visibility.without_hidden(user, Article.objects.all())) == [article]
        assert alone.visibility.is_blind_anywhere(AnonymousUser()) is False
        alone.visibility.check_sees_outlets(user)  # no 403

    def test_alone_there_are_no_tags_and_nothing_to_carry(self) -> None:
        alone = Hooks()
        article = ArticleFactory()
        assert alone.tags.tag_counts_by_label(article_ids=[article.pk]) == {}
        assert alone.tags.tag_exists("loaded-term") is False
        assert list(alone.tags.articles_tagged(Article.objects.all(), "loaded-term")) == []
        assert alone.revision is None
        assert alone.page_context("dashboard", request=None) == {}
        assert isinstance(alone.visibility, EveryoneSeesAll)
        assert isinstance(alone.tags, NoTags)


class InstalledHooksTests(TestCase):
    def test_annotations_answers_every_hook_at_startup(self) -> None:
        assert hooks.visibility is visibility
        assert hooks.tags is tag_counts
        assert hooks.revision is not None
        assert set(hooks.pages) == {"dashboard", "article_detail", "article_list"}
        assert set(hooks.job_runners) == {"export_annotations", "import_annotations"}

    def test_a_carry_report_sums_itself_up_for_the_import(self) -> None:
        report = CarryReport(placed={"position": 1, "quote": 1, "fuzzy": 0}, orphans=1, revision_id=7)
        assert report.summary == "tags carried 2, orphans 1 (see /articles/7/revisions/)"
        assert CarryReport(revision_id=7).summary == "tags carried 0, orphans 0"
