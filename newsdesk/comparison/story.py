"""A story's articles side by side: loaded, aligned and counted once per change, shaped for page, JSON and CSV.

Every request reads what it shows (the articles, their quotes and speakers, chains) with a
fixed number of queries. What is costly to work out from that (quote alignment, one speaker
across outlets, speaker balance, figures, framing and naming) is cached under a key made of
everything it depends on: the articles' ids, content hashes and row versions (so a
re-extraction counts), the quote rows, the speakers and their aliases. Any change to those
gives a new key, so a changed article shows at once, and a cache miss only costs time. Tag
counts change with every tag: they are not cached, and not read here (the corpus core knows
nothing of annotations): the caller passes them in.
"""

import csv
import hashlib
import io
import json
import pickle
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass
from functools import cached_property
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Prefetch, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import MD5, Cast
from django.utils.safestring import SafeString

from newsdesk.charts import charts_side_by_side
from newsdesk.comparison.align import THRESHOLD, AlignedGroup, QuoteItem, align_quotes
from newsdesk.comparison.balance import BalanceRow, speaker_balance
from newsdesk.comparison.figures import figure_table
from newsdesk.comparison.framing import framing_contrast, framing_terms, naming_choices
from newsdesk.comparison.speakers import Identity, SpeakerInfo, speaker_identities
from newsdesk.models import Article, ArticleCredit, AttributionChain, Outlet, Quote, SpeakerAlias, Story

MAX_COLUMNS = 20
CHART_SPEAKERS = 12  # per outlet in the charts; the table beside them lists every speaker
COMPARED_KINDS = ("direct", "partial", "indirect")
# Part of every cache key: bump it when what is cached, or the template that draws it, changes.
CACHE_VERSION = f"compare:6:{THRESHOLD}"
CACHE_SECONDS = 7 * 24 * 3600
QUOTE_FIELDS = (
    "id",
    "article_id",
    "start",
    "end",
    "text",
    "kind",
    "speaker_id",
    "speaker_text",
    "cue_verb",
    "stance",
    "speaker__name",
    "speaker__kind",
    "speaker__title",
    "speaker__affiliation",
)
FIGURE_FIELDS = ("text", "value", "value_high", "qualifier", "unit", "counted", "date", "source")


