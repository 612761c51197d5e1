"""The editable lexicons in data/*.json, loaded once and compiled into regexes."""

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


def load(name: str) -> dict[str, Any]:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def alternation(words: list[str]) -> str:
    """A regex alternation, longest first, so 'special military operation' wins over 'military operation'."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class CueLexicon:
    forms: dict[str, tuple[str, str]]  # lower-case surface form -> (lemma, stance)
    verb_re: re.Pattern[str]
    phrase_re: re.Pattern[str]
    auxiliaries: frozenset[str]
    time_re: re.Pattern[str]


@cache
def cues() -> CueLexicon:
    data = load("cues")
    forms = {k.lower(): (v[0], v[1]) for k, v in {**data["verbs"], **data["phrases"]}.items()}
    return CueLexicon(
        forms=forms,
        verb_re=re.compile(rf"\b(?:{alternation(list(data['verbs']))})\b", re.I),
        phrase_re=re.compile(rf"\b(?:{alternation(list(data['phrases']))})\b", re.I),
        auxiliaries=frozenset(a.lower() for a in data["auxiliaries"]),
        time_re=re.compile(rf"^\s*(?:{alternation(data['time_adverbials'])})\b[^,.;]*?(?=[,.;]|$)", re.I),
    )


@dataclass(frozen=True)
class PeopleLexicon:
    title_words: frozenset[str]
    nationalities: dict[str, str]
    pronouns: dict[str, str]
    anonymous_heads: frozenset[str]
    organisations: dict[str, tuple[str, str, str]]  # lower surface -> (canonical, kind, affiliation)
    descriptors: dict[str, dict[str, str]]


@cache
def people() -> PeopleLexicon:
    data = load("people")
    return PeopleLexicon(
        title_words=frozenset(w.lower() for w in data["title_words"]),
        nationalities={k.lower(): v for k, v in data["nationalities"].items()},
        pronouns=data["pronouns"],
        anonymous_heads=frozenset(data["anonymous_heads"]),
        organisations={k: (v[0], v[1], v[2]) for k, v in data["organisations"].items()},
        descriptors={k: v for k, v in data["descriptors"].items() if not k.startswith("_")},
    )


@cache
def outlets() -> tuple[dict[str, str], re.Pattern[str]]:
    names: dict[str, str] = load("outlets")["names"]
    pattern = re.compile(rf"(?<![\w-])(?:{alternation(list(names))})(?![\w-])")
    return names, pattern


@dataclass(frozen=True)
class FramingTerm:
    term: str
    label: str
    alternatives: tuple[str, ...]
    note: str


@cache
def framing() -> tuple[dict[str, FramingTerm], re.Pattern[str], re.Pattern[str]]:
    """(terms by lower-case key, case-sensitive regex, case-insensitive regex)."""
    terms = {}
    sensitive, insensitive = [], []
    for item in load("framing")["terms"]:
        term = FramingTerm(item["term"], item["label"], tuple(item.get("alternatives", ())), item.get("note", ""))
        key = item["term"] if item.get("case_sensitive") else item["term"].lower()
        terms[key] = term
        (sensitive if item.get("case_sensitive") else insensitive).append(item["term"])
    return (
        terms,
        re.compile(rf"(?<![\w-])(?:{alternation(sensitive)})(?![\w-])"),
        re.compile(rf"(?<![\w-])(?:{alternation(insensitive)})(?![\w-])", re.I),
    )
