"""Making stories: create and edit, add articles, confirm or reject 'possibly the same story'."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from newsdesk.comparison.stories import WINDOW, story_candidates
from newsdesk.models import Article, Story, StorySuggestionRejection
from newsdesk.params import id_or_404, ids_from, next_url
from newsdesk.roles import REVIEWER, role_required


class StoryForm(forms.ModelForm):
    class Meta:
        model = Story
        fields = ["title", "slug", "date", "description"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "Made from the title when empty."


@require_http_methods(["GET", "POST"])
@role_required(REVIEWER)
def story_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
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


@require_POST
@role_required(REVIEWER)
def story_add_articles(request: HttpRequest, slug: str) -> HttpResponse:
    story = get_object_or_404(Story, slug=slug)
    ids = ids_from(request.POST.getlist("article"))
    count = Article.objects.filter(pk__in=ids).update(story=story)
    messages.success(request, f"Added {count} article{'s' if count != 1 else ''} to “{story.title}”.")
    return redirect(next_url(request, story.get_absolute_url()))


@require_http_methods(["GET", "POST"])
@role_required(REVIEWER)
def story_suggestions(request: HttpRequest, slug: str) -> HttpResponse:
    story = get_object_or_404(Story, slug=slug)
    if request.method == "POST":
        article = get_object_or_404(Article, pk=id_or_404(request.POST.get("article")))
        if request.POST.get("decision") == "confirm":
            Article.objects.filter(pk=article.pk).update(story=story)
            messages.success(request, f"Added “{article.title[:60]}” to the story.")
        else:
            StorySuggestionRejection.objects.get_or_create(
                story=story, article=article, defaults={"rejected_by": request.user}
            )
            messages.info(request, f"“{article.title[:60]}” will not be suggested for this story again.")
        return redirect("story_suggestions", slug=story.slug)
    members = list(Article.objects.filter(story=story))
    dates = [m.published_at for m in members if m.published_at]
    others = Article.objects.exclude(story=story).exclude(
        pk__in=StorySuggestionRejection.objects.filter(story=story).values("article_id")
    )
    if dates:
        others = others.filter(published_at__gte=min(dates) - WINDOW, published_at__lte=max(dates) + WINDOW)
    candidates = story_candidates(members, others.only("id", "title", "body", "published_at")[:500])
    return render(request, "newsdesk/story_suggestions.html", {"story": story, "candidates": candidates})