@dataclass
class StoryComparison:
    story: Story
    all_articles: list[Article]
    articles: list[Article]  # the compared ones, in column order
    ids: list[int]
    outlet_name: dict[int, str]
    rows: list[tuple[Any, ...]]  # the quotes, as read (QUOTE_FIELDS)
    aliases: list[tuple[int, str, str]]
    chains: dict[int, list[AttributionChain]]
    key: str  # of everything `derived` is computed from
    cached: bool | None = None  # whether `derived` came from the cache (None: not needed yet)

    @cached_property
    def derived(self) -> dict[str, Any]:
        """What is costly to work out: from the cache, or computed once and kept there."""
        found = cache.get(self.key)
        self.cached = found is not None
        if found is None:
            found = derive(self.ids, self.rows, self.aliases)
            cache.set(self.key, found, CACHE_SECONDS)
        return found  # type: ignore[no-any-return]

    @property
    def render_key(self) -> str:
        """For rendered fragments: `key`, and what else they show (titles, dates, credits, outlet names)."""
        shown = [
            (
                a.pk,
                a.title,
                a.url,
                a.published_at,
                self.outlet_name[a.pk],
                [(cr.outlet.name, cr.role) for cr in a.credits.all()],
            )
            for a in self.articles
        ]
        return hashlib.blake2b(pickle.dumps((self.key, shown), protocol=5), digest_size=20).hexdigest()

    @cached_property
    def speaker_of(self) -> dict[int, Identity]:
        """Quote id -> the speaker it counts for."""
        identities = self.derived["identities"]
        return {ref: identities[key] for ref, key in self.derived["speaker_of"].items()}

    @cached_property
    def groups(self) -> list[AlignedGroup]:
        """The aligned quotes: shared ones first, in order of first appearance."""
        speaker_of = self.speaker_of
        items = {row[0]: quote_item(row, speaker_of.get(row[0])) for row in self.rows}
        return [
            AlignedGroup(members={pk: [items[r] for r in refs] for pk, refs in members}, score=score)
            for score, members in self.derived["groups"]
        ]

    @property
    def balance(self) -> dict[int, dict[str, BalanceRow]]:
        return self.derived["balance"]  # type: ignore[no-any-return]

    @property
    def figures(self) -> list[dict[str, Any]]:
        return self.derived["figures"]  # type: ignore[no-any-return]

    @property
    def framing_terms(self) -> dict[int, list[tuple[str, str, int]]]:
        return self.derived["framing_terms"]  # type: ignore[no-any-return]

    @property
    def framing_only(self) -> dict[int, list[tuple[str, str]]]:
        return self.derived["framing_only"]  # type: ignore[no-any-return]

    @property
    def naming(self) -> list[dict[str, Any]]:
        return self.derived["naming"]  # type: ignore[no-any-return]

    @property
    def boilerplate(self) -> dict[int, dict[str, list[dict[str, str]]]]:
        return self.derived["boilerplate"]  # type: ignore[no-any-return]

    @property
    def shared_rows(self) -> list[list[list[QuoteItem]]]:
        """One row per quote two or more articles carry: each column's pieces of it."""
        return [[g.members.get(pk, []) for pk in self.ids] for g in self.groups if g.is_shared]

    @property
    def only_here(self) -> list[tuple[str, list[QuoteItem]]]:
        """Each column's outlet and the quotes no other compared article carries, in text order."""
        found: dict[int, list[QuoteItem]] = {pk: [] for pk in self.ids}
        for g in self.groups:
            if not g.is_shared:
                for pk, pieces in g.members.items():
                    found[pk].extend(pieces)
        return [(self.outlet_name[pk], sorted(found[pk], key=lambda q: q.start)) for pk in self.ids]

    @property
    def speaker_rows(self) -> list[dict[str, Any]]:
        """One row per speaker: affiliation, the names used for them, and words and share in each article."""
        rows: dict[str, dict[str, Any]] = {}
        named_as = {key: set(identity.named_as) for key, identity in self.derived["identities"].items()}
        for per_article in self.balance.values():
            for key, found in per_article.items():
                rows.setdefault(key, {"speaker": found["name"], "affiliation": found["affiliation"], "total": 0})
                rows[key]["total"] += found["words"]
        for key, row in rows.items():
            row["named_as"] = sorted(named_as.get(key, set()) - {row["speaker"]}, key=str.lower)
            row["cells"] = [
                {**cell, "percent": round(100 * cell["share"])} if (cell := self.balance.get(pk, {}).get(key)) else None
                for pk in self.ids
            ]
        return sorted(rows.values(), key=lambda r: (-r["total"], r["speaker"]))

    @property
    def balance_charts(self) -> list[SafeString]:
        """Quoted words per speaker, one chart per outlet, all on one scale."""
        return charts_side_by_side(
            [
                (
                    f"{self.outlet_name[pk]}: quoted words per speaker",
                    [(r["name"], r["words"]) for r in list(self.balance.get(pk, {}).values())[:CHART_SPEAKERS]],
                )
                for pk in self.ids
            ],
            unit="words",
        )

    def tag_charts(self, tag_counts: Mapping[int, Mapping[str, int]]) -> list[SafeString]:
        """Tags by label, one chart per outlet, all on one scale."""
        return charts_side_by_side(
            [(f"{self.outlet_name[pk]}: tags by label", sorted(tag_counts.get(pk, {}).items())) for pk in self.ids]
        )

    @property
    def figure_rows(self) -> list[dict[str, Any]]:
        name = self.outlet_name
        return [
            {
                "label": r["label"],
                "key": r["key"],
                "disagree": r["disagree"],
                "between": ", ".join(dict.fromkeys(f"{name[a]} and {name[b]}" for a, b in r["pairs"])),
                "cells": [r["cells"].get(pk, []) for pk in self.ids],
            }
            for r in self.figures
        ]


# Loading


def current_articles(story: Story) -> list[Article]:
    """The story's articles as they stand now (of an edited one, its latest revision), without their text."""
    return list(
        Article.objects.filter(story=story, next_revision__isnull=True)
        .defer("body", "extraction")
        .annotate(row_version=row_version())
        .prefetch_related(Prefetch("credits", queryset=ArticleCredit.objects.select_related("outlet").order_by("role")))
        .order_by("published_at", "id")
    )


