"""Curation: a campaign's articles by lowest agreement first, and per article the annotators' versions
side by side, grouped by overlapping span, from which the adjudicator builds the gold layer.

Every write goes through `annotations.gold` (version-checked, one GoldEvent each); an htmx
POST answers the curation panel only (the article text never changes here), without htmx
the form posts and redirects back. Offsets come from a text selection in the article
(`static/js/spans.js`), as this reviewer sees the text (masked when blind).
"""

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from annotations import gold
from annotations.agreement import article_agreements, campaign_coders
from annotations.forms import GoldTagForm
from annotations.models import Annotation, Assignment, Campaign, GoldAnnotation, TagType
from annotations.visibility import ArticleView, article_view_for, article_views_for
from newsdesk.highlight import paragraphs_with_spans
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.models import Article
from newsdesk.params import id_or_404
from newsdesk.roles import REVIEWER, is_admin, role_required

TEMPLATE = "annotations/campaign_adjudicate.html"
ARTICLES_PER_PAGE = 50
MERGE_MAX = 50


def is_partial(request: Any) -> bool:
    return bool(request.htmx) and not request.htmx.boosted


def segments_html(paragraphs: list[Any], classes_for: Any) -> SafeString:
    """Paragraphs of `<span class="seg" data-o="…">`: the markup `static/js/spans.js` turns a selection
    of into code-point offsets (the workspace's convention). Built in Python, every part escaped."""
    out: list[str] = []
    for paragraph in paragraphs:
        out.append(f'<p data-start="{paragraph.start}" data-end="{paragraph.end}">')
        for seg in paragraph.segments:
            classes = " ".join(["seg", *classes_for(seg.spans)])
            out.append(f'<span class="{escape(classes)}" data-o="{seg.start}">{escape(seg.text)}</span>')
        out.append("</p>")
    return mark_safe("".join(out))  # noqa: S308 - built from escaped parts above


# The campaign's articles, lowest agreement first


def agreements_for(campaign: Campaign) -> dict[int, float]:
    """`article_agreements`, cached under the state of the campaign's tags and assignments.

    Computing it reads every tag of the campaign (about 0.9 s for 300 articles of 3 KB with
    40 tags each); two aggregate queries name the state, so any change of a tag (its
    `updated_at` moves, or the count does) or of an assignment makes a new key: never stale.
    """
    tags = Annotation.objects.filter(campaign=campaign).aggregate(n=Count("id"), last=Max("updated_at"))
    work = Assignment.objects.filter(campaign=campaign).aggregate(
        n=Count("id"), done=Count("id", filter=Q(status=Assignment.Status.DONE))
    )
    state = (campaign.pk, campaign.created_at.isoformat(), *tags.values(), *work.values())
    key = "curation-agreements:1:" + hashlib.sha256(repr(state).encode()).hexdigest()
    found: dict[int, float] | None = cache.get(key)
    if found is None:
        found = article_agreements(campaign)
        cache.set(key, found, 3600)
    return found


def per_article(qs: Any) -> dict[int, int]:
    return dict(qs.values("article_id").annotate(n=Count("id")).order_by().values_list("article_id", "n"))


