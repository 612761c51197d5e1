"""Reading views: the dashboard and articles. All behind login."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from newsdesk.models import Article


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "newsdesk/dashboard.html", {})


@require_GET
@login_required
def article_list(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.with_primary_outlets()[:50]
    return render(request, "newsdesk/article_list.html", {"articles": articles})


@require_GET
@login_required
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.with_primary_outlets(), pk=pk)
    return render(request, "newsdesk/article_detail.html", {"article": article})
