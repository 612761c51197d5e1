"""The annotation workspace: read an article, tag spans, accept suggestions, finish the assignment.

The page carries the text with every tag marked; the tag and suggestion cards come in pages
as the annotator scrolls (`annotation_list`, `suggestion_list`). Every write is an htmx POST
answered with only what it changed (`#ws-change`: the message, the counters, the paragraphs
the tag lies in, the changed cards for the script to put in place), whatever the number of
tags; bad input answers 422 and a version conflict 409, both with the message swapped next
to the toolbar. Without htmx the same forms post and redirect back.
"""

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Prefetch, QuerySet, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from annotations import services
from annotations import workspace as ws
from annotations.models import Annotation, Assignment, Campaign, TagType
from annotations.selectors import get_annotation_for_write
from annotations.suggestions import Suggestion, suggestions_for
from annotations.visibility import ArticleView, article_view_for, blind_reveal, with_article_views
from newsdesk.comparison.story import row_version
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.markup import markdown_html
from newsdesk.models import Article, AttributionChain, Quote, Speaker
from newsdesk.params import id_or_none, next_url

TEMPLATE = "annotations/article_annotate.html"


def is_partial(request: Any) -> bool:
    return bool(request.htmx) and not request.htmx.boosted


# Who reads what


@dataclass
class Reader:
    """One user on one article: their assignment, whether they may tag, what they may see, their layer."""

    user: Any
    article: Article
    assignment: Assignment | None
    can_edit: bool
    view: ArticleView

    @property
    def campaign(self) -> Campaign | None:
        return self.assignment.campaign if self.assignment else None

    def layer(self, *, deleted: bool = False) -> QuerySet[Annotation]:
        return ws.layer(
            article=self.article,
            user=self.user,
            assignment=self.assignment,
            can_edit=self.can_edit,
            deleted=deleted,
        )

    def suggestions(self) -> list[Suggestion]:
        return ws.open_suggestions(view=self.view, article=self.article, user=self.user, can_edit=self.can_edit)


def reader_for(request: Any, article: Article, *, assignment: Any = False, view: ArticleView | None = None) -> Reader:
    user = request.user
    if assignment is False:
        assignment = services.assignment_for(user=user, article=article)
    return Reader(
        user=user,
        article=article,
        assignment=assignment,
        can_edit=services.can_annotate(user=user, article=article, assignment=assignment),
        view=view or article_view_for(user, article),  # what this user may see of it (blind campaigns)
    )


# Reading the workspace


def quote_options(view: ArticleView, article: Article) -> tuple[SafeString, SafeString]:
    """The toolbar's quote and speaker menus, built once per page (hundreds of quotes, no filter per row)."""
    if view.is_blind:
        quotes = view.quotes(list(Quote.objects.filter(article=article).select_related("speaker").order_by("start")))
        rows = [(q.pk, q.text, q.speaker_id, q.speaker.name if q.speaker_id else "") for q in quotes]
    else:
        rows = list(
            Quote.objects.filter(article=article)
            .order_by("start")
            .values_list("pk", "text", "speaker_id", "speaker__name")
        )
    options, speakers, seen = [], [], set()
    for pk, text, speaker_id, name in rows:
        label = text if len(text) <= 50 else text[:49] + "…"
        if speaker_id:
            label += f" ({name})"
            if speaker_id not in seen:
                seen.add(speaker_id)
                speakers.append(f'<option value="{speaker_id}">{escape(name)}</option>')
        options.append(f'<option value="{pk}" data-speaker="{speaker_id or ""}">{escape(label)}</option>')
    return mark_safe("".join(options)), mark_safe("".join(speakers))  # noqa: S308 - escaped above


def tag_types_for(campaign: Campaign | None) -> list[TagType]:
    tag_types = list(TagType.objects.filter(is_active=True).order_by("kind", "order"))
    if campaign is not None:
        allowed = set(campaign.tag_types.values_list("pk", flat=True))
        if allowed:
            tag_types = [t for t in tag_types if t.pk in allowed]
    return tag_types


