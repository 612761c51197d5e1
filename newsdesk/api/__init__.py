"""The JSON API at /api/ (django-ninja), schema at /api/openapi.json, docs at /api/docs.

Authentication: a personal token (`Authorization: Bearer nd_…`, made on /accounts/tokens/
or with `manage.py api_token`) or the browser session (CSRF-checked on writes). Every
write goes through the same service functions as the UI, so the rules are the same:
only assigned annotators (or admins) tag an article, only the owner changes a tag,
a stale version is a 409, a span that does not read the given text is a 422.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import NinjaAPI
from ninja.operation import Operation
from ninja.security import django_auth

from newsdesk.api import articles, jobs, stories
from newsdesk.api.base import TokenAuth, session_or_token_required
from newsdesk.http import AuthenticatedHttpRequest


class Api(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # One name space for every operation, whichever module defines it: the ids clients
        # generated from the schema keep working when a route moves between modules.
        return f"newsdesk_api_{operation.view_func.__name__}"


api = Api(
    title="newsdesk API",
    version="1",
    description=(
        "Articles, their quotes, speakers and credits; tags (claim, attribution, framing) under the same "
        "rules as the workspace; stories and their comparison; exports and background jobs. "
        "Authenticate with `Authorization: Bearer <token>` (make one on /accounts/tokens/)."
    ),
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
    docs_decorator=session_or_token_required,
)


# Errors: the same words the UI shows, as JSON.


@api.exception_handler(ValidationError)
def validation_error(request: AuthenticatedHttpRequest, exc: ValidationError) -> Any:
    return api.create_response(request, {"detail": " ".join(exc.messages), "code": exc.code or "invalid"}, status=422)


@api.exception_handler(PermissionDenied)
def permission_denied(request: AuthenticatedHttpRequest, exc: PermissionDenied) -> Any:
    return api.create_response(request, {"detail": str(exc) or "You may not do this."}, status=403)


api.add_router("/articles", articles.router)
api.add_router("/stories", stories.router)
api.add_router("/jobs", jobs.router)
# The tag routes (/articles/<id> with the caller's tags, /tags, /tag-types, /exports) are the
# annotations app's: annotations/api.py, mounted on this `api` by annotations/hooks.py.
