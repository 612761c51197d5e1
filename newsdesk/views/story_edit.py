"""Making stories: create and edit, fill with selected articles, confirm or reject 'possibly the same story'."""

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from newsdesk import stories
from newsdesk.forms import StoryForm
from newsdesk.hooks import hooks
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.ingestion.pipeline import story_get_or_create
from newsdesk.models import Article, Story
from newsdesk.params import id_or_404, next_url
from newsdesk.roles import REVIEWER, role_required
from newsdesk.selection import articles_selected, selection_done


@require_http_methods(["GET", "POST"])
@role_required(REVIEWER)
def story_edit(request: AuthenticatedHttpRequest, slug: str | None = None) -> HttpResponse:
    story = get_object_or_404(Story, slug=slug) if slug else None
    form = StoryForm(request.POST or None, instance=story)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if saved.pk is None:
            saved.created_by = request.user
        saved.save()
        messages.success(request, f"Saved the story “{saved.title}”.")
        return redirect(saved)
    return render(
        request, "newsdesk/story_form.html", {"form": form, "story": story}, status=422 if form.errors else 200
    )


NOTHING_SELECTED = "Select some articles first."


def story_filled(
    request: AuthenticatedHttpRequest, story: Story, articles: QuerySet[Article], *, created: bool = False
) -> HttpResponse:
    fill = stories.story_add_articles(story=story, articles=articles)
    message = stories.story_fill_message(fill, created=created)
    return selection_done(request, message, ok=True, fallback=story.get_absolute_url())


@require_POST
@role_required(REVIEWER)
def story_add_articles(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Put the selected articles (checked, every match of the list's filters, or a job's) in this story."""
    story = get_object_or_404(Story, slug=slug)
    articles = articles_selected(request)
    if not articles.exists():
        return selection_done(request, NOTHING_SELECTED, ok=False, fallback=story.get_absolute_url())
    return story_filled(request, story, articles)


@require_POST
@role_required(REVIEWER)
def story_add_selection(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The same, into the story named by `to_story` (slug or title; a new story when there is none)."""
    key = " ".join(request.POST.get("to_story", "").split())[:300]
    fallback = next_url(request, reverse("article_list"))
    if not key:
        return selection_done(request, "Name the story to add them to.", ok=False, fallback=fallback)
    articles = articles_selected(request)
    if not articles.exists():
        return selection_done(request, NOTHING_SELECTED, ok=False, fallback=fallback)
    story = Story.objects.filter(Q(slug=key) | Q(title__iexact=key)).first()
    if story is not None:
        return story_filled(request, story, articles)
    return story_filled(request, story_get_or_create(key=key, user=request.user), articles, created=True)


@require_http_methods(["GET", "POST"])
@role_required(REVIEWER)
def story_suggestions(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    hooks.visibility.check_sees_outlets(request.user)  # it lists and compares articles across the corpus
    story = get_object_or_404(Story, slug=slug)
    if request.method == "POST":
        article = get_object_or_404(Article, pk=id_or_404(request.POST.get("article")))
        if request.POST.get("decision") == "confirm":
            stories.story_add_articles(story=story, articles=Article.objects.filter(pk=article.pk))
            messages.success(request, f"Added “{article.title[:60]}” to the story.")
        else:
            stories.story_suggestion_reject(story=story, article=article, user=request.user)
            messages.info(request, f"“{article.title[:60]}” will not be suggested for this story again.")
        return redirect("story_suggestions", slug=story.slug)
    return render(
        request, "newsdesk/story_suggestions.html", {"story": story, "candidates": stories.story_suggest(story)}
    )
