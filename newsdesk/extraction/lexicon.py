"""The editable lexicons in data/*.json, loaded once and compiled into regexes."""

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    return data


def alternation(words: list[str]) -> str:
    """A regex for any of `words`, longest match first, as a trie.

    Python's re tries the branches of a flat alternation one by one at every position;
    a trie ("s(?:aid|ays|tressed)") checks each character once, which makes the cue and
    framing scans several times faster on long texts.
    """
    trie = make_trie(words)
    if not trie:
        return "(?!)"
    # One character-class test rejects most positions before the trie's branches are tried.
    first = "".join(sorted(r"\s" if ch == " " else re.escape(ch) for ch in trie if ch))
    return f"(?=[{first}]){trie_pattern(trie)}"


def word_alternation(words: list[str], not_after: str = r"\w") -> str:
    """Like `alternation`, for whole words: none may follow a character of the class `not_after`.

    Written as one branch per first character, each with its own lookbehind
    ("K(?<![\\w-]K)(?:iev|yiv)|…"), so the pattern starts with a literal: Python's re then skips,
    in C, every position whose character cannot start a word of the list. Several times faster
    than a leading lookbehind or \\b when few characters can start a word (capitalised names).
    """
    trie = make_trie(words)
    if not trie:
        return "(?!)"
    branches = []
    for ch in sorted(k for k in trie if k):
        first = r"\s" if ch == " " else re.escape(ch)
        branches.append(f"{first}(?<!{not_after}{first}){trie_pattern(trie[ch])}")
    return "(?:" + "|".join(branches) + ")"


def folded(text: str) -> str | None:
    """`text.casefold()`, for testing cheaply whether a re.I pattern's words could be there.

    Under re.I a character matches a letter only if its casefold() is that letter, save the
    Turkish dotted and dotless i (İ, ı), which both match "i": for a text holding either,
    None (the test cannot rule anything out). tests/unit/extraction/test_prefilters.py checks
    the rule over every character.
    """
    if "ı" in text or "İ" in text:
        return None
    return text.casefold()


def make_trie(words: list[str]) -> dict[str, Any]:
    """Nested dicts by character; "" marks where a word ends."""
    trie: dict[str, Any] = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return trie


def both_cases(words: Any) -> list[str]:
    return [form for w in words for form in (w, w.lower(), w[:1].upper() + w[1:].lower())]


def trie_pattern(node: dict[str, Any]) -> str:
    ends = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        piece = r"\s+" if ch == " " else re.escape(ch)
        branches.append(piece + trie_pattern(node[ch]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # A word that ends here competes with longer ones: try the longer ones first.
    return f"(?:{body})?" if ends else body


@dataclass(frozen=True)
class CueLexicon:
    forms: dict[str, tuple[str, str]]  # lower-case surface form -> (lemma, stance)
    verb_re: re.Pattern[str]
    phrase_re: re.Pattern[str]
    auxiliaries: frozenset[str]
    time_re: re.Pattern[str]


VOWELS = frozenset("aeiou")


def inflections(lemma: str, *, third: bool = True, gerund: bool = True) -> list[str]:
    """The regular past, -s and -ing forms of a verb ('argue' → argued, argues, arguing);
    a phrasal verb inflects its first word ('point out' → pointed out, …)."""
    head, space, particle = lemma.partition(" ")
    tail = space + particle
    consonant_y = head.endswith("y") and head[-2:-1] not in VOWELS
    if consonant_y:
        past, s = head[:-1] + "ied", head[:-1] + "ies"
    else:
        past = head + "d" if head.endswith("e") else head + "ed"
        s = head + "es" if head.endswith(("s", "x", "z", "ch", "sh", "o")) else head + "s"
    if head.endswith("ie"):
        ing = head[:-2] + "ying"
    elif head.endswith("e") and not head.endswith(("ee", "ye", "oe")):
        ing = head[:-1] + "ing"
    else:
        ing = head + "ing"
    forms = [past]
    if third:
        forms.append(s)
    if gerund:
        forms.append(ing)
    return [form + tail for form in forms]


@cache
def cue_forms() -> dict[str, tuple[str, str]]:
    """Every written form of every cue verb (lower case) -> (lemma, stance): the lemma lists
    with their inflections, then the explicit `verbs` entries, which win."""
    data = load("cues")
    lemmas = data["lemmas"]
    no_s, no_ing, base = set(lemmas["no_s"]), set(lemmas["no_ing"]), set(lemmas["base"])
    irregular: dict[str, list[str]] = lemmas["irregular"]
    forms: dict[str, tuple[str, str]] = {}
    for stance in ("neutral", "distancing", "emphatic", "endorsing", "accusatory"):
        for lemma in lemmas[stance]:
            written = irregular.get(lemma) or inflections(lemma, third=lemma not in no_s, gerund=lemma not in no_ing)
            if lemma in base:
                written = [lemma, *written]
            for form in written:
                forms[form] = (lemma, stance)
    forms.update({k.lower(): (v[0], v[1]) for k, v in data["verbs"].items()})
    return forms


@cache
def cue_verb_words() -> tuple[str, ...]:
    """Every form of every cue verb as it may be written (lower case and Capitalised)."""
    return tuple(both_cases(cue_forms()))


@cache
def cue_phrase_words() -> tuple[str, ...]:
    """Every cue phrase as it may be written (lower case and Capitalised)."""
    return tuple(both_cases(load("cues")["phrases"]))


@cache
def cues() -> CueLexicon:
    data = load("cues")
    forms = {**cue_forms(), **{k.lower(): (v[0], v[1]) for k, v in data["phrases"].items()}}
    return CueLexicon(
        forms=forms,
        # Lower case and Capitalised forms instead of re.I: case-folding slows every position.
        # (word_alternation is slower here: most letters can start a verb, so it skips little.)
        verb_re=re.compile(rf"\b(?:{alternation(list(cue_verb_words()))})\b"),
        phrase_re=re.compile(rf"{word_alternation(list(cue_phrase_words()))}\b"),
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
    pattern = re.compile(rf"{word_alternation(list(names), r'[\w-]')}(?![\w-])")
    return names, pattern


@dataclass(frozen=True)
class FramingTerm:
    term: str
    label: str
    alternatives: tuple[str, ...]
    note: str


@cache
def framing_insensitive_words() -> tuple[str, ...]:
    """The case-insensitive framing terms in every case the regex looks for (lower, Capitalised, UPPER)."""
    words = [item["term"] for item in load("framing")["terms"] if not item.get("case_sensitive")]
    return tuple(both_cases(words) + [w.upper() for w in words])


@cache
def framing_sensitive_words() -> tuple[str, ...]:
    """The framing terms matched only as written ("Kiev", not "kiev")."""
    return tuple(item["term"] for item in load("framing")["terms"] if item.get("case_sensitive"))


@cache
def framing() -> tuple[dict[str, FramingTerm], re.Pattern[str], re.Pattern[str]]:
    """(terms by lower-case key, case-sensitive regex, case-insensitive regex)."""
    terms = {}
    for item in load("framing")["terms"]:
        term = FramingTerm(item["term"], item["label"], tuple(item.get("alternatives", ())), item.get("note", ""))
        key = item["term"] if item.get("case_sensitive") else item["term"].lower()
        terms[key] = term
    return (
        terms,
        re.compile(rf"{word_alternation(list(framing_sensitive_words()), r'[\w-]')}(?![\w-])"),
        re.compile(rf"(?<![\w-])(?:{alternation(list(framing_insensitive_words()))})(?![\w-])"),
    )