def workspace_context(request: Any, reader: Reader) -> dict[str, Any]:
    article, view, campaign = reader.article, reader.view, reader.campaign
    text, tags_total = ws.marked_text(view, article, reader.layer(), request.user.pk)
    suggestions = reader.suggestions()
    tag_types = tag_types_for(campaign)
    options, speakers = quote_options(view, article)
    return {
        "article": view,
        "assignment": reader.assignment,
        "campaign": campaign,
        "can_edit": reader.can_edit,
        "blind": view.is_blind,
        "credits": view.credits(list(article.credits.select_related("outlet").order_by("role"))),
        "tags_total": tags_total,
        "suggestions_total": len(suggestions),
        "suggestion_marks": ws.suggestion_marks(suggestions),
        "text_html": mark_safe(text),  # noqa: S308 - built from escaped parts
        "tag_types": tag_types,
        "kinds": [
            (kind, label, [t for t in tag_types if t.kind == kind])
            for kind, label in (("claim", "Claim"), ("attribution", "Attribution"), ("framing", "Framing"))
        ],
        "quote_options": options,
        "speaker_options": speakers,
        "chains": view.chains(list(AttributionChain.objects.filter(article=article).order_by("start"))),
        "guidelines": markdown_html(campaign.guidelines) if campaign and campaign.guidelines else "",
        "sentences": ";".join(f"[{s}, {e}]" for s, e in view.sentences()),
        **card_urls(article),
    }


def card_urls(article: Article) -> dict[str, str]:
    """The URLs every card needs, reversed once: a card's own are these with its pk in place of 0."""
    return {
        "tags_url": reverse("annotations:annotation_list", args=[article.pk]),
        "suggestions_url": reverse("annotations:suggestion_list", args=[article.pk]),
        "accept_url": reverse("annotations:suggestion_accept", args=[article.pk]),
        "dismiss_url": reverse("annotations:suggestion_dismiss", args=[article.pk]),
        "edit_prefix": reverse("annotations:annotation_update", args=[0]).removesuffix("0/edit/"),
        "delete_prefix": reverse("annotations:annotation_delete", args=[0]).removesuffix("0/delete/"),
    }


def article_for(pk: int) -> Article:
    """The article without its extraction (often megabytes of JSON): what the workspace reads of
    it (suggestions, sentences) is kept per row version (`annotations.suggestions.read_once`)."""
    articles = Article.objects.select_related("story").defer("extraction").annotate(row_version=row_version())
    return get_object_or_404(articles, pk=pk)


@require_GET
@login_required
def article_annotate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    article = article_for(pk)
    assignment = services.check_can_view(user=request.user, article=article)
    if assignment is not None:
        services.assignment_touch(assignment=assignment)
    context = workspace_context(request, reader_for(request, article, assignment=assignment))
    if assignment is not None:  # the header's "N of M done" for this campaign
        context["progress_done"], context["progress_total"] = services.assignment_progress(assignment=assignment)
    return render(request, f"{TEMPLATE}#workspace" if is_partial(request) else TEMPLATE, context)


@require_GET
@login_required
def annotation_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A page of tag cards (`?after=<tag id>`, `?through=<tag id>` to reach one), as the list scrolls."""
    article = article_for(pk)
    assignment = services.check_can_view(user=request.user, article=article)
    reader = reader_for(request, article, assignment=assignment)
    cards, more = ws.tags_page(
        reader.layer(),
        reader.layer(deleted=True),
        reader.view,
        after=request.GET.get("after"),
        through=request.GET.get("through"),
    )
    context = {
        "article": reader.view,
        "can_edit": reader.can_edit,
        "cards": ws.card_context(cards, request.user, reader.can_edit, view=reader.view),
        "more": more,
        **card_urls(article),
    }
    template = "annotations/annotation_list.html"
    return render(request, f"{TEMPLATE}#tag-cards" if is_partial(request) else template, context)


@require_GET
@login_required
def suggestion_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A page of open suggestions (`?after=<key>`, `?through=<key>`), as the list scrolls."""
    article = article_for(pk)
    assignment = services.check_can_annotate(user=request.user, article=article)
    reader = reader_for(request, article, assignment=assignment)
    page, more = ws.suggestions_page(
        reader.suggestions(), after=request.GET.get("after", ""), through=request.GET.get("through", "")
    )
    context = {
        "article": reader.view,
        "can_edit": reader.can_edit,
        "suggestion_cards": ws.suggestion_context(page),
        "more": more,
        **card_urls(article),
    }
    template = "annotations/suggestion_list.html"
    return render(request, f"{TEMPLATE}#suggestion-cards" if is_partial(request) else template, context)


# Answers to writes


@dataclass
class Change:
    """What a write changed: tags (now as they are), the shown spans whose paragraphs changed,
    suggestion keys (stored) whose card may have come or gone."""

    tags: list[Annotation] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    suggestion_keys: list[str] = field(default_factory=list)


def changed(reader: Reader, *annotations: Annotation, before: tuple[int, int] | None = None) -> Change:
    view = reader.view
    change = Change()
    for annotation in annotations:
        change.spans.append(view.span(annotation.start, annotation.end))
        if annotation.suggestion_key:
            change.suggestion_keys.append(annotation.suggestion_key)
        change.tags.append(annotation)
    if before is not None:
        change.spans.append(view.span(*before))
    return change


