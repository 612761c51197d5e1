"""The JSON API at /api/ (django-ninja), schema at /api/openapi.json, docs at /api/docs.

Authentication: a personal token (`Authorization: Bearer nd_…`, made on /accounts/tokens/
or with `manage.py api_token`) or the browser session (CSRF-checked on writes). Every
write goes through the same service functions as the UI, so the rules are the same:
only assigned annotators (or admins) tag an article, only the owner changes a tag,
a stale version is a 409, a span that does not read the given text is a 422.
"""

from dataclasses import replace
from datetime import date as Date
from datetime import datetime, timedelta
from functools import wraps
from typing import Any, Literal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import HttpBearer, django_auth
from pydantic import field_validator

from annotations import services
from annotations.export import FORMATS as EXPORT_FORMATS
from annotations.models import Annotation, Campaign, TagType
from annotations.selectors import get_annotation_for_write
from annotations.tag_counts import tag_counts_by_label
from annotations.visibility import article_view_for, check_sees_outlets, without_hidden
from newsdesk.comparison.story import comparison_json, story_comparison
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.ingestion.pipeline import article_ingest
from newsdesk.ingestion.readers import ImportProblem, draft_from_row
from newsdesk.models import (
    UNENCODABLE,
    ApiToken,
    Article,
    ArticleCredit,
    AttributionChain,
    Job,
    Quote,
    Speaker,
    Story,
)
from newsdesk.roles import is_admin, is_reviewer
from newsdesk.search import articles_search


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token or len(token) > 200:
            return None
        found = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash(token)).first()
        if found is None or not found.user.is_active:
            return None
        if found.last_used_at is None or timezone.now() - found.last_used_at > timedelta(minutes=5):
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


