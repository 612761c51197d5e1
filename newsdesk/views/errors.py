"""Error pages. A lost database answers 503 with a page that needs no database.

Django calls `handler500` inside the `except` block of the failed request, so the
exception is still at hand: a database outage (refused connection, pool timeout,
server restart) becomes a 503 with Retry-After instead of a bare 500. Neither page
touches the database or the request context, which may be what broke.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

DATABASE_ERRORS = (OperationalError, InterfaceError)


def is_database_outage(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, DATABASE_ERRORS):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    if is_database_outage(sys.exc_info()[1]):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "10"
        return response
    return HttpResponse(loader.render_to_string("500.html"), status=500)
