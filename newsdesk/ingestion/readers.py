"""Readers: turn files into ArticleDrafts, or say exactly which line is wrong and why.

Pure functions over bytes and paths; no database. Every problem is an `ImportProblem`
carrying `file:line` so the CLI can print it without a traceback.
"""

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

from newsdesk.extraction.credits import credits_from_line
from newsdesk.models import body_normalise, text_clean

FORMATS = ("txt", "html", "jsonl", "csv")
SUFFIXES = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
}
CREDIT_ROLES = ("primary", "additional_input", "syndicated_from", "embedded_post", "mentioned")
# A first line this short (and without a final full stop) is a headline, not a paragraph.
TITLE_MAX_CHARS = 160
TITLE_MAX_WORDS = 25


class ImportProblem(Exception):
    """A file or row that cannot be imported; `str()` is `source: reason`."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ArticleDraft:
    title: str
    body: str
    source: str  # "file:line" for messages
    source_format: str
    url: str = ""
    published_at: datetime | None = None
    language: str = "en"
    outlets: tuple[tuple[str, str], ...] = ()  # (name, role) given by the file itself
    story: str = ""  # story slug or title given by the file
    site_name: str = ""  # from HTML metadata
    extra: dict[str, str] = field(default_factory=dict)


# Detection and decoding


def format_for(path: Path, requested: str = "auto") -> str:
    if requested != "auto":
        if requested not in FORMATS:
            raise ImportProblem(str(path), f"unknown format {requested!r} (use one of: auto, {', '.join(FORMATS)})")
        return requested
    found = SUFFIXES.get(path.suffix.lower())
    if not found:
        raise ImportProblem(
            str(path), f"cannot tell the format from the name {path.name!r}; use --format {{{','.join(FORMATS)}}}"
        )
    return found


def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; anything else is refused, not guessed."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportProblem(source, "this looks like a binary file, not text")
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportProblem(
            source, f"not valid UTF-8 (byte {exc.start}); convert the file to UTF-8 first, e.g. with iconv"
        ) from None


def read_file(path: Path, *, requested_format: str = "auto", max_bytes: int) -> list[ArticleDraft]:
    """All drafts of one file; raises ImportProblem on the first problem (file:line)."""
    source = str(path)
    fmt = format_for(path, requested_format)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportProblem(source, f"cannot read the file ({exc.strerror})") from None
    if size > max_bytes:
        raise ImportProblem(source, f"the file is {size:,} bytes, over the limit of {max_bytes:,} bytes")
    if size == 0:
        raise ImportProblem(source, "the file is empty")
    text = decode(path.read_bytes(), source)
    if not text.strip():
        raise ImportProblem(source, "the file has no text")
    return list(read_text(text, fmt=fmt, source=source))


def read_text(text: str, *, fmt: str, source: str) -> Iterator[ArticleDraft]:
    if fmt == "txt":
        yield draft_from_txt(text, source=source)
    elif fmt == "html":
        yield draft_from_html(text, source=source)
    elif fmt == "jsonl":
        yield from drafts_from_jsonl(text, source=source)
    elif fmt == "csv":
        yield from drafts_from_csv(text, source=source)
    else:  # pragma: no cover - format_for already refused it
        raise ImportProblem(source, f"unknown format {fmt!r}")


# Plain text

SENTENCE_END = re.compile(r"[.!?][”\"’)]?(?=\s|$)")
ABBREVIATIONS = frozenset(
    [
        "mr",
        "ms",
        "mrs",
        "dr",
        "st",
        "gen",
        "no",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "sgt",
        "col",
        "lt",
        "u.s",
        "u.k",
    ]
)


def first_sentence_end(paragraph: str) -> int | None:
    for match in SENTENCE_END.finditer(paragraph):
        word = paragraph[: match.start()].rsplit(" ", 1)[-1].lower()
        if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        return match.end()
    return None


def looks_like_title(line: str) -> bool:
    return len(line) <= TITLE_MAX_CHARS and len(line.split()) <= TITLE_MAX_WORDS and not line.rstrip().endswith(".")


def title_from_paragraph(paragraph: str) -> str:
    """The first sentence, shortened at a word boundary if it is long."""
    end = first_sentence_end(paragraph)
    sentence = paragraph[:end].strip() if end else paragraph
    sentence = sentence.rstrip(".")
    if len(sentence) > TITLE_MAX_CHARS:
        cut = sentence[:TITLE_MAX_CHARS].rsplit(" ", 1)[0]
        sentence = cut.rstrip(",;:") + "…"
    return sentence


def draft_from_txt(text: str, *, source: str, **fields: object) -> ArticleDraft:
    body = body_normalise(text)
    if not body:
        raise ImportProblem(source, "the file has no text")
    first, _, rest = body.partition("\n")
    if rest and looks_like_title(first):
        title, body = first, rest
    else:
        # The seed's shape: no headline, the first line is a whole paragraph.
        # (A first line of only punctuation, "...", still gives a title: itself.)
        title = title_from_paragraph(first) or first[:TITLE_MAX_CHARS]
    return ArticleDraft(title=title, body=body, source=source, source_format="txt", **fields)  # type: ignore[arg-type]


# HTML


def draft_from_html(html: str, *, source: str, **fields: object) -> ArticleDraft:
    """Article text and metadata via trafilatura: no markup, scripts or styles survive."""
    import trafilatura

    try:
        document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    except Exception as exc:  # trafilatura raises many types on broken markup
        raise ImportProblem(source, f"cannot read the HTML ({exc.__class__.__name__})") from None
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise ImportProblem(source, "no article text found in the HTML")
    body = body_normalise(text)
    title = (getattr(document, "title", None) or "").strip() or title_from_paragraph(body.partition("\n")[0])
    published = parse_datetime(getattr(document, "date", None) or "")
    url = str(fields.pop("url", "") or getattr(document, "url", None) or "")
    return ArticleDraft(
        title=body_normalise(title)[:500],
        body=body,
        source=source,
        source_format="html",
        url=url if url.startswith(("http://", "https://")) else "",
        published_at=fields.pop("published_at", None) or published,  # type: ignore[arg-type]
        site_name=(getattr(document, "sitename", None) or "").strip(),
        **fields,  # type: ignore[arg-type]
    )


# Rows (JSONL and CSV)


def parse_datetime(value: object) -> datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError("published_at must be a string like 2023-01-02 or 2023-01-02T10:00:00Z")
    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(text[:10]), datetime.min.time())
        except ValueError:
            raise ValueError(
                f"published_at {value!r} is not an ISO date (2023-01-02 or 2023-01-02T10:00:00Z)"
            ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def outlets_from_row(row: dict[str, object]) -> tuple[tuple[str, str], ...]:
    outlets = row.get("outlets")
    result: list[tuple[str, str]] = []
    if outlets not in (None, ""):
        if isinstance(outlets, str):
            outlets = json.loads(outlets) if outlets.strip().startswith("[") else [{"name": outlets, "role": "primary"}]
        if not isinstance(outlets, list):
            raise ValueError('"outlets" must be a list of {"name", "role"}')
        for item in outlets:
            if isinstance(item, str):
                item = {"name": item}
            if not isinstance(item, dict) or not str(item.get("name", "")).strip():
                raise ValueError('each of "outlets" needs a "name"')
            role = str(item.get("role") or "primary")
            if role not in CREDIT_ROLES:
                raise ValueError(f"unknown credit role {role!r} (use one of: {', '.join(CREDIT_ROLES)})")
            result.append((text_clean(str(item["name"])).strip(), role))
    credit = row.get("credit")
    if isinstance(credit, str) and credit.strip():
        found = credits_from_line(credit.strip())
        result.extend(found or [(credit.strip(), "primary")])
    return tuple(result)


def draft_from_row(row: dict[str, object], *, source: str, fmt: str) -> ArticleDraft:
    if not isinstance(row, dict):
        raise ImportProblem(source, "each line must be a JSON object")
    row = {key: text_clean(value) if isinstance(value, str) else value for key, value in row.items()}
    title = str(row.get("title") or "").strip()
    body = row.get("body")
    html = row.get("html")
    try:
        published = parse_datetime(row.get("published_at"))
        outlets = outlets_from_row(row)
    except (ValueError, json.JSONDecodeError) as exc:
        raise ImportProblem(source, str(exc)) from None
    except RecursionError:
        raise ImportProblem(source, '"outlets" is nested too deeply to read') from None
    url = str(row.get("url") or "").strip()
    language = str(row.get("language") or "en").strip()[:16]
    story = str(row.get("story") or "").strip()
    if body not in (None, "") and not isinstance(body, str):
        raise ImportProblem(source, '"body" must be a string')
    if isinstance(body, str) and body.strip():
        draft = ArticleDraft(
            title=title,
            body=body_normalise(body),
            source=source,
            source_format=fmt,
            url=url,
            published_at=published,
            language=language,
            outlets=outlets,
            story=story,
        )
    elif isinstance(html, str) and html.strip():
        draft = draft_from_html(
            html, source=source, url=url, published_at=published, language=language, outlets=outlets, story=story
        )
        if title:
            draft = replace(draft, title=title)
    else:
        raise ImportProblem(source, 'missing "body" (or "html")')
    if not draft.title:
        raise ImportProblem(source, 'missing "title"')
    if url and not url.startswith(("http://", "https://")):
        raise ImportProblem(source, f'"url" must start with http:// or https:// (got {url[:60]!r})')
    return draft


# A CSV field longer than this is a row error (the csv module's own default limit, said
# plainly); the parser itself reads longer fields, so a record is never cut in the middle and
# the rows after a long one are read as they are.
CSV_FIELD_MAX_CHARS = 131_072
csv.field_size_limit(max(csv.field_size_limit(), 256 * 1024 * 1024))


def json_row(line: str, where: str) -> object:
    """One JSONL row; invalid JSON, or JSON nested too deeply to read, is that row's ImportProblem."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise ImportProblem(where, f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise ImportProblem(where, "invalid JSON: nested too deeply to read (brackets inside brackets)") from None


