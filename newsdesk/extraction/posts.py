"""Embedded social posts and cross-links/boilerplate: spans that are not the article's own voice."""

import re
from datetime import datetime

from newsdesk.extraction.types import CrossLink, EmbeddedPost, Paragraph

SIGNATURE = re.compile(
    r"[—–-]\s*(?P<author>[^()\n]{1,80}?)\s*\((?P<handle>@\w{1,30})\)\s*(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4})?\s*$"
)
POST_URL = re.compile(r"\b(?:pic\.twitter\.com/\w+|https?://(?:t\.co|x\.com|twitter\.com|t\.me)/\S+)")
# Paragraphs that open with one of these are cross-links or boilerplate, by kind.
READ_MORE = ("read more", "read also", "also read", "more on this", "more:", "see also")
RELATED = r"related(?: articles?| stories?)?\s*:"
SUBSCRIBE = ("subscribe", "sign up", "follow us", "join our", "click here", "download our app")
CROSS_LINK = re.compile(
    rf"(?:(?P<read_more>{'|'.join(map(re.escape, READ_MORE))})|(?P<related>{RELATED})|"
    rf"(?P<subscribe>{'|'.join(re.escape(phrase) + r'\b' for phrase in SUBSCRIBE)}))",
    re.I,
)
# The letters those phrases start with. A paragraph whose first character does not fold to
# one of them cannot match, which spares the regex on almost every paragraph: under re.I a
# character matches a letter other than "i" only when its casefold() is that letter
# (tests/unit/extraction/test_prefilters.py checks this over every character).
CROSS_LINK_STARTS = frozenset(phrase[0] for phrase in (*READ_MORE, "related", *SUBSCRIBE))


def iso_date(text: str | None) -> str | None:
    if not text:
        return None
    for fmt in ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def embedded_posts(text: str, paras: list[Paragraph]) -> list[EmbeddedPost]:
    posts = []
    for index, para in enumerate(paras):
        if text[para.start] not in "—–-":  # every signature starts with a dash
            continue
        match = SIGNATURE.match(text, para.start, para.end)
        if not match or match.end() != para.end:
            continue
        start = para.start
        body = ""
        url = ""
        if index > 0:
            previous = paras[index - 1]
            candidate = text[previous.start : previous.end]
            link = POST_URL.search(candidate)
            if link or len(candidate) < 400:
                start, body = previous.start, candidate
                url = link.group(0) if link else ""
        posts.append(
            EmbeddedPost(
                start=start,
                end=para.end,
                author=match.group("author").strip(),
                handle=match.group("handle"),
                date=iso_date(match.group("date")),
                text=body,
                url=url,
            )
        )
    return posts


def cross_links(text: str, paras: list[Paragraph]) -> list[CrossLink]:
    links = []
    for para in paras:
        if para.end - para.start >= 300 or text[para.start].casefold() not in CROSS_LINK_STARTS:
            continue
        match = CROSS_LINK.match(text, para.start, para.end)
        if match:
            kind = next(k for k in ("read_more", "related", "subscribe") if match.group(k))
            links.append(CrossLink(para.start, para.end, text[para.start : para.end], kind))
    return links
