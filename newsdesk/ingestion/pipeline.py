"""The only writer of articles: drafts → Article, ArticleCredits, Speakers (+aliases), Quotes.

`articles_import` reads every file first and writes nothing if any file or row is bad;
the writes happen in one transaction, so a failed batch leaves no trace. Articles are
idempotent on their content hash: the same text imported again is a duplicate.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from newsdesk.extraction import Extraction, extract
from newsdesk.hooks import RevisionReport, hooks
from newsdesk.ingestion.credits import credits_from_body
from newsdesk.ingestion.readers import ArticleDraft, ImportProblem, read_file
from newsdesk.models import (
    Article,
    ArticleCredit,
    AttributionChain,
    Outlet,
    Quote,
    Speaker,
    SpeakerAlias,
    Story,
    body_hash,
)

logger = logging.getLogger(__name__)


@dataclass
class ImportReport:
    imported: list[Article] = field(default_factory=list)
    duplicates: list[tuple[str, Article]] = field(default_factory=list)  # (source, the existing article)
    # Of the duplicates, those put in the story of the import: (source, article, the story it was in)
    attached: list[tuple[str, Article, Story | None]] = field(default_factory=list)
    revisions: list["IngestResult"] = field(default_factory=list)  # new revisions of known URLs
    errors: list[ImportProblem] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class IngestResult:
    article: Article
    created: bool
    previous: Article | None = None  # set when the article is a new revision of a known URL
    carried: RevisionReport | None = None  # what an app carried across from `previous` (hooks.revision)
    attached: bool = False  # a known text, put in the story it was imported with
    former_story: Story | None = None  # …which took it out of this one


# Lookups that create on first use


def unique_slug(model: type[Outlet | Story], text: str, fallback: str) -> str:
    base = slugify(text)[:180] or fallback
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def outlet_get_or_create(*, name: str) -> Outlet:
    name = name.strip()[:200]
    existing = Outlet.objects.filter(name__iexact=name).first()
    if existing:
        return existing
    return Outlet.objects.create(name=name, slug=unique_slug(Outlet, name, "outlet"))


def story_get_or_create(*, key: str, user: User | None = None) -> Story:
    """A story by slug or by title; made from the key when new."""
    key = key.strip()
    story = Story.objects.filter(Q(slug=key) | Q(title__iexact=key)).first()
    if story:
        return story
    title = key.replace("-", " ").capitalize() if slugify(key) == key else key
    return Story.objects.create(title=title[:300], slug=unique_slug(Story, key, "story"), created_by=user)


@dataclass
class SpeakerCache:
    """The speakers one all-or-nothing import batch has met, so each is looked up once.

    Only for a batch written in a single transaction (`articles_import`): a rolled-back
    savepoint would leave cached rows that no longer exist.
    """

    speakers: dict[tuple[str, str], Speaker] = field(default_factory=dict)  # (name, handle), lower case
    aliases: dict[int, set[str]] = field(default_factory=dict)  # speaker pk -> lower-case names it goes by


def speaker_get_or_create(
    *,
    name: str,
    kind: str,
    title: str = "",
    affiliation: str = "",
    handle: str = "",
    cache: SpeakerCache | None = None,
) -> Speaker:
    """Merge with an existing speaker by name or by a name/handle alias (never by descriptor)."""
    key = (name.lower(), handle.lower())
    cached = cache.speakers.get(key) if cache is not None else None
    found = cached or speaker_find(name=name, handle=handle)
    if found is None:
        found = Speaker.objects.create(
            name=name[:300],
            kind=kind or Speaker.Kind.PERSON,
            title=title[:300],
            affiliation=affiliation[:300],
            handle=handle[:100],
        )
    else:
        changed = False
        for attr, value in (("title", title), ("affiliation", affiliation), ("handle", handle)):
            if value and not getattr(found, attr):
                setattr(found, attr, value[: 300 if attr != "handle" else 100])
                changed = True
        if changed:
            found.save()
    if cache is not None:
        cache.speakers[key] = found
    return found


def speaker_find(*, name: str, handle: str) -> Speaker | None:
    found = Speaker.objects.filter(name__iexact=name).order_by("id").first()
    if found is None:
        alias = (
            SpeakerAlias.objects.filter(alias__iexact=name, kind__in=[SpeakerAlias.Kind.NAME, SpeakerAlias.Kind.HANDLE])
            .select_related("speaker")
            .first()
        )
        found = alias.speaker if alias else None
    if found is None and handle:
        found = Speaker.objects.filter(handle__iexact=handle).first()
    return found


# The article


def run_extraction(body: str, source: str) -> Extraction:
    try:
        return extract(body)
    except Exception:  # extraction must never cost the user their import
        logger.exception("extraction failed for %s", source)
        return Extraction()


def article_ingest(
    *,
    draft: ArticleDraft,
    story: Story | None = None,
    outlet: Outlet | None = None,
    user: User | None = None,
    speakers: SpeakerCache | None = None,
) -> IngestResult:
    """Store one draft with everything extraction finds; a known text returns the existing article.

    The story (`story`, else the row's own) holds the article afterwards, a known one too: importing
    the same texts again with a story fills that story (and says so: `attached`).
    """
    existing = Article.objects.filter(content_hash=body_hash(draft.body)).first()
    if story is None and draft.story:
        story = story_get_or_create(key=draft.story, user=user)
    if existing is not None:
        if story is None or existing.story_id == story.pk:
            return IngestResult(existing, created=False)
        former = existing.story
        Article.objects.filter(pk=existing.pk).update(story=story)
        existing.story = story
        return IngestResult(existing, created=False, attached=True, former_story=former)
    extraction = run_extraction(draft.body, draft.source)
    # A known URL with new text: a new revision, not a duplicate and not an overwrite.
    previous = (
        Article.objects.filter(url=draft.url, next_revision__isnull=True).order_by("-revision", "-id").first()
        if draft.url
        else None
    )
    if previous is not None and story is None:
        story = previous.story
    article = Article.objects.create(
        previous=previous,
        revision=previous.revision + 1 if previous is not None else 1,
        title=draft.title[:500],
        body=draft.body,
        url=draft.url[:2000],
        published_at=draft.published_at,
        language=draft.language or "en",
        story=story,
        source_format=draft.source_format,
        extraction=extraction.to_storage(),
        created_by=user if user is not None and user.pk else None,
    )
    credits_store(article=article, draft=draft, extraction=extraction, outlet=outlet)
    quotes_store(article=article, extraction=extraction, cache=speakers)
    chains_store(article=article, extraction=extraction)
    if previous is None:
        return IngestResult(article, created=True)
    # Whatever points into the old text (tags) is carried across by the app that owns it.
    actor = user if user is not None and user.pk else None
    carried = hooks.revision(old=previous, new=article, actor=actor) if hooks.revision is not None else None
    return IngestResult(article, created=True, previous=previous, carried=carried)


def credits_store(*, article: Article, draft: ArticleDraft, extraction: Extraction, outlet: Outlet | None) -> None:
    """Credits from the row itself, else from extraction, else from a trailing credit line."""
    Found = list[tuple[str, str, int | None, int | None, str]]
    found: Found = [(n, r, None, None, "") for n, r in draft.outlets]
    if not found:
        found = [(c.outlet, c.role, c.start, c.end, c.text) for c in extraction.credits]
    else:  # outlets given by the row; the text's own mentions ("Speaking to the BBC") still count
        named = {n.lower() for n, *_ in found}
        found += [
            (c.outlet, c.role, c.start, c.end, c.text)
            for c in extraction.credits
            if c.role == ArticleCredit.Role.MENTIONED and c.outlet.lower() not in named
        ]
    if not any(role == ArticleCredit.Role.PRIMARY for _, role, *_ in found):
        fallback: Found = [(n, r, None, None, "") for n, r in credits_from_body(article.body)]
        if fallback and not found:
            found = fallback
    if outlet is not None and not any(role == ArticleCredit.Role.PRIMARY for _, role, *_ in found):
        found.insert(0, (outlet.name, ArticleCredit.Role.PRIMARY, None, None, ""))
    if not found and draft.site_name:
        found = [(draft.site_name, ArticleCredit.Role.PRIMARY, None, None, "")]
    seen: set[tuple[int, str]] = set()
    for name, role, start, end, text in found:
        if not name.strip() or role not in ArticleCredit.Role.values:
            continue
        credited = (
            outlet if outlet is not None and outlet.name.lower() == name.lower() else outlet_get_or_create(name=name)
        )
        if (credited.pk, role) in seen:
            continue
        seen.add((credited.pk, role))
        ArticleCredit.objects.create(
            article=article, outlet=credited, role=role, source_text=text[:500], start=start, end=end
        )


def quotes_store(
    *,
    article: Article,
    extraction: Extraction,
    skip: set[tuple[int, int]] | None = None,
    cache: SpeakerCache | None = None,
) -> None:
    """Speakers (merged with known ones) and the extraction's quotes; spans in `skip` are kept as they are."""
    speakers: dict[str, Speaker] = {}
    for found in extraction.speakers:
        if found.kind == "anonymous":
            continue
        speaker = speaker_get_or_create(
            name=found.name,
            kind=found.kind,
            title=found.title,
            affiliation=found.affiliation,
            handle=found.handle,
            cache=cache,
        )
        speakers[found.name] = speaker
        known = cache.aliases.get(speaker.pk) if cache is not None else None
        if known is None:
            known = {a.lower() for a in speaker.aliases.values_list("alias", flat=True)} | {speaker.name.lower()}
            if cache is not None:
                cache.aliases[speaker.pk] = known  # kept current below as aliases are added
        descriptors = {d.lower() for d in found.descriptors}
        new_aliases = []
        for alias in found.aliases:
            if alias.lower() in known or not alias.strip():
                continue
            known.add(alias.lower())
            kind = SpeakerAlias.Kind.DESCRIPTOR if alias.lower() in descriptors else SpeakerAlias.Kind.NAME
            if alias.startswith("@"):
                kind = SpeakerAlias.Kind.HANDLE
            new_aliases.append(SpeakerAlias(speaker=speaker, alias=alias[:300], kind=kind))
        SpeakerAlias.objects.bulk_create(new_aliases)
    Quote.objects.bulk_create(
        [
            Quote(
                article=article,
                start=q.start,
                end=q.end,
                text=q.text,
                kind=q.kind if q.kind in Quote.Kind.values else Quote.Kind.DIRECT,
                speaker=speakers.get(q.speaker or ""),
                speaker_text=(q.speaker_mention.text if q.speaker_mention else "")[:300],
                cue_start=q.cue.start if q.cue else None,
                cue_end=q.cue.end if q.cue else None,
                cue_verb=(q.cue.text if q.cue else "")[:100],
                stance=(q.cue.stance if q.cue else "")[:32],
                confidence=q.confidence,
            )
            for q in extraction.quotes
            if q.start < q.end and (q.start, q.end) not in (skip or set())
        ]
    )


def chains_store(*, article: Article, extraction: Extraction, skip: set[int] | None = None) -> None:
    """The extraction's attribution chains, linked to the quote each one carries."""
    if not extraction.chains:
        return
    quotes = {(q.start, q.end): q for q in Quote.objects.filter(article=article)}
    AttributionChain.objects.bulk_create(
        [
            AttributionChain(
                article=article,
                start=c.start,
                end=c.end,
                links=[{"name": link.name, "role": link.role, "text": link.text} for link in c.links],
                quote=quotes.get((c.quote_start, c.quote_end))
                if c.quote_start is not None and c.quote_end is not None
                else None,
            )
            for c in extraction.chains
            if c.start not in (skip or set())
        ]
    )


# A batch of files


def articles_import(
    *,
    paths: Iterable[Path],
    fmt: str = "auto",
    story: str = "",
    outlet: str = "",
    dry_run: bool = False,
    user: User | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Read every file, then write all drafts in one transaction (or nothing, if any is bad)."""
    report = ImportReport(dry_run=dry_run)
    drafts: list[ArticleDraft] = []
    for path in paths:
        try:
            drafts.extend(read_file(Path(path), requested_format=fmt, max_bytes=settings.NEWSDESK_MAX_IMPORT_FILE_SIZE))
        except ImportProblem as problem:
            report.errors.append(problem)
    if report.errors:
        return report
    with transaction.atomic():
        the_story = story_get_or_create(key=story, user=user) if story else None
        the_outlet = outlet_get_or_create(name=outlet) if outlet else None
        speakers = SpeakerCache()  # safe: the whole batch commits or rolls back together
        for number, draft in enumerate(drafts, start=1):
            result = article_ingest(draft=draft, story=the_story, outlet=the_outlet, user=user, speakers=speakers)
            if result.created:
                report.imported.append(result.article)
                if result.previous is not None:
                    report.revisions.append(result)
            else:
                report.duplicates.append((draft.source, result.article))
                if result.attached:
                    report.attached.append((draft.source, result.article, result.former_story))
            if progress:
                progress(number, len(drafts))
        if dry_run:
            transaction.set_rollback(True)
    return report
