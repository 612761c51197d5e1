"""The annotation workspace: read an article, tag spans, accept suggestions, finish the assignment.

Every write is an htmx POST answered with the re-rendered workspace (highlighted text +
tag list + suggestions); bad input answers 422 and a version conflict 409, both with the
message swapped next to the toolbar. Without htmx the same forms post and redirect back.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect, retarget

from annotations import services
from annotations.models import Annotation, Assignment, Campaign, SuggestionDismissal, TagType
from annotations.selectors import get_annotation_for_write
from annotations.suggestions import Suggestion, suggestions_for
from annotations.visibility import ArticleView, article_view_for, blind_reveal, with_article_views
from newsdesk.highlight import paragraphs_with_spans
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.markup import markdown_html
from newsdesk.models import Article, AttributionChain, Quote, Speaker
from newsdesk.params import next_url

TEMPLATE = "annotations/article_annotate.html"
SUGGESTIONS_LISTED = 60


def is_partial(request: Any) -> bool:
    return bool(request.htmx) and not request.htmx.boosted


# Reading the workspace


def visible_layer(*, article: Article, user: Any, assignment: Assignment | None, can_edit: bool) -> list[Annotation]:
    """My tags, plus others' where the campaign allows it (or for reviewers, who see all)."""
    qs = Annotation.objects.filter(article=article, deleted_at__isnull=True).select_related(
        "tag_type", "speaker", "annotator"
    )
    if can_edit and assignment is not None:
        campaign = assignment.campaign
        others_visible = campaign.visibility == Campaign.Visibility.ALL or (
            campaign.visibility == Campaign.Visibility.AFTER_DONE and assignment.status == Assignment.Status.DONE
        )
        if not others_visible:
            qs = qs.filter(annotator=user)
    elif can_edit:  # an admin working outside a campaign
        qs = qs.filter(annotator=user)
    return list(qs.order_by("start", "-end", "id"))


def text_html(paragraphs: list[Any], user_pk: int) -> SafeString:
    """The article as paragraphs of segments, built in Python: a template loop over thousands
    of segments costs seconds. Every piece of text and attribute is escaped."""
    out: list[str] = []
    for paragraph in paragraphs:
        out.append(f'<p data-start="{paragraph.start}" data-end="{paragraph.end}">')
        for seg in paragraph.segments:
            classes = ["seg"]
            ids = []
            for span in seg.spans:
                if isinstance(span, Suggestion):
                    classes += ["sugg", f"sugg-{span.kind}"]
                    ids.append(span.key)
                else:
                    classes += ["tag", f"tag-{span.tag_type_id}", f"kind-{span.tag_type.kind}"]
                    if span.annotator_id != user_pk:
                        classes.append("other-layer")
                    ids.append(f"a{span.pk}")
            if len(seg.spans) > 1:
                classes.append("nested")
            data_ids = f' data-ids="{escape(" ".join(ids))}"' if ids else ""
            out.append(
                f'<span class="{escape(" ".join(classes))}" data-o="{seg.start}"{data_ids}>{escape(seg.text)}</span>'
            )
        out.append("</p>")
    return mark_safe("".join(out))  # noqa: S308 - built from escaped parts above


def workspace_context(
    request: Any, article: Article, *, message: str = "", level: str = "info", view: ArticleView | None = None
) -> dict[str, Any]:
    user = request.user
    assignment = services.assignment_for(user=user, article=article)
    can_edit = services.can_annotate(user=user, article=article, assignment=assignment)
    campaign = assignment.campaign if assignment else None
    view = view or article_view_for(user, article)  # what this user may see of it (blind campaigns)
    annotations = view.annotations(visible_layer(article=article, user=user, assignment=assignment, can_edit=can_edit))
    dismissed = set(
        SuggestionDismissal.objects.filter(article=article, annotator=user).values_list("suggestion_key", flat=True)
    )
    taken = {a.suggestion_key for a in annotations if a.suggestion_key and a.annotator_id == user.pk}
    suggestions = view.suggestions(
        [s for s in suggestions_for(article) if s.key not in dismissed and s.key not in taken] if can_edit else []
    )
    tag_types = list(TagType.objects.filter(is_active=True).order_by("kind", "order"))
    if campaign is not None:
        allowed = set(campaign.tag_types.values_list("pk", flat=True))
        if allowed:
            tag_types = [t for t in tag_types if t.pk in allowed]
    for annotation in annotations:
        annotation.is_mine = annotation.annotator_id == user.pk  # type: ignore[attr-defined]
    spans = [*suggestions, *annotations]
    return {
        "article": view,
        "assignment": assignment,
        "campaign": campaign,
        "can_edit": can_edit,
        "blind": view.is_blind,
        "credits": view.credits(list(article.credits.select_related("outlet").order_by("role"))),
        "annotations": annotations,
        # The side list shows the first ones; all of them stay marked (dashed) in the text.
        "suggestions": suggestions[:SUGGESTIONS_LISTED],
        "suggestions_total": len(suggestions),
        "suggestions_more": max(0, len(suggestions) - SUGGESTIONS_LISTED),
        "text_html": text_html(paragraphs_with_spans(view.body, spans), user.pk),
        "tag_types": tag_types,
        "kinds": [
            (kind, label, [t for t in tag_types if t.kind == kind])
            for kind, label in (("claim", "Claim"), ("attribution", "Attribution"), ("framing", "Framing"))
        ],
        "quotes": view.quotes(list(Quote.objects.filter(article=article).select_related("speaker").order_by("start"))),
        "chains": view.chains(list(AttributionChain.objects.filter(article=article).order_by("start"))),
        "guidelines": markdown_html(campaign.guidelines) if campaign and campaign.guidelines else "",
        "sentences": view.sentences(),
        "message": message,
        "level": level,
    }


