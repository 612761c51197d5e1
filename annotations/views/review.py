"""Review: the queue with filters and keyboard decisions, bulk decisions, tag history, annotators' feedback."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import retarget

from annotations import review, selectors
from annotations.models import Annotation, AnnotationQuerySet, Campaign, ReasonCode, ReviewEvent, TagType
from annotations.services import AnnotationConflict, check_offsets, check_tag_type
from annotations.views.curation import segments_html
from annotations.visibility import article_view_for, is_blind_anywhere, with_article_views, without_hidden
from newsdesk.highlight import paragraphs_with_spans
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.models import Article, Outlet
from newsdesk.params import id_or_none, next_url
from newsdesk.queries import story_choices
from newsdesk.roles import REVIEWER, role_required

QUEUE = "annotations/review_queue.html"
PAGE_SIZE = 30
CONTEXT_CHARS = 90


def is_partial(request: Any) -> bool:
    return bool(request.htmx) and not request.htmx.boosted


def queue_filters(request: Any) -> tuple[QuerySet[Annotation], dict[str, str]]:
    params = (
        {k: v for k, v in request.GET.items() if v and k != "page"}
        if request.method == "GET"
        else {k: v for k, v in request.POST.items() if v and k.startswith("f_")}
    )
    params = {k.removeprefix("f_"): v for k, v in params.items()}
    status = params.get("status", "pending")
    qs = Annotation.objects.alive()
    if status != "all":
        qs = qs.filter(status=status)
    if params.get("campaign"):
        campaign = id_or_none(params["campaign"])
        qs = qs.filter(campaign_id=campaign) if campaign else qs.none()
    if params.get("annotator"):
        qs = qs.filter(annotator__username=params["annotator"])
    if params.get("kind"):
        qs = qs.filter(tag_type__kind=params["kind"])
    if params.get("label"):
        qs = qs.filter(tag_type__slug=params["label"])
    if params.get("outlet"):
        qs = qs.filter(article__credits__outlet__slug=params["outlet"], article__credits__role="primary")
    if params.get("story"):
        qs = qs.filter(article__story__slug=params["story"])
    if params.get("outlet") or params.get("story"):
        qs = without_hidden(request.user, qs, "article")  # else the filter would say what is hidden
    return qs, {**params, "status": status}


def with_context(user: Any, annotations: list[Annotation]) -> list[Annotation]:
    """The tag inside its sentence (roughly: up to CONTEXT_CHARS either side, cut at a line end), as `user` may see it."""
    with_article_views(user, annotations)
    for a in annotations:
        view = a.article_view  # type: ignore[attr-defined]
        view.annotation(a)
        body = view.body
        left = body.rfind("\n", 0, a.start) + 1
        right = body.find("\n", a.end)
        right = len(body) if right == -1 else right
        # The context as segments with their offsets (data-o), so a selection in it corrects the span.
        a.context_start = max(left, a.start - CONTEXT_CHARS)  # type: ignore[attr-defined]
        a.cut_before = a.start - left > CONTEXT_CHARS  # type: ignore[attr-defined]
        a.cut_after = right - a.end > CONTEXT_CHARS  # type: ignore[attr-defined]
        a.before = body[a.context_start : a.start]  # type: ignore[attr-defined]
        a.after = body[a.end : min(right, a.end + CONTEXT_CHARS)]  # type: ignore[attr-defined]
        credits = view.credits([c for c in a.article.credits.all() if c.role == "primary"])
        a.outlet = credits[0].outlet if credits else None  # type: ignore[attr-defined]
    return annotations


@require_GET
@role_required(REVIEWER)
def review_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    qs, filters = queue_filters(request)
    qs = (
        qs.select_related("tag_type", "annotator", "article", "campaign")
        .prefetch_related("article__credits__outlet")
        .order_by("created_at", "id")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    annotations = with_context(request.user, list(page.object_list))
    context = {
        "page": page,
        "annotations": annotations,
        "groups": span_versions(annotations),
        "next_here": request.get_full_path(),
        "filters": filters,
        "campaigns": Campaign.objects.order_by("name").only("id", "name"),
        "tag_types": TagType.objects.filter(is_active=True).order_by("kind", "order"),
        # No outlet menu while a blind campaign hides outlets from this reviewer.
        "outlets": [] if is_blind_anywhere(request.user) else Outlet.objects.order_by("name").only("name", "slug"),
        "stories": story_choices(filters.get("story", "")),
        "reasons": ReasonCode.objects.filter(is_active=True),
        "statuses": [
            ("pending", "Pending"),
            ("needs_changes", "Needs changes"),
            ("accepted", "Accepted"),
            ("rejected", "Rejected"),
            ("all", "All"),
        ],
    }
    return render(request, f"{QUEUE}#review-list" if is_partial(request) else QUEUE, context)


def span_versions(annotations: list[Annotation]) -> list[list[Annotation]]:
    """The page's rows with the versions of one span (same article, overlapping spans, any annotator)
    together, each group where its first row was: the queue's order is kept otherwise."""
    groups: list[list[Annotation]] = []
    open_groups: dict[int, list[list[Annotation]]] = {}
    for a in annotations:
        for group in open_groups.get(a.article_id, []):
            if any(a.start < b.end and b.start < a.end for b in group):
                group.append(a)
                break
        else:
            group = [a]
            groups.append(group)
            open_groups.setdefault(a.article_id, []).append(group)
    for group in groups:
        group.sort(key=lambda a: (a.start, -a.end, a.annotator.get_username()))
    return groups


