"""The shared word scan gives each word list exactly what its own regex scan gives."""

from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsdesk.extraction.scan import boundary_prefixes, word_hits, word_scan

FIXTURES = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "extraction").glob("*.txt"))
SEED = Path(__file__).resolve().parents[3] / "newsdesk" / "demo_data" / "seed.txt"


def separately(text: str) -> dict[str, list[tuple[int, int]]]:
    return {name: [m.span() for m in pattern.finditer(text)] for name, pattern in word_scan().patterns.items()}


def test_boundary_prefixes() -> None:
    assert boundary_prefixes("according to") == {"according", "according to"}
    assert boundary_prefixes("so-called") == {"so", "so-called"}
    assert boundary_prefixes("said") == {"said"}


def test_the_seed_and_every_fixture_scan_the_same_either_way() -> None:
    for path in [SEED, *FIXTURES]:
        text = path.read_text(encoding="utf-8")
        assert word_hits(text) == separately(text), path.name


# Words of all three lists, in their cases, packed tight with the characters that decide
# word boundaries ("-" matters to the framing list, not to the others).
scan = word_scan()
vocabulary = sorted(set(scan.lists_at) | {w.upper() for w in scan.lists_at})
glue = st.sampled_from([" ", "  ", "-", "’", "'", ",", ".", "\n", "", "“", "x", "_"])
texts = st.lists(st.tuples(st.sampled_from(vocabulary), glue), max_size=40).map(
    lambda pairs: "".join(word + sep for word, sep in pairs)
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
@example(text="so-called said two-thirds dozens of hundreds claimed-")
@example(text="a dozen a hundred  thousands doubled")
def test_random_word_soup_scans_the_same_either_way(text: str) -> None:
    assert word_hits(text) == separately(text)