def article_for(pk: int) -> Article:
    return get_object_or_404(Article.objects.select_related("story"), pk=pk)


@require_GET
@login_required
def article_annotate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    article = article_for(pk)
    assignment = services.check_can_view(user=request.user, article=article)
    if assignment is not None:
        services.assignment_touch(assignment=assignment)
    context = workspace_context(request, article)
    return render(request, f"{TEMPLATE}#workspace" if is_partial(request) else TEMPLATE, context)


# Answers to writes


def workspace_answer(
    request: Any,
    article: Article,
    message: str,
    *,
    status: int = 200,
    level: str = "ok",
    view: ArticleView | None = None,
) -> HttpResponse:
    if not is_partial(request):
        (messages.success if status < 400 else messages.error)(request, message)
        return redirect("annotations:article_annotate", pk=article.pk)
    context = workspace_context(request, article, message=message, level=level, view=view)
    return render(request, f"{TEMPLATE}#workspace", context, status=status)


def problem_answer(request: Any, article: Article, message: str, *, status: int) -> HttpResponse:
    """A 422/409 with the message only, swapped into the toolbar's message box."""
    if not is_partial(request):
        messages.error(request, message)
        return redirect("annotations:article_annotate", pk=article.pk)
    response = render(request, f"{TEMPLATE}#ws-problem", {"message": message}, status=status)
    return retarget(response, "#ws-problem")


