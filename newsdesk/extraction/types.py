"""The values the extraction pipeline produces (frozen dataclasses, no Django).

All offsets are `[start, end)` in Unicode code points of the text given to
`extract()`, so `text[start:end]` is exactly the reported text.
These names and fields are a contract used by ingestion, the workspace and the
comparison: fields may be added, not renamed or removed.
"""

from dataclasses import MISSING, asdict, dataclass, field, fields
from typing import Any


def quick_init[T](cls: type[T]) -> type[T]:
    """Give a frozen, slotted dataclass an `__init__` that fills its slots directly.

    A frozen dataclass's own `__init__` calls `object.__setattr__` once per field, which
    costs more than the slot's own setter; the pipeline makes tens of thousands of these
    values per megabyte of text, and this makes each about 40 % cheaper to build.
    Instances stay frozen (assignment still raises) and compare, hash and print as before.
    Generated like dataclasses' own `__init__`: one line per field, defaults and default
    factories kept.
    """
    params: list[str] = []
    lines: list[str] = []
    namespace: dict[str, Any] = {"unset": MISSING}
    for f in fields(cls):  # type: ignore[arg-type]
        namespace[f"set_{f.name}"] = getattr(cls, f.name).__set__
        if f.default_factory is not MISSING:  # a fresh value per instance, made only when not given
            namespace[f"make_{f.name}"] = f.default_factory
            params.append(f"{f.name}=unset")
            lines.append(f"    set_{f.name}(self, make_{f.name}() if {f.name} is unset else {f.name})")
            continue
        if f.default is MISSING:
            params.append(f.name)
        else:
            namespace[f"default_{f.name}"] = f.default
            params.append(f"{f.name}=default_{f.name}")
        lines.append(f"    set_{f.name}(self, {f.name})")
    exec(f"def __init__(self, {', '.join(params)}):\n" + "\n".join(lines), namespace)  # noqa: S102
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init  # type: ignore[method-assign]
    return cls


@quick_init
@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int


@quick_init
@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int  # index into Extraction.paragraphs


@quick_init
@dataclass(frozen=True, slots=True)
class Cue:
    """The words that attribute a statement ("claimed", "according to", "told the BBC")."""

    start: int
    end: int
    text: str  # as written: "he claimed" → "claimed"
    verb: str  # lemma / lexicon key: "claim", "according to"
    stance: str  # neutral | distancing | emphatic | endorsing | … (from the lexicon)


@quick_init
@dataclass(frozen=True, slots=True)
class SpeakerMention:
    start: int
    end: int
    text: str  # surface form: "Stoltenberg", "he", "the head of the US-led military bloc"
    speaker: str  # canonical name of the Speaker it resolves to


@quick_init
@dataclass(frozen=True, slots=True)
class Speaker:
    name: str  # canonical: "Jens Stoltenberg"
    kind: str  # person | organisation | government | social_account | anonymous
    title: str = ""  # "NATO Secretary General"
    affiliation: str = ""  # "NATO"
    handle: str = ""  # social accounts: "@ZMiST_Ua"
    aliases: tuple[str, ...] = ()  # every other surface form, pronouns excluded
    descriptors: tuple[str, ...] = ()  # the subset of aliases that are descriptions, not names


@quick_init
@dataclass(frozen=True, slots=True)
class Quote:
    start: int
    end: int
    text: str  # for direct/partial/scare: what stands between the marks
    kind: str  # direct | partial | indirect | scare
    speaker: str | None = None  # canonical speaker name
    speaker_mention: SpeakerMention | None = None  # how the text named the speaker for this quote
    cue: Cue | None = None
    confidence: float = 1.0


@quick_init
@dataclass(frozen=True, slots=True)
class Credit:
    outlet: str
    role: str  # primary | additional_input | syndicated_from | embedded_post | mentioned
    start: int | None = None
    end: int | None = None
    text: str = ""  # the credit line or phrase it was read from


@quick_init
@dataclass(frozen=True, slots=True)
class EmbeddedPost:
    start: int
    end: int
    author: str
    handle: str
    date: str | None  # ISO date
    text: str
    url: str = ""


@quick_init
@dataclass(frozen=True, slots=True)
class CrossLink:
    start: int
    end: int
    text: str
    kind: str = "read_more"  # read_more | related | subscribe | other boilerplate


