"""Annotations out of newsdesk: native JSONL, CSV, W3C Web Annotation, doccano, Label Studio.

Every writer is a generator of text chunks over a queryset read with `.iterator()`, so
an export of any size streams to a file, an HTTP response or a background job without
being built in memory. Labels are written as `kind/slug` ("framing/loaded-term"), the
form `annotations.importer` reads back.
"""

import copy
import csv
import io
import json
from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import Any, Literal, get_args

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, QuerySet

from annotations.models import Annotation, Campaign, GoldAnnotation
from annotations.visibility import article_views_for, without_hidden
from newsdesk.roles import AnyUser
from newsdesk.spreadsheets import spreadsheet_safe

ExportFormat = Literal["jsonl", "csv", "w3c", "doccano", "label-studio"]
FORMATS: tuple[ExportFormat, ...] = get_args(ExportFormat)
CONTENT_TYPES = {
    "jsonl": "application/x-ndjson",
    "csv": "text/csv",
    "w3c": 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
    "doccano": "application/x-ndjson",
    "label-studio": "application/json",
}
EXTENSIONS = {"jsonl": "jsonl", "csv": "csv", "w3c": "jsonld", "doccano": "jsonl", "label-studio": "json"}
CSV_COLUMNS = [
    "id",
    "article_id",
    "article_title",
    "article_url",
    "article_hash",
    "outlets",
    "story",
    "kind",
    "label",
    "label_name",
    "status",
    "is_gold",
    "annotator",
    "campaign",
    "start",
    "end",
    "exact",
    "prefix",
    "suffix",
    "note",
    "speaker",
    "quote_id",
    "chain",
    "review_decision",
    "review_reason",
    "created_at",
    "updated_at",
]
CHUNK = 500


def label_key(annotation: Annotation) -> str:
    return f"{annotation.tag_type.kind}/{annotation.tag_type.slug}"


def annotations_for_export(
    *,
    campaign: Campaign | None = None,
    status: str = "",
    outlet: str = "",
    story: str = "",
    annotator: User | None = None,
    viewer: AnyUser | None = None,
) -> QuerySet[Annotation]:
    """Live tags, filtered as the export form and CLI allow, in article then text order.

    With a `viewer`, filtering by outlet or story leaves out the articles whose outlet is
    hidden from them (else the filter would say which outlet or story those are).
    `in_gold` says whether an adjudicator took the tag's version into its campaign's gold layer.
    """
    gold = GoldAnnotation.objects.alive().filter(source=OuterRef("pk"))
    qs = (
        Annotation.objects.alive()
        .select_related("article", "article__story", "annotator", "tag_type", "campaign", "speaker", "chain")
        .annotate(in_gold=Exists(gold))
    )
    if campaign:
        qs = qs.filter(campaign=campaign)
    if status:
        qs = qs.filter(status=status)
    if outlet:
        qs = qs.filter(article__credits__outlet__slug=outlet, article__credits__role="primary")
    if story:
        qs = qs.filter(article__story__slug=story)
    if annotator is not None:
        qs = qs.filter(annotator=annotator)
    if viewer is not None and (outlet or story):
        qs = without_hidden(viewer, qs, "article")
    return qs.order_by("article_id", "annotator_id", "start", "-end", "id")


def outlets_of(annotations: Iterable[Annotation]) -> dict[int, list[dict[str, str]]]:
    """Credits of the articles in one chunk: {article id: [{name, role}]}, one query."""
    from newsdesk.models import ArticleCredit

    ids = {a.article_id for a in annotations}
    found: dict[int, list[dict[str, str]]] = {i: [] for i in ids}
    for credit in ArticleCredit.objects.filter(article_id__in=ids).select_related("outlet").order_by("id"):
        found[credit.article_id].append({"name": credit.outlet.name, "role": credit.role})
    return found


def reviews_of(annotations: list[Annotation]) -> None:
    """Attach each tag's latest review decision (with its reason) as `last_review`, one query per chunk."""
    from annotations.models import ReviewEvent

    decisions = (ReviewEvent.Action.ACCEPTED, ReviewEvent.Action.REJECTED, ReviewEvent.Action.NEEDS_CHANGES)
    latest: dict[int, Any] = {}
    for event in (
        ReviewEvent.objects.filter(annotation_id__in=[a.pk for a in annotations], action__in=decisions)
        .select_related("reason", "actor")
        .order_by("annotation_id", "created_at", "id")
    ):
        latest[event.annotation_id] = event
    for annotation in annotations:
        annotation.last_review = latest.get(annotation.pk)  # type: ignore[attr-defined]


