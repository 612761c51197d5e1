"""Word search over articles, behind one interface for both databases: ranked matches, highlighted snippets.

PostgreSQL searches the stored, GIN-indexed `search_vector` (migration 0006, kept by a
trigger) with `websearch_to_tsquery` and ranks with `ts_rank`; snippets come from
`ts_headline`. SQLite searches an FTS5 table (`newsdesk_article_fts`, migration 0009,
kept by triggers) with bm25 ranking; snippets come from FTS5 `snippet()`. Both read the
same query language: words (stemmed, so "shelling" finds "shelled"), "quoted phrases",
`-word` to leave out and `or` between alternatives.

Snippets are made from stored text, which is never trusted: the database marks matches
with random tokens no text holds, the text between them is escaped, and only then are
the tokens replaced by `<mark>` and `</mark>`.
"""

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import F, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FTS_TABLE = "newsdesk_article_fts"
# bm25 weights of the title and body columns: a word in the title counts as much as in a few paragraphs.
TITLE_WEIGHT, BODY_WEIGHT = 5.0, 1.0
SNIPPET_TOKENS = 28  # words around the matches in a body snippet


@dataclass(frozen=True)
class Snippet:
    title: SafeString  # the title, matched words marked
    body: SafeString  # the passage of the body with the most matched words, marked


# The query language, for FTS5 (PostgreSQL's websearch_to_tsquery reads the same text itself)

QUERY_PART = re.compile(r'(-?)"([^"]*)"?|(\S+)')
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class FtsQuery:
    match: str  # what must match ("" when the query only leaves words out)
    exclude: str  # what must not match ("" when nothing is left out)


def fts_query(text: str) -> FtsQuery:
    """`text` as an FTS5 query, every word quoted so no input can be read as FTS5 syntax."""
    terms: list[str] = []
    excluded: list[str] = []
    want_or = False
    for negate, phrase, bare in QUERY_PART.findall(text):
        if not phrase and bare.lower() == "or":
            want_or = bool(terms)
            continue
        if bare.startswith("-") and len(bare) > 1:
            negate, bare = "-", bare[1:]
        words = WORD.findall(phrase or bare)
        if not words:
            continue
        term = '"' + " ".join(words) + '"'  # a word or a phrase; \w+ holds no quote to escape
        if negate:
            excluded.append(term)
        elif want_or:
            terms[-1] = f"({terms[-1]} OR {term})"
        else:
            terms.append(term)
        want_or = False
    return FtsQuery(match=" AND ".join(terms), exclude=" OR ".join(excluded))


# Searching


def articles_search(qs: QuerySet[Any], query: str) -> QuerySet[Any]:
    """The articles of `qs` that hold the words of `query`, best match first (then newest).

    The result stays a queryset: filters, counts, pages and `pk__in` subqueries still work.
    """
    query = query.strip()
    if not query:
        return qs
    if settings.IS_POSTGRES:
        from django.contrib.postgres.search import SearchQuery, SearchRank

        search = SearchQuery(query, search_type="websearch", config="english")
        found: QuerySet[Any] = qs.filter(search_vector=search).annotate(rank=SearchRank(F("search_vector"), search))
        return found.order_by("-rank", "-published_at", "-id")
    parsed = fts_query(query)
    if parsed.exclude:
        excluded = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        qs = qs.extra(where=[f"newsdesk_article.id NOT IN ({excluded})"], params=[parsed.exclude])
    if not parsed.match:
        return qs if parsed.exclude else qs.none()
    # A join, not a subquery per row: FTS5 runs the match once and ranks every hit in that one pass.
    ranked: QuerySet[Any] = qs.extra(
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE}.rowid = newsdesk_article.id", f"{FTS_TABLE} MATCH %s"],
        params=[parsed.match],
        select={"rank": f"-bm25({FTS_TABLE}, %s, %s)"},  # bm25 is lower for better matches
        select_params=[TITLE_WEIGHT, BODY_WEIGHT],
    )
    return ranked.order_by("-rank", "-published_at", "-id")