def change_answer(request: Any, reader: Reader, message: str, change: Change, *, level: str = "ok") -> HttpResponse:
    """The htmx answer to a write: only what it changed (see the module docstring)."""
    article, view = reader.article, reader.view
    if not is_partial(request):
        messages.success(request, message)
        return redirect("annotations:article_annotate", pk=article.pk)
    qs = reader.layer()
    pks = [a.pk for a in change.tags]
    rows = qs.filter(pk__in=pks).order_by().select_related("tag_type", "speaker", "annotator") if pks else []
    live = {a.pk: a for a in rows}
    cards = ws.card_context(view.annotations(list(live.values())), request.user, reader.can_edit, view=view)
    removed = [f"a{pk}" for pk in pks if pk not in live]
    # Suggestions only where the write touched one (accepted, dismissed, its tag deleted or back):
    # the others leave the open ones as they were, and need no extraction.
    suggestions: list[Suggestion] | None = reader.suggestions() if reader.can_edit and change.suggestion_keys else None
    shown_keys = {
        view.suggestion_key(s)
        for s in (suggestions_for(article) if suggestions is not None else ())
        if s.key in change.suggestion_keys and not view.touches_hidden(s.start, s.end)
    }
    open_now = {s.key: s for s in suggestions or () if s.key in shown_keys}
    back = list(open_now.values())
    gone = [ws.suggestion_dom_id(key) for key in shown_keys if key not in open_now]
    context = {
        "article": view,
        "can_edit": reader.can_edit,
        "message": message,
        "level": level,
        "tags_total": qs.order_by().count(),
        "suggestions_total": None if suggestions is None else len(suggestions),
        "paragraphs": mark_safe(ws.paragraphs_html(view, qs, request.user.pk, change.spans)),  # noqa: S308
        "cards": cards,
        "removed": removed + gone,
        "suggestion_cards": ws.suggestion_context(back),
        "removed_suggestions": gone,
        "more": False,
        **card_urls(article),
    }
    return render(request, f"{TEMPLATE}#ws-change", context)


def message_answer(request: Any, reader: Reader, message: str, *, level: str = "info") -> HttpResponse:
    return change_answer(request, reader, message, Change(), level=level)


def problem_answer(request: Any, article: Article, message: str, *, status: int) -> HttpResponse:
    """A 422/409 with the message only, swapped into the toolbar's message box."""
    if not is_partial(request):
        messages.error(request, message)
        return redirect("annotations:article_annotate", pk=article.pk)
    response = render(request, f"{TEMPLATE}#ws-problem", {"message": message}, status=status)
    return reswap(retarget(response, "#ws-problem"), "outerHTML")


