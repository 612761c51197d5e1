"""Agreement maths against hand-computed values and against the krippendorff package directly."""

import krippendorff
import numpy as np
import pytest

from annotations.agreement import NONE, Span, agreement, alpha_nominal, cohen_kappa, span_f1, token_labels


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


def test_alpha_matches_the_krippendorff_package() -> None:
    rows = [["a", "a", "b", "b", "c", "a"], ["a", "b", "b", "b", "c", "a"], ["a", "a", "b", "c", "c", "a"]]
    codes = {"a": 0, "b": 1, "c": 2}
    expected = krippendorff.alpha(
        reliability_data=np.array([[codes[v] for v in r] for r in rows], dtype=float), level_of_measurement="nominal"
    )
    assert alpha_nominal(rows) == pytest.approx(expected)
    assert alpha_nominal([["x", "x"], ["x", "x"]]) == 1.0
    assert alpha_nominal([["x"]]) is None


def test_alpha_by_hand_for_two_coders() -> None:
    # Two coders, 4 units: (a,a) (a,b) (b,b) (b,b). Pairable values n=8; Do = 2/8 (one disagreeing unit
    # counted twice over 8), De from marginals a=3, b=5: 2*3*5/(8*7) = 30/56 → alpha = 1 - (2/8)/(30/56) = 0.5333…
    assert alpha_nominal([["a", "a", "b", "b"], ["a", "b", "b", "b"]]) == pytest.approx(1 - (2 / 8) / (30 / 56))


def test_span_f1_exact_and_overlap() -> None:
    a = [Span("a", 0, 10, "claim"), Span("a", 20, 30, "claim")]
    b = [Span("b", 0, 10, "claim"), Span("b", 22, 28, "claim"), Span("b", 40, 45, "framing")]
    # exact: 1 common; P = 1/2, R = 1/3 → F1 = 0.4
    assert span_f1(a, b, overlap=False) == pytest.approx(0.4)
    # overlap: a's both hit; b's first two hit → P = 1, R = 2/3 → F1 = 0.8
    assert span_f1(a, b, overlap=True) == pytest.approx(0.8)
    assert span_f1([], [], overlap=True) is None


def test_agreement_over_documents() -> None:
    body = "Officials said the bridge was hit twice overnight."
    same = [Span("ann", 15, 49, "factual-claim"), Span("bert", 15, 49, "factual-claim")]
    result = agreement([(body, same)], ["ann", "bert"])
    assert result.alpha == 1.0
    assert result.kappa[("ann", "bert")] == 1.0
    assert result.f1_exact[("ann", "bert")] == 1.0
    different = [Span("ann", 15, 49, "factual-claim"), Span("bert", 0, 9, "factual-claim")]
    worse = agreement([(body, different)], ["ann", "bert"])
    assert worse.alpha is not None
    assert worse.alpha < 0
    assert worse.f1_overlap[("ann", "bert")] == 0.0
