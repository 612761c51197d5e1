"""Inter-annotator agreement: pure maths over spans, plus one loader from the database.

- Who counts: on each article, its **coders** are the annotators assigned to it in the
  campaign who tagged it (one live tag or more) or marked it done. An article counts only
  when it has two or more coders; an annotator who never opened an article is missing
  there, not "tagged nothing".
- Token level: each whitespace token gets, per coder, the label of the tag of a kind that
  covers it (or "none"). Krippendorff's alpha (nominal, with missing values: tokens of
  articles an annotator did not code) over all tokens, and Cohen's kappa for each pair over
  the tokens of the articles both coded.
- Span level: F1 between two coders' spans per article both coded, exact (same offsets and
  label) and overlap (a shared character and the same label), averaged over those articles.

A figure that cannot be computed is None (shown as "—") and the row says why: no article
with two coders, no tags, or no variation at all (then alpha and kappa are 0/0, not 1).
"""

import bisect
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotations.models import Campaign

TOKEN = re.compile(r"\S+")
NONE = "none"

NO_ARTICLES = "No article has been tagged (or marked done) by two or more annotators yet."


@dataclass(frozen=True, slots=True)
class Span:
    annotator: str
    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class Document:
    """One article: its text, the annotators who coded it, and their spans."""

    body: str
    coders: tuple[str, ...]
    spans: tuple[Span, ...]


@dataclass
class Agreement:
    alpha: float | None
    kappa: dict[tuple[str, str], float | None] = field(default_factory=dict)
    f1_exact: dict[tuple[str, str], float | None] = field(default_factory=dict)
    f1_overlap: dict[tuple[str, str], float | None] = field(default_factory=dict)
    tokens: int = 0
    articles: int = 0
    spans: int = 0
    reason: str = ""  # why a figure is None ("" when all are defined)

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
        def pair(d: dict[tuple[str, str], float | None]) -> dict[str, float | None]:
            return {f"{a} × {b}": v for (a, b), v in d.items()}

        return {
            "alpha": self.alpha,
            "kappa": pair(self.kappa),
            "f1_exact": pair(self.f1_exact),
            "f1_overlap": pair(self.f1_overlap),
            "mean_kappa": self.mean_kappa,
            "mean_f1_exact": self.mean_f1_exact,
            "mean_f1_overlap": self.mean_f1_overlap,
            "tokens": self.tokens,
            "articles": self.articles,
            "spans": self.spans,
            "reason": self.reason,
        }


def mean(values: Iterable[float | None]) -> float | None:
    found = [v for v in values if v is not None and not math.isnan(v)]
    return sum(found) / len(found) if found else None


# The measures


def token_labels(body: str, spans: Iterable[Span], annotators: Sequence[str]) -> dict[str, list[str]]:
    """For each annotator, one label per whitespace token of `body` (the first covering span wins)."""
    tokens = [(m.start(), m.end()) for m in TOKEN.finditer(body)]
    starts = [t[0] for t in tokens]
    labels = {a: [NONE] * len(tokens) for a in annotators}
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


def alpha_nominal(units: Iterable[Sequence[str | None]]) -> float | None:
    """Krippendorff's alpha for nominal data; each unit holds one value per coder, None where missing.

    From the coincidence matrix (Krippendorff 2011, "Computing Krippendorff's alpha-reliability"):
    a unit with m ≥ 2 values contributes each ordered pair of values from different coders
    with weight 1/(m − 1); D_o is the share of disagreeing pairs, D_e the share expected from
    the values' totals, alpha = 1 − D_o/D_e. None when undefined (fewer than two pairable
    values, or only one value in all the data: D_e = 0).
    """
    disagreement = 0.0
    totals: Counter[str] = Counter()
    for unit, repeats in Counter(tuple(u) for u in units).items():
        values = Counter(v for v in unit if v is not None)
        m = sum(values.values())
        if m < 2:
            continue
        totals.update({v: c * repeats for v, c in values.items()})
        disagreement += repeats * (m * m - sum(c * c for c in values.values())) / (m - 1)
    n = sum(totals.values())
    if n < 2 or len(totals) < 2:
        return None
    expected = (n * n - sum(c * c for c in totals.values())) / (n * (n - 1))
    return 1 - (disagreement / n) / expected


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float | None:
    """Cohen's kappa; None when undefined (no items, or both coders used one and the same value throughout)."""
    n = len(a)
    if n == 0 or n != len(b):
        return None
    observed = sum(1 for x, y in zip(a, b, strict=True) if x == y) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in ca.keys() | cb.keys()) / (n * n)
    if expected == 1:
        return None  # 0/0: no variation, nothing to agree on beyond chance
    return (observed - expected) / (1 - expected)


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


