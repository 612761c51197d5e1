"""Annotations into newsdesk from native JSONL, doccano JSONL and Label Studio JSON.

Each item is re-anchored on the stored article text and saved in its own savepoint
through `annotation_create` (same checks and audit trail as the workspace). An item
that cannot be placed exactly is reported with its position and the reason; nothing is
guessed: offsets must read the exported text, or the exact text with its prefix and
suffix must occur exactly once in the article.

Who is who: the `actor` runs the import and is the actor of every "created" event. A tag
belongs to the user the file names (its provenance) only when the actor is an admin;
anyone else imports their own tags only, and an item naming another user is reported, not
imported. So nobody can make tags under another name and then decide on them.
"""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from annotations.models import Annotation, Campaign, TagType
from annotations.services import annotation_create
from annotations.visibility import hidden_ids_among
from newsdesk.models import Article, body_hash, text_clean
from newsdesk.roles import is_admin

FORMATS = ("jsonl", "doccano", "label-studio")


@dataclass(frozen=True)
class Item:
    """One tag as read from a file, before it meets the database."""

    where: str  # "line 3" or "task 2, result 1"
    start: Any
    end: Any
    label: str
    exact: str | None = None
    prefix: str = ""
    suffix: str = ""
    note: str = ""
    annotator: str = ""
    article_hash: str = ""
    article_text: str | None = None
    article_url: str = ""

    def __post_init__(self) -> None:
        # A file can hold any JSON where text belongs: a number, a list, null. Text fields must
        # be text (null counts as empty), or the item is refused with the field's name.
        for name in ("label", "note", "annotator", "article_hash", "article_url", "prefix", "suffix", "exact"):
            value = getattr(self, name)
            if value is None and name != "exact":
                object.__setattr__(self, name, "")
            elif value is not None and not isinstance(value, str):
                raise BadItem(f"{name!r} must be text, not {type(value).__name__}")
        # Fields that meet the database lose what no column can hold (a JSON "\\u0000"
        # in a note would otherwise fail the whole import on PostgreSQL).
        for name in ("label", "note", "annotator", "article_hash", "article_url"):
            object.__setattr__(self, name, text_clean(getattr(self, name)))


@dataclass
class ImportResult:
    created: int = 0
    duplicates: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)  # (where, reason)
    dry_run: bool = False

    @property
    def total(self) -> int:
        return self.created + self.duplicates + len(self.problems)


class Unplaceable(Exception):
    """An item that cannot be imported; the message says why."""


class BadItem(ValueError):
    """A field of the file's item has the wrong type; the message names it."""


# Readers: text → Items (a malformed line is an Item-level problem, not a crash)