def chunked(
    qs: QuerySet[Annotation], viewer: AnyUser | None = None
) -> Iterator[tuple[Annotation, list[dict[str, str]]]]:
    """(annotation, its article's credits), reading the queryset in chunks; as `viewer` may see them, if given."""
    batch: list[Annotation] = []
    for annotation in qs.iterator(chunk_size=CHUNK):
        batch.append(annotation)
        if len(batch) == CHUNK:
            yield from with_credits(batch, viewer)
            batch = []
    if batch:
        yield from with_credits(batch, viewer)


def with_credits(batch: list[Annotation], viewer: AnyUser | None) -> Iterator[tuple[Annotation, list[dict[str, str]]]]:
    credits = outlets_of(batch)
    reviews_of(batch)
    if viewer is not None:
        views = article_views_for(viewer, [a.article for a in batch])
        for annotation in batch:
            view = views[annotation.article_id]
            if view.is_blind:  # the export says what the workspace says: masked, offsets of the shown text
                credits[annotation.article_id] = []
                view.annotation(annotation)
                annotation.article, annotation.chain = view.as_article(), None
                if getattr(annotation, "last_review", None) is not None:
                    annotation.last_review = view.event(copy.copy(annotation.last_review))  # type: ignore[attr-defined]
    yield from ((a, credits[a.article_id]) for a in batch)


def iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def native(annotation: Annotation, credits: list[dict[str, str]]) -> dict[str, Any]:
    article = annotation.article
    return {
        "id": annotation.pk,
        "article": {
            "id": article.pk,
            "title": article.title,
            "url": article.url,
            "published_at": iso(article.published_at),
            "content_hash": article.content_hash,
            "story": article.story.slug if article.story else None,
            "outlets": credits,
        },
        "kind": annotation.tag_type.kind,
        "label": label_key(annotation),
        "label_name": annotation.tag_type.label,
        "note": annotation.note,
        "status": annotation.status,
        "is_gold": bool(getattr(annotation, "in_gold", False)),
        "annotator": annotation.annotator.username,
        "campaign": annotation.campaign.name if annotation.campaign else None,
        "speaker": annotation.speaker.name if annotation.speaker else None,
        "speaker_id": annotation.speaker_id,
        "quote_id": annotation.quote_id,
        "chain": chain_path(annotation, credits),
        "review": review_of(annotation),
        "start": annotation.start,
        "end": annotation.end,
        "exact": annotation.text,
        "prefix": annotation.prefix,
        "suffix": annotation.suffix,
        "created_at": iso(annotation.created_at),
        "updated_at": iso(annotation.updated_at),
    }


def chain_path(annotation: Annotation, credits: list[dict[str, str]]) -> list[str] | None:
    """The attribution chain the tag links to, publishing outlet first ("RT", "BBC", "Jens Stoltenberg")."""
    if annotation.chain is None:
        return None
    names = [link.get("name", "") for link in annotation.chain.links if isinstance(link, dict)]
    publisher = next((c["name"] for c in credits if c["role"] == "primary"), None)
    return ([publisher] if publisher and (not names or names[0] != publisher) else []) + names


def review_of(annotation: Annotation) -> dict[str, Any] | None:
    event = getattr(annotation, "last_review", None)
    if event is None:
        return None
    return {
        "decision": event.action,
        "reason": event.reason.slug if event.reason else None,
        "reason_label": event.reason.label if event.reason else None,
        "comment": event.comment,
        "reviewer": event.actor.username,
        "at": iso(event.created_at),
    }


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_jsonl(qs: QuerySet[Annotation], *, viewer: AnyUser | None = None, **_: Any) -> Iterator[str]:
    for annotation, credits in chunked(qs, viewer):
        yield dumps(native(annotation, credits)) + "\n"


def write_csv(qs: QuerySet[Annotation], *, viewer: AnyUser | None = None, **_: Any) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return value

    writer.writerow(CSV_COLUMNS)
    yield flush()
    for annotation, credits in chunked(qs, viewer):
        row = native(annotation, credits)
        article = row.pop("article")
        row.update(
            article_id=article["id"],
            article_title=article["title"],
            article_url=article["url"],
            article_hash=article["content_hash"],
            outlets="; ".join(f"{c['name']} ({c['role']})" for c in credits),
            story=article["story"] or "",
            chain=" → ".join(row["chain"]) if row["chain"] else "",
            review_decision=row["review"]["decision"] if row["review"] else "",
            review_reason=(row["review"]["reason_label"] or "") if row["review"] else "",
        )
        writer.writerow(["" if row.get(c) is None else spreadsheet_safe(row[c]) for c in CSV_COLUMNS])
        yield flush()


