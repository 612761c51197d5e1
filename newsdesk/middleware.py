"""Request guards that run before any view."""

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, QueryDict

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def has_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())


class RefuseNulCharacters:
    """A NUL character in a query string or form field is a 400 for every page.

    Django's form fields refuse NUL already; this covers the parameters views read directly
    (list filters, review comments), which PostgreSQL would otherwise reject with a server
    error. The JSON API validates its own input (a 422 naming the field), so it is left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        form = request.content_type in FORM_TYPES
        if not request.path.startswith("/api/") and (has_nul(request.GET) or (form and has_nul(request.POST))):
            raise BadRequest("The request contains a NUL character.")
        return self.get_response(request)