def json_lines(text: str) -> Iterator[tuple[str, Any, str]]:
    """(where, row, problem) for each non-empty line; `problem` says why a line is not JSON."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield f"line {number}", json.loads(line), ""
        except json.JSONDecodeError as exc:
            yield f"line {number}", None, f"invalid JSON ({exc.msg} at column {exc.colno})"
        except RecursionError:
            yield f"line {number}", None, NESTED_TOO_DEEPLY


NESTED_TOO_DEEPLY = "invalid JSON: nested too deeply to read (brackets inside brackets)"


def item_or_problem(**fields: Any) -> Item | tuple[str, str]:
    """The Item, or (where, why) when one of its fields is of the wrong type."""
    try:
        return Item(**fields)
    except BadItem as exc:
        return (fields["where"], str(exc))


def read_native(text: str) -> Iterator[Item | tuple[str, str]]:
    for where, row, problem in json_lines(text):
        if problem:
            yield (where, problem)
            continue
        try:
            article = row.get("article") or {}
            yield item_or_problem(
                where=where,
                start=row["start"],
                end=row["end"],
                label=str(row["label"]),
                exact=row.get("exact"),
                prefix=row.get("prefix") or "",
                suffix=row.get("suffix") or "",
                note=row.get("note") or "",
                annotator=row.get("annotator") or "",
                article_hash=article.get("content_hash") or "",
                article_url=article.get("url") or "",
            )
        except (KeyError, TypeError, AttributeError) as exc:
            yield (where, f"missing or malformed field {exc}")


def read_doccano(text: str) -> Iterator[Item | tuple[str, str]]:
    for where, row, problem in json_lines(text):
        if problem:
            yield (where, problem)
            continue
        spans = row.get("label", row.get("labels", [])) if isinstance(row, dict) else None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not isinstance(spans, list):
            yield (where, "missing or malformed field 'text' and 'label'")
            continue
        for index, span in enumerate(spans, start=1):
            if not (isinstance(span, list | tuple) and len(span) == 3):
                yield (f"{where}, label {index}", "a label must be [start, end, label]")
                continue
            yield item_or_problem(
                where=f"{where}, label {index}",
                start=span[0],
                end=span[1],
                label=str(span[2]),
                annotator=str(row.get("annotator") or row.get("user") or ""),
                article_text=row["text"],
            )


def read_label_studio(text: str) -> Iterator[Item | tuple[str, str]]:
    try:
        tasks = json.loads(text)
    except json.JSONDecodeError as exc:
        yield ("file", f"invalid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})")
        return
    except RecursionError:
        yield ("file", NESTED_TOO_DEEPLY)
        return
    if not isinstance(tasks, list):
        yield ("file", "a Label Studio export is a JSON list of tasks")
        return
    for t, task in enumerate(tasks, start=1):
        data = task.get("data") if isinstance(task, dict) else None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            yield (f"task {t}", "the task has no data.text")
            continue
        annotations = task.get("annotations") or []
        if not isinstance(annotations, list):
            yield (f"task {t}", "the task's annotations must be a list")
            continue
        for a, annotation in enumerate(annotations, start=1):
            results = annotation.get("result") or [] if isinstance(annotation, dict) else None
            if not isinstance(results, list):
                yield (f"task {t}, annotation {a}", "an annotation needs a list of results")
                continue
            by = annotation.get("completed_by")
            annotator = (by.get("username") or by.get("email") or "") if isinstance(by, dict) else ""
            for r, result in enumerate(results, start=1):
                where = f"task {t}, annotation {a}, result {r}"
                value = result.get("value") if isinstance(result, dict) else None
                labels = value.get("labels") if isinstance(value, dict) else None
                if not isinstance(value, dict) or not isinstance(labels, list) or len(labels) != 1:
                    yield (where, "a result needs value.start, value.end and exactly one value.labels entry")
                    continue
                meta = result.get("meta")  # Label Studio keeps a region's note as meta.text: ["…"]
                note = meta.get("text") if isinstance(meta, dict) else None
                yield item_or_problem(
                    where=where,
                    start=value.get("start"),
                    end=value.get("end"),
                    label=str(labels[0]),
                    exact=value.get("text"),
                    note=" ".join(map(str, note)) if isinstance(note, list) else (note or ""),
                    annotator=str(annotator),
                    article_text=data["text"],
                )


READERS: dict[str, Callable[[str], Iterator[Item | tuple[str, str]]]] = {
    "jsonl": read_native,
    "doccano": read_doccano,
    "label-studio": read_label_studio,
}


# Placing items


class Resolver:
    """Looks up articles, labels and users once per distinct key."""

    def __init__(self, default_annotator: User, *, actor: User) -> None:
        self.default_annotator = default_annotator
        self.actor = actor
        self.may_attribute = is_admin(actor)
        self.articles: dict[str, Article | None] = {}
        self.users: dict[str, Any] = {}
        active = list(TagType.objects.filter(is_active=True))
        self.labels = {f"{t.kind}/{t.slug}": t for t in active}
        for tag_type in active:  # "Framing · Loaded term" and a unique bare label also work
            self.labels.setdefault(str(tag_type).lower(), tag_type)
        bare: dict[str, list[TagType]] = {}
        for tag_type in active:
            bare.setdefault(tag_type.label.lower(), []).append(tag_type)
        for name, found in bare.items():
            if len(found) == 1:
                self.labels.setdefault(name, found[0])

    def article(self, item: Item) -> Article:
        key = item.article_hash or (body_hash(text_clean(item.article_text)) if item.article_text is not None else "")
        if key not in self.articles:
            found = Article.objects.filter(content_hash=key).first() if key else None
            if found is None and item.article_url:
                matches = list(Article.objects.filter(url=item.article_url)[:2])
                found = matches[0] if len(matches) == 1 else None
            # An article hidden from the importing user is not found, as if absent: else matching
            # a guessed URL or text against the real one would tell them what is hidden.
            if found is not None and hidden_ids_among(self.actor, [found.pk]):
                found = None
            self.articles[key] = found
        article = self.articles[key]
        if article is None:
            raise Unplaceable("no stored article has this text (import the articles first)")
        return article

    def label(self, item: Item) -> TagType:
        tag_type = self.labels.get(item.label) or self.labels.get(item.label.lower())
        if tag_type is None:
            raise Unplaceable(f"unknown label {item.label!r} (use kind/slug, e.g. framing/loaded-term)")
        return tag_type

    def annotator(self, item: Item) -> Any:
        name = item.annotator
        if not name:
            return self.default_annotator
        if name not in self.users:
            self.users[name] = get_user_model().objects.filter(username=name).first()
        named = self.users[name]
        if named is not None and named.pk != self.actor.pk and not self.may_attribute:
            raise Unplaceable(
                f"the file names annotator {name!r}: only an admin can import tags in another user's name"
            )
        return named or self.default_annotator


def anchor(body: str, item: Item) -> tuple[int, int]:
    """The item's [start, end) on `body`, or Unplaceable: offsets first, then a unique quote."""
    try:
        start, end = int(item.start), int(item.end)
    except (TypeError, ValueError, OverflowError):  # OverflowError: a JSON Infinity
        raise Unplaceable("start and end must be whole numbers") from None
    if 0 <= start < end <= len(body) and (item.exact is None or body[start:end] == item.exact):
        return start, end
    if not item.exact:
        raise Unplaceable(f"offsets {start}–{end} are outside the article ({len(body)} characters)")
    needle = item.prefix + item.exact + item.suffix
    hits = find_all(body, needle)
    if len(hits) == 1:
        begin = hits[0] + len(item.prefix)
        return begin, begin + len(item.exact)
    reason = "does not occur in the article" if not hits else f"occurs {len(hits)} times with the same context"
    raise Unplaceable(f"the text at {start}–{end} differs from {item.exact[:40]!r}, which {reason}")


