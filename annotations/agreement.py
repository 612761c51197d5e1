"""Inter-annotator agreement: pure maths over spans, plus one loader from the database.

- token level: each whitespace token of an article gets, per annotator, the label of the
  tag of a kind that covers it (or "none"); Krippendorff's alpha (nominal, the
  `krippendorff` package) over all annotators, and Cohen's kappa for each pair;
- span level: F1 between two annotators' spans, exact (same offsets and label) and
  overlap (any shared character and the same label).
"""

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import krippendorff
import numpy as np

TOKEN = re.compile(r"\S+")
NONE = "none"


@dataclass(frozen=True, slots=True)
class Span:
    annotator: str
    start: int
    end: int
    label: str


@dataclass
class Agreement:
    alpha: float | None
    kappa: dict[tuple[str, str], float | None] = field(default_factory=dict)
    f1_exact: dict[tuple[str, str], float | None] = field(default_factory=dict)
    f1_overlap: dict[tuple[str, str], float | None] = field(default_factory=dict)
    tokens: int = 0

    @property
    def mean_kappa(self) -> float | None:
        return mean(self.kappa.values())

    @property
    def mean_f1_exact(self) -> float | None:
        return mean(self.f1_exact.values())

    @property
    def mean_f1_overlap(self) -> float | None:
        return mean(self.f1_overlap.values())

    def as_dict(self) -> dict[str, Any]:
        pair = lambda d: {f"{a} × {b}": v for (a, b), v in d.items()}  # noqa: E731
        return {
            "alpha": self.alpha,
            "kappa": pair(self.kappa),
            "f1_exact": pair(self.f1_exact),
            "f1_overlap": pair(self.f1_overlap),
            "mean_kappa": self.mean_kappa,
            "mean_f1_exact": self.mean_f1_exact,
            "mean_f1_overlap": self.mean_f1_overlap,
            "tokens": self.tokens,
        }


def mean(values: Iterable[float | None]) -> float | None:
    found = [v for v in values if v is not None and not math.isnan(v)]
    return sum(found) / len(found) if found else None


def token_labels(body: str, spans: Iterable[Span], annotators: Sequence[str]) -> dict[str, list[str]]:
    """For each annotator, one label per whitespace token of `body` (the first covering span wins)."""
    tokens = [(m.start(), m.end()) for m in TOKEN.finditer(body)]
    starts = [t[0] for t in tokens]
    labels = {a: [NONE] * len(tokens) for a in annotators}
    import bisect

    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.annotator not in labels:
            continue
        i = max(0, bisect.bisect_right(starts, span.start) - 1)
        row = labels[span.annotator]
        while i < len(tokens) and tokens[i][0] < span.end:
            if tokens[i][1] > span.start and row[i] == NONE:
                row[i] = span.label
            i += 1
    return labels


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float | None:
    n = len(a)
    if n == 0 or n != len(b):
        return None
    observed = sum(1 for x, y in zip(a, b, strict=True) if x == y) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in ca.keys() | cb.keys()) / (n * n)
    if expected == 1:
        return 1.0 if observed == 1 else None
    return (observed - expected) / (1 - expected)


def alpha_nominal(rows: Sequence[Sequence[str]]) -> float | None:
    """Krippendorff's alpha (nominal) with the `krippendorff` package; None when undefined."""
    if len(rows) < 2 or not rows[0]:
        return None
    codes: dict[str, int] = {}
    data = np.array([[codes.setdefault(v, len(codes)) for v in row] for row in rows], dtype=float)
    if len(codes) < 2:
        return 1.0  # everyone agrees on a single value everywhere
    try:
        value = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    except (ValueError, ZeroDivisionError):
        return None
    return None if math.isnan(value) else value


