"""The request types views are written against (django-htmx's recommended typing).

`HtmxHttpRequest` carries `request.htmx` (set by `HtmxMiddleware` on every request);
`AuthenticatedHttpRequest` is what a view behind `login_required` / `role_required` receives.
"""

from django.contrib.auth.models import User
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    user: User