def row_answer(request: Any, annotation: Annotation, *, message: str, status: int = 200) -> HttpResponse:
    if not is_partial(request):
        (messages.success if status < 400 else messages.error)(request, message)
        return redirect(next_url(request, reverse("annotations:review_queue")))
    annotation = (
        Annotation.objects.select_related("tag_type", "annotator", "article", "campaign")
        .prefetch_related("article__credits__outlet")
        .get(pk=annotation.pk)
    )
    context = {
        "a": with_context(request.user, [annotation])[0],
        "message": message,
        "next_here": request.POST.get("next", ""),
        "reasons": ReasonCode.objects.filter(is_active=True),
        "tag_types": TagType.objects.filter(is_active=True).order_by("kind", "order"),
    }
    return render(request, f"{QUEUE}#review-row", context, status=status)


def problem(request: Any, annotation: Annotation, message: str, status: int) -> HttpResponse:
    if not is_partial(request):
        messages.error(request, message)
        return redirect("annotations:review_queue")
    response = render(request, f"{QUEUE}#row-problem", {"a": annotation, "message": message}, status=status)
    return retarget(response, f"#problem-{annotation.pk}")


@require_POST
@role_required(REVIEWER)
def review_decide(request: AuthenticatedHttpRequest, annotation_pk: int) -> HttpResponse:
    annotation = get_object_or_404(Annotation.objects.alive(), pk=annotation_pk)
    data = request.POST
    try:
        reason = review.check_reason(data.get("reason"))
        decided = review.review_decide(
            annotation=annotation,
            reviewer=request.user,
            decision=data.get("decision", ""),
            version=data.get("version"),
            comment=data.get("comment", ""),
            reason=reason,
        )
    except AnnotationConflict as exc:
        return problem(request, annotation, str(exc), 409)
    except ValidationError as exc:
        return problem(request, annotation, " ".join(exc.messages), 422)
    return row_answer(request, decided, message=f"{decided.get_status_display()}.")


@require_POST
@role_required(REVIEWER)
def review_correct(request: AuthenticatedHttpRequest, annotation_pk: int) -> HttpResponse:
    annotation = get_object_or_404(Annotation.objects.alive().select_related("article"), pk=annotation_pk)
    data = request.POST
    try:
        tag_type = check_tag_type(tag_type_id=data.get("tag_type"), campaign=None) if data.get("tag_type") else None
        start = end = None
        text = data.get("text") or None
        if data.get("start") or data.get("end"):
            start, end = check_offsets(data.get("start"), data.get("end"))
            start, end, text = article_view_for(request.user, annotation.article).stored_span(start, end, text)
        corrected = review.review_correct(
            annotation=annotation,
            reviewer=request.user,
            version=data.get("version"),
            tag_type=tag_type,
            start=start,
            end=end,
            text=text,
            comment=data.get("comment", ""),
        )
    except AnnotationConflict as exc:
        return problem(request, annotation, str(exc), 409)
    except ValidationError as exc:
        return problem(request, annotation, " ".join(exc.messages), 422)
    return row_answer(request, corrected, message="Corrected and accepted.")


