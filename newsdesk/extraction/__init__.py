"""Pure-Python extraction: article text → quotes, speakers, cues, credits, posts, framing.

No Django import anywhere in this package, so it can be used, tested and
benchmarked on its own. `extract(text)` is the one entry point.
"""

import re
import string
from functools import cache
from operator import attrgetter, itemgetter

from newsdesk.extraction import lexicon, segment
from newsdesk.extraction import quotes as quotes_mod
from newsdesk.extraction.chains import chains
from newsdesk.extraction.credits import credits
from newsdesk.extraction.figures import figures
from newsdesk.extraction.framing import framing_candidates
from newsdesk.extraction.intervals import Intervals
from newsdesk.extraction.marks import pair_marks
from newsdesk.extraction.mentions import mention_in
from newsdesk.extraction.posts import cross_links, embedded_posts
from newsdesk.extraction.scan import word_hits
from newsdesk.extraction.speakers import SpeakerBook, SpeakerRecord, gender_words, read_mention, read_person
from newsdesk.extraction.types import (
    Chain,
    ChainLink,
    Credit,
    CrossLink,
    Cue,
    EmbeddedPost,
    Extraction,
    Figure,
    FramingCandidate,
    Paragraph,
    Quote,
    Sentence,
    Speaker,
    SpeakerMention,
)

__all__ = [
    "Credit",
    "CrossLink",
    "Cue",
    "EmbeddedPost",
    "Extraction",
    "Chain",
    "ChainLink",
    "Figure",
    "FramingCandidate",
    "Paragraph",
    "Quote",
    "Sentence",
    "Speaker",
    "SpeakerMention",
    "clear_caches",
    "extract",
]


# A capitalised word, with one inner capital of its own: "McCaskill", "DeMoro", "O’Rourke".
WORD = r"[A-Z][a-z’'-]+(?:[A-Z][a-z’'-]+)?"
NAME = rf"{WORD}(?: {WORD}){{0,2}}"


@cache
def person_re() -> re.Pattern[str]:
    """Titled names ("Defence Minister Tomas Kral", "Gen. Ruth Adler") and "Name Name, the …" appositions.

    Built as one branch per capital letter ("D(?<!\\wD)(?:efence|eputy…)…|G…"): a pattern that
    starts with a literal lets Python's re skip, in C, every position whose character cannot
    start a match, about five times faster than the same pattern behind a leading \\b. Each
    branch's lookbehind stands in for that \\b (and for "not after a dot" in appositions).
    """
    words = [w[:1].upper() + w[1:] for w in lexicon.people().title_words] + ["NATO", "EU", "UN", "US", "UK"]
    words += [w[:1].upper() + w[1:] for w in lexicon.people().nationalities]
    titles = lexicon.alternation(words)
    trie = lexicon.make_trie(words)
    branches = []
    for first in sorted({*trie, *string.ascii_uppercase} - {""}):
        letter = re.escape(first)
        alternatives = []
        if first in trie:
            rest = lexicon.trie_pattern(trie[first])  # optional when a one-letter word ends here
            alternatives.append(rf"(?<!\w{letter}){rest}\.? (?:(?:{titles})\.? ){{0,3}}{NAME}")
        if first in string.ascii_uppercase:
            alternatives.append(rf"(?<![\w.]{letter})[a-z’'-]+ {WORD}(?=, (?:the|a) )")
        branches.append(f"{letter}(?:{'|'.join(alternatives)})")
    return re.compile("|".join(branches))


@cache
def given_name_re() -> re.Pattern[str]:
    """A given name from the list, an optional initial and a surname: 'Clara Mendes', 'Janet L. Yellen'."""
    given, _ = gender_words()
    return re.compile(rf"{lexicon.word_alternation(sorted(given))}(?: [A-Z]\.)? {WORD}")


def clear_caches() -> None:
    """Forget the names and cue words read so far; the compiled lexicons stay.

    Reading a surface form ("he", "Stoltenberg", "claimed") is cached for the life of the
    process, as the same few come back in article after article. The benchmark clears this
    before each timed pass, so that every pass starts as a new process would.
    """
    read_mention.cache_clear()
    mention_in.cache_clear()
    read_person.cache_clear()
    quotes_mod.cue_reading.cache_clear()


def extract(text: str) -> Extraction:
    """Everything the pipeline finds in `text`; never raises, offsets slice `text` exactly."""
    try:
        return run(text)
    except Exception as exc:  # a bug must not cost an import; keep what is certain
        return Extraction(
            paragraphs=tuple(segment.paragraphs(text)), extra={"error": f"{exc.__class__.__name__}: {exc}"}
        )


