"""Embedded social posts and cross-links/boilerplate: spans that are not the article's own voice."""

import re
from datetime import datetime

from newsdesk.extraction.types import CrossLink, EmbeddedPost, Paragraph

SIGNATURE = re.compile(
    r"[—–-]\s*(?P<author>[^()\n]{1,80}?)\s*\((?P<handle>@\w{1,30})\)\s*(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4})?\s*$"
)
POST_URL = re.compile(r"\b(?:pic\.twitter\.com/\w+|https?://(?:t\.co|x\.com|twitter\.com|t\.me)/\S+)")
CROSS_LINK = re.compile(
    r"(?:(?P<read_more>read more|read also|also read|more on this|more:|see also)|(?P<related>related(?: articles?| stories?)?\s*:)|"
    r"(?P<subscribe>subscribe\b|sign up\b|follow us\b|join our\b|click here\b|download our app\b))",
    re.I,
)


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
        if para.end - para.start >= 300:
            continue
        match = CROSS_LINK.match(text, para.start, para.end)
        if match:
            kind = next(k for k in ("read_more", "related", "subscribe") if match.group(k))
            links.append(CrossLink(para.start, para.end, text[para.start : para.end], kind))
    return links