def row_version() -> Any:
    """What changes whenever an article row is written: PostgreSQL's xmin, else a hash of its extraction.

    `reextract` rewrites the extraction in place (same id, same content hash). Hashing the
    JSON on PostgreSQL would serialise megabytes per request; xmin changes with every UPDATE
    of the row and costs nothing. SQLite has no row version, and reads its JSON text as is.
    """
    if connection.vendor == "postgresql":
        return RawSQL(f'"{Article._meta.db_table}".xmin::text', [])
    return MD5(Cast("extraction", TextField()))


def quote_rows(ids: list[int]) -> list[tuple[Any, ...]]:
    return list(
        Quote.objects.filter(article_id__in=ids, kind__in=COMPARED_KINDS)
        .order_by("article_id", "start", "id")
        .values_list(*QUOTE_FIELDS)
    )


def alias_rows(ids: list[int]) -> list[tuple[int, str, str]]:
    """The aliases of every speaker quoted in these articles."""
    return list(
        SpeakerAlias.objects.filter(speaker__quotes__article_id__in=ids)
        .distinct()
        .order_by("speaker_id", "alias")
        .values_list("speaker_id", "alias", "kind")
    )


def chains_of(ids: list[int], outlet_name: Mapping[int, str]) -> dict[int, list[AttributionChain]]:
    found: dict[int, list[AttributionChain]] = {pk: [] for pk in ids}
    for chain in (
        AttributionChain.objects.filter(article_id__in=ids).select_related("quote").order_by("article_id", "start")
    ):
        chain.publisher = outlet_name.get(chain.article_id)  # type: ignore[attr-defined]
        found[chain.article_id].append(chain)
    return found


def primary_outlet(article: Article) -> Outlet | None:
    return next((c.outlet for c in article.credits.all() if c.role == ArticleCredit.Role.PRIMARY), None)


def story_comparison(story: Story, article_ids: list[int] | None = None) -> StoryComparison:
    """The comparison of the chosen articles of the story (all of them, up to MAX_COLUMNS, when none are chosen)."""
    all_articles = current_articles(story)
    articles = [a for a in all_articles if not article_ids or a.pk in article_ids][:MAX_COLUMNS]
    ids = [a.pk for a in articles]
    outlet_name = {a.pk: (o.name if (o := primary_outlet(a)) else f"Article {a.pk}") for a in articles}
    rows = quote_rows(ids)
    aliases = alias_rows(ids) if rows else []
    chains = chains_of(ids, outlet_name)
    return StoryComparison(
        story=story,
        all_articles=all_articles,
        articles=articles,
        ids=ids,
        outlet_name=outlet_name,
        rows=rows,
        aliases=aliases,
        chains=chains,
        key=cache_key(articles, rows, aliases, chains),
    )


def cache_key(
    articles: list[Article],
    rows: list[tuple[Any, ...]],
    aliases: list[tuple[int, str, str]],
    chains: Mapping[int, list[AttributionChain]],
) -> str:
    """A key that changes with anything the derived data and the rendered comparison are made from."""
    stamp = [(a.pk, a.content_hash, a.row_version) for a in articles]  # type: ignore[attr-defined]
    links = [(c.pk, c.article_id, c.start, c.end, c.links, c.quote_id) for found in chains.values() for c in found]
    digest = hashlib.blake2b(pickle.dumps((CACHE_VERSION, stamp, rows, aliases, links), protocol=5), digest_size=20)
    return f"{CACHE_VERSION}:{digest.hexdigest()}"


def quote_item(row: tuple[Any, ...], identity: Identity | None) -> QuoteItem:
    pk, article, start, end, text, kind, _, speaker_text, cue, stance, speaker_name, *_ = row
    name = identity.name if identity else speaker_name or ""
    return QuoteItem(
        article=article,
        text=text,
        kind=kind,
        speaker=name,
        speaker_text=speaker_text or name,
        cue=cue,
        stance=stance,
        start=start,
        end=end,
        ref=pk,
    )


# The costly part: computed on a cache miss only, from plain data, into plain data.


