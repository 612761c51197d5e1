"""Django admin for the corpus: list columns, filters, search and inlines that help curators."""

from typing import Any, cast

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from newsdesk.models import (
    ApiToken,
    Article,
    ArticleCredit,
    ArticleQuerySet,
    Job,
    Outlet,
    OutletAlias,
    Quote,
    Speaker,
    SpeakerAlias,
    Story,
)

# Once tags point into an article's text, nothing here may move what they point at: the body,
# and the offsets of its quotes (tags link to quotes), are shown but cannot be edited.
QUOTE_SPAN_FIELDS = ("start", "end", "text", "cue_start", "cue_end")


def is_tagged(article: Article | None) -> bool:
    return article is not None and article.pk is not None and article.has_annotations


class ArticleCreditInline(admin.TabularInline[ArticleCredit, Article]):
    model = ArticleCredit
    extra = 0
    autocomplete_fields = ["outlet"]
    fields = ["outlet", "role", "source_text"]


class QuoteInline(admin.TabularInline[Quote, Article]):
    model = Quote
    extra = 0
    autocomplete_fields = ["speaker"]
    fields = ["start", "end", "text", "kind", "speaker", "speaker_text", "cue_verb", "stance", "origin"]
    show_change_link = True

    def get_readonly_fields(self, request: HttpRequest, obj: Article | None = None) -> Any:
        return [*super().get_readonly_fields(request, obj), *QUOTE_SPAN_FIELDS[:3]] if is_tagged(obj) else []

    def has_add_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        # A new quote needs offsets, which a tagged article's quotes cannot be given here.
        return not is_tagged(obj) and super().has_add_permission(request, obj)


class OutletAliasInline(admin.TabularInline[OutletAlias, Outlet]):
    model = OutletAlias
    extra = 1


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin[Outlet]):
    list_display = ["name", "kind", "country", "domain", "article_count"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "domain", "aliases__alias"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OutletAliasInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Outlet]:
        return super().get_queryset(request).annotate(n_articles=Count("credits__article", distinct=True))

    @admin.display(description="articles", ordering="n_articles")
    def article_count(self, obj: Outlet) -> int:
        n: int = obj.n_articles  # type: ignore[attr-defined]  # annotated by get_queryset
        return n


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin[Story]):
    list_display = ["title", "date", "article_count"]
    search_fields = ["title", "description"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Story]:
        return super().get_queryset(request).annotate(n_articles=Count("articles"))

    @admin.display(description="articles", ordering="n_articles")
    def article_count(self, obj: Story) -> int:
        n: int = obj.n_articles  # type: ignore[attr-defined]  # annotated by get_queryset
        return n


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    list_display = ["title", "outlets", "published_at", "story", "source_format", "created_at"]
    list_filter = ["source_format", "language", "story", "credits__outlet", "published_at"]
    search_fields = ["title", "url", "body"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["story"]
    readonly_fields = ["content_hash", "created_at", "created_by"]
    inlines = [ArticleCreditInline, QuoteInline]
    list_select_related = ["story"]

    def get_readonly_fields(self, request: HttpRequest, obj: Article | None = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "body"] if is_tagged(obj) else fields

    def render_change_form(self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        obj = kwargs.get("obj") or context.get("original")
        if is_tagged(obj):
            context["subtitle"] = "Tags point into this text: its body and its quotes’ offsets cannot be changed here."
        return super().render_change_form(request, context, *args, **kwargs)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return cast(ArticleQuerySet, super().get_queryset(request)).with_primary_outlets()

    @admin.display(description="primary outlets")
    def outlets(self, obj: Article) -> str:
        return ", ".join(o.name for o in obj.primary_outlets)


class SpeakerAliasInline(admin.TabularInline[SpeakerAlias, Speaker]):
    model = SpeakerAlias
    extra = 1


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin[Speaker]):
    list_display = ["name", "kind", "title", "affiliation", "handle"]
    list_filter = ["kind", "affiliation"]
    search_fields = ["name", "title", "affiliation", "handle", "aliases__alias"]
    inlines = [SpeakerAliasInline]


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin[Quote]):
    list_display = ["short_text", "kind", "speaker", "speaker_text", "cue_verb", "stance", "article", "origin"]
    list_filter = ["kind", "stance", "origin"]
    search_fields = ["text", "speaker__name", "speaker_text", "cue_verb"]
    list_select_related = ["speaker", "article"]
    autocomplete_fields = ["speaker", "article"]

    def get_readonly_fields(self, request: HttpRequest, obj: Quote | None = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "article", *QUOTE_SPAN_FIELDS] if obj is not None and is_tagged(obj.article) else fields

    @admin.display(description="text")
    def short_text(self, obj: Quote) -> str:
        return obj.text[:80]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin[Job]):
    """Read-only: jobs are started from the Jobs page or the command line."""

    list_display = ["id", "kind", "status", "processed", "total", "succeeded", "skipped", "created_by", "created_at"]
    list_filter = ["kind", "status"]
    search_fields = ["input_name", "message"]
    readonly_fields = [f.name for f in Job._meta.fields]
    exclude = ["articles"]  # an import's thousands of articles: the job's page offers them as a story

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens can be seen and revoked here, never read back (only a hash is stored)."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at"]
    search_fields = ["name", "user__username"]
    readonly_fields = ["user", "name", "prefix", "key_hash", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