def agreement(documents: Sequence[Document], annotators: Sequence[str], *, what: str = "") -> Agreement:
    """Agreement over documents, each coded by its own `coders` (the others are missing there).

    `what` names the kind or label in the reason ("claim" → "No claim tags on …").
    """
    units: list[tuple[str, ...]] = []
    pair_rows: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    by_pair_exact: dict[tuple[str, str], list[float]] = defaultdict(list)
    by_pair_overlap: dict[tuple[str, str], list[float]] = defaultdict(list)
    pairs = list(itertools.combinations(annotators, 2))
    counted = [d for d in documents if len(set(d.coders)) >= 2]
    for doc in counted:
        coders = sorted(set(doc.coders))
        labels = token_labels(doc.body, doc.spans, coders)
        units.extend(zip(*(labels[c] for c in coders), strict=True))
        by_coder: dict[str, list[Span]] = defaultdict(list)
        for span in doc.spans:
            by_coder[span.annotator].append(span)
        for x, y in itertools.combinations(coders, 2):
            rows = pair_rows.setdefault((x, y), ([], []))
            rows[0].extend(labels[x])
            rows[1].extend(labels[y])
            exact = span_f1(by_coder[x], by_coder[y], overlap=False)
            loose = span_f1(by_coder[x], by_coder[y], overlap=True)
            if exact is not None:
                by_pair_exact[(x, y)].append(exact)
            if loose is not None:
                by_pair_overlap[(x, y)].append(loose)
    result = Agreement(
        alpha=alpha_nominal(units),
        kappa={p: cohen_kappa(*pair_rows[p]) if p in pair_rows else None for p in pairs},
        f1_exact={p: mean(by_pair_exact[p]) for p in pairs},
        f1_overlap={p: mean(by_pair_overlap[p]) for p in pairs},
        tokens=len(units),
        articles=len(counted),
        spans=sum(len([s for s in d.spans if s.annotator in d.coders]) for d in counted),
    )
    result.reason = reason_for(result, what=what)
    return result


def reason_for(result: Agreement, *, what: str) -> str:
    if None not in (result.alpha, result.mean_kappa, result.mean_f1_exact):
        return ""
    if not result.articles:
        return NO_ARTICLES
    n = f"{result.articles} article{'s' if result.articles != 1 else ''}"
    if not result.spans:
        return f"No {what + ' ' if what else ''}tags on the {n} two or more annotators coded: nothing to agree on."
    if result.alpha is None:
        return "Every word got the same label from everyone: alpha and kappa are undefined (0/0)."
    return "Some pairs of annotators coded no article together, or never varied: their kappa or F1 is left out."


# From the database


def campaign_coders(campaign: Campaign, *, article_ids: Iterable[int] | None = None) -> dict[int, tuple[str, ...]]:
    """{article id: its coders (user names)} for the campaign's articles with two or more coders.

    A coder is an annotator assigned to the article in the campaign who tagged it or marked it
    done. Only articles with two or more assignments are looked at, found by the database.
    """
    from django.db.models import Count

    from annotations.models import Annotation, Assignment

    candidates = (
        Assignment.objects.filter(campaign=campaign)
        .values("article_id")
        .annotate(n=Count("annotator_id", distinct=True))
        .filter(n__gt=1)
        .values("article_id")
        .order_by()
    )
    if article_ids is not None:
        candidates = candidates.filter(article_id__in=list(article_ids))
    assigned = Assignment.objects.filter(campaign=campaign, article_id__in=candidates).values_list(
        "article_id", "annotator_id", "annotator__username", "status"
    )
    tagged = set(
        Annotation.objects.alive()
        .filter(campaign=campaign, article_id__in=candidates)
        .values_list("article_id", "annotator_id")
        .distinct()
        .order_by()
    )
    coders: dict[int, set[str]] = defaultdict(set)
    for article_id, user_id, username, status in assigned:
        if status == Assignment.Status.DONE or (article_id, user_id) in tagged:
            coders[article_id].add(username)
    return {a: tuple(sorted(users)) for a, users in sorted(coders.items()) if len(users) > 1}


def empty_row(reason: str) -> dict[str, Any]:
    return Agreement(alpha=None, reason=reason).as_dict()