def derive(ids: list[int], rows: list[tuple[Any, ...]], aliases: list[tuple[int, str, str]]) -> dict[str, Any]:
    items = [quote_item(row, None) for row in rows]
    order = {pk: n for n, pk in enumerate(ids)}
    found = align_quotes(sorted(items, key=lambda q: (order[q.article], q.start)))
    # Shared quotes first, in the order the first article carries them; then the rest.
    found.sort(key=lambda g: (not g.is_shared, min((order[q.article], q.start) for q in g.items)))
    alias_of: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for speaker_id, alias, kind in aliases:
        alias_of[speaker_id].append((alias, kind))
    speakers = {
        row[6]: SpeakerInfo(
            id=row[6],
            name=row[10],
            kind=row[11],
            title=row[12],
            affiliation=row[13],
            aliases=tuple(alias_of.get(row[6], ())),
        )
        for row in rows
        if row[6] is not None
    }
    identities = speaker_identities(speakers, [(item, row[6]) for item, row in zip(items, rows, strict=True)], found)
    stored = {
        a["id"]: a for a in Article.objects.filter(pk__in=ids).values("id", "body", "extraction")
    }  # only on a miss
    extraction = {pk: stored[pk]["extraction"] or {} for pk in ids}
    terms = {pk: framing_terms(extraction[pk]) for pk in ids}
    return {
        "groups": [(g.score, [(pk, [q.ref for q in pieces]) for pk, pieces in g.members.items()]) for g in found],
        # Each speaker once, and for each quote the key of its speaker: a small cache entry.
        "identities": {identity.key: identity for identity in identities.values()},
        "speaker_of": {ref: identity.key for ref, identity in identities.items()},
        "balance": speaker_balance(items, identities),
        "framing_terms": {pk: [(t, label, n) for (t, label), n in sorted(terms[pk].items())] for pk in ids},
        "framing_only": framing_contrast(terms),
        "naming": naming_choices({pk: stored[pk]["body"] for pk in ids}),
        "figures": figure_table([(pk, figures_of(stored[pk]["body"], extraction[pk])) for pk in ids]),
        "boilerplate": {
            pk: {
                "cross_links": [{"text": x.get("text", "")} for x in extraction[pk].get("cross_links") or ()],
                "embedded_posts": [
                    {k: str(p.get(k) or "") for k in ("author", "handle", "date", "text")}
                    for p in extraction[pk].get("embedded_posts") or ()
                ],
            }
            for pk in ids
        },
    }


