"""The tag API: an article with the caller's tags, tags (create, read, change, delete), labels, exports.

Mounted on the one `newsdesk.api.api` (annotations/hooks.py). Reads and permission checks are the
views' own: `annotations.selectors` (which tag a user may change), `annotations.visibility` (what a
blind user is shown), `annotations.services` (every write, as in the workspace).
"""

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, NinjaAPI, Query, Router, Schema, Status

from annotations import services
from annotations.export import CONTENT_TYPES, ExportFormat, annotations_for_export, export_chunks
from annotations.models import Annotation, Campaign, TagType
from annotations.selectors import get_annotation_for_read, get_annotation_for_write
from annotations.visibility import article_view_for
from newsdesk.api.articles import article_queryset
from newsdesk.api.base import In, Problem, require
from newsdesk.api.schemas import ArticleFields, ArticleSummary, QuoteOut, SpeakerOut
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.models import Article, AttributionChain, Quote, Speaker
from newsdesk.roles import is_reviewer

# Schemas


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


class ExportFilters(In):
    format: ExportFormat = "jsonl"
    campaign: int | None = None
    status: Annotation.Status | Literal[""] = ""
    outlet: str = Field("", max_length=100)
    story: str = Field("", max_length=100)


# An article with the caller's tags (the corpus's /api/articles/ lists and adds them)

articles = Router(tags=["articles"])


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
tag_types = Router(tags=["tags"])


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


@tag_types.get("", response=list[TagTypeOut])
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
        **services.check_links(article=article, speaker=payload.speaker, quote=payload.quote, chain=payload.chain),
        campaign=campaign,
        idempotency_key=payload.idempotency_key or None,
    )
    return Status(201 if created else 200, tag_out(request, annotation))


@tags.get("/{int:tag_id}", response=TagOut)
def tag_get(request: AuthenticatedHttpRequest, tag_id: int) -> Any:
    return tag_out(request, get_annotation_for_read(user=request.user, pk=tag_id))


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


# Exports

exports = Router(tags=["exports"])


@exports.get("/annotations", response={200: None, 403: Problem})
def export_annotations(request: AuthenticatedHttpRequest, filters: Query[ExportFilters]) -> Any:
    """Live tags as a streamed file (reviewers and admins). Formats: jsonl, csv, w3c, doccano, label-studio."""
    require(is_reviewer(request.user), "Only reviewers and admins export tags.")
    campaign = Campaign.objects.filter(pk=filters.campaign).first() if filters.campaign else None
    qs = annotations_for_export(
        campaign=campaign, status=filters.status, outlet=filters.outlet, story=filters.story, viewer=request.user
    )
    base = request.build_absolute_uri("/").rstrip("/")
    return StreamingHttpResponse(
        export_chunks(filters.format, qs, base_url=base, viewer=request.user),
        content_type=f"{CONTENT_TYPES[filters.format]}; charset=utf-8",
    )


def api_mount(api: NinjaAPI) -> None:
    """Add the tag routes, and the 409 for a stale version, to the one API."""
    api.add_router("/articles", articles)
    api.add_router("/tags", tags)
    api.add_router("/tag-types", tag_types)
    api.add_router("/exports", exports)

    @api.exception_handler(services.AnnotationConflict)
    def conflict(request: AuthenticatedHttpRequest, exc: services.AnnotationConflict) -> Any:
        return api.create_response(request, {"detail": str(exc), "current_version": exc.annotation.version}, status=409)
