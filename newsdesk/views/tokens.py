"""Personal API tokens: make one (shown once), see when each was last used, revoke."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.models import ApiToken

MAX_TOKENS = 20


@require_http_methods(["GET", "POST"])
@login_required
def token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    new_key, problem = "", ""
    if request.method == "POST":
        name = (request.POST.get("name") or "").strip()
        if not name:
            problem = "Give the token a name, so you know later what it is for."
        elif ApiToken.objects.filter(user=request.user).count() >= MAX_TOKENS:
            problem = f"You have {MAX_TOKENS} tokens already: revoke one first."
        else:
            _token, new_key = ApiToken.issue(user=request.user, name=name)
    tokens = ApiToken.objects.filter(user=request.user)
    return render(
        request,
        "newsdesk/token_list.html",
        {"tokens": tokens, "new_key": new_key, "problem": problem},
        status=422 if problem else 200,
    )


@require_POST
@login_required
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    get_object_or_404(ApiToken, pk=pk, user=request.user).delete()
    return redirect("token_list")