def figures_of(body: str, extraction: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The article's figures as stored by extraction (run again for articles stored before figures existed)."""
    stored = extraction.get("figures")
    if stored is not None:
        return [{k: f.get(k) for k in ("category", *FIGURE_FIELDS)} for f in stored]
    from newsdesk.extraction import extract

    return [asdict(f) for f in extract(body).figures]


# Shapes: compare.json and the CSV tables


def comparison_json(c: StoryComparison, tag_counts: Mapping[int, Mapping[str, int]]) -> dict[str, Any]:
    """The documented JSON shape of /stories/<slug>/compare.json."""
    story, name = c.story, c.outlet_name
    return {
        "story": {"slug": story.slug, "title": story.title, "date": story.date.isoformat() if story.date else None},
        "articles": [
            {
                "id": a.pk,
                "title": a.title,
                "url": a.url,
                "published_at": a.published_at.isoformat() if a.published_at else None,
                "outlet": name[a.pk] if primary_outlet(a) else None,
                "credits": [{"outlet": cr.outlet.name, "role": cr.role} for cr in a.credits.all()],
            }
            for a in c.articles
        ],
        "quote_groups": [
            {
                "shared": g.is_shared,
                "score": round(g.score, 1),
                "members": [
                    {
                        "article": m.article,
                        "outlet": name[m.article],
                        "text": m.text,
                        "kind": m.kind,
                        "cue": m.cue,
                        "stance": m.stance,
                        "speaker": m.speaker,
                        "speaker_as_named": m.speaker_text,
                    }
                    for m in g.items
                ],
            }
            for g in c.groups
        ],
        "speaker_balance": {
            str(pk): {
                row["name"]: {k: row[k] for k in ("words", "quotes", "affiliation")} | {"share": round(row["share"], 4)}
                for row in rows.values()
            }
            for pk, rows in c.balance.items()
        },
        "speakers": [
            {
                "speaker": row["speaker"],
                "affiliation": row["affiliation"],
                "named_as": row["named_as"],
                "words": row["total"],
            }
            for row in c.speaker_rows
        ],
        "framing_terms": {
            str(pk): [{"term": t, "label": label, "count": n} for t, label, n in terms]
            for pk, terms in c.framing_terms.items()
        },
        "framing_only_in": {
            str(pk): [{"term": t, "label": label} for t, label in only] for pk, only in c.framing_only.items()
        },
        "tag_counts": {str(pk): dict(tag_counts.get(pk, {})) for pk in c.ids},
        "chains": {
            str(pk): [
                {"path": ch.path, "links": ch.links, "quote": ch.quote.text if ch.quote else None} for ch in found
            ]
            for pk, found in c.chains.items()
        },
        "figures": [
            {
                "category": row["key"],
                "label": row["label"],
                "disagree": row["disagree"],
                "disagreeing_outlets": [[name[a], name[b]] for a, b in row["pairs"]],
                "by_article": {
                    str(pk): {"outlet": name[pk], "figures": [{k: f.get(k) for k in FIGURE_FIELDS} for f in found]}
                    for pk, found in row["cells"].items()
                },
            }
            for row in c.figures
        ],
    }


def comparison_json_text(c: StoryComparison, tag_counts: Mapping[int, Mapping[str, int]]) -> str:
    """compare.json as text: all but the tag counts serialised once per change, the counts of now added."""
    key = f"{c.render_key}:json"
    body = cache.get(key)
    if body is None:
        data = comparison_json(c, {})
        del data["tag_counts"]
        body = json.dumps(data, ensure_ascii=False)
        cache.set(key, body, CACHE_SECONDS)
    counts = {str(pk): dict(tag_counts.get(pk, {})) for pk in c.ids}
    return f'{body[:-1]}, "tag_counts": {json.dumps(counts, ensure_ascii=False)}}}'


CSV_TABLES = ("quotes", "figures", "speakers")


def comparison_csv_text(c: StoryComparison, table: str, *, cell: Callable[[Any], Any]) -> str:
    """One CSV table of the comparison as text, written once per change; `cell` defuses each value."""
    key = f"{c.render_key}:csv:{table}"
    text = cache.get(key)
    if text is None:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in comparison_csv_rows(c, table):
            writer.writerow([cell(value) for value in row])
        text = buffer.getvalue()
        cache.set(key, text, CACHE_SECONDS)
    return text  # type: ignore[no-any-return]


def comparison_csv_rows(c: StoryComparison, table: str) -> Iterator[list[Any]]:
    """The rows (header first) of one CSV table of the comparison: quotes, figures or speakers."""
    name = c.outlet_name
    if table == "quotes":
        yield ["group", "shared", "article", "outlet", "kind", "speaker", "speaker_as_named", "cue", "stance", "text"]
        for n, g in enumerate(c.groups, start=1):
            for m in g.items:
                yield [
                    n,
                    g.is_shared,
                    m.article,
                    name[m.article],
                    m.kind,
                    m.speaker,
                    m.speaker_text,
                    m.cue,
                    m.stance,
                    m.text,
                ]
    elif table == "figures":
        yield ["category", "label", "disagree", "article", "outlet", *FIGURE_FIELDS]
        for row in c.figures:
            for pk, found in row["cells"].items():
                for f in found:
                    yield [row["key"], row["label"], row["disagree"], pk, name[pk], *(f.get(k) for k in FIGURE_FIELDS)]
    elif table == "speakers":
        yield ["speaker", "affiliation", "named_as", "article", "outlet", "quotes", "words", "share"]
        for row in c.speaker_rows:
            for pk, cell in zip(c.ids, row["cells"], strict=True):
                if cell:
                    yield [
                        row["speaker"],
                        row["affiliation"],
                        "; ".join(row["named_as"]),
                        pk,
                        name[pk],
                        cell["quotes"],
                        cell["words"],
                        f"{cell['share']:.4f}",
                    ]
    else:
        raise ValueError(f"unknown table {table!r}")
