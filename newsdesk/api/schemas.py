"""The corpus's API schemas: articles, quotes, speakers, credits, stories, jobs.

Choices come from the models' TextChoices, so a new choice is in the schema at once.
"""

from datetime import date as Date
from datetime import datetime

from ninja import Field, Schema

from newsdesk.api.base import In
from newsdesk.models import Article, ArticleCredit, Job, Quote, Story


class OutletOut(Schema):
    name: str
    slug: str
    role: str


class ArticleFields(Schema):
    id: int
    title: str
    url: str
    published_at: datetime | None
    language: str
    story: str | None = None
    outlets: list[OutletOut] = []


class ArticleSummary(ArticleFields):
    @staticmethod
    def resolve_story(obj: Article) -> str | None:
        return obj.story.slug if obj.story is not None else None

    @staticmethod
    def resolve_outlets(obj: Article) -> list[dict[str, str]]:
        return [{"name": c.outlet.name, "slug": c.outlet.slug, "role": c.role} for c in obj.credits.all()]


class QuoteOut(Schema):
    id: int
    start: int
    end: int
    text: str
    kind: str
    speaker: str | None = None
    cue: str
    stance: str

    @staticmethod
    def resolve_speaker(obj: Quote) -> str | None:
        return obj.speaker.name if obj.speaker is not None else None

    @staticmethod
    def resolve_cue(obj: Quote) -> str:
        return obj.cue_verb


class SpeakerOut(Schema):
    id: int
    name: str
    kind: str
    title: str
    aliases: list[str]


class CreditIn(In):
    name: str = Field(..., min_length=1, max_length=200)
    role: ArticleCredit.Role = ArticleCredit.Role.PRIMARY


class ArticleIn(In):
    title: str = Field(..., min_length=1, max_length=500)
    body: str | None = Field(None, max_length=2_000_000, description="Plain text; paragraphs separated by newlines.")
    html: str | None = Field(None, max_length=5_000_000, description="An HTML page instead of body (sanitised).")
    url: str = Field("", max_length=2000)
    published_at: datetime | None = None
    language: str = Field("en", max_length=16)
    outlets: list[CreditIn] = []
    story: str = Field("", max_length=300, description="Story slug or title (made if new).")


class ArticleCreated(Schema):
    id: int
    title: str
    quotes: int
    speakers: int


class Duplicate(Schema):
    detail: str
    article_id: int
    story: str | None = Field(None, description="The story (slug) the stored article is in now.")


class StoryOut(Schema):
    id: int
    slug: str
    title: str
    date: Date | None = None
    description: str
    articles: int

    @staticmethod
    def resolve_articles(obj: Story) -> int:
        return getattr(obj, "article_count", None) or obj.articles.count()


class JobOut(Schema):
    id: int
    kind: str
    status: str
    total: int
    processed: int
    succeeded: int
    skipped: int
    percent: int
    failures: list[dict[str, str]]
    message: str
    download: str | None = None

    @staticmethod
    def resolve_download(obj: Job) -> str | None:
        return f"/jobs/{obj.pk}/download/" if obj.output_file and obj.status == Job.Status.DONE else None


class ArticleFilters(In):
    q: str = Field("", max_length=200, description="Words in the title or body.")
    outlet: str = Field("", max_length=100, description="Outlet slug.")
    story: str = Field("", max_length=100, description="Story slug.")
