"""Outlet profiles across stories, and outlet-vs-outlet comparison."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from newsdesk.models import Outlet


@require_GET
@login_required
def outlet_detail(request: HttpRequest, slug: str) -> HttpResponse:
    outlet = get_object_or_404(Outlet, slug=slug)
    return render(request, "newsdesk/outlet_detail.html", {"outlet": outlet})
