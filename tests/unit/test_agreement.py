"""Agreement maths against hand-computed values and against the `krippendorff` package (a dev dependency only)."""

import random

import krippendorff
import numpy as np
import pytest

from annotations.agreement import (
    NO_ARTICLES,
    NONE,
    Document,
    Span,
    agreement,
    alpha_nominal,
    cohen_kappa,
    span_f1,
    token_labels,
)


def package_alpha(rows: list[list[str | None]]) -> float:
    """The reference: krippendorff.alpha on coders × units, missing values as NaN."""
    codes: dict[str, int] = {}
    data = np.array(
        [[np.nan if v is None else codes.setdefault(v, len(codes)) for v in row] for row in rows], dtype=float
    )
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def units_of(rows: list[list[str | None]]) -> list[tuple[str | None, ...]]:
    return list(zip(*rows, strict=True))


def test_token_labels_cover_every_token_a_span_touches() -> None:
    body = "one two three four"
    labels = token_labels(body, [Span("a", 4, 13, "claim"), Span("b", 0, 3, "framing")], ["a", "b"])
    assert labels == {"a": [NONE, "claim", "claim", NONE], "b": ["framing", NONE, NONE, NONE]}


def test_cohen_kappa_by_hand() -> None:
    # 10 items: observed agreement 0.8; a says yes 5×, b says yes 5× → expected 0.5 → kappa 0.6
    a = ["y"] * 5 + ["n"] * 5
    b = ["y"] * 4 + ["n"] + ["y"] + ["n"] * 4
    assert cohen_kappa(a, b) == pytest.approx(0.6)
    assert cohen_kappa(a, a) == 1.0
    assert cohen_kappa([], []) is None


def test_kappa_is_undefined_not_perfect_when_nobody_varies() -> None:
    # Both coders said "none" everywhere: p_e = 1, kappa = 0/0, not 1.
    assert cohen_kappa([NONE] * 8, [NONE] * 8) is None


def test_alpha_by_hand_for_two_coders() -> None:
    # Two coders, 4 units: (a,a) (a,b) (b,b) (b,b). Pairable values n=8; Do = 2/8 (one disagreeing unit
    # counted twice over 8), De from marginals a=3, b=5: 2*3*5/(8*7) = 30/56 → alpha = 1 - (2/8)/(30/56) = 0.5333…
    rows: list[list[str | None]] = [["a", "a", "b", "b"], ["a", "b", "b", "b"]]
    assert alpha_nominal(units_of(rows)) == pytest.approx(1 - (2 / 8) / (30 / 56))
    assert alpha_nominal(units_of(rows)) == pytest.approx(package_alpha(rows))


def test_alpha_by_hand_with_a_missing_value() -> None:
    # Three coders, 3 units; coder 3 missed unit 1. Units: (x,x,—) (x,y,y) (y,y,y).
    # Unit 1: m=2, pairs x-x: o_xx += 2/1 = 2. Unit 2: m=3, cnt x=1, y=2 → o_xy = o_yx = 1·2/2 = 1, o_yy = 2·1/2 = 1.
    # Unit 3: m=3, o_yy += 3·2/2 = 3. n_x = 2 + 1 = 3, n_y = 2 + 3 = 5, n = 8.
    # Do = (o_xy + o_yx)/n = 2/8; De = 2·n_x·n_y/(n(n−1)) = 30/56 → alpha = 1 − (2/8)/(30/56).
    rows: list[list[str | None]] = [["x", "x", "y"], ["x", "y", "y"], [None, "y", "y"]]
    assert alpha_nominal(units_of(rows)) == pytest.approx(1 - (2 / 8) / (30 / 56))
    assert alpha_nominal(units_of(rows)) == pytest.approx(package_alpha(rows))


@pytest.mark.parametrize("seed", range(25))
def test_alpha_matches_the_krippendorff_package_on_random_data_with_missing_values(seed: int) -> None:
    rng = random.Random(seed)
    coders, units = rng.randint(2, 5), rng.randint(5, 60)
    values = ["none", "claim", "framing", "attribution"][: rng.randint(2, 4)]
    rows: list[list[str | None]] = [
        [None if rng.random() < 0.25 else rng.choice(values) for _ in range(units)] for _ in range(coders)
    ]
    rows[0][0], rows[1][0] = values[0], values[1]  # at least two values, so alpha is defined
    assert alpha_nominal(units_of(rows)) == pytest.approx(package_alpha(rows), abs=1e-9)