@quick_init
@dataclass(frozen=True, slots=True)
class FramingCandidate:
    start: int
    end: int
    text: str
    label: str  # a framing TagType slug: loaded-term | euphemism | naming-choice | scare-quotes | actor-label
    term: str = ""  # lexicon entry key, e.g. "kiev"
    alternatives: tuple[str, ...] = ()  # e.g. ("Kyiv",)
    note: str = ""


@quick_init
@dataclass(frozen=True, slots=True)
class Figure:
    """A counted quantity in a statement (see newsdesk.extraction.figures)."""

    start: int
    end: int
    text: str
    value: float | None  # the (low) value; for a change, the factor (2 for "doubled")
    value_high: float | None  # the high end of a range, else None
    qualifier: str  # "at least", "nearly", "" …
    unit: str  # "%", "km", "USD", "×", or the counted noun ("people", "civilians")
    category: str  # killed | injured | displaced | troops | … | distance | percent | money | time | change | other
    counted: str  # the words that say what is counted
    date: str
    source: str
    sentence_start: int
    sentence_end: int


@quick_init
@dataclass(frozen=True, slots=True)
class ChainLink:
    name: str  # canonical where known: "BBC", "Jens Stoltenberg"
    role: str  # relayed | cited | interviewer | speaker
    text: str  # as the article names it: "the BBC", "Stoltenberg"


@quick_init
@dataclass(frozen=True, slots=True)
class Chain:
    """Who passed a statement to whom: 'Speaking to the BBC, Stoltenberg said …' is BBC → Stoltenberg.

    Links run from the outermost relay to the original speaker; the publishing outlet
    (from the article's credits) goes in front when the chain is shown.
    """

    start: int  # the sentence that shows the chain
    end: int
    text: str
    links: tuple[ChainLink, ...]
    quote_start: int | None = None  # the statement it carries, when extraction found one
    quote_end: int | None = None


@quick_init
@dataclass(frozen=True, slots=True)
class Extraction:
    paragraphs: tuple[Paragraph, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    quotes: tuple[Quote, ...] = ()
    speakers: tuple[Speaker, ...] = ()
    mentions: tuple[SpeakerMention, ...] = ()
    credits: tuple[Credit, ...] = ()
    embedded_posts: tuple[EmbeddedPost, ...] = ()
    cross_links: tuple[CrossLink, ...] = ()
    framing_candidates: tuple[FramingCandidate, ...] = ()
    figures: tuple[Figure, ...] = ()
    chains: tuple[Chain, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape of `manage.py extract --json`."""
        return {
            "quotes": [
                {
                    "start": q.start,
                    "end": q.end,
                    "text": q.text,
                    "kind": q.kind,
                    "speaker": q.speaker,
                    "cue": q.cue.text if q.cue else None,
                    "stance": q.cue.stance if q.cue else None,
                }
                for q in self.quotes
            ],
            "speakers": [
                {"name": s.name, "kind": s.kind, "title": s.title, "aliases": list(s.aliases)} for s in self.speakers
            ],
            "credits": [{"outlet": c.outlet, "role": c.role} for c in self.credits],
            "embedded_posts": [
                {"start": p.start, "end": p.end, "author": p.author, "handle": p.handle, "date": p.date, "text": p.text}
                for p in self.embedded_posts
            ],
            "cross_links": [{"start": c.start, "end": c.end, "text": c.text} for c in self.cross_links],
            "framing_candidates": [
                {"start": f.start, "end": f.end, "text": f.text, "label": f.label} for f in self.framing_candidates
            ],
            "figures": [
                {
                    "start": f.start,
                    "end": f.end,
                    "text": f.text,
                    "value": f.value,
                    "value_high": f.value_high,
                    "qualifier": f.qualifier,
                    "unit": f.unit,
                    "category": f.category,
                    "counted": f.counted,
                    "date": f.date,
                    "source": f.source,
                }
                for f in self.figures
            ],
            "chains": [
                {
                    "start": c.start,
                    "end": c.end,
                    "links": [{"name": link.name, "role": link.role, "text": link.text} for link in c.links],
                    "quote_start": c.quote_start,
                    "quote_end": c.quote_end,
                }
                for c in self.chains
            ],
        }

    def to_storage(self) -> dict[str, Any]:
        """Everything, as plain JSON, for Article.extraction."""
        return asdict(self)
