"""Credits: which outlets an article names as its author, contributor or source, and which it mentions.

Credit lines (the seed's "RT story with additional input by Global Village Space News
Desk.", "(Reuters) -" datelines, "— AP", "Source: …", "With (additional) reporting by …") give roles;
known outlets named elsewhere in the text ("Speaking to the BBC") are `mentioned`.
"""

import re

from newsdesk.extraction import lexicon
from newsdesk.extraction.intervals import Intervals
from newsdesk.extraction.types import Credit, Paragraph

DESK = re.compile(r"\s+(?:News\s+Desk|Desk|Newsroom|staff|Staff|Online)$")
# (pattern, roles of its groups, a word the case-folded line must hold before the pattern is tried:
# most paragraphs are not credit lines, and a substring test rejects them faster than the regex).
LINE_PATTERNS: tuple[tuple[re.Pattern[str], tuple[str, ...], str], ...] = (
    (
        re.compile(
            r"^(?P<a>[^.\n]{1,80}?) (?:staff )?(?:story|report|article) with additional (?:input|reporting) (?:by|from) (?P<b>[^\n]{1,100}?)\.?$",
            re.I,
        ),
        ("primary", "additional_input"),
        "with additional",
    ),
    (
        re.compile(
            r"^(?:This (?:story|article) (?:was )?)?(?:originally )?(?:first )?published (?:by|on|in) (?P<a>[^\n]{1,80}?)\.?$",
            re.I,
        ),
        ("syndicated_from",),
        "published ",
    ),
    (re.compile(r"^(?:Source|Via|Courtesy)\s*:\s*(?P<a>[^\n]{1,80}?)\.?$", re.I), ("syndicated_from",), ":"),
    (
        re.compile(r"^(?:With )?(?:additional )?reporting by (?P<a>[^\n;()]{1,100}?)\.?$", re.I),
        ("additional_input",),
        "reporting by ",
    ),
    (re.compile(r"^[—–-]\s*(?P<a>[A-Z][\w .&-]{0,40}?)\.?$"), ("primary",), ""),
    (
        re.compile(r"^(?P<a>[A-Z][\w .&-]{1,60}?) (?:contributed to this report|staff report|report)\.?$"),
        ("primary",),
        "report",
    ),
)
DATELINE = re.compile(
    r"^[A-Z][A-Za-z .'-]{1,40},?(?: [A-Z][a-z]{2,8}\.? \d{1,2})? \((?P<a>[A-Z][\w .&-]{1,40})\)\s*[-—–]"
)
BYLINE = re.compile(r"^By [A-Z][\w.' -]{1,60}?,\s*(?P<a>[A-Z][\w .&-]{1,40})$")


def outlet_name(raw: str) -> str:
    return DESK.sub("", raw.strip().strip(".").strip())


def is_outlet(name: str) -> bool:
    names, _ = lexicon.outlets()
    return name in names or any(
        w in name
        for w in (
            "News",
            "Wire",
            "Times",
            "Post",
            "Press",
            "Agency",
            "Daily",
            "Gazette",
            "Ledger",
            "Courier",
            "Herald",
            "Telegraph",
            "TV",
            "Radio",
        )
    )


def dateline_match(line: str) -> re.Match[str] | None:
    return DATELINE.match(line) if "(" in line[:60] else None


def credits_from_line(line: str) -> list[tuple[str, str]]:
    line = line.strip()
    folded = lexicon.folded(line)
    for pattern, roles, needed in LINE_PATTERNS:
        if folded is not None and needed not in folded:
            continue
        match = pattern.match(line)
        if match:
            names = [outlet_name(match.group(g)) for g in ("a", "b") if g in match.groupdict() and match.group(g)]
            found = [(n, r) for n, r in zip(names, roles, strict=False) if n]
            if roles == ("additional_input",) or roles == ("primary",) and pattern.pattern.startswith("^[—–-]"):
                found = [(n, r) for n, r in found if is_outlet(n)]
            return found
    match = dateline_match(line) or (BYLINE.match(line) if line.startswith("By ") else None)
    if match:
        return [(outlet_name(match.group("a")), "primary")]
    return []


def dateline_end(line: str) -> int | None:
    match = dateline_match(line)
    return match.end() if match else None


def credits(
    text: str, paras: list[Paragraph], *, skip: Intervals, outlet_hits: list[tuple[int, int]] | None = None
) -> list[Credit]:
    """Credit lines near the top and the end, then outlets named elsewhere (`outlet_hits` as
    from `scan.word_hits`, if at hand)."""
    found: list[Credit] = []
    credited: set[str] = set()
    credit_spans: list[tuple[int, int]] = []
    candidates = [*paras[:2], *paras[-3:]] if len(paras) > 5 else paras
    for para in dict.fromkeys(candidates):
        line = text[para.start : para.end]
        dateline = dateline_match(line) is not None
        if len(line) > 220 and not dateline:
            continue
        pairs = credits_from_line(line[:120] if dateline else line)
        for name, role in pairs:
            canonical = lexicon.outlets()[0].get(name, name)
            if (canonical, role) in {(c.outlet, c.role) for c in found}:
                continue
            cut = dateline_end(line)
            end = para.start + cut if cut else para.end
            found.append(Credit(canonical, role, para.start, end, text[para.start : end]))
            credited.add(canonical)
        if pairs and not dateline:
            credit_spans.append((para.start, para.end))
    names, pattern = lexicon.outlets()
    if outlet_hits is None:
        outlet_hits = [m.span() for m in pattern.finditer(text)]
    for start, end in outlet_hits:
        if skip.contains(start) or any(s <= start < e for s, e in credit_spans):
            continue
        surface = text[start:end]
        canonical = names[surface]
        if canonical in credited:
            continue
        credited.add(canonical)
        found.append(Credit(canonical, "mentioned", start, end, surface))
    return found
