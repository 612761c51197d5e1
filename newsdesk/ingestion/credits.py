"""Credit lines → (outlet, role) pairs, for the importer when extraction gives none.

"RT story with additional input by Global Village Space News Desk." gives RT/primary
and Global Village Space/additional_input. The extraction engine finds credits anywhere
in the text; this covers a credit given as a field of a JSONL/CSV row and the trailing line.
"""

import re

# Trailing desk words are the outlet's desk, not its name.
DESK_SUFFIX = re.compile(r"\s+(?:News\s+Desk|Desk|Newsroom|staff|Staff)$")
PATTERNS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (
        re.compile(
            r"^(?P<a>[^.\n]{1,80}?) (?:story|report) with additional (?:input|reporting) (?:by|from) (?P<b>[^\n]{1,100}?)\.?$",
            re.I,
        ),
        ("primary", "additional_input"),
    ),
    (
        re.compile(r"^(?:This (?:story|article) was )?(?:originally )?published by (?P<a>[^\n]{1,80}?)\.?$", re.I),
        ("syndicated_from",),
    ),
    (re.compile(r"^(?:With )?(?:additional )?reporting by (?P<a>[^\n]{1,100}?)\.?$", re.I), ("additional_input",)),
    (re.compile(r"^Source: (?P<a>[^\n]{1,80}?)\.?$", re.I), ("syndicated_from",)),
)


def outlet_name(raw: str) -> str:
    return DESK_SUFFIX.sub("", raw.strip().strip(".").strip())


def credits_from_line(line: str) -> list[tuple[str, str]]:
    for pattern, roles in PATTERNS:
        match = pattern.match(line.strip())
        if match:
            names = [match.group(g) for g in ("a", "b") if g in match.groupdict()]
            return [(outlet_name(name), role) for name, role in zip(names, roles, strict=False) if outlet_name(name)]
    return []


def credits_from_body(body: str) -> list[tuple[str, str]]:
    """Credits from the last paragraph of a body, if it is a credit line."""
    last = body.rstrip().rsplit("\n", 1)[-1]
    return credits_from_line(last) if len(last) < 200 else []