@require_POST
@role_required(REVIEWER)
def review_bulk(request: AuthenticatedHttpRequest) -> HttpResponse:
    qs, filters = queue_filters(request)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Bulk decisions need the confirmation box ticked.")
        return redirect("annotations:review_queue")
    try:
        count = review.review_bulk(
            annotations=qs,
            reviewer=request.user,
            decision=request.POST.get("decision", ""),
            comment=request.POST.get("comment", ""),
            reason=review.check_reason(request.POST.get("reason")),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("annotations:review_queue")
    messages.success(
        request, f"{request.POST.get('decision', '').capitalize()}ed {count} tag{'s' if count != 1 else ''}."
    )
    return redirect(f"{reverse('annotations:review_queue')}?{urlencode(filters)}")


@require_GET
@login_required
def annotation_history(request: AuthenticatedHttpRequest, annotation_pk: int) -> HttpResponse:
    annotation = selectors.get_annotation_for_read(user=request.user, pk=annotation_pk, include_deleted=True)
    view = article_view_for(request.user, annotation.article)
    view.annotation(annotation)
    annotation.article_view = view  # type: ignore[attr-defined]
    events = [view.event(e) for e in annotation.events.select_related("actor", "reason").order_by("created_at", "id")]
    template = "annotations/review_history.html"
    return render(
        request, f"{template}#history" if is_partial(request) else template, {"a": annotation, "events": events}
    )


@require_GET
@login_required
def my_feedback(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What reviewers decided on my tags, with their comments; 'needs changes' first."""
    decided = (
        Annotation.objects.alive()
        .filter(annotator=request.user)
        .exclude(status=Annotation.Status.PENDING)
        .select_related("tag_type", "article")
        .order_by("-updated_at")[:200]
    )
    mine: list[Annotation] = sorted(decided, key=lambda a: a.status != Annotation.Status.NEEDS_CHANGES)
    for a in with_article_views(request.user, mine):
        a.article_view.annotation(a)  # type: ignore[attr-defined]
    latest = {}
    for event in (
        ReviewEvent.objects.filter(annotation__in=[a.pk for a in mine])
        .exclude(actor=request.user)
        .select_related("actor", "reason")
        .order_by("created_at")
    ):
        latest[event.annotation_id] = event
    for a in mine:
        decision = latest.get(a.pk)
        a.decision = a.article_view.event(decision) if decision else None  # type: ignore[attr-defined]
    return render(request, "annotations/review_feedback.html", {"annotations": mine})


# Deciding on the rows a reviewer ticked


def row_queryset() -> AnnotationQuerySet:
    return Annotation.objects.select_related("tag_type", "annotator", "article", "campaign").prefetch_related(
        "article__credits__outlet"
    )


def selected_message(result: review.Selected, decision: str) -> str:
    done = {"accept": "Accepted", "reject": "Rejected", "needs_changes": "Sent back"}.get(decision, "Decided")
    n = len(result.decided)
    parts = [f"{done} {n} tag{'s' if n != 1 else ''}."]
    if result.own:
        parts.append(f"Left {len(result.own)} of your own alone: reviewers never decide on their own tags.")
    if result.changed:
        parts.append(f"Left {len(result.changed)} alone that changed since you loaded the page: reload to see them.")
    if result.missing:
        parts.append(f"{len(result.missing)} no longer exist.")
    return " ".join(parts)


@require_POST
@role_required(REVIEWER)
def review_selected(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One decision (accept, reject, needs changes, with a reason) on the ticked rows only, each on the version shown."""
    back = next_url(request, reverse("annotations:review_queue"))
    decision = request.POST.get("decision", "")
    try:
        result = review.review_selected(
            selections=review.check_selection(request.POST.getlist("pick")),
            reviewer=request.user,
            decision=decision,
            comment=request.POST.get("comment", ""),
            reason=review.check_reason(request.POST.get("reason")),
        )
    except ValidationError as exc:
        if not is_partial(request):
            messages.error(request, " ".join(exc.messages))
            return redirect(back)
        problem = {"select_message": " ".join(exc.messages), "select_level": "problem"}
        return render(request, f"{QUEUE}#select-message", problem, status=422)
    message = selected_message(result, decision)
    if not is_partial(request):
        messages.success(request, message)
        return redirect(back)
    rows = with_context(request.user, list(row_queryset().filter(pk__in=[a.pk for a in result.decided])))
    context: dict[str, Any] = {
        "rows": rows,
        "select_message": message,
        "select_level": "ok",
        "reasons": ReasonCode.objects.filter(is_active=True),
        "tag_types": TagType.objects.filter(is_active=True).order_by("kind", "order"),
        "next_here": request.POST.get("next", ""),
    }
    return render(request, f"{QUEUE}#selected-answer", context)


# Reviewing inside the article


@require_GET
@role_required(REVIEWER)
def article_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The article's text with its tags, each decided or corrected in place (a selection in the text sets a span)."""
    article = get_object_or_404(Article, pk=pk)
    tags = row_queryset().alive().filter(article=article)
    campaign_id = id_or_none(request.GET.get("campaign", ""))
    if campaign_id:
        tags = tags.filter(campaign_id=campaign_id)
    status = request.GET.get("status", "")
    if status in Annotation.Status.values:
        tags = tags.filter(status=status)
    annotations = with_context(request.user, list(tags.order_by("start", "-end", "annotator__username", "id")))
    view = annotations[0].article_view if annotations else article_view_for(request.user, article)  # type: ignore[attr-defined]
    text = segments_html(
        paragraphs_with_spans(view.body, annotations),
        lambda spans: ["tag", f"tag-{spans[-1].tag_type_id}", *(["nested"] if len(spans) > 1 else [])] if spans else [],
    )
    context = {
        "article": view,
        "annotations": annotations,
        "groups": span_versions(annotations),
        "text_html": text,
        "filters": {"campaign": str(campaign_id or ""), "status": status},
        "campaigns": Campaign.objects.filter(annotations__article=article)
        .distinct()
        .order_by("name")
        .only("id", "name"),
        "statuses": Annotation.Status.choices,
        "reasons": ReasonCode.objects.filter(is_active=True),
        "tag_types": TagType.objects.filter(is_active=True).order_by("kind", "order"),
        "next_here": request.get_full_path(),
    }
    return render(request, "annotations/article_review.html", context)