def campaign_agreement(campaign: Campaign) -> dict[str, Any]:
    """Agreement per kind, per label and per outlet over the articles two or more annotators coded.

    Reads the annotators' tags only: the gold layer (`GoldAnnotation`) is not part of it, so
    adjudication never changes these figures.
    """
    from annotations.models import Annotation, Kind, TagType
    from newsdesk.models import Article, ArticleCredit

    coders = campaign_coders(campaign)
    if not coders:
        return {
            "articles": 0,
            "article_ids": [],
            "annotators": [],
            "reason": NO_ARTICLES,
            "kinds": {kind: empty_row(NO_ARTICLES) for kind in Kind.values},
            "labels": {},
            "outlets": {},
        }
    bodies = dict(Article.objects.filter(pk__in=coders).values_list("pk", "body"))
    spans_by_article: dict[int, list[Annotation]] = defaultdict(list)
    for annotation in (
        Annotation.objects.alive()
        .filter(campaign=campaign, article_id__in=coders)
        .select_related("tag_type", "annotator")
        .only("article_id", "start", "end", "tag_type__kind", "tag_type__slug", "annotator__username")
    ):
        if annotation.annotator.username in coders[annotation.article_id]:
            spans_by_article[annotation.article_id].append(annotation)
    annotators = sorted({u for users in coders.values() for u in users})

    def documents(articles: Iterable[int], label: Any, keep: Any) -> list[Document]:
        return [
            Document(
                bodies[a],
                coders[a],
                tuple(Span(x.annotator.username, x.start, x.end, label(x)) for x in spans_by_article[a] if keep(x)),
            )
            for a in articles
        ]

    result: dict[str, Any] = {
        "articles": len(coders),
        "article_ids": list(coders),
        "annotators": annotators,
        "reason": "",
        "kinds": {},
        "labels": {},
        "outlets": {},
    }
    for kind in Kind.values:
        docs = documents(coders, lambda x: x.tag_type.slug, lambda x, kind=kind: x.tag_type.kind == kind)
        result["kinds"][kind] = agreement(docs, annotators, what=kind).as_dict()
    # A row per label used on the counted articles (a label nobody used there has no data).
    used = {x.tag_type_id for tags in spans_by_article.values() for x in tags}
    for tag_type in TagType.objects.filter(pk__in=used).order_by("kind", "order", "label"):
        docs = documents(coders, lambda x: "yes", lambda x, pk=tag_type.pk: x.tag_type_id == pk)
        key = f"{tag_type.kind}/{tag_type.slug}"
        result["labels"][key] = agreement(docs, annotators, what=key).as_dict()
    # By the outlet that published the article (all kinds, the kind as label): where coverage
    # from one outlet is harder to tag consistently than from another. Only outlets with tags.
    outlet_of = dict(
        ArticleCredit.objects.filter(article_id__in=coders, role=ArticleCredit.Role.PRIMARY).values_list(
            "article_id", "outlet__name"
        )
    )
    by_outlet: dict[str, list[int]] = defaultdict(list)
    for a in coders:
        by_outlet[outlet_of.get(a, "no outlet credited")].append(a)
    for name, articles in sorted(by_outlet.items()):
        if not any(spans_by_article[a] for a in articles):
            continue
        row = agreement(documents(articles, lambda x: x.tag_type.kind, lambda x: True), annotators).as_dict()
        result["outlets"][name] = row
    return result


def article_agreements(campaign: Any) -> dict[int, float]:
    """{article id: Krippendorff's alpha over its words, labels as values} for the articles two or more coded.

    The curation order (lowest first). Alpha is undefined when every word got the same value
    from everyone (nothing tagged, or all tagged alike): that is full agreement, 1.0.
    """
    from annotations.models import Annotation
    from newsdesk.models import Article

    coders = campaign_coders(campaign)
    if not coders:
        return {}
    bodies = dict(Article.objects.filter(pk__in=coders).values_list("pk", "body"))
    spans: dict[int, list[Span]] = defaultdict(list)
    for article_id, username, start, end, kind, slug in (
        Annotation.objects.alive()
        .filter(campaign=campaign, article_id__in=coders)
        .values_list("article_id", "annotator__username", "start", "end", "tag_type__kind", "tag_type__slug")
        .order_by("article_id", "start", "end", "id")
    ):
        if username in coders[article_id]:
            spans[article_id].append(Span(username, start, end, f"{kind}/{slug}"))
    result = {}
    for article_id, users in coders.items():
        found = agreement([Document(bodies[article_id], users, tuple(spans[article_id]))], users)
        result[article_id] = 1.0 if found.alpha is None else found.alpha
    return result