def iri(base_url: str, kind: str, path: str, pk: int) -> str:
    """An http(s) address under the site's base URL, else a `urn:newsdesk:` name."""
    if base_url.startswith(("http://", "https://")):
        return f"{base_url.rstrip('/')}/{path}/{pk}"
    return f"urn:newsdesk:{kind}:{pk}"


def w3c(annotation: Annotation, base_url: str) -> dict[str, Any]:
    """One W3C Web Annotation (https://www.w3.org/TR/annotation-model/)."""
    article = annotation.article
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "tagging", "value": label_key(annotation), "format": "text/plain"}
    ]
    if annotation.note:
        bodies.append(
            {"type": "TextualBody", "purpose": "commenting", "value": annotation.note, "format": "text/plain"}
        )
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": iri(base_url, "tag", "api/tags", annotation.pk),
        "type": "Annotation",
        "motivation": "tagging",
        "created": iso(annotation.created_at),
        "modified": iso(annotation.updated_at),
        "creator": {"type": "Person", "nickname": annotation.annotator.username},
        "body": bodies,
        "target": {
            "source": article.url or iri(base_url, "article", "articles", article.pk),
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": annotation.text,
                    "prefix": annotation.prefix,
                    "suffix": annotation.suffix,
                },
                {"type": "TextPositionSelector", "start": annotation.start, "end": annotation.end},
            ],
        },
        "newsdesk:status": annotation.status,
        "newsdesk:contentHash": article.content_hash,
    }


def write_w3c(
    qs: QuerySet[Annotation], *, base_url: str = "urn:newsdesk", viewer: AnyUser | None = None, **_: Any
) -> Iterator[str]:
    """An AnnotationCollection whose one page holds every annotation, streamed item by item."""
    yield (
        '{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection", '
        '"label": "newsdesk export", "first": {"type": "AnnotationPage", "items": ['
    )
    count = 0
    for annotation, _credits in chunked(qs, viewer):
        yield ("," if count else "") + "\n" + dumps(w3c(annotation, base_url))
        count += 1
    yield f'\n]}}, "total": {count}}}\n'


def by_article_and_annotator(
    qs: QuerySet[Annotation], viewer: AnyUser | None = None
) -> Iterator[tuple[list[Annotation], list[dict[str, str]]]]:
    for _key, group in groupby(chunked(qs, viewer), key=lambda pair: (pair[0].article_id, pair[0].annotator_id)):
        pairs = list(group)
        yield [a for a, _ in pairs], pairs[0][1]


def write_doccano(qs: QuerySet[Annotation], *, viewer: AnyUser | None = None, **_: Any) -> Iterator[str]:
    """doccano sequence labelling: one line per article and annotator, `label: [[start, end, label]]`."""
    for annotations, credits in by_article_and_annotator(qs, viewer):
        article = annotations[0].article
        yield (
            dumps(
                {
                    "id": article.pk,
                    "text": article.body,
                    "label": [[a.start, a.end, label_key(a)] for a in annotations],
                    "annotator": annotations[0].annotator.username,
                    "title": article.title,
                    "url": article.url,
                    "outlets": [c["name"] for c in credits],
                }
            )
            + "\n"
        )


def write_label_studio(qs: QuerySet[Annotation], *, viewer: AnyUser | None = None, **_: Any) -> Iterator[str]:
    """Label Studio JSON: a list of tasks (one per article), one annotation per annotator."""
    yield "["
    first = True
    for _article_id, group in groupby(by_article_and_annotator(qs, viewer), key=lambda pair: pair[0][0].article_id):
        per_annotator = list(group)
        article = per_annotator[0][0][0].article
        task = {
            "id": article.pk,
            "data": {"text": article.body, "title": article.title, "url": article.url},
            "annotations": [
                {
                    "completed_by": {"id": tags[0].annotator_id, "username": tags[0].annotator.username},
                    "result": [
                        {
                            "id": f"nd{a.pk}",
                            "from_name": "label",
                            "to_name": "text",
                            "type": "labels",
                            "value": {"start": a.start, "end": a.end, "text": a.text, "labels": [label_key(a)]},
                            "meta": {"text": [a.note]} if a.note else {},
                        }
                        for a in tags
                    ],
                }
                for tags, _credits in per_annotator
            ],
        }
        yield ("" if first else ",") + "\n" + dumps(task)
        first = False
    yield "\n]\n"


WRITERS = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "w3c": write_w3c,
    "doccano": write_doccano,
    "label-studio": write_label_studio,
}


def export_chunks(
    fmt: str, qs: QuerySet[Annotation], *, base_url: str = "urn:newsdesk", viewer: AnyUser | None = None
) -> Iterator[str]:
    """The export as text chunks; with a `viewer`, every article as they may see it (blind campaigns)."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return WRITERS[fmt](qs, base_url=base_url, viewer=viewer)