def run(text: str) -> Extraction:
    if not isinstance(text, str) or not text.strip():
        return Extraction()
    paras = segment.paragraphs(text)
    sents = segment.sentences(text, paras)
    posts = embedded_posts(text, paras)
    links = cross_links(text, paras)
    boiler = [(p.start, p.end) for p in posts] + [(c.start, c.end) for c in links]
    words = word_hits(text)  # every word list (cue verbs, outlets, loaded terms, …) in one scan
    found_credits = credits(text, paras, skip=Intervals((p.start, p.end) for p in posts), outlet_hits=words["outlets"])
    credit_lines = [
        (c.start, c.end) for c in found_credits if c.role != "mentioned" and c.start is not None and c.end is not None
    ]
    skip = Intervals(boiler + credit_lines)

    index = quotes_mod.CueIndex.of(text, verb_hits=words["verbs"], phrase_hits=words["phrases"])
    raw = quotes_mod.quotes(text, pair_marks(text), sents, skip=skip, index=index)
    used = {q.anchor.cue.start for q in raw if q.anchor}
    quoted = [(q.start - 1, q.end + 1) for q in raw]
    raw += quotes_mod.indirect(text, sents, used_cues=used, quoted=quoted, skip=skip, index=index)
    raw.sort(key=lambda q: (q.anchor.mention_start if q.anchor else q.start, q.start))

    book = SpeakerBook()
    for post in posts:
        if post.author:
            book.social_account(post.author, post.handle)
    # Titled names anywhere in the text, so a later "she" or "Varga" can find them; then each
    # statement's mention, resolved in text order against what came before it.
    # Names with a given name ("Clara Mendes disagreed.") too, outside quotes: "she" may mean them.
    inside = Intervals(quoted)
    names = [(m.start(), m.group(0)) for m in person_re().finditer(text) if not skip.contains(m.start())]
    names += [
        (m.start(), m.group(0))
        for m in given_name_re().finditer(text)
        if not skip.contains(m.start()) and not inside.contains(m.start())
    ]
    events: list[tuple[int, int, str | quotes_mod.RawQuote]] = [(at, 0, name) for at, name in names]
    events += [(item.anchor.mention_start if item.anchor else item.start, 1, item) for item in raw]
    events.sort(key=itemgetter(0, 1))
    resolved: list[tuple[quotes_mod.RawQuote, SpeakerRecord | None]] = []
    for _, _, payload in events:
        if isinstance(payload, str):
            book.register_person(payload)
            continue
        record = book.resolve(payload.anchor.mention) if payload.anchor else None
        if record is not None:
            record.spoke = True
        resolved.append((payload, record))
    renamed = book.merge_surnames()

    out_quotes = []
    mentions = []
    for item, record in resolved:
        speaker = renamed.get(record.name, record.name) if record else None
        mention = None
        if item.anchor and speaker:
            a = item.anchor
            mention = SpeakerMention(a.mention_start, a.mention_end, a.mention, speaker)
            mentions.append(mention)
        confidence = (
            0.9 if mention and mention.text.lower() not in ("he", "she", "they", "it") else 0.75 if mention else 0.5
        )
        cue = item.anchor.cue if item.anchor else None
        if item.kind == "scare":
            confidence = 0.6
        # Quote(start, end, text, kind, speaker, speaker_mention, cue, confidence)
        out_quotes.append(
            Quote(item.start, item.end, text[item.start : item.end], item.kind, speaker, mention, cue, confidence)
        )
    out_quotes.sort(key=lambda q: (q.start, -q.end))
    scare = [(q.start, q.end) for q in out_quotes if q.kind == "scare"]
    framing = framing_candidates(
        text, skip=Intervals(credit_lines), insensitive_hits=words["framing"], sensitive_hits=words["framing_sensitive"]
    )
    framing += [
        FramingCandidate(start=s, end=e, text=text[s:e], label="scare-quotes", note="short quoted term with no speaker")
        for s, e in scare
    ]
    framing.sort(key=lambda f: (f.start, -f.end))
    found_figures = figures(text, sents, out_quotes, skip=skip, word_hits=words["figures"])
    found_chains = chains(text, sents, out_quotes, skip=skip)
    return Extraction(
        paragraphs=tuple(paras),
        sentences=tuple(sents),
        quotes=tuple(out_quotes),
        speakers=tuple(book.speakers()),
        mentions=tuple(sorted(mentions, key=attrgetter("start"))),
        credits=tuple(found_credits),
        embedded_posts=tuple(posts),
        cross_links=tuple(links),
        framing_candidates=tuple(framing),
        figures=tuple(found_figures),
        chains=tuple(found_chains),
    )