def validation_message(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# Writes


@require_POST
@login_required
def annotation_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    article = article_for(pk)
    assignment = services.check_can_annotate(user=request.user, article=article)
    data = request.POST
    reader = reader_for(request, article, assignment=assignment)
    view = reader.view
    try:
        start, end = services.check_offsets(data.get("start"), data.get("end"))
        tag_type = services.check_tag_type(tag_type_id=data.get("tag_type"), campaign=reader.campaign)
        start, end, text = view.stored_span(start, end, data.get("text", ""))
        annotation, created = services.annotation_create(
            article=article,
            annotator=request.user,
            start=start,
            end=end,
            text=text,
            tag_type=tag_type,
            note=data.get("note", ""),
            **services.check_links(
                article=article, speaker=data.get("speaker"), quote=data.get("quote"), chain=data.get("chain")
            ),
            campaign=reader.campaign,
            idempotency_key=(data.get("idempotency_key") or "")[:64] or None,
        )
    except ValidationError as exc:
        return problem_answer(request, article, validation_message(exc), status=422)
    verb = "Saved" if created else "Already saved"
    shown = view.text(annotation.start, annotation.end)
    message = f"{verb}: {tag_type.get_kind_display()} · {tag_type.label} on “{shown[:60]}”."
    return change_answer(request, reader, message, changed(reader, annotation))


@require_POST
@login_required
def annotation_update(request: AuthenticatedHttpRequest, annotation_pk: int) -> HttpResponse:
    annotation = get_annotation_for_write(user=request.user, pk=annotation_pk)
    article = annotation.article
    data = request.POST
    reader = reader_for(request, article)
    before = (annotation.start, annotation.end)
    try:
        tag_type = (
            services.check_tag_type(tag_type_id=data.get("tag_type"), campaign=annotation.campaign)
            if data.get("tag_type")
            else None
        )
        # A new span (adjusted with the keys or the handles) is sent as offsets of the text shown.
        start = end = text = None
        if data.get("start") or data.get("end"):
            start, end = services.check_offsets(data.get("start"), data.get("end"))
            start, end, text = reader.view.stored_span(start, end, data.get("text") or None)
        annotation = services.annotation_update(
            annotation=annotation,
            actor=request.user,
            version=data.get("version"),
            tag_type=tag_type,
            start=start,
            end=end,
            text=text,
            note=reader.view.stored_note(data.get("note"), annotation.note) if "note" in data else None,
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
    # A moved span changes the paragraphs it left as well as those it lies in now.
    return change_answer(request, reader, "Tag updated.", changed(reader, annotation, before=before))


@require_POST
@login_required
def annotation_delete(request: AuthenticatedHttpRequest, annotation_pk: int) -> HttpResponse:
    annotation = get_annotation_for_write(user=request.user, pk=annotation_pk)
    try:
        annotation = services.annotation_delete(
            annotation=annotation, actor=request.user, version=request.POST.get("version")
        )
    except services.AnnotationConflict as exc:
        return problem_answer(request, annotation.article, str(exc), status=409)
    except ValidationError as exc:
        return problem_answer(request, annotation.article, validation_message(exc), status=422)
    reader = reader_for(request, annotation.article)
    shown = reader.view.text(annotation.start, annotation.end)
    message = f"Deleted the tag on “{shown[:60]}”. Undo brings it back."
    return change_answer(request, reader, message, changed(reader, annotation))


@require_POST
@login_required
def annotation_undo(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    article = article_for(pk)
    assignment = services.check_can_annotate(user=request.user, article=article)
    undone = services.annotation_undo_last(article=article, actor=request.user)
    reader = reader_for(request, article, assignment=assignment)
    if undone is None:
        return message_answer(request, reader, "Nothing to undo.")
    return change_answer(
        request, reader, f"Undid {undone.what}.", changed(reader, undone.annotation, before=undone.before)
    )


@require_POST
@login_required
def suggestion_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    article = article_for(pk)
    assignment = services.check_can_annotate(user=request.user, article=article)
    reader = reader_for(request, article, assignment=assignment)
    view = reader.view
    try:
        annotation, _ = services.suggestion_accept(
            article=article,
            annotator=request.user,
            key=view.suggestion_stored_key(request.POST.get("key", "")),
            campaign=reader.campaign,
        )
    except ValidationError as exc:
        return problem_answer(request, article, validation_message(exc), status=422)
    shown = view.text(annotation.start, annotation.end)
    message = f"Accepted: {annotation.tag_type.label} on “{shown[:60]}”."
    return change_answer(request, reader, message, changed(reader, annotation))


@require_POST
@login_required
def suggestion_dismiss(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    article = article_for(pk)
    assignment = services.check_can_annotate(user=request.user, article=article)
    reader = reader_for(request, article, assignment=assignment)
    key = reader.view.suggestion_stored_key(request.POST.get("key", ""))
    try:
        services.suggestion_dismiss(article=article, annotator=request.user, key=key)
    except ValidationError as exc:
        return problem_answer(request, article, validation_message(exc), status=422)
    change = Change(suggestion_keys=[key])
    return change_answer(request, reader, "Suggestion dismissed.", change, level="info")


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
    # The next article of the same campaign: finishing one never jumps to another campaign.
    following = services.assignment_next(user=request.user, after=assignment, campaign=assignment.campaign)
    target = (
        reverse("annotations:article_annotate", args=[following.article_id])
        if following
        else reverse("annotations:assignment_list")
    )
    title = article_view_for(request.user, assignment.article).title
    messages.success(
        request,
        f"Marked “{title[:60]}” as done."
        + ("" if following else f" Every article of {assignment.campaign.name} is done."),
    )
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
    """The next open article; with `?after=<assignment>` (the workspace's link) the next one of that campaign."""
    after_id = id_or_none(request.GET.get("after"))
    after = Assignment.objects.filter(pk=after_id, annotator_id=request.user.pk).first() if after_id else None
    following = services.assignment_next(
        user=request.user, after=after, campaign=after.campaign if after is not None else None
    )
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
        # To do first (in progress, then not started), done last.
        .order_by(
            Case(
                When(status=Assignment.Status.IN_PROGRESS, then=0),
                When(status=Assignment.Status.TODO, then=1),
                default=2,
            ),
            "campaign_id",
            "position",
            "id",
        )
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
        # .t<pk> marks the text (compact), .tag-<pk> the cards and the toolbar.
        rules.append(f".tag-{tag_type.pk}, .t{tag_type.pk} {{ --tag: {colour}; }}")
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