def span_f1(a: Iterable[Span], b: Iterable[Span], *, overlap: bool) -> float | None:
    a, b = list(a), list(b)
    if not a and not b:
        return None
    if overlap:

        def hit(x: Span, others: list[Span]) -> bool:
            return any(o.label == x.label and o.start < x.end and x.start < o.end for o in others)

        precision = sum(hit(x, b) for x in a) / len(a) if a else 0.0
        recall = sum(hit(y, a) for y in b) / len(b) if b else 0.0
    else:
        sa = {(s.start, s.end, s.label) for s in a}
        sb = {(s.start, s.end, s.label) for s in b}
        common = len(sa & sb)
        precision = common / len(sa) if sa else 0.0
        recall = common / len(sb) if sb else 0.0
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def agreement(documents: Sequence[tuple[str, Sequence[Span]]], annotators: Sequence[str]) -> Agreement:
    """Agreement over several documents (body, spans), every annotator having seen every document."""
    rows: dict[str, list[str]] = {a: [] for a in annotators}
    by_pair_exact: dict[tuple[str, str], list[float]] = defaultdict(list)
    by_pair_overlap: dict[tuple[str, str], list[float]] = defaultdict(list)
    for body, spans in documents:
        labels = token_labels(body, spans, annotators)
        for a in annotators:
            rows[a].extend(labels[a])
        by_annotator: dict[str, list[Span]] = defaultdict(list)
        for span in spans:
            by_annotator[span.annotator].append(span)
        for x, y in itertools.combinations(annotators, 2):
            exact = span_f1(by_annotator[x], by_annotator[y], overlap=False)
            loose = span_f1(by_annotator[x], by_annotator[y], overlap=True)
            if exact is not None:
                by_pair_exact[(x, y)].append(exact)
            if loose is not None:
                by_pair_overlap[(x, y)].append(loose)
    pairs = list(itertools.combinations(annotators, 2))
    return Agreement(
        alpha=alpha_nominal([rows[a] for a in annotators]),
        kappa={(x, y): cohen_kappa(rows[x], rows[y]) for x, y in pairs},
        f1_exact={p: mean(by_pair_exact[p]) for p in pairs},
        f1_overlap={p: mean(by_pair_overlap[p]) for p in pairs},
        tokens=len(next(iter(rows.values()), [])),
    )


# From the database


def campaign_agreement(campaign: Any) -> dict[str, Any]:
    """Agreement per kind and per label over the campaign's articles that ≥ 2 annotators finished or worked on."""
    from django.db.models import Count

    from annotations.models import Annotation, Assignment, Kind, TagType

    # Only articles with two or more annotators count: found by the database, not by reading every assignment.
    overlapping = (
        Assignment.objects.filter(campaign=campaign)
        .values("article_id")
        .annotate(n=Count("annotator_id", distinct=True))
        .filter(n__gt=1)
        .values("article_id")
        .order_by()
    )
    assignments = (
        Assignment.objects.filter(campaign=campaign, article_id__in=overlapping)
        .values_list("article_id", "annotator__username")
        .order_by()
    )
    annotators_by_article: dict[int, set[str]] = defaultdict(set)
    for article_id, username in assignments:
        annotators_by_article[article_id].add(username)
    shared = {a: sorted(u) for a, u in annotators_by_article.items() if len(u) > 1}
    if not shared:
        return {"articles": 0, "annotators": [], "kinds": {}, "labels": {}, "outlets": {}}
    from newsdesk.models import Article

    bodies = dict(Article.objects.filter(pk__in=shared).values_list("pk", "body"))
    spans_by_article: dict[int, list[Annotation]] = defaultdict(list)
    for annotation in (
        Annotation.objects.filter(campaign=campaign, article_id__in=shared, deleted_at__isnull=True, is_gold=False)
        .select_related("tag_type", "annotator")
        .only("article_id", "start", "end", "tag_type__kind", "tag_type__slug", "annotator__username")
    ):
        spans_by_article[annotation.article_id].append(annotation)
    annotators = sorted({u for users in shared.values() for u in users})
    result: dict[str, Any] = {
        "articles": len(shared),
        "annotators": annotators,
        "kinds": {},
        "labels": {},
        "outlets": {},
    }
    for kind in Kind.values:
        documents = [
            (
                bodies[a],
                [
                    Span(x.annotator.username, x.start, x.end, x.tag_type.slug)
                    for x in spans_by_article[a]
                    if x.tag_type.kind == kind
                ],
            )
            for a in shared
        ]
        result["kinds"][kind] = agreement(documents, annotators).as_dict()
    for tag_type in TagType.objects.filter(annotations__campaign=campaign).distinct().order_by("kind", "order"):
        documents = [
            (
                bodies[a],
                [
                    Span(x.annotator.username, x.start, x.end, "yes")
                    for x in spans_by_article[a]
                    if x.tag_type_id == tag_type.pk
                ],
            )
            for a in shared
        ]
        result["labels"][f"{tag_type.kind}/{tag_type.slug}"] = agreement(documents, annotators).as_dict()
    # By the outlet that published the article (all kinds, the kind as label): where coverage
    # from one outlet is harder to tag consistently than from another.
    from newsdesk.models import ArticleCredit

    outlet_of = dict(
        ArticleCredit.objects.filter(article_id__in=shared, role=ArticleCredit.Role.PRIMARY).values_list(
            "article_id", "outlet__name"
        )
    )
    by_outlet: dict[str, list[int]] = defaultdict(list)
    for a in shared:
        by_outlet[outlet_of.get(a, "no outlet credited")].append(a)
    result["outlets"] = {
        name: {
            **agreement(
                [
                    (
                        bodies[a],
                        [Span(x.annotator.username, x.start, x.end, x.tag_type.kind) for x in spans_by_article[a]],
                    )
                    for a in articles
                ],
                annotators,
            ).as_dict(),
            "articles": len(articles),
        }
        for name, articles in sorted(by_outlet.items())
    }
    return result