def jsonl_items(text: str, *, source: str) -> Iterator[ArticleDraft | ImportProblem]:
    """Each row's draft, or its problem; one bad row never stops the rest."""
    for number, line in enumerate(io.StringIO(text), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            yield draft_from_row(json_row(line, where), source=where, fmt="jsonl")  # type: ignore[arg-type]
        except ImportProblem as problem:
            yield problem


def csv_items(text: str, *, source: str) -> Iterator[ArticleDraft | ImportProblem]:
    """Each row's draft, or its problem; reading stops only where the CSV itself cannot be parsed on."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or "title" not in reader.fieldnames or not {"body", "html"} & set(reader.fieldnames):
        yield ImportProblem(f"{source}:1", 'the header must name at least "title" and "body" (or "html")')
        return
    while True:
        first_line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield ImportProblem(f"{source}:{first_line}", f"malformed CSV ({exc})")
            return
        where = f"{source}:{reader.line_num}"
        try:
            if None in row:
                raise ImportProblem(where, "more fields than the header names")
            for name, value in row.items():
                if isinstance(value, str) and len(value) > CSV_FIELD_MAX_CHARS:
                    raise ImportProblem(
                        where,
                        f'the field "{name}" is {len(value):,} characters long, over the CSV limit of '
                        f"{CSV_FIELD_MAX_CHARS:,}; import longer articles as JSONL",
                    )
            yield draft_from_row(dict(row), source=where, fmt="csv")
        except ImportProblem as problem:
            yield problem


def first_problem_raised(items: Iterator[ArticleDraft | ImportProblem]) -> Iterator[ArticleDraft]:
    for item in items:
        if isinstance(item, ImportProblem):
            raise item
        yield item


def drafts_from_jsonl(text: str, *, source: str) -> Iterator[ArticleDraft]:
    yield from first_problem_raised(jsonl_items(text, source=source))


def drafts_from_csv(text: str, *, source: str) -> Iterator[ArticleDraft]:
    yield from first_problem_raised(csv_items(text, source=source))


def read_each(text: str, *, fmt: str, source: str) -> Iterator[ArticleDraft | ImportProblem]:
    """Like `read_text`, but a bad row is yielded as its problem and reading goes on.

    Background imports use this: each row stands alone, so one bad line out of 5,000
    is reported and the other 4,999 are imported.
    """
    if fmt == "jsonl":
        yield from jsonl_items(text, source=source)
        return
    if fmt == "csv":
        yield from csv_items(text, source=source)
        return
    try:
        yield from read_text(text, fmt=fmt, source=source)
    except ImportProblem as problem:
        yield problem
