"""The values the extraction pipeline produces (frozen dataclasses, no Django).

All offsets are `[start, end)` in Unicode code points of the text given to
`extract()`, so `text[start:end]` is exactly the reported text.
These names and fields are a contract used by ingestion, the workspace and the
comparison: fields may be added, not renamed or removed.
"""

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int  # index into Extraction.paragraphs


@dataclass(frozen=True, slots=True)
class Cue:
    """The words that attribute a statement ("claimed", "according to", "told the BBC")."""

    start: int
    end: int
    text: str  # as written: "he claimed" → "claimed"
    verb: str  # lemma / lexicon key: "claim", "according to"
    stance: str  # neutral | distancing | emphatic | endorsing | … (from the lexicon)


@dataclass(frozen=True, slots=True)
class SpeakerMention:
    start: int
    end: int
    text: str  # surface form: "Stoltenberg", "he", "the head of the US-led military bloc"
    speaker: str  # canonical name of the Speaker it resolves to


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str  # canonical: "Jens Stoltenberg"
    kind: str  # person | organisation | government | social_account | anonymous
    title: str = ""  # "NATO Secretary General"
    affiliation: str = ""  # "NATO"
    handle: str = ""  # social accounts: "@ZMiST_Ua"
    aliases: tuple[str, ...] = ()  # every other surface form, pronouns excluded
    descriptors: tuple[str, ...] = ()  # the subset of aliases that are descriptions, not names


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


@dataclass(frozen=True, slots=True)
class Credit:
    outlet: str
    role: str  # primary | additional_input | syndicated_from | embedded_post | mentioned
    start: int | None = None
    end: int | None = None
    text: str = ""  # the credit line or phrase it was read from


@dataclass(frozen=True, slots=True)
class EmbeddedPost:
    start: int
    end: int
    author: str
    handle: str
    date: str | None  # ISO date
    text: str
    url: str = ""


@dataclass(frozen=True, slots=True)
class CrossLink:
    start: int
    end: int
    text: str
    kind: str = "read_more"  # read_more | related | subscribe | other boilerplate


@dataclass(frozen=True, slots=True)
class FramingCandidate:
    start: int
    end: int
    text: str
    label: str  # a framing TagType slug: loaded-term | euphemism | naming-choice | scare-quotes | actor-label
    term: str = ""  # lexicon entry key, e.g. "kiev"
    alternatives: tuple[str, ...] = ()  # e.g. ("Kyiv",)
    note: str = ""


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
        }

    def to_storage(self) -> dict[str, Any]:
        """Everything, as plain JSON, for Article.extraction."""
        return asdict(self)