def test_alpha_is_undefined_when_there_is_one_value_only() -> None:
    assert alpha_nominal([("none", "none")] * 5) is None
    assert alpha_nominal([("x", None)]) is None  # nothing pairable
    assert alpha_nominal([]) is None


def test_span_f1_exact_and_overlap() -> None:
    a = [Span("a", 0, 10, "claim"), Span("a", 20, 30, "claim")]
    b = [Span("b", 0, 10, "claim"), Span("b", 22, 28, "claim"), Span("b", 40, 45, "framing")]
    # exact: 1 common; P = 1/2, R = 1/3 → F1 = 0.4
    assert span_f1(a, b, overlap=False) == pytest.approx(0.4)
    # overlap: a's both hit; b's first two hit → P = 1, R = 2/3 → F1 = 0.8
    assert span_f1(a, b, overlap=True) == pytest.approx(0.8)
    assert span_f1([], [], overlap=True) is None


BODY = "Officials said the bridge was hit twice overnight."


def test_agreement_over_documents() -> None:
    same = (Span("ann", 15, 49, "factual-claim"), Span("bert", 15, 49, "factual-claim"))
    result = agreement([Document(BODY, ("ann", "bert"), same)], ["ann", "bert"])
    assert result.alpha == 1.0
    assert result.kappa[("ann", "bert")] == 1.0
    assert result.f1_exact[("ann", "bert")] == 1.0
    assert (result.articles, result.reason) == (1, "")
    different = (Span("ann", 15, 49, "factual-claim"), Span("bert", 0, 9, "factual-claim"))
    worse = agreement([Document(BODY, ("ann", "bert"), different)], ["ann", "bert"])
    assert worse.alpha is not None
    assert worse.alpha < 0
    assert worse.f1_overlap[("ann", "bert")] == 0.0


def test_no_shared_document_gives_no_figures_and_says_why() -> None:
    alone = Document(BODY, ("ann",), (Span("ann", 0, 9, "x"),))
    result = agreement([alone], ["ann", "bert"])
    assert (result.alpha, result.mean_kappa, result.mean_f1_exact, result.articles) == (None, None, None, 0)
    assert result.reason == NO_ARTICLES


def test_two_coders_without_tags_are_not_perfect_agreement() -> None:
    result = agreement([Document(BODY, ("ann", "bert"), ())], ["ann", "bert"], what="claim")
    assert (result.alpha, result.mean_kappa, result.mean_f1_exact) == (None, None, None)
    assert result.reason.startswith("No claim tags on the 1 article")


def test_an_annotator_missing_from_an_article_is_missing_not_none() -> None:
    # ann and bert agree on doc 1; carl coded only doc 2 (with ann). Treating carl as "none" on doc 1
    # would add disagreement that does not exist; alpha must equal the package's with NaN for carl there.
    doc1 = Document(BODY, ("ann", "bert"), (Span("ann", 15, 25, "c"), Span("bert", 15, 25, "c")))
    doc2 = Document(BODY, ("ann", "carl"), (Span("ann", 0, 9, "c"), Span("carl", 0, 14, "c")))
    result = agreement([doc1, doc2], ["ann", "bert", "carl"])
    t1 = token_labels(BODY, doc1.spans, ["ann", "bert"])
    t2 = token_labels(BODY, doc2.spans, ["ann", "carl"])
    n = len(t1["ann"])
    rows: list[list[str | None]] = [
        [*t1["ann"], *t2["ann"]],
        [*t1["bert"], *[None] * n],
        [*[None] * n, *t2["carl"]],
    ]
    assert result.alpha == pytest.approx(package_alpha(rows))
    assert result.kappa[("ann", "bert")] == 1.0
    assert result.kappa[("bert", "carl")] is None  # never on the same article
    assert result.f1_exact[("ann", "carl")] == 0.0
    assert result.f1_overlap[("ann", "carl")] == 1.0