def search_snippets(query: str, ids: Iterable[int]) -> dict[int, Snippet]:
    """For each article of `ids` that matches `query`: its title and best passage with the words marked.

    Meant for one page of results (the database reads each of these articles again).
    """
    ids = list(ids)
    query = query.strip()
    if not ids or not query:
        return {}
    start, stop = f"ndmark{secrets.token_hex(8)}s", f"ndmark{secrets.token_hex(8)}e"
    if settings.IS_POSTGRES:
        rows = postgres_headlines(query, ids, start, stop)
    else:
        parsed = fts_query(query)
        if not parsed.match:
            return {}
        marks = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, highlight({FTS_TABLE}, 0, %s, %s), snippet({FTS_TABLE}, 1, %s, %s, '…', %s) "
                f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid IN ({marks})",
                [start, stop, start, stop, SNIPPET_TOKENS, parsed.match, *ids],
            )
            rows = cursor.fetchall()
    return {pk: Snippet(marked(title, start, stop), marked(body, start, stop)) for pk, title, body in rows}


def postgres_headlines(query: str, ids: list[int], start: str, stop: str) -> list[tuple[int, str, str]]:
    from django.contrib.postgres.search import SearchHeadline, SearchQuery

    from newsdesk.models import Article

    search = SearchQuery(query, search_type="websearch", config="english")
    return list(
        Article.objects.filter(pk__in=ids)
        .annotate(
            title_marked=SearchHeadline(
                "title", search, config="english", start_sel=start, stop_sel=stop, highlight_all=True
            ),
            body_marked=SearchHeadline(
                "body",
                search,
                config="english",
                start_sel=start,
                stop_sel=stop,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .values_list("pk", "title_marked", "body_marked")
    )


def marked(text: str, start: str, stop: str) -> SafeString:
    """`text` escaped, then the database's match marks turned into <mark> elements."""
    html = escape(text).replace(start, "<mark>").replace(stop, "</mark>")
    return mark_safe(html)  # noqa: S308 - everything but the two tokens was escaped above


# The SQLite index: an FTS5 table holding each article's title and body, kept by triggers

SQLITE_TRIGGERS = {
    f"{FTS_TABLE}_insert": f"""
        CREATE TRIGGER {FTS_TABLE}_insert AFTER INSERT ON newsdesk_article BEGIN
            INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body);
        END""",
    f"{FTS_TABLE}_delete": f"""
        CREATE TRIGGER {FTS_TABLE}_delete AFTER DELETE ON newsdesk_article BEGIN
            DELETE FROM {FTS_TABLE} WHERE rowid = old.id;
        END""",
    f"{FTS_TABLE}_update": f"""
        CREATE TRIGGER {FTS_TABLE}_update AFTER UPDATE OF title, body ON newsdesk_article BEGIN
            DELETE FROM {FTS_TABLE} WHERE rowid = old.id;
            INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body);
        END""",
}


def sqlite_fts_ensure(db: Any = None) -> bool:
    """Make the FTS5 table and its triggers exist and hold every article; True if anything was (re)made.

    Run by migration 0009 and after every `migrate`: on SQLite, Django rebuilds a table to alter
    it (a new table, copied, renamed), which drops the table's triggers; this puts them back and
    indexes the articles again, so the index never silently stops following the articles.
    """
    db = db or connection
    if db.vendor != "sqlite":
        return False
    with db.cursor() as cursor:
        cursor.execute("SELECT type, name FROM sqlite_master WHERE name LIKE %s", [f"{FTS_TABLE}%"])
        present = {name for _type, name in cursor.fetchall()}
        if FTS_TABLE in present and set(SQLITE_TRIGGERS) <= present:
            return False
        # The table keeps its own copy of the text (not external content): a row deleted by rowid
        # can never leave the index inconsistent, whatever happened to the triggers.
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            "title, body, tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        for name, sql in SQLITE_TRIGGERS.items():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(sql)
        cursor.execute(f"DELETE FROM {FTS_TABLE}")
        cursor.execute(f"INSERT INTO {FTS_TABLE}(rowid, title, body) SELECT id, title, body FROM newsdesk_article")
    return True


def sqlite_fts_remove(db: Any = None) -> None:
    db = db or connection
    if db.vendor != "sqlite":
        return
    with db.cursor() as cursor:
        for name in SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