def find_all(body: str, needle: str) -> list[int]:
    hits: list[int] = []
    at = body.find(needle)
    while at != -1 and len(hits) < 3:
        hits.append(at)
        at = body.find(needle, at + 1)
    return hits


def annotations_import(
    *,
    text: str,
    fmt: str,
    actor: User,
    annotator: User | None = None,
    campaign: Campaign | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import every placeable item; report the rest.

    `actor` runs the import (the audit trail's actor); `annotator` (default: the actor) owns
    the items that name no known user. Only an admin may name someone else, here or in the file.
    Nothing is placed on an article hidden from the actor (a blind campaign).
    """
    if fmt not in READERS:
        raise ValueError(f"unknown import format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if actor is None or not getattr(actor, "pk", None):
        raise PermissionDenied("An import needs the user who runs it.")
    annotator = annotator or actor
    if annotator.pk != actor.pk and not is_admin(actor):
        raise PermissionDenied("Only an admin can import tags in another user's name.")
    result = ImportResult(dry_run=dry_run)
    resolver = Resolver(annotator, actor=actor)
    with transaction.atomic():
        for number, read in enumerate(READERS[fmt](text), start=1):
            if isinstance(read, tuple):
                result.problems.append(read)
                continue
            try:
                item_import(read, resolver=resolver, campaign=campaign, result=result)
            except Unplaceable as exc:
                result.problems.append((read.where, str(exc)))
            except ValidationError as exc:
                result.problems.append((read.where, " ".join(exc.messages)))
            if progress:
                progress(number)
        if dry_run:
            transaction.set_rollback(True)
    return result


def item_import(item: Item, *, resolver: Resolver, campaign: Campaign | None, result: ImportResult) -> None:
    article = resolver.article(item)
    tag_type = resolver.label(item)
    owner = resolver.annotator(item)
    start, end = anchor(article.body, item)
    if (
        Annotation.objects.alive()
        .filter(article=article, annotator=owner, start=start, end=end, tag_type=tag_type)
        .exists()
    ):
        result.duplicates += 1
        return
    with transaction.atomic():
        annotation_create(
            article=article,
            annotator=owner,
            start=start,
            end=end,
            text=None,
            tag_type=tag_type,
            note=item.note,
            campaign=campaign,
            actor=resolver.actor,
            comment="imported" if owner.pk == resolver.actor.pk else f"imported by {resolver.actor.get_username()}",
        )
    result.created += 1
