"""Personal API tokens: make one (shown once), see when each was last used, revoke."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from newsdesk import tokens
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.models import ApiToken


@require_http_methods(["GET", "POST"])
@login_required
def token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    new_key, problem = "", ""
    if request.method == "POST":
        try:
            _token, new_key = tokens.token_issue(user=request.user, name=request.POST.get("name") or "")
        except ValidationError as exc:
            problem = " ".join(exc.messages)
    return render(
        request,
        "newsdesk/token_list.html",
        {"tokens": ApiToken.objects.filter(user=request.user), "new_key": new_key, "problem": problem},
        status=422 if problem else 200,
    )


@require_POST
@login_required
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    tokens.token_revoke(user=request.user, pk=pk)
    return redirect("token_list")