@require_GET
@role_required(REVIEWER)
def campaign_curate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk)
    agreements = agreements_for(campaign)
    # Lowest agreement first; articles only one annotator coded (no agreement yet) last. Only ids
    # are sorted; the page's articles are read in full (the titles as this user may see them).
    ids = list(campaign.articles.values_list("pk", flat=True))
    ids.sort(key=lambda pk: (pk not in agreements, agreements.get(pk, 0.0), pk))
    page = Paginator(ids, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    articles = Article.objects.filter(pk__in=shown).only("id", "title", "body", "story_id")
    views = article_views_for(request.user, articles)
    counts = per_article(Annotation.objects.alive().filter(campaign=campaign, article_id__in=shown))
    golds = per_article(GoldAnnotation.objects.alive().filter(campaign=campaign, article_id__in=shown))
    rows = [
        {"view": views[pk], "alpha": agreements.get(pk), "n_tags": counts.get(pk, 0), "n_gold": golds.get(pk, 0)}
        for pk in shown
    ]
    return render(request, "annotations/campaign_curate.html", {"campaign": campaign, "rows": rows, "page": page})


# One article: versions grouped by span, and the gold layer


@dataclass
class Group:
    """Annotators' tags whose spans overlap one another: versions of one span."""

    start: int
    end: int
    members: list[Annotation] = field(default_factory=list)
    text: str = ""
    agreed: bool = False
    missing: list[str] = field(default_factory=list)
    in_gold: bool = False

    @property
    def key(self) -> str:
        return f"{self.start}-{self.end}"


def span_groups(annotations: list[Annotation], coders: list[str], view: ArticleView) -> list[Group]:
    """Overlapping tags in one group (transitively), in text order; `annotations` sorted by start."""
    groups: list[Group] = []
    for a in annotations:
        if groups and a.start < groups[-1].end:
            groups[-1].members.append(a)
            groups[-1].end = max(groups[-1].end, a.end)
        else:
            groups.append(Group(a.start, a.end, [a]))
    for g in groups:
        g.text = view.body[g.start : g.end]
        who = {m.annotator.get_username() for m in g.members}
        versions = {(m.start, m.end, m.tag_type_id) for m in g.members}
        g.missing = sorted(set(coders) - who)
        g.agreed = len(coders) > 1 and not g.missing and len(versions) == 1
        g.in_gold = any(m.in_gold for m in g.members)  # type: ignore[attr-defined]
    return groups


def curation_context(request: Any, campaign: Campaign, article: Article, view: ArticleView) -> dict[str, Any]:
    annotations = list(
        Annotation.objects.alive()
        .filter(article=article, campaign=campaign)
        .select_related("tag_type", "annotator")
        .order_by("start", "-end", "annotator__username", "id")
    )
    coders = list(campaign_coders(campaign, article_ids=[article.pk]).get(article.pk, ()))
    layer = gold.gold_layer(campaign=campaign, article=article)
    in_gold = {(item.source_id, item.tag_type_id) for item in layer}
    user = request.user
    for a in annotations:
        a.in_gold = (a.pk, a.tag_type_id) in in_gold  # type: ignore[attr-defined]
        a.is_own = a.annotator_id == user.pk and not is_admin(user)  # type: ignore[attr-defined]
    view.annotations(annotations)
    for item in layer:
        view.annotation(item)  # type: ignore[arg-type]  # a gold item has the same span fields
    groups = span_groups(annotations, coders, view)
    tag_types = list(TagType.objects.filter(is_active=True).order_by("kind", "order"))
    allowed = {t.pk for t in campaign.tag_types.all()}
    return {
        "campaign": campaign,
        "article": view,
        "annotators": coders,
        "groups": groups,
        "gold": layer,
        "agreed": sum(1 for g in groups if g.agreed),
        "tag_types": [t for t in tag_types if not allowed or t.pk in allowed],
        "can_undo": gold.gold_last_choice(campaign=campaign, article=article, actor=user) is not None,
        "annotations": annotations,
    }


def check_campaign_label(campaign: Campaign, tag_type: TagType) -> None:
    allowed = campaign.tag_types.all()
    if allowed.exists() and not allowed.filter(pk=tag_type.pk).exists():
        raise ValidationError(f"The label “{tag_type.label}” is not used in this campaign.")


def curation_post(request: AuthenticatedHttpRequest, campaign: Campaign, article: Article, view: ArticleView) -> str:
    """Apply one curation form; the message to show. Raises ValidationError / GoldConflict / PermissionDenied.

    Tags are read again from the database (the page showed them as this reviewer sees them)
    and must be live tags of this campaign on this article: anything else is a 404.
    """
    data = request.POST
    tags = Annotation.objects.alive().select_related("annotator", "tag_type", "campaign", "article")

    def tag(value: Any) -> Annotation:
        return get_object_or_404(tags, pk=id_or_404(value), article=article, campaign=campaign)

    if data.get("use"):
        annotation = tag(data["use"])
        gold.gold_from_annotation(annotation=annotation, actor=request.user)
        shown = view.text(annotation.start, annotation.end)[:50]
        return f"Took {annotation.annotator.get_username()}’s version of “{shown}” into the gold layer."
    if data.get("remove"):
        item = get_object_or_404(GoldAnnotation, pk=id_or_404(data["remove"]), article=article, campaign=campaign)
        gold.gold_remove(item=item, actor=request.user, version=data.get("version"))
        return f"Removed “{view.text(item.start, item.end)[:50]}” from the gold layer."
    if data.get("action") == "undo":
        undone = gold.gold_undo(campaign=campaign, article=article, actor=request.user)
        return f"Undid {undone}." if undone else "Nothing of yours to undo on this article."
    if data.get("action") == "merge":
        picked = data.getlist("merge")
        if len(picked) > MERGE_MAX:
            raise ValidationError(f"Merge at most {MERGE_MAX} versions at once.")
        sources = [tag(value) for value in picked]
        tag_type = get_object_or_404(TagType, pk=id_or_404(data.get("tag_type")), is_active=True)
        check_campaign_label(campaign, tag_type)
        item, created = gold.gold_merge(sources=sources, actor=request.user, tag_type=tag_type)
        shown = view.text(item.start, item.end)[:50]
        return (
            f"Merged {len(sources)} versions into “{shown}”."
            if created
            else "Gold already holds that span with that label."
        )
    form = GoldTagForm(data)
    if not form.is_valid():
        raise ValidationError(
            "Select the words in the article first, then pick a label."
            if form.errors.keys() & {"start", "end"}
            else "Check the form: " + "; ".join(str(e) for errors in form.errors.values() for e in errors)
        )
    d = form.cleaned_data
    start, end, text = view.stored_span(d["start"], d["end"], d["text"] or None)
    check_campaign_label(campaign, d["tag_type"])
    gold.gold_create(
        campaign=campaign,
        article=article,
        actor=request.user,
        start=start,
        end=end,
        text=text,
        tag_type=d["tag_type"],
        note=d["note"],
    )
    return "Added your item to the gold layer."


@require_http_methods(["GET", "POST"])
@role_required(REVIEWER)
def campaign_adjudicate(request: AuthenticatedHttpRequest, pk: int, article_pk: int) -> HttpResponse:
    """The annotators' versions side by side (never changed here) and the gold layer built from them."""
    campaign = get_object_or_404(Campaign, pk=pk)
    article = get_object_or_404(Article, pk=article_pk, campaigns=campaign)
    view = article_view_for(request.user, article)  # offsets and texts as this reviewer sees them
    message, level, status = "", "ok", 200
    if request.method == "POST":
        try:
            message = curation_post(request, campaign, article, view)
        except ValidationError as exc:
            message, level, status = " ".join(exc.messages), "problem", 422
        except gold.GoldConflict as exc:
            message, level, status = str(exc), "problem", 409
        if not is_partial(request) and status == 200:
            messages.success(request, message)
            return redirect("annotations:campaign_adjudicate", pk=pk, article_pk=article_pk)
    context = curation_context(request, campaign, article, view)
    context |= {"message": message, "level": level}
    if is_partial(request):
        return render(request, f"{TEMPLATE}#curation-panel", context, status=status)
    context["text_html"] = segments_html(
        paragraphs_with_spans(view.body, context["annotations"]),
        lambda spans: [f"layers-{min(len(spans), 4)}"] if spans else [],
    )
    context["next_article"] = next_to_curate(campaign, article)
    return render(request, TEMPLATE, context, status=status)


def next_to_curate(campaign: Campaign, article: Article) -> int | None:
    """The article after this one in the curation order (lowest agreement first)."""
    agreements = agreements_for(campaign)
    order = sorted(agreements, key=lambda pk: (agreements[pk], pk))
    if article.pk in order and order.index(article.pk) + 1 < len(order):
        return order[order.index(article.pk) + 1]
    return None