def validation_message(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# Writes


@require_POST
@login_required
def annotation_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    article = article_for(pk)
    assignment = services.check_can_annotate(user=request.user, article=article)
    data = request.POST
    campaign = assignment.campaign if assignment else None
    view = article_view_for(request.user, article)
    try:
        start, end = services.check_offsets(data.get("start"), data.get("end"))
        tag_type = services.check_tag_type(tag_type_id=data.get("tag_type"), campaign=campaign)
        start, end, text = view.stored_span(start, end, data.get("text", ""))
        annotation, created = services.annotation_create(
            article=article,
            annotator=request.user,
            start=start,
            end=end,
            text=text,
            tag_type=tag_type,
            note=data.get("note", ""),
            speaker=services.check_link(Speaker, data.get("speaker")),
            quote=services.check_link(Quote, data.get("quote"), article=article),
            chain=services.check_link(AttributionChain, data.get("chain"), article=article),
            campaign=campaign,
            idempotency_key=(data.get("idempotency_key") or "")[:64] or None,
        )
    except ValidationError as exc:
        return problem_answer(request, article, validation_message(exc), status=422)
    verb = "Saved" if created else "Already saved"
    return workspace_answer(
        request,
        article,
        f"{verb}: {tag_type.get_kind_display()} · {tag_type.label} on “{view.text(annotation.start, annotation.end)[:60]}”.",
        view=view,
    )


@require_POST
@login_required
def annotation_update(request: AuthenticatedHttpRequest, annotation_pk: int) -> HttpResponse:
    annotation = get_annotation_for_write(user=request.user, pk=annotation_pk)
    article = annotation.article
    data = request.POST
    try:
        tag_type = (
            services.check_tag_type(tag_type_id=data.get("tag_type"), campaign=annotation.campaign)
            if data.get("tag_type")
            else None
        )
        services.annotation_update(
            annotation=annotation,
            actor=request.user,
            version=data.get("version"),
            tag_type=tag_type,
            note=article_view_for(request.user, article).stored_note(data.get("note"), annotation.note)
            if "note" in data
            else None,
            speaker=services.check_link(Speaker, data.get("speaker")) if "speaker" in data else False,
            quote=services.check_link(Quote, data.get("quote"), article=article) if "quote" in data else False,
            chain=services.check_link(AttributionChain, data.get("chain"), article=article)
            if "chain" in data
            else False,
        )
    except services.AnnotationConflict as exc:
        return problem_answer(request, article, str(exc), status=409)
    except ValidationError as exc:
        return problem_answer(request, article, validation_message(exc), status=422)
    return workspace_answer(request, article, "Tag updated.")


@require_POST
@login_required
def annotation_delete(request: AuthenticatedHttpRequest, annotation_pk: int) -> HttpResponse:
    annotation = get_annotation_for_write(user=request.user, pk=annotation_pk)
    try:
        services.annotation_delete(annotation=annotation, actor=request.user, version=request.POST.get("version"))
    except services.AnnotationConflict as exc:
        return problem_answer(request, annotation.article, str(exc), status=409)
    except ValidationError as exc:
        return problem_answer(request, annotation.article, validation_message(exc), status=422)
    view = article_view_for(request.user, annotation.article)
    shown = view.text(annotation.start, annotation.end)
    return workspace_answer(
        request, annotation.article, f"Deleted the tag on “{shown[:60]}”. Undo brings it back.", view=view
    )


@require_POST
@login_required
def annotation_undo(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    article = article_for(pk)
    services.check_can_annotate(user=request.user, article=article)
    undone = services.annotation_undo(article=article, actor=request.user)
    return workspace_answer(
        request, article, f"Undid {undone}." if undone else "Nothing to undo.", level="ok" if undone else "info"
    )


@require_POST
@login_required
def suggestion_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    article = article_for(pk)
    assignment = services.check_can_annotate(user=request.user, article=article)
    view = article_view_for(request.user, article)
    try:
        annotation, _ = services.suggestion_accept(
            article=article,
            annotator=request.user,
            key=view.suggestion_stored_key(request.POST.get("key", "")),
            campaign=assignment.campaign if assignment else None,
        )
    except ValidationError as exc:
        return problem_answer(request, article, validation_message(exc), status=422)
    shown = view.text(annotation.start, annotation.end)
    return workspace_answer(request, article, f"Accepted: {annotation.tag_type.label} on “{shown[:60]}”.", view=view)


@require_POST
@login_required
def suggestion_dismiss(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    article = article_for(pk)
    services.check_can_annotate(user=request.user, article=article)
    key = article_view_for(request.user, article).suggestion_stored_key(request.POST.get("key", ""))
    try:
        services.suggestion_dismiss(article=article, annotator=request.user, key=key)
    except ValidationError as exc:
        return problem_answer(request, article, validation_message(exc), status=422)
    return workspace_answer(request, article, "Suggestion dismissed.", level="info")


# Assignments


def my_assignment(request: Any, pk: int) -> Assignment:
    article = article_for(pk)
    assignment = services.assignment_for(user=request.user, article=article)
    if assignment is None:
        raise PermissionDenied("This article is not assigned to you.")
    return assignment


@require_POST
@login_required
def assignment_finish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assignment = my_assignment(request, pk)
    services.assignment_finish(assignment=assignment)
    following = services.assignment_next(user=request.user, after=assignment)
    target = (
        reverse("annotations:article_annotate", args=[following.article_id])
        if following
        else reverse("annotations:assignment_list")
    )
    title = article_view_for(request.user, assignment.article).title
    messages.success(request, f"Marked “{title[:60]}” as done." + ("" if following else " Your queue is empty."))
    return HttpResponseClientRedirect(target) if request.htmx else redirect(target)


@require_POST
@login_required
def assignment_ping(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assignment = my_assignment(request, pk)
    try:
        services.assignment_add_time(assignment=assignment, seconds=request.POST.get("seconds"))
    except ValidationError as exc:
        return HttpResponse(validation_message(exc), status=422)
    return HttpResponse(status=204)


@require_GET
@login_required
def assignment_next(request: AuthenticatedHttpRequest) -> HttpResponse:
    following = services.assignment_next(user=request.user)
    if following is None:
        messages.info(request, "Your queue is empty.")
        return redirect("annotations:assignment_list")
    return redirect("annotations:article_annotate", pk=following.article_id)


@require_GET
@login_required
def assignment_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My assignments with progress (the dashboard includes its partial `assignment-list`)."""
    assignments = list(
        Assignment.objects.filter(annotator=request.user)
        .select_related("campaign")
        .prefetch_related(Prefetch("article", queryset=Article.objects.only("id", "title")))
        .order_by("status", "campaign_id", "position", "id")
    )
    with_article_views(request.user, assignments)
    done = sum(1 for a in assignments if a.status == Assignment.Status.DONE)
    context = {
        "assignments": assignments,
        "done": done,
        "total": len(assignments),
        "next_assignment": next((a for a in assignments if a.status != Assignment.Status.DONE), None),
    }
    template = "annotations/assignment_list.html"
    return render(request, f"{template}#assignment-list" if is_partial(request) else template, context)


# Tag colours as a stylesheet (no inline styles under the CSP)


@require_GET
def tag_colours_css(request: HttpRequest) -> HttpResponse:
    rules = []
    for tag_type in TagType.objects.order_by("kind", "order"):
        colour = tag_type.colour if len(tag_type.colour) == 7 and tag_type.colour.startswith("#") else "#999999"
        rules.append(f".tag-{tag_type.pk} {{ --tag: {colour}; }}")
    response = HttpResponse("\n".join(rules) + "\n", content_type="text/css")
    patch_cache_control(response, max_age=60, private=True)
    return response


@require_POST
@login_required
def article_reveal(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Show a blind article's outlet to this user from now on (explicit, and logged)."""
    article = article_for(pk)
    if blind_reveal(user=request.user, article=article, reason=request.POST.get("reason") or "") is not None:
        messages.info(
            request, "The outlet is revealed to you for this article; the campaign's reviewers can see that you did."
        )
    return redirect(next_url(request, article.get_absolute_url()))