def session_or_token_required(view: Any) -> Any:
    """For the schema and docs pages: a valid Bearer token counts as logged in, else login as usual."""
    guarded = login_required(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer ") and TokenAuth().authenticate(request, header[7:].strip()):
            return view(request, *args, **kwargs)
        return guarded(request, *args, **kwargs)

    return wrapper


api = NinjaAPI(
    title="newsdesk API",
    version="1",
    description=(
        "Articles, their quotes, speakers and credits; tags (claim, attribution, framing) under the same "
        "rules as the workspace; stories and their comparison; exports and background jobs. "
        "Authenticate with `Authorization: Bearer <token>` (make one on /accounts/tokens/)."
    ),
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
    docs_decorator=session_or_token_required,
)


# Errors: the same words the UI shows, as JSON.


@api.exception_handler(ValidationError)
def validation_error(request: AuthenticatedHttpRequest, exc: ValidationError) -> Any:
    return api.create_response(request, {"detail": " ".join(exc.messages), "code": exc.code or "invalid"}, status=422)


@api.exception_handler(PermissionDenied)
def permission_denied(request: AuthenticatedHttpRequest, exc: PermissionDenied) -> Any:
    return api.create_response(request, {"detail": str(exc) or "You may not do this."}, status=403)


@api.exception_handler(services.AnnotationConflict)
def conflict(request: AuthenticatedHttpRequest, exc: services.AnnotationConflict) -> Any:
    return api.create_response(request, {"detail": str(exc), "current_version": exc.annotation.version}, status=409)


def require(check: bool, message: str) -> None:
    if not check:
        raise HttpError(403, message)


# Schemas


class Problem(Schema):
    detail: str


class In(Schema):
    """Request input: a string no database column can store is a 422 naming the field."""

    @field_validator("*")
    @classmethod
    def storable(cls, value: Any) -> Any:
        if isinstance(value, str) and UNENCODABLE.search(value):
            raise ValueError("must not contain NUL characters or unpaired surrogates")
        return value


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


class TagOut(Schema):
    id: int
    article: int
    start: int
    end: int
    text: str
    kind: str
    label: str
    note: str
    status: str
    version: int
    annotator: str
    speaker: int | None = None
    quote: int | None = None
    chain: int | None = None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_article(obj: Annotation) -> int:
        return obj.article_id

    @staticmethod
    def resolve_kind(obj: Annotation) -> str:
        return obj.tag_type.kind

    @staticmethod
    def resolve_label(obj: Annotation) -> str:
        return f"{obj.tag_type.kind}/{obj.tag_type.slug}"

    @staticmethod
    def resolve_annotator(obj: Annotation) -> str:
        return obj.annotator.username

    @staticmethod
    def resolve_speaker(obj: Annotation) -> int | None:
        return obj.speaker_id

    @staticmethod
    def resolve_quote(obj: Annotation) -> int | None:
        return obj.quote_id

    @staticmethod
    def resolve_chain(obj: Annotation) -> int | None:
        return obj.chain_id


class ArticleDetail(ArticleFields):
    body: str
    quotes: list[QuoteOut]
    speakers: list[SpeakerOut]
    my_tags: list[TagOut]


class CreditIn(In):
    name: str = Field(..., min_length=1, max_length=200)
    role: Literal["primary", "additional_input", "syndicated_from", "embedded_post", "mentioned"] = "primary"


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


class TagIn(In):
    start: int = Field(..., ge=0, description="Code-point offset into the article body (inclusive).")
    end: int = Field(..., gt=0, description="Code-point offset (exclusive).")
    text: str = Field(..., min_length=1, max_length=5000, description="Must equal body[start:end].")
    label: str = Field(..., max_length=120, description="kind/slug, e.g. framing/loaded-term.")
    note: str = Field("", max_length=2000)
    speaker: int | None = None
    quote: int | None = None
    chain: int | None = Field(None, description="An attribution chain of the article (see GET /api/articles/{id}).")
    idempotency_key: str | None = Field(None, max_length=64)


class TagPatch(In):
    version: int = Field(..., ge=1)
    label: str | None = Field(None, max_length=120)
    note: str | None = Field(None, max_length=2000)
    speaker: int | None = None
    quote: int | None = None
    chain: int | None = None


class TagTypeOut(Schema):
    id: int
    kind: str
    slug: str
    label: str
    key: str

    @staticmethod
    def resolve_key(obj: TagType) -> str:
        return f"{obj.kind}/{obj.slug}"


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


class ExportFilters(In):
    format: Literal["jsonl", "csv", "w3c", "doccano", "label-studio"] = "jsonl"
    campaign: int | None = None
    status: Literal["", "pending", "accepted", "rejected", "needs_changes"] = ""
    outlet: str = Field("", max_length=100)
    story: str = Field("", max_length=100)


class Pages(LimitOffsetPagination):
    """limit 1–100 (default 20), offset within what a database integer holds."""

    class Input(Schema):
        limit: int = Field(20, ge=1, le=100)
        offset: int = Field(0, ge=0, le=1_000_000_000)


# Articles

articles = Router(tags=["articles"])


def article_queryset() -> Any:
    return Article.objects.select_related("story").prefetch_related(
        Prefetch("credits", queryset=ArticleCredit.objects.select_related("outlet").order_by("role", "id"))
    )


@articles.get("/", response=list[ArticleSummary])
@paginate(Pages)
def article_list(request: AuthenticatedHttpRequest, filters: Query[ArticleFilters]) -> Any:
    qs = article_queryset().defer("body", "extraction").order_by("-published_at", "-id")
    if filters.outlet:
        qs = qs.filter(credits__outlet__slug=filters.outlet).distinct()
    if filters.story:
        qs = qs.filter(story__slug=filters.story)
    if filters.q.strip():
        qs = articles_search(qs, filters.q.strip())
    # Not listed: the list shows outlets and searches the real text (GET /api/articles/{id} reaches them, masked).
    return without_hidden(request.user, qs)


@articles.post("/", response={201: ArticleCreated, 409: Duplicate, 403: Problem, 422: Problem})
def article_create(request: AuthenticatedHttpRequest, payload: ArticleIn) -> Any:
    """Store an article and run extraction on it (admins).

    The same text twice is a 409 naming the stored article; with a `story`, that article is put in
    the story (the 409 says so), as an import with a story does.
    """
    require(is_admin(request.user), "Only admins add articles.")
    row = payload.dict()
    row["outlets"] = [dict(c) for c in row["outlets"]]
    row["published_at"] = payload.published_at.isoformat() if payload.published_at else None
    try:
        draft = replace(draft_from_row(row, source="request", fmt="jsonl"), source_format=Article.SourceFormat.API)
    except ImportProblem as problem:
        return Status(422, {"detail": problem.reason})
    with transaction.atomic():  # as every other ingest path: the article with all it found, or nothing
        result = article_ingest(draft=draft, user=request.user)
    if not result.created:  # the same text, found by its content hash
        story = result.article.story
        detail = "This text is already stored."
        if result.attached:
            detail += f" It is now in the story “{story}”" + (
                f" (it was in “{result.former_story}”)." if result.former_story else "."
            )
        return Status(409, {"detail": detail, "article_id": result.article.pk, "story": story.slug if story else None})
    return Status(
        201,
        {
            "id": result.article.pk,
            "title": result.article.title,
            "quotes": result.article.quotes.count(),
            "speakers": result.article.quotes.exclude(speaker=None).values("speaker").distinct().count(),
        },
    )


@articles.get("/{int:article_id}", response=ArticleDetail)
def article_get(request: AuthenticatedHttpRequest, article_id: int) -> Any:
    """The article with its credits, quotes, speakers and the caller's own tags."""
    article = get_object_or_404(article_queryset(), pk=article_id)
    quotes = list(article.quotes.select_related("speaker").prefetch_related("speaker__aliases").order_by("start"))
    speakers: dict[int, Any] = {}
    for quote in quotes:
        if quote.speaker_id and quote.speaker_id not in speakers:
            speakers[quote.speaker_id] = quote.speaker
    mine = list(
        Annotation.objects.alive()
        .filter(article=article, annotator=request.user)
        .select_related("tag_type", "annotator")
        .in_text_order()
    )
    view = article_view_for(request.user, article)  # as in the workspace: offsets are those of `body`
    view.quotes(quotes)
    view.annotations(mine)
    return {
        "id": article.pk,
        "title": view.title,
        "url": view.url,
        "published_at": article.published_at,
        "language": article.language,
        "story": view.story.slug if view.story else None,
        "outlets": view.credits(ArticleSummary.resolve_outlets(article)),
        "body": view.body,
        "quotes": quotes,
        "speakers": [
            {
                "id": s.pk,
                "name": view.speaker(s).name,
                "kind": s.kind,
                "title": view.speaker(s).title,
                "aliases": [view.mask(a.alias) for a in s.aliases.all()],
            }
            for s in speakers.values()
        ],
        "my_tags": mine,
    }


# Tags

tags = Router(tags=["tags"])


def tag_type_for(label: str, campaign: Campaign | None) -> TagType:
    kind, _, slug = label.partition("/")
    found = TagType.objects.filter(kind=kind, slug=slug, is_active=True).first()
    if found is None:
        raise ValidationError(f"Unknown label {label!r}: use kind/slug from /api/tag-types.", code="tag_type_unknown")
    return services.check_tag_type(tag_type_id=found.pk, campaign=campaign)


def tag_out(request: AuthenticatedHttpRequest, annotation: Annotation) -> Annotation:
    """The tag as the caller may see it (span and text of the body they are given)."""
    fresh = Annotation.objects.select_related("tag_type", "annotator", "article").get(pk=annotation.pk)
    return article_view_for(request.user, fresh.article).annotation(fresh)


@api.get("/tag-types", response=list[TagTypeOut], tags=["tags"])
def tag_type_list(request: AuthenticatedHttpRequest) -> Any:
    return TagType.objects.filter(is_active=True).order_by("kind", "order", "label")


@articles.post("/{int:article_id}/tags", response={201: TagOut, 200: TagOut, 403: Problem, 422: Problem}, tags=["tags"])
def tag_create(request: AuthenticatedHttpRequest, article_id: int, payload: TagIn) -> Any:
    """Tag a span. 200 instead of 201 when the same idempotency key was already used."""
    article = get_object_or_404(Article, pk=article_id)
    assignment = services.check_can_annotate(user=request.user, article=article)
    campaign = assignment.campaign if assignment else None
    start, end, text = article_view_for(request.user, article).stored_span(payload.start, payload.end, payload.text)
    annotation, created = services.annotation_create(
        article=article,
        annotator=request.user,
        start=start,
        end=end,
        text=text,
        tag_type=tag_type_for(payload.label, campaign),
        note=payload.note,
        speaker=services.check_link(Speaker, payload.speaker),
        quote=services.check_link(Quote, payload.quote, article=article),
        chain=services.check_link(AttributionChain, payload.chain, article=article),
        campaign=campaign,
        idempotency_key=payload.idempotency_key or None,
    )
    return Status(201 if created else 200, tag_out(request, annotation))


@tags.get("/{int:tag_id}", response=TagOut)
def tag_get(request: AuthenticatedHttpRequest, tag_id: int) -> Any:
    annotation = get_object_or_404(Annotation.objects.alive(), pk=tag_id)
    require(annotation.annotator_id == request.user.pk or is_reviewer(request.user), "You can only read your own tags.")
    return tag_out(request, annotation)


@tags.patch("/{int:tag_id}", response={200: TagOut, 403: Problem, 409: Problem, 422: Problem})
def tag_update(request: AuthenticatedHttpRequest, tag_id: int, payload: TagPatch) -> Any:
    """Change label, note or links; send the version you read (409 if it moved)."""
    annotation = get_annotation_for_write(user=request.user, pk=tag_id)
    given = payload.model_fields_set
    updated = services.annotation_update(
        annotation=annotation,
        actor=request.user,
        version=payload.version,
        tag_type=tag_type_for(payload.label, annotation.campaign) if payload.label else None,
        note=article_view_for(request.user, annotation.article).stored_note(payload.note, annotation.note)
        if "note" in given
        else None,
        speaker=services.check_link(Speaker, payload.speaker) if "speaker" in given else False,
        quote=services.check_link(Quote, payload.quote, article=annotation.article) if "quote" in given else False,
        chain=services.check_link(AttributionChain, payload.chain, article=annotation.article)
        if "chain" in given
        else False,
    )
    return Status(200, tag_out(request, updated))


@tags.delete("/{int:tag_id}", response={204: None, 403: Problem, 409: Problem, 422: Problem})
def tag_delete(request: AuthenticatedHttpRequest, tag_id: int, version: int = Query(..., ge=1)) -> Any:  # type: ignore[type-arg]
    annotation = get_annotation_for_write(user=request.user, pk=tag_id)
    services.annotation_delete(annotation=annotation, actor=request.user, version=version)
    return Status(204, None)


# Stories

stories = Router(tags=["stories"])


@stories.get("/", response=list[StoryOut])
@paginate(Pages)
def story_list(request: AuthenticatedHttpRequest) -> Any:
    from django.db.models import Count

    return Story.objects.annotate(article_count=Count("articles")).order_by("-date", "title")


@stories.get("/{slug:slug}", response=StoryOut)
def story_get(request: AuthenticatedHttpRequest, slug: str) -> Any:
    return get_object_or_404(Story, slug=slug)


@stories.get("/{slug:slug}/compare", response=dict[str, Any])
def story_compare(request: AuthenticatedHttpRequest, slug: str, tags: Literal["accepted", "all"] = "accepted") -> Any:
    """The side-by-side comparison as data (the same as /stories/<slug>/compare.json)."""
    check_sees_outlets(request.user)
    story = get_object_or_404(Story, slug=slug)
    comparison = story_comparison(story)
    return comparison_json(comparison, tag_counts_by_label(article_ids=comparison.ids, accepted_only=tags != "all"))


# Exports and jobs

exports = Router(tags=["exports"])


@exports.get("/annotations", response={200: None, 403: Problem})
def export_annotations(request: AuthenticatedHttpRequest, filters: Query[ExportFilters]) -> Any:
    """Live tags as a streamed file (reviewers and admins). Formats: jsonl, csv, w3c, doccano, label-studio."""
    from annotations.export import CONTENT_TYPES, annotations_for_export, export_chunks

    require(is_reviewer(request.user), "Only reviewers and admins export tags.")
    if filters.format not in EXPORT_FORMATS:  # pragma: no cover - the schema already refuses it
        raise HttpError(422, "unknown format")
    campaign = Campaign.objects.filter(pk=filters.campaign).first() if filters.campaign else None
    qs = annotations_for_export(
        campaign=campaign, status=filters.status, outlet=filters.outlet, story=filters.story, viewer=request.user
    )
    base = request.build_absolute_uri("/").rstrip("/")
    return StreamingHttpResponse(
        export_chunks(filters.format, qs, base_url=base, viewer=request.user),
        content_type=f"{CONTENT_TYPES[filters.format]}; charset=utf-8",
    )


@api.get("/jobs/{int:job_id}", response=JobOut, tags=["jobs"])
def job_get(request: AuthenticatedHttpRequest, job_id: int) -> Any:
    """A background job's progress (its owner or an admin)."""
    job = get_object_or_404(Job, pk=job_id)
    require(job.created_by_id == request.user.pk or is_admin(request.user), "This job belongs to someone else.")
    return job


api.add_router("/articles", articles)
api.add_router("/tags", tags)
api.add_router("/stories", stories)
api.add_router("/exports", exports)
